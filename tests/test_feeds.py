"""Subscription feeds over real HTTP on 127.0.0.1: tokens, 304s, colleagues' edits, cancellations."""

import http.client
import re
import subprocess
import sys
import threading
from datetime import date

import pytest

from missiontui.usecases import deliverables
from missiontui.usecases.subscriptions import add_feed, revoke_feed
from missiontui.frontends.http.feeds import FeedServer
from tests.conftest import open_as
from tests.ical_helpers import events

TODAY = date(2022, 5, 16)


@pytest.fixture
def server(seeded, capsys):
    srv = FeedServer(("127.0.0.1", 0), seeded.store, today=lambda: TODAY, language="fr", reminders=(7, 1))
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def get(srv, path, headers=None, method="GET"):
    conn = http.client.HTTPConnection(*srv.server_address[:2], timeout=10)
    conn.request(method, path, headers=headers or {})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response, body


def test_a_mission_feed_serves_its_calendar(server, seeded):
    token = add_feed(seeded, mission="D-22-010393", label="IGAS")
    response, body = get(server, f"/feeds/{token.token}.ics")
    assert response.status == 200 and response.getheader("Content-Type") == "text/calendar; charset=utf-8"
    assert set(events(body.decode())) == {f"D-22-010393/{k}@missiontui-seed" for k in ("mandate", "checkpoint", "report", "decisions")}
    assert "Responsables\u00a0: Thomas Audigé (pilote)" in body.decode().replace("\r\n ", "")


def test_unchanged_feed_answers_304(server, seeded):
    token = add_feed(seeded)
    first, _ = get(server, f"/feeds/{token.token}.ics")
    etag, modified = first.getheader("ETag"), first.getheader("Last-Modified")
    again, body = get(server, f"/feeds/{token.token}.ics", {"If-None-Match": etag})
    assert again.status == 304 and body == b""
    by_date, _ = get(server, f"/feeds/{token.token}.ics", {"If-Modified-Since": modified})
    assert by_date.status == 304


def test_a_colleagues_edit_shows_on_the_next_fetch(server, seeded, db_path):
    token = add_feed(seeded, person="Thomas Audigé")
    first, body = get(server, f"/feeds/{token.token}.ics")
    with open_as(db_path, "Bob") as bob:
        deliverables.edit_deliverable(bob, 12, {"due": "fin octobre 2022"}, reason="calendrier")
    second, body2 = get(server, f"/feeds/{token.token}.ics", {"If-None-Match": first.getheader("ETag")})
    assert second.status == 200 and second.getheader("ETag") != first.getheader("ETag")
    report = events(body2.decode())["D-22-010393/report@missiontui-seed"]
    assert report["DTSTART"].dt == date(2022, 10, 31) and report["SEQUENCE"] == 1


def test_gzip_when_the_calendar_accepts_it(server, seeded):
    import gzip

    token = add_feed(seeded)
    plain_response, plain_body = get(server, f"/feeds/{token.token}.ics")
    response, body = get(server, f"/feeds/{token.token}.ics", {"Accept-Encoding": "gzip, deflate"})
    assert response.getheader("Content-Encoding") == "gzip" and len(body) < len(plain_body) / 3
    assert gzip.decompress(body) == plain_body and len(events(plain_body.decode())) == 13


def test_deleted_deliverables_are_published_as_cancelled(server, seeded):
    token = add_feed(seeded)
    deliverables.delete(seeded, 12)
    _, body = get(server, f"/feeds/{token.token}.ics")
    cancelled = events(body.decode())["D-22-010393/report@missiontui-seed"]
    assert str(cancelled["STATUS"]) == "CANCELLED"


@pytest.mark.parametrize("path", ["/feeds/not-a-real-token-at-all.ics", "/feeds/", "/", "/feeds/../../etc/passwd",
                                  "/feeds/%00", "/feeds/" + "a" * 500])
def test_wrong_tokens_and_paths_get_404_revealing_nothing(server, path):
    response, body = get(server, path)
    assert response.status == 404 and body == b"Not found\n"


def test_revoked_token_gets_the_same_404(server, seeded, cli):
    token = add_feed(seeded)
    assert get(server, f"/feeds/{token.token}.ics")[0].status == 200
    revoke_feed(seeded, str(token.id))
    response, body = get(server, f"/feeds/{token.token}.ics")
    assert response.status == 404 and body == b"Not found\n"


def test_head_and_the_log_never_shows_tokens(server, seeded, capsys):
    token = add_feed(seeded)
    response, body = get(server, f"/feeds/{token.token}.ics", method="HEAD")
    assert response.status == 200 and body == b"" and response.getheader("ETag")
    assert token.token not in capsys.readouterr().err


def test_feed_commands(cli):
    cli("load-seeds")
    added = cli("feed", "add", "-m", "D-22-010393", "--label", "équipe", "--json").json()
    assert added["url"].startswith("http://127.0.0.1:8421/feeds/") and added["webcal"].startswith("webcal://")
    assert [f["id"] for f in cli("feed", "list", "--json").json()] == [added["id"]]
    assert cli("feed", "add", "-m", "D-22-010393", "--person", "Thomas Audigé").code == 1
    assert cli("feed", "revoke", str(added["id"])).code == 0
    assert cli("feed", "list", "--json").json() == []
    assert cli("feed", "revoke", str(added["id"])).code == 1


def test_serve_as_a_real_process(tmp_path):
    db = str(tmp_path / "serve.db")
    from tests.conftest import run_process

    run_process("--db", db, "load-seeds")
    url = run_process("--db", db, "feed", "add", "--json").stdout
    token = re.search(r'"token": "([^"]+)"', url).group(1)
    process = subprocess.Popen([sys.executable, "-m", "missiontui", "--db", db, "serve", "--port", "0"],
                               stderr=subprocess.PIPE, text=True)
    try:
        line = process.stderr.readline()
        host, port = re.search(r"http://([\d.]+):(\d+)/", line).groups()
        conn = http.client.HTTPConnection(host, int(port), timeout=10)
        conn.request("GET", f"/feeds/{token}.ics")
        response = conn.getresponse()
        assert response.status == 200 and len(events(response.read().decode())) == 13
    finally:
        process.terminate()
        process.wait(10)


def test_serve_on_a_busy_port_is_one_line(cli):
    import socket

    cli("init")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        result = cli("serve", "--port", str(busy.getsockname()[1]))
    assert result.code == 1 and result.err.startswith("missiontui: error: cannot listen on 127.0.0.1:")
