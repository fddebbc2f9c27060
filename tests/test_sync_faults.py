"""Every fault of issue 10 item 6, met by `missiontui sync` as a user runs it: one clear line, a
non-zero exit, local data untouched, the password nowhere — and a sync cut half-way (a dropped
connection, a killed process) converges when run again, with nothing lost or duplicated."""

from __future__ import annotations

import base64
import logging
import os
import signal
import subprocess
import sys

import pytest

from missiontui.usecases import deliverables as edits
from missiontui.usecases.seeds import load_seeds
from tests.caldav_servers import PASSWORD, USER, caldav_server, collection_url, radicale_server  # noqa: F401
from tests.conftest import ROOT
from tests.fault_proxy import FaultProxy
from tests.sync_helpers import DNS, database_dump, mission_view, replica, server_items

LEAKS = (PASSWORD, base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode(), "Pw-CANARY")
REPORT = "Remise des travaux de la mission (bilan d'étape de la DNS et propositions)"
CHECKPOINT = "Point d'étape associant Dominique Pon et Laura Létourneau"


@pytest.fixture
def proxy(caldav_server):
    p = FaultProxy(caldav_server.port)
    yield p
    p.close()


@pytest.fixture
def config(tmp_path, caldav_server, monkeypatch):
    """The user's config: the server login (Radicale) and a short timeout; the password in the environment."""
    path = tmp_path / "no-config.toml"  # the file the autouse isolated_env points MISSIONTUI_CONFIG at
    user = f'user = "{caldav_server.user}"\n' if caldav_server.user else ""
    path.write_text(f'user = "Alice"\n[sync]\n{user}timeout = 2\n', encoding="utf-8")
    monkeypatch.setenv("MISSIONTUI_SYNC_PASSWORD", PASSWORD)
    monkeypatch.setenv("MISSIONTUI_USER", "Alice")
    return path


@pytest.fixture
def team(tmp_path, caldav_server, collection_url, proxy, config):
    """Alice reaches the server through the proxy; Bob, directly, has changed the report's notes on the
    server since Alice's last sync; Alice has changed its title here. Her next sync has work both ways."""
    alice = replica(tmp_path / "alice.db", "Alice", caldav_server)
    alice.base = proxy.base
    load_seeds(alice.ctx)
    alice.link(collection_url.replace(caldav_server.base, proxy.base))
    alice.sync()
    bob = replica(tmp_path / "bob.db", "Bob", caldav_server)
    bob.clone(collection_url)
    edits.edit_deliverable(bob.ctx, bob.by_title(REPORT).id, {"notes": "relu par Bob"})
    bob.sync()
    edits.edit_deliverable(alice.ctx, alice.by_title(REPORT).id, {"title": "Rapport final"})
    yield alice, bob
    alice.close(), bob.close()


@pytest.fixture
def run(cli, caplog):
    """`missiontui --db DB ARGS` in-process; the result, with every log line and output checked for the password."""
    caplog.set_level(logging.DEBUG)

    def go(db, *args):
        result = cli(*args, db=db)
        for text in (result.out, result.err, caplog.text):
            for secret in LEAKS:
                assert secret not in text
        return result

    return go


def failed_cleanly(result, *, contains: str) -> None:
    assert result.code == 1, (result.code, result.out, result.err)
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("missiontui: error: ") and "Traceback" not in result.err, lines
    assert contains in lines[0], lines[0]


@pytest.mark.parametrize("method, status, sentence", [
    ("REPORT", 401, "refused the login"),
    ("REPORT", 403, "(403)"),
    ("REPORT", 404, "there is no calendar at"),
    ("REPORT", 500, "failed with HTTP 500"),
    ("REPORT", 503, "failed with HTTP 503"),
])
def test_an_http_error_stops_the_sync_and_changes_nothing_here(team, proxy, run, method, status, sentence):
    alice, _ = team
    before = database_dump(alice.store.path)
    proxy.fail(method, status=status)
    failed_cleanly(run(alice.store.path, "sync"), contains=sentence)
    assert database_dump(alice.store.path) == before


def test_the_server_going_away(team, proxy, run):
    alice, _ = team
    before = database_dump(alice.store.path)
    proxy.refuse()
    failed_cleanly(run(alice.store.path, "sync"), contains="connection was refused")
    assert database_dump(alice.store.path) == before


