"""`missiontui sync …` as a user types it against a real Radicale with a login: the config, where the
password comes from, link / status / conflicts / resolve / clone / --restore, their JSON, exit codes
and one-line refusals."""

from __future__ import annotations

import json
import os

import pytest

from missiontui.usecases import deliverables as edits
from missiontui.usecases.seeds import load_seeds
from tests.caldav_servers import PASSWORD, radicale_server  # noqa: F401  (fixture)
from tests.sync_helpers import DNS, database_dump, replica

REPORT = "Remise des travaux de la mission (bilan d'étape de la DNS et propositions)"
_names = iter(range(10**6))


@pytest.fixture
def url(radicale_server):
    return radicale_server.collection_url(f"cli-{os.getpid()}-{next(_names)}")


@pytest.fixture
def config(tmp_path, radicale_server, monkeypatch):
    path = tmp_path / "no-config.toml"  # where isolated_env points MISSIONTUI_CONFIG
    path.write_text(f'user = "Alice"\n[sync]\nurl = "{radicale_server.base}/alice/"\nuser = "alice"\n',
                    encoding="utf-8")
    monkeypatch.setenv("MISSIONTUI_SYNC_PASSWORD", PASSWORD)
    monkeypatch.setenv("MISSIONTUI_USER", "Alice")
    return path


@pytest.fixture
def seeded_db(db_path, radicale_server, config):
    """Alice's database with the two real letters."""
    r = replica(db_path, "Alice", radicale_server)
    load_seeds(r.ctx)
    r.close()
    return db_path


@pytest.fixture
def alice(seeded_db):
    """Alice editing through the use cases, beside the command line."""
    from missiontui.store import Store
    from missiontui.usecases.context import Context, FixedClock
    from tests.sync_helpers import TODAY

    with Store(seeded_db) as store:
        yield Context(store, "Alice", FixedClock(TODAY))


def one_line_error(result, contains: str) -> None:
    assert result.code == 1 and result.out == "", (result.code, result.out, result.err)
    assert result.err.count("\n") == 1 and result.err.startswith("missiontui: error: ") and contains in result.err, \
        result.err
    assert PASSWORD not in result.err


def test_link_sync_status_as_a_user_does(cli, seeded_db, alice, url):
    linked = cli("sync", "link", DNS, url.rsplit("/", 2)[-2])  # a name under the config's [sync] url
    assert linked.code == 0 and linked.out == f"{DNS} is linked to {url}; run missiontui sync\n"
    first = cli("sync")
    assert first.code == 0 and first.out.startswith(f"{DNS} ⇄ {url}: on the server: 5 created\n")
    assert cli("sync").out == f"{DNS}: up to date\n"
    edits.edit_deliverable(alice, _report_id(seeded_db), {"notes": "relu"})
    status = cli("sync", "status", "--json").json()
    assert [(s["mission"], s["url"], s["pending"], s["conflicts"], s["synced"]) for s in status] == [
        (DNS, url, 1, 0, 5)]
    assert status[0]["last_sync"]
    table = cli("sync", "status").out.splitlines()
    assert table[0].split() == ["mission", "last", "sync", "to", "send", "conflicts", "calendar"]
    assert table[1].split()[0] == DNS and table[1].split()[-1] == url
    sent = cli("sync", "--json").json()
    assert [(c["side"], c["action"], c["fields"]) for c in sent[0]["changes"]] == [("server", "update", ["notes"])]


def test_the_password_from_a_private_file(cli, seeded_db, url, config, tmp_path, monkeypatch):
    monkeypatch.delenv("MISSIONTUI_SYNC_PASSWORD")
    secret = tmp_path / "caldav-password"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    secret.chmod(0o644)
    config.write_text(config.read_text() + f'password_file = "{secret}"\n', encoding="utf-8")
    cli("sync", "link", DNS, url)
    one_line_error(cli("sync"), "can be read by others (mode 0644); run: chmod 600")
    secret.chmod(0o600)
    assert cli("sync").code == 0


def test_a_wrong_password_or_none_is_one_line_and_changes_nothing(cli, seeded_db, url, monkeypatch):
    cli("sync", "link", DNS, url)
    before = database_dump(seeded_db)
    monkeypatch.setenv("MISSIONTUI_SYNC_PASSWORD", PASSWORD + "-wrong")
    one_line_error(cli("sync"), "refused the login of 'alice' (401)")
    monkeypatch.delenv("MISSIONTUI_SYNC_PASSWORD")
    one_line_error(cli("sync"), "no password for 'alice'")
    assert database_dump(seeded_db) == before


