"""Live report links: `missiontui report-link add -m REF` makes a secret URL, `missiontui serve`
answers it with the mission's status report as it stands at each request, and a revoked or unknown
link, a feed's token or a deleted mission get the same 404 as any wrong path."""

import gzip
import http.client
import os
import re
import subprocess
import sys
import threading
from datetime import date

import pytest

from missiontui.frontends.http.feeds import Feeds
from missiontui.frontends.http.reports import Reports
from missiontui.frontends.http.server import HttpServer
from missiontui.usecases import deliverables, missions, undo
from missiontui.usecases.report_links import add_report_link, revoke_report_link
from missiontui.usecases.subscriptions import add_feed
from tests.conftest import open_as, run_process, serving, http_get

TODAY = date(2022, 5, 16)
REF = "D-22-010393"
MISSION_TITLE = "Bilan d'étape de la Délégation ministérielle au numérique en santé (DNS)"  # from its letter
MISSION_HTML = MISSION_TITLE.replace("'", "&#x27;")
HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="alert(1)"> & </td></table>'
UNKNOWN = "/reports/" + "A" * 32  # the shape of a real token


@pytest.fixture
def server(seeded):
    with serving(Feeds(seeded.store, lambda: TODAY, "fr", (7, 1)).route(),
                 Reports(seeded.store, lambda: TODAY, "en").route()) as srv:
        yield srv


def test_a_link_serves_the_missions_report_as_a_page_nobody_indexes_frames_or_caches(server, seeded):
    link = add_report_link(seeded, REF, "cabinet")
    response, body = http_get(server, f"/reports/{link.token}")
    page = body.decode()
    assert response.status == 200 and response.getheader("Content-Type") == "text/html; charset=utf-8"
    assert "<title>Status report · D-22-010393</title>" in page
    assert f"<h1>{MISSION_HTML}</h1>" in page
    assert re.search(r'<section id="timeline">.*<svg [^>]*class="timeline"', page, re.S)
    policy = response.getheader("Content-Security-Policy")
    assert policy.startswith("default-src 'none'") and "script-src" not in policy and "frame-ancestors 'none'" in policy
    assert response.getheader("Cache-Control") == "private, no-cache"
    assert response.getheader("X-Robots-Tag").startswith("noindex")
    assert response.getheader("Referrer-Policy") == "no-referrer"
    assert response.getheader("X-Content-Type-Options") == "nosniff"


def test_a_reload_that_changed_nothing_is_a_304_and_an_edit_shows_at_once(server, seeded, db_path):
    link = add_report_link(seeded, REF)
    first, body = http_get(server, f"/reports/{link.token}")
    etag = first.getheader("ETag")
    again, nothing = http_get(server, f"/reports/{link.token}", {"If-None-Match": etag})
    assert again.status == 304 and nothing == b""
    with open_as(db_path, "Bob") as bob:  # a colleague, on his own connection
        deliverables.edit_deliverable(bob, 12, {"title": "Rapport remis au ministre"}, reason="intitulé")
    after, body2 = http_get(server, f"/reports/{link.token}", {"If-None-Match": etag})
    assert after.status == 200 and after.getheader("ETag") != etag
    assert "Rapport remis au ministre" in body2.decode() and "Rapport remis au ministre" not in body.decode()


def test_the_page_changes_with_the_day(seeded):
    """"As of now": the same data seen on another day is another page (late items, the footer)."""
    link = add_report_link(seeded, REF)
    pages = []
    for day in (TODAY, date(2022, 7, 4)):
        srv = HttpServer(("127.0.0.1", 0), [Reports(seeded.store, lambda day=day: day, "en").route()], quiet=True)
        thread = threading.Thread(target=srv.serve_forever)
        thread.start()
        try:
            response, body = http_get(srv, f"/reports/{link.token}")
            pages.append((response.getheader("ETag"), body.decode()))
        finally:
            srv.shutdown()
            srv.server_close()
            thread.join()
    assert pages[0][0] != pages[1][0]
    assert "Made by missiontui on Monday 16 May 2022." in pages[0][1]
    assert "Made by missiontui on Monday 4 July 2022." in pages[1][1]