def test_a_server_that_never_answers(team, proxy, run):
    alice, _ = team
    before = database_dump(alice.store.path)
    proxy.fail("REPORT", hang=True)
    failed_cleanly(run(alice.store.path, "sync"), contains="did not answer within 2 s")
    assert database_dump(alice.store.path) == before


def test_a_missing_collection(team, caldav_server, collection_url, run):
    """Someone deleted the calendar: the sync says so; it does not quietly publish everything again."""
    alice, _ = team
    caldav_server.raw("DELETE", collection_url.replace(caldav_server.base, ""))
    before = database_dump(alice.store.path)
    failed_cleanly(run(alice.store.path, "sync"), contains="there is no calendar at")
    assert database_dump(alice.store.path) == before


@pytest.mark.parametrize("url, sentence", [
    ("https://calendar.invalid/dav/stss/", "cannot find the server calendar.invalid"),
    ("https://127.0.0.1:{port}/alice/stss/", "the secure connection to 127.0.0.1:{port} failed"),
    ("http://127.0.0.1:{free}/alice/stss/", "the connection was refused"),
])
def test_dns_tls_and_unreachable(team, caldav_server, run, url, sentence):
    from tests.caldav_servers import free_port

    alice, _ = team
    free = free_port()
    url, sentence = (x.format(port=caldav_server.port, free=free) for x in (url, sentence))
    assert run(alice.store.path, "sync", "link", "STSS-2018-02-09", url).code == 0
    before = database_dump(alice.store.path)
    failed_cleanly(run(alice.store.path, "sync", "-m", "STSS-2018-02-09"), contains=sentence)
    assert database_dump(alice.store.path) == before


def test_a_412_race_is_merged_never_overwritten(team, caldav_server, collection_url, proxy, run):
    """Carol writes the report on the server between Alice's listing and Alice's PUT: the server refuses
    Alice's write (412), Alice fetches Carol's version and merges: both changes are kept."""
    alice, bob = team
    href = alice.store.synced_items(alice.by_uid(bob.by_title(REPORT).uid).mission_id,
                                    [bob.by_title(REPORT).uid])[bob.by_title(REPORT).uid].href

    def carol_writes(method: str, path: str) -> None:
        status, headers, body = caldav_server.raw("GET", href)
        changed = body.replace(b"STATUS:NEEDS-ACTION", b"STATUS:IN-PROCESS").replace(
            b"X-MISSIONTUI-STATUS:planned", b"X-MISSIONTUI-STATUS:in-progress")
        assert caldav_server.raw("PUT", href, changed, {"If-Match": headers["etag"],
                                                        "Content-Type": "text/calendar"})[0] in (201, 204)

    proxy.fail("PUT", before=carol_writes, times=1)
    seen = len(proxy.state.seen)
    result = run(alice.store.path, "sync")
    assert result.code == 0, result.err
    puts = [m for m, _, _ in proxy.state.seen[seen:] if m == "PUT"]
    assert len(puts) == 2  # the refused write, then the merged one
    report = alice.by_uid(bob.by_title(REPORT).uid)
    on_server = server_items(caldav_server, collection_url)[report.uid]
    for state in (report, on_server):
        assert (state.title, state.notes, state.status.value) == ("Rapport final", "relu par Bob", "in-progress")


def test_malformed_items_are_skipped_and_listed_and_the_rest_syncs(team, proxy, run):
    """The checkpoint Bob changed reaches Alice unreadable: it is listed and waits; the report syncs.
    The next sync, with a readable answer, brings it: the token was not moved past it."""
    alice, bob = team
    broken = bob.by_title(CHECKPOINT).uid

    def corrupt(body: bytes) -> bytes:  # the checkpoint's data becomes garbage in the multiget answer
        at = body.find(f"UID:{broken}".encode())
        if at < 0:
            return body
        start = body.rindex(b"BEGIN:VCALENDAR", 0, at)
        end = body.index(b"END:VCALENDAR", at)
        return body[:start] + b"BEGIN:VCALENDAR\nBEGIN:VTODO\nDUE:garbage\n" + body[end:]

    edits.edit_deliverable(bob.ctx, bob.by_title(CHECKPOINT).id, {"notes": "visio"})
    bob.sync()
    proxy.fail("REPORT", rewrite=corrupt)
    result = run(alice.store.path, "sync")
    assert result.code == 3, (result.out, result.err)  # went through; something waits for the user
    assert "skipped" in result.out and "iCalendar" in result.out
    assert alice.by_title("Rapport final").notes == "relu par Bob"  # the rest was merged both ways
    assert alice.by_title(CHECKPOINT).notes != "visio"  # the unreadable one waits
    proxy.heal()
    assert run(alice.store.path, "sync").code == 0
    assert alice.by_title(CHECKPOINT).notes == "visio"


