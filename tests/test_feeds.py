"""Subscription feeds over real HTTP on 127.0.0.1: tokens, 304s, colleagues' edits, cancellations."""

import http.client
import re
import socket
import sqlite3
import subprocess
import sys
from datetime import date

import pytest

from missiontui.usecases import deliverables
from missiontui.usecases.subscriptions import add_feed, revoke_feed
from tests.conftest import open_as, serving, http_get
from missiontui.frontends.http.feeds import Feeds
from tests.ical_helpers import events

TODAY = date(2022, 5, 16)


@pytest.fixture
def server(seeded):
    with serving(Feeds(seeded.store, lambda: TODAY, "fr", (7, 1)).route()) as srv:
        yield srv


def logged(srv) -> str:
    """The access log, once the last connection is closed (its line is written by then)."""
    assert srv.idle.wait(10)
    return srv.log.getvalue()


def test_a_mission_feed_serves_its_calendar(server, seeded):
    token = add_feed(seeded, mission="D-22-010393", label="IGAS")
    response, body = http_get(server, f"/feeds/{token.token}.ics")
    assert response.status == 200 and response.getheader("Content-Type") == "text/calendar; charset=utf-8"
    assert set(events(body.decode())) == {f"D-22-010393/{k}@missiontui-seed" for k in ("mandate", "checkpoint", "report", "decisions")}
    assert "Responsables\u00a0: Thomas Audigé (pilote)" in body.decode().replace("\r\n ", "")


def test_unchanged_feed_answers_304(server, seeded):
    token = add_feed(seeded)
    first, _ = http_get(server, f"/feeds/{token.token}.ics")
    etag, modified = first.getheader("ETag"), first.getheader("Last-Modified")
    again, body = http_get(server, f"/feeds/{token.token}.ics", {"If-None-Match": etag})
    assert again.status == 304 and body == b""
    by_date, _ = http_get(server, f"/feeds/{token.token}.ics", {"If-Modified-Since": modified})
    assert by_date.status == 304


def test_a_colleagues_edit_shows_on_the_next_fetch(server, seeded, db_path):
    token = add_feed(seeded, person="Thomas Audigé")
    first, body = http_get(server, f"/feeds/{token.token}.ics")
    with open_as(db_path, "Bob") as bob:
        deliverables.edit_deliverable(bob, 12, {"due": "fin octobre 2022"}, reason="calendrier")
    second, body2 = http_get(server, f"/feeds/{token.token}.ics", {"If-None-Match": first.getheader("ETag")})
    assert second.status == 200 and second.getheader("ETag") != first.getheader("ETag")
    report = events(body2.decode())["D-22-010393/report@missiontui-seed"]
    assert report["DTSTART"].dt == date(2022, 10, 31) and report["SEQUENCE"] == 1


def test_gzip_when_the_calendar_accepts_it(server, seeded):
    import gzip

    token = add_feed(seeded)
    plain_response, plain_body = http_get(server, f"/feeds/{token.token}.ics")
    response, body = http_get(server, f"/feeds/{token.token}.ics", {"Accept-Encoding": "gzip, deflate"})
    assert response.getheader("Content-Encoding") == "gzip" and len(body) < len(plain_body) / 3
    assert gzip.decompress(body) == plain_body and len(events(plain_body.decode())) == 13


def test_deleted_deliverables_are_published_as_cancelled(server, seeded):
    token = add_feed(seeded)
    deliverables.delete(seeded, 12)
    _, body = http_get(server, f"/feeds/{token.token}.ics")
    cancelled = events(body.decode())["D-22-010393/report@missiontui-seed"]
    assert str(cancelled["STATUS"]) == "CANCELLED"


@pytest.mark.parametrize("path", ["/feeds/not-a-real-token-at-all.ics", "/feeds/", "/", "/feeds/../../etc/passwd",
                                  "/feeds/%00", "/feeds/" + "a" * 500])
def test_wrong_tokens_and_paths_get_404_revealing_nothing(server, path):
    response, body = http_get(server, path)
    assert response.status == 404 and body == b"Not found\n"


def test_revoked_token_gets_the_same_404(server, seeded, cli):
    token = add_feed(seeded)
    assert http_get(server, f"/feeds/{token.token}.ics")[0].status == 200
    revoke_feed(seeded, str(token.id))
    response, body = http_get(server, f"/feeds/{token.token}.ics")
    assert response.status == 404 and body == b"Not found\n"