@pytest.mark.parametrize("accept, language", [
    ("fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7", "fr"),  # a French browser
    ("en-GB,en;q=0.9,fr;q=0.8", "en"),
    ("de-DE,de;q=0.9", "en"),  # nothing we speak: serve's language
    ("fr;q=0, en;q=0.1", "en"),  # q=0: "not French", whatever serve speaks
    ("*", "en"),
    ("", "en"),
])
def test_the_page_is_in_the_readers_language(server, seeded, accept, language):
    link = add_report_link(seeded, REF)
    response, body = http_get(server, f"/reports/{link.token}", {"Accept-Language": accept} if accept else {})
    page = body.decode()
    assert response.status == 200 and "Accept-Language" in response.getheader("Vary")
    assert f'<html lang="{language}">' in page
    heading = "Point d&#x27;avancement" if language == "fr" else "Status report"
    assert f"<title>{heading} · {REF}</title>" in page


@pytest.fixture
def french_server(seeded):
    with serving(Reports(seeded.store, lambda: TODAY, "fr").route()) as srv:
        yield srv


@pytest.mark.parametrize("accept, language", [
    ("en-US,en;q=0.5", "en"),
    ("", "fr"),  # nothing asked: serve's language
    ("*;q=0.9, fr;q=0", "en"),  # French refused by name: "*" does not bring it back
    ("fr;q=0.2, *;q=0.9", "en"),  # "*" weighs English, not named, above French
    ("FR-ca, en;q=0.5", "fr"),  # any region, any case
    ("de-DE, es;q=0.8", "fr"),
])
def test_a_french_server_follows_what_the_reader_asks(french_server, seeded, accept, language):
    link = add_report_link(seeded, REF)
    page = http_get(french_server, f"/reports/{link.token}", {"Accept-Language": accept} if accept else {})[1].decode()
    assert f'<html lang="{language}">' in page


def test_gzip_and_head(server, seeded):
    link = add_report_link(seeded, REF)
    plain, plain_body = http_get(server, f"/reports/{link.token}")
    zipped, body = http_get(server, f"/reports/{link.token}", {"Accept-Encoding": "gzip"})
    assert zipped.getheader("Content-Encoding") == "gzip" and gzip.decompress(body) == plain_body
    assert zipped.getheader("ETag") != plain.getheader("ETag")  # another representation, another tag
    head, empty = http_get(server, f"/reports/{link.token}", method="HEAD")
    assert head.status == 200 and empty == b"" and head.getheader("ETag") == plain.getheader("ETag")


def test_a_revoked_link_gets_the_same_404_as_an_unknown_one(server, seeded):
    link = add_report_link(seeded, REF)
    assert http_get(server, f"/reports/{link.token}")[0].status == 200
    revoke_report_link(seeded, str(link.id))
    revoked, body = http_get(server, f"/reports/{link.token}")
    unknown, unknown_body = http_get(server, UNKNOWN)
    assert (revoked.status, body) == (unknown.status, unknown_body) == (404, b"Not found\n")
    assert revoked.getheader("ETag") is None and revoked.getheader("Content-Security-Policy") is None


def test_undoing_the_link_revokes_it(server, seeded):
    link = add_report_link(seeded, REF)
    undo.undo(seeded)
    assert http_get(server, f"/reports/{link.token}")[0].status == 404
    undo.redo(seeded)
    assert http_get(server, f"/reports/{link.token}")[0].status == 200


def test_a_feed_token_opens_no_report_and_a_report_link_no_calendar(server, seeded):
    feed = add_feed(seeded, mission=REF)
    link = add_report_link(seeded, REF)
    assert http_get(server, f"/feeds/{feed.token}.ics")[0].status == 200
    assert http_get(server, f"/reports/{feed.token}")[0].status == 404
    assert http_get(server, f"/feeds/{link.token}.ics")[0].status == 404
    assert http_get(server, f"/feeds/{link.token}")[0].status == 404