def test_a_server_that_drops_our_properties_loses_nothing_here(team, proxy, run):
    alice, bob = team
    edits.edit_deliverable(bob.ctx, bob.by_title(CHECKPOINT).id, {"title": "Point d'étape (visio)"})
    bob.sync()
    owners = [(o.name, o.lead) for o in alice.by_title(CHECKPOINT).owners]
    strip = lambda body: b"".join(line for line in body.splitlines(keepends=True)  # noqa: E731
                                  if not line.startswith(b"X-MISSIONTUI-"))
    proxy.fail("REPORT", rewrite=strip)
    assert run(alice.store.path, "sync").code == 0
    d = alice.by_title("Point d'étape (visio)")
    assert [(o.name, o.lead) for o in d.owners] == owners
    assert d.due.phrase == "d'ici la fin juin" and d.kind.value == "checkpoint"


def test_a_connection_dropped_while_sending_then_a_second_run_converges(team, caldav_server, collection_url, proxy,
                                                                        run):
    alice, bob = team
    for title in ("Note de cadrage", "Entretiens DGOS", "Entretiens ARS", "Relecture"):
        edits.add_deliverable(alice.ctx, mission=DNS, title=title, due="fin juillet")
    proxy.fail("PUT", drop=True, after=2, times=1)  # the server writes the third, its answer is cut
    failed_cleanly(run(alice.store.path, "sync"), contains="closed the connection")
    proxy.heal()
    assert run(alice.store.path, "sync").code == 0
    assert run(alice.store.path, "sync").out.strip() == f"{DNS}: up to date"
    bob.sync()
    items = server_items(caldav_server, collection_url)
    assert len(items) == 1 + len(mission_view(alice.store)["deliverables"])  # the journal, then no duplicate
    assert mission_view(alice.store) == mission_view(bob.store)


def test_a_killed_sync_then_a_second_run_converges(team, caldav_server, collection_url, proxy, run, config):
    """`missiontui sync` killed (SIGKILL) while the server holds its third write unanswered."""
    alice, bob = team
    for n in range(6):
        edits.add_deliverable(alice.ctx, mission=DNS, title=f"Entretien {n}", due="fin juillet")
    proxy.fail("PUT", lose_answer=True, after=2, times=1)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-m", "missiontui", "--db", str(alice.store.path), "sync"],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert proxy.state.hanging.wait(60), "the sync never reached its third write"
        process.send_signal(signal.SIGKILL)
        process.wait(30)
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()
    proxy.heal()
    proxy.state.release.set()
    assert run(alice.store.path, "sync").code == 0
    assert run(alice.store.path, "sync").out.strip() == f"{DNS}: up to date"
    bob.sync()
    titles = sorted(f.title for f in server_items(caldav_server, collection_url).values())
    assert titles.count("Entretien 2") == 1 and len(titles) == 1 + len(mission_view(alice.store)["deliverables"])
    assert mission_view(alice.store) == mission_view(bob.store)


def test_the_login_goes_with_the_first_request(radicale_server):
    """No anonymous request first: Radicale slows every refused request by a second (its auth delay)."""
    from missiontui.sync.transport import connect

    proxy = FaultProxy(radicale_server.port)
    try:
        with connect(f"{proxy.base}/alice/first/", USER, PASSWORD, timeout=5) as remote:
            remote.exists()
        assert [bool(h.get("Authorization")) for _, _, h in proxy.state.seen] == [True]
    finally:
        proxy.close()


def test_a_server_that_refuses_the_first_login_gets_a_negotiated_one(radicale_server):
    """A server that wants another scheme answers 401 to Basic sent up front: the client asks again the
    way the server says (caldav's negotiation), once."""
    from missiontui.sync.transport import connect

    proxy = FaultProxy(radicale_server.port)
    try:
        proxy.fail(status=401, times=1)
        with connect(f"{proxy.base}/alice/second/", USER, PASSWORD, timeout=5) as remote:
            assert remote.exists() is False
        assert len(proxy.state.seen) >= 2
    finally:
        proxy.close()