def test_head_and_the_log_never_shows_tokens(server, seeded):
    token = add_feed(seeded)
    response, body = http_get(server, f"/feeds/{token.token}.ics", method="HEAD")
    assert response.status == 200 and body == b"" and response.getheader("ETag")
    etag = response.getheader("ETag")
    assert http_get(server, f"/feeds/{token.token}.ics", {"If-None-Match": etag})[0].status == 304
    for near_miss in (f"/feed/{token.token}.ics", f"/feeds/{token.token}.ics/", f"/?token={token.token}",
                      f"/feeds/{token.token[:20]}%{token.token[20:22]}{token.token[22:]}.ics"):
        assert http_get(server, near_miss)[0].status == 404
    log = logged(server)
    assert log.count('"HEAD /feeds/….ics HTTP/1.1" 200 0') == 1 and log.count(" 304 0") == 1
    assert token.token not in log and token.token[:16] not in log and token.token[-16:] not in log
    assert log.count(" 404 ") == 4 and "/feed/…" in log
    assert http_get(server, "/feeds/mistyped.ics")[0].status == 404 and http_get(server, "/reports/mistyped")[0].status == 404
    assert "mistyped" not in logged(server)  # a short, wrong token is still most of a secret


def test_feed_commands(cli):
    cli("load-seeds")
    added = cli("feed", "add", "-m", "D-22-010393", "--label", "équipe", "--json").json()
    assert added["url"].startswith("http://127.0.0.1:8421/feeds/") and added["webcal"].startswith("webcal://")
    assert [f["id"] for f in cli("feed", "list", "--json").json()] == [added["id"]]
    assert cli("feed", "add", "-m", "D-22-010393", "--person", "Thomas Audigé").code == 1
    assert cli("feed", "revoke", str(added["id"])).code == 0
    assert cli("feed", "list", "--json").json() == []
    assert cli("feed", "revoke", str(added["id"])).code == 1


def test_a_secret_is_shown_once_and_the_database_keeps_only_its_digest(server, cli, db_path):
    """A backup or a copied laptop database must open no feed nor report: the file holds no secret,
    and the listings never show one; the URLs given still work."""
    cli("load-seeds")
    feed = cli("feed", "add", "-m", "D-22-010393", "--json").json()
    report = cli("report-link", "add", "-m", "D-22-010393", "--json").json()
    feed_secret = feed["url"].rsplit("/", 1)[1].removesuffix(".ics")
    report_secret = report["url"].rsplit("/", 1)[1]
    shown = cli("feed", "add", "-m", "STSS-2018-02-09").out
    assert "shown this once" in shown
    listed = cli("feed", "list").out + cli("feed", "list", "--json").out + cli("report-link", "list", "--json").out
    assert feed_secret not in listed and report_secret not in listed
    assert [(f["token"], f["url"]) for f in cli("feed", "list", "--json").json()] == [(None, None)] * 2
    with sqlite3.connect(db_path) as conn:
        dump = "\n".join(conn.iterdump())
    assert feed_secret not in dump and report_secret not in dump
    assert http_get(server, f"/feeds/{feed_secret}.ics")[0].status == 200
    assert http_get(server, f"/feeds/{report_secret}.ics")[0].status == 404  # a report's secret opens no feed


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

    assert cli("init").code == 0  # serve reads a database: it does not create one
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        result = cli("serve", "--port", str(busy.getsockname()[1]))
    assert result.code == 1 and result.err.startswith("missiontui: error: cannot listen on 127.0.0.1:")


# --- HTTP as calendars and proxies speak it (RFC 9110, 9112) --------------------------------------

@pytest.fixture
def feed(server, seeded):
    token = add_feed(seeded)
    first, body = http_get(server, f"/feeds/{token.token}.ics")
    assert first.status == 200
    return f"/feeds/{token.token}.ics", first.getheader("ETag"), first.getheader("Last-Modified")


@pytest.mark.parametrize("if_none_match, status", [
    ('{etag}', 304),
    ('W/{etag}', 304),  # weak comparison: a weak tag matches the strong one it weakens
    ('"stale", W/{etag}, "other"', 304),
    ('"a,b", {etag}', 304),  # a comma inside a tag is part of it
    ('*', 304),
    ('"stale"', 200),
    ('W/"stale", "older"', 200),
    ('{etag_bare}', 200),  # not a quoted entity tag: matches nothing
])
def test_conditional_requests_compare_entity_tags_weakly(server, feed, if_none_match, status):
    path, etag, _ = feed
    header = if_none_match.format(etag=etag, etag_bare=etag.strip('"'))
    response, body = http_get(server, path, {"If-None-Match": header})
    assert response.status == status
    assert (body == b"") == (status == 304)
    if status == 304:
        assert response.getheader("ETag") == etag and response.getheader("Cache-Control") == "no-cache"