def test_a_deleted_mission_shows_nothing(server, seeded, db_path):
    missions.add_mission(seeded, "TMP-1", "Mission éphémère")
    with open_as(db_path, "Bob") as bob:  # Bob's link: the tester's undo takes back only the mission
        link = add_report_link(bob, "TMP-1")
    assert http_get(server, f"/reports/{link.token}")[0].status == 200
    undo.undo(seeded)
    response, body = http_get(server, f"/reports/{link.token}")
    assert (response.status, body) == (404, b"Not found\n")
    missions.add_mission(seeded, "TMP-1", "Une autre mission sous la même référence")
    assert http_get(server, f"/reports/{link.token}")[0].status == 404  # the link was to the first one


def test_a_hostile_title_is_shown_as_text(server, seeded):
    deliverables.add_deliverable(seeded, mission=REF, title=HOSTILE, due="2022-05-20")
    link = add_report_link(seeded, REF)
    page = http_get(server, f"/reports/{link.token}")[1].decode()
    assert "<script" not in page and "<img" not in page and 'onerror="' not in page
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;&lt;img src=x onerror=" in page
    assert page.count("</table>") == page.count("<table")  # the title closed nothing


@pytest.mark.parametrize("path", ["/reports/", "/reports/short", "/reports/" + "a" * 65, "/reports/../feeds",
                                  "/reports/%2e%2e%2f" + "a" * 20, "/report/" + "A" * 32])
def test_wrong_paths_get_404(server, path):
    assert http_get(server, path)[0].status == 404


def test_the_log_never_shows_the_token(server, seeded):
    link = add_report_link(seeded, REF)
    http_get(server, f"/reports/{link.token}")
    revoke_report_link(seeded, link.token)  # by its secret works too
    http_get(server, f"/reports/{link.token}")
    assert server.idle.wait(10)
    log = server.log.getvalue()
    assert log.count('"GET /reports/… HTTP/1.1"') == 2 and link.token not in log and link.token[:16] not in log


def test_serve_as_a_real_process(tmp_path):
    db = str(tmp_path / "serve.db")
    env = {"MISSIONTUI_TODAY": "2022-05-16"}
    run_process("--db", db, "load-seeds", env=env)
    url = run_process("--db", db, "report-link", "add", "-m", REF, "--json", env=env).stdout
    token = re.search(r'/reports/([A-Za-z0-9_-]+)"', url).group(1)
    process = subprocess.Popen([sys.executable, "-m", "missiontui", "--db", db, "--lang", "en", "serve", "--port", "0"],
                               stderr=subprocess.PIPE, text=True, env={**os.environ, **env})
    try:
        process.stderr.readline()  # the feeds' line
        line = process.stderr.readline()
        host, port = re.search(r"http://([\d.]+):(\d+)/reports/<token>", line).groups()
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
        conn.request("GET", f"/reports/{token}")
        response = conn.getresponse()
        page = response.read().decode()
        assert response.status == 200 and "Made by missiontui on Monday 16 May 2022." in page
        assert f"<h1>{MISSION_HTML}</h1>" in page
    finally:
        process.terminate()
        process.wait(10)


# --- the commands ---------------------------------------------------------------------------------

def test_report_link_commands_show_the_secret_once(cli):
    cli("load-seeds")
    added = cli("report-link", "add", "-m", REF, "--name", "cabinet du ministre", "--json").json()
    secret = added["url"].rsplit("/", 1)[1]
    assert added["url"] == f"http://127.0.0.1:8421/reports/{secret}" and len(secret) == 32
    assert (added["mission"], added["label"]) == (REF, "cabinet du ministre")
    listed = cli("report-link", "list", "--json")
    assert [(link["id"], link["mission"], link["label"], link["revoked_at"]) for link in listed.json()] == \
        [(added["id"], REF, "cabinet du ministre", None)]
    table = cli("report-link", "list").out
    assert table.split("\n")[0].split() == ["ID", "MISSION", "LABEL", "CREATED", "REVOKED"]
    assert "cabinet du ministre" in table
    history = cli("history", "--json").out
    assert secret not in listed.out + table + history + cli("feed", "list", "--json").out
    revoked = cli("report-link", "revoke", str(added["id"]))
    assert (revoked.code, revoked.out) == (0, f"revoked live report link #{added['id']} (mission {REF})\n")
    assert cli("report-link", "list", "--json").json() == []
    assert cli("report-link", "list", "--all", "--json").json()[0]["revoked_at"]
    again = cli("report-link", "revoke", str(added["id"]))
    assert (again.code, again.err) == (1, f"missiontui: error: no live report link '{added['id']}'"
                                          " (see `missiontui report-link list`)\n")