@pytest.mark.parametrize("args, sentence", [
    (["sync", "link", DNS, "http://calendar.example.org/dav/dns/"], "refusing plain HTTP to calendar.example.org"),
    (["sync", "link", "NOPE", "https://calendar.example.org/dns/"], "NOPE"),
    (["sync", "unlink", DNS], "is not linked to a calendar"),
    (["sync", "-m", DNS], "is not linked to a calendar"),
    (["sync"], "no mission is linked to a calendar yet"),
    (["sync", "resolve", "11", "title=theirs"], "has no sync conflict to resolve"),
    (["sync", "--restore"], "no backup taken before a sync"),
])
def test_refusals_are_one_line(cli, seeded_db, args, sentence):
    before = database_dump(seeded_db)
    one_line_error(cli(*args), sentence)
    assert database_dump(seeded_db) == before


def test_a_calendar_is_linked_to_one_mission(cli, seeded_db, url):
    cli("sync", "link", DNS, url)
    one_line_error(cli("sync", "link", "STSS-2018-02-09", url), f"is already linked to the mission {DNS}")
    one_line_error(cli("sync", "link", DNS, url + "other/"), "is already linked to")
    assert cli("sync", "unlink", DNS).out == f"{DNS} is no longer linked to {url}\n"
    assert cli("sync", "status").out.startswith("no mission is linked")


def test_conflicts_and_resolve_from_the_command_line(cli, seeded_db, alice, url, tmp_path, radicale_server):
    cli("sync", "link", DNS, url)
    cli("sync")
    bob = replica(tmp_path / "bob.db", "Bob", radicale_server)
    bob.clone(url)
    edits.edit_deliverable(bob.ctx, bob.by_title(REPORT).id, {"title": "Rapport (Bob)"})
    bob.sync()
    bob.close()
    report_id = _report_id(seeded_db)
    edits.edit_deliverable(alice, report_id, {"title": "Rapport (Alice)", "status": "in-progress"})
    synced = cli("sync")
    assert synced.code == 3 and "1 item in conflict: missiontui sync conflicts" in synced.out
    # the status goes to the server; the title in conflict does not, and the report must not say it does
    sent = [line.split() for line in synced.out.splitlines() if line.split()[:2] == ["server", "update"]]
    assert len(sent) == 1 and sent[0][-1] == "(status)", synced.out
    listed = cli("sync", "conflicts", "--json").json()
    assert [(c["id"], c["field"], c["base"], c["theirs"], c["yours"]) for c in listed] == [
        (report_id, "title", REPORT, "Rapport (Bob)", "Rapport (Alice)")]
    table = cli("sync", "conflicts").out
    assert "Rapport (Bob)" in table and "theirs (server)" in table
    one_line_error(cli("sync", "resolve", str(report_id), "due=theirs"), "due is not in conflict")
    one_line_error(cli("sync", "resolve", str(report_id), "title=mine"), "choose 'yours' or 'theirs' for title")
    assert cli("sync", "resolve", str(report_id), "title=yours").code == 0
    assert cli("sync").code == 0 and cli("sync", "conflicts").out == "no conflict\n"


def test_clone_from_the_command_line_into_a_new_database(cli, seeded_db, url, tmp_path):
    cli("sync", "link", DNS, url)
    cli("sync")
    fresh = tmp_path / "colleague.db"
    cloned = cli("sync", "clone", url, "--json", db=fresh)
    assert cloned.code == 0, cloned.err
    assert {k: cloned.json()[k] for k in ("mission", "deliverables", "people", "skipped")} == {
        "mission": DNS, "deliverables": 4, "people": 4, "skipped": []}
    again = cli("sync", "clone", url, db=fresh)
    one_line_error(again, "is already linked to the mission")
    listed = json.loads(cli("list", "-m", DNS, "--json", db=fresh).out)
    assert len(listed) == 4


def test_a_sync_that_changes_data_here_keeps_a_backup_that_restore_brings_back(cli, seeded_db, url, tmp_path,
                                                                              radicale_server):
    cli("sync", "link", DNS, url)
    cli("sync")
    report_id = _report_id(seeded_db)
    bob = replica(tmp_path / "bob.db", "Bob", radicale_server)
    bob.clone(url)
    edits.edit_deliverable(bob.ctx, bob.by_title(REPORT).id, {"title": "Rapport final"})
    bob.sync()
    bob.close()
    synced = cli("sync")
    assert "backup before the sync:" in synced.out
    assert json.loads(cli("show", str(report_id), "--json").out)["title"] == "Rapport final"
    restored = cli("sync", "--restore")
    assert restored.code == 0 and restored.out.startswith("restored ")
    assert json.loads(cli("show", str(report_id), "--json").out)["title"] == REPORT


def test_a_long_sync_says_where_it_is_on_stderr(cli, seeded_db, alice, url):
    for n in range(120):
        edits.add_deliverable(alice, mission=DNS, title=f"Entretien {n}")
    cli("sync", "link", DNS, url)
    result = cli("sync")
    assert result.code == 0 and "sync D-22-010393: sending 125/125" in result.err
    assert "sending" not in cli("sync", "-q").err


def _report_id(path) -> int:
    from missiontui.store import Store

    with Store(path) as store:
        return next(d.id for d in store.deliverables() if d.title == REPORT)