def test_if_none_match_decides_over_if_modified_since(server, feed):
    path, _, modified = feed
    response, body = http_get(server, path, {"If-None-Match": '"stale"', "If-Modified-Since": modified})
    assert response.status == 200 and b"BEGIN:VCALENDAR" in body  # RFC 9110 13.2.2
    assert http_get(server, path, {"If-Modified-Since": "not a date"})[0].status == 200


@pytest.mark.parametrize("accept_encoding, gzipped", [
    ("gzip", True), ("GZIP", True), ("x-gzip", True), ("gzip;q=0.5, identity", True), ("*", True),
    ("deflate, *;q=0.1", True), ("br;q=1.0, gzip;q=0.001", True),
    ("gzip;q=0", False), ("gzip; q=0.000", False), ("*;q=0", False), ("*, gzip;q=0", False),
    ("identity", False), ("deflate, br", False), ("gzip;q=2", False), ("gzip;q=abc", False), ("", False),
])
def test_gzip_only_when_the_weights_accept_it(server, feed, accept_encoding, gzipped):
    import gzip

    path, etag, _ = feed
    response, body = http_get(server, path, {"Accept-Encoding": accept_encoding})
    assert response.status == 200 and response.getheader("Vary") == "Accept-Encoding"
    if gzipped:
        assert response.getheader("Content-Encoding") == "gzip" and gzip.decompress(body).startswith(b"BEGIN:VCALENDAR")
        assert response.getheader("ETag") == etag[:-1] + '-gzip"'  # another representation, another tag
        again, _ = http_get(server, path, {"Accept-Encoding": accept_encoding, "If-None-Match": response.getheader("ETag")})
        assert again.status == 304
    else:
        assert response.getheader("Content-Encoding") is None and body.startswith(b"BEGIN:VCALENDAR")
        assert response.getheader("ETag") == etag


def raw(srv, data: bytes) -> bytes:
    """Send bytes as they are (no client library would send these) and read the answer."""
    with socket.create_connection(srv.server_address[:2], timeout=10) as sock:
        sock.sendall(data)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


def test_control_characters_of_a_request_line_never_reach_the_log_raw(server):
    hostile = b"GET /\x1b[2J\x1b]0;pwned\x07\x9b31m/\xff HTTP/1.1\r\nHost: x\r\n\r\n"
    assert raw(server, hostile).startswith(b"HTTP/1.1 404 Not Found\r\n")
    assert raw(server, b"GET /\x1b[1m\x08 HTTP/9\r\n\r\n").startswith(b"HTTP/1.1 400 ")
    log = logged(server)
    assert "\\x1b[2J\\x1b]0;pwned\\x07\\x9b31m/\xff" in log and "\\x1b[1m\\x08" in log
    assert not any(c < " " or "\x7f" <= c <= "\x9f" for c in log.replace("\n", ""))


@pytest.mark.parametrize("request_bytes, status", [
    (b"GET /feeds/x HTTP/1.1\r\n\r\n", 400),  # HTTP/1.1 without Host (RFC 9112 3.2)
    (b"GET /feeds/x\r\n\r\n", 400),  # HTTP/0.9
    (b"GET  /feeds/x HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    (b"GET /x HTTP/2.0\r\nHost: x\r\n\r\n", 505),
    (b"GET /x HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n", 400),  # obsolete line folding
    (b"GET /x HTTP/1.1\r\nHost : x\r\n\r\n", 400),  # space before the colon (RFC 9112 5.1)
    (b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),
    (b"GET /x HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 9000 + b"\r\n\r\n", 431),
    (b"GET /x HTTP/1.1\r\nHost: x\r\n" + b"X-A: b\r\n" * 101 + b"\r\n", 431),
    (b"POST /feeds/x HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}", 405),
    (b"\r\nGET / HTTP/1.0\r\n\r\n", 404),  # an empty line before the request is allowed
])
def test_malformed_requests_get_a_status_not_a_traceback(server, request_bytes, status):
    answer = raw(server, request_bytes)
    assert answer.startswith(f"HTTP/1.1 {status} ".encode()), answer[:80]
    if status == 405:
        assert b"\r\nAllow: GET, HEAD\r\n" in answer
    assert "Traceback" not in logged(server)


def test_a_304_is_never_stale_after_an_edit_on_the_servers_own_connection(server, seeded, feed):
    """The server remembers each feed's ETag until the database changes: an edit made through its
    own connection (the TUI and the server share one in-process store) changes it too."""
    path, etag, _ = feed
    assert http_get(server, path, {"If-None-Match": etag})[0].status == 304  # remembered
    deliverables.edit_deliverable(seeded, 12, {"title": "Rapport remis au ministre"})
    response, body = http_get(server, path, {"If-None-Match": etag})
    assert response.status == 200 and "Rapport remis au ministre" in body.decode().replace("\r\n ", "")