def test_the_human_output_tells_to_copy_it_now(cli):
    cli("load-seeds")
    out = cli("report-link", "add", "-m", REF, "--base-url", "https://points.example.org/").out.splitlines()
    assert out[0] == f"live report link #1 (mission {REF})"
    assert re.fullmatch(r"  https://points\.example\.org/reports/[A-Za-z0-9_-]{32}", out[1])
    assert "shown this once" in out[2] and "missiontui report-link revoke 1" in out[2]


def test_bad_input_is_one_line_and_writes_nothing(cli):
    cli("load-seeds")
    for args, message in [(["add", "-m", "NOPE"], "missiontui: error: no mission with reference 'NOPE'\n"),
                          (["revoke", "42"], "missiontui: error: no live report link '42' (see `missiontui"
                                             " report-link list`)\n")]:
        result = cli("report-link", *args)
        assert (result.code, result.out, result.err) == (1, "", message)
    assert cli("report-link", "add").code == 2  # -m is required: click's usage error
    assert cli("report-link", "list", "--all", "--json").json() == []


def test_feeds_and_report_links_keep_to_their_own_commands(cli):
    cli("load-seeds")
    feed = cli("feed", "add", "-m", REF, "--json").json()
    link = cli("report-link", "add", "-m", REF, "--json").json()
    assert [f["id"] for f in cli("feed", "list", "--json").json()] == [feed["id"]]
    assert [r["id"] for r in cli("report-link", "list", "--json").json()] == [link["id"]]
    assert cli("feed", "revoke", str(link["id"])).code == 1
    assert cli("report-link", "revoke", str(feed["id"])).code == 1


def test_undo_takes_a_new_link_back(cli):
    cli("load-seeds")
    cli("report-link", "add", "-m", REF)
    assert cli("undo").out.endswith(": link #1\n")
    assert cli("report-link", "list", "--json").json() == []


def test_in_french(cli):
    cli("load-seeds")
    out = cli("--lang", "fr", "report-link", "add", "-m", REF, "--label", "cabinet").out.splitlines()
    assert out[0] == f"lien vers le point d'avancement n° 1 (mission {REF})"
    assert out[2].startswith("Toute personne qui a ce lien voit le point d'avancement")
    assert "n'est affiché que cette fois\u00a0: copiez-le maintenant." in out[2]
    table = cli("--lang", "fr", "report-link", "list").out
    assert table.split("\n")[0].split() == ["N°", "MISSION", "LIBELLÉ", "CRÉÉ", "RÉVOQUÉ"]
    assert cli("--lang", "fr", "report-link", "revoke", "1").out == \
        f"lien vers le point d'avancement révoqué\u00a0: n° 1 (mission {REF})\n"
    assert cli("--lang", "fr", "report-link", "revoke", "1").err.startswith(
        "missiontui\u00a0: erreur\u00a0: aucun lien vers un point d'avancement «\u00a01\u00a0»")
    help_text = cli("--lang", "fr", "report-link", "add", "-h").out
    assert "Créer un lien secret vers le point d'avancement en direct d'une mission." in help_text
    assert "La mission dont le lien montre le point d'avancement." in help_text


def test_report_ref_still_writes_the_report(cli):
    cli("load-seeds")
    page = cli("report", REF, "--format", "html").out
    assert page.startswith("<!DOCTYPE html>") and f"<h1>{MISSION_HTML}</h1>" in page
