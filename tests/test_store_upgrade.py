"""Databases written by released versions open with the current code and lose nothing: their history,
written as display strings, becomes typed values that rebuild every past state (tests/data/README.md
says what each file holds)."""

import shutil
import sqlite3
from datetime import date

import pytest

from missiontui.core.changes import deliverable_state, mission_state, rebuild
from missiontui.core.model import Due, MissionStatus, Precision, Status
from missiontui.store import Store
from missiontui.usecases import deliverables, undo
from missiontui.usecases.context import Context, FixedClock
from tests.conftest import DATA, TODAY


@pytest.fixture
def v2(tmp_path):
    copy = tmp_path / "schema-v2.db"
    shutil.copy(DATA / "schema-v2.db", copy)
    with Store(copy) as store:
        yield store


def states(store, deliverable_id):
    """Every version of a deliverable, oldest first: today's row with the later changes taken back."""
    records = store.history("deliverable", deliverable_id, oldest_first=True)
    now = deliverable_state(store.deliverable(deliverable_id, include_deleted=True))
    return [rebuild(now, records, r.version) for r in records]


def test_v1_moved_deadline_is_a_typed_change_with_its_reason(tmp_path):
    copy = tmp_path / "schema-v1.db"
    shutil.copy(DATA / "schema-v1.db", copy)
    with Store(copy) as store:
        moved = store.history("deliverable", 11)[0]
        assert moved.before == {"due": Due(date(2022, 6, 30), Precision.END_OF_MONTH, "d'ici la fin juin")}
        assert moved.after == {"due": Due(date(2022, 7, 31), Precision.END_OF_MONTH, "fin juillet 2022")}
        assert moved.reason == "Agenda du ministre"
        deleted = store.history("deliverable", 9)[0]
        assert (deleted.action, deleted.after, deleted.reason) == ("delete", {"deleted": True}, "hors périmètre")


def test_v2_deadline_move_keeps_both_precisions(v2):
    first, moved = states(v2, 12)[:2]
    assert first["due"] == Due(date(2022, 9, 30), Precision.MONTH, "remis en septembre 2022")
    assert moved["due"] == Due(date(2022, 10, 15), Precision.MID_MONTH, "mi-octobre")
    assert v2.history("deliverable", 12, oldest_first=True)[1].reason == "entretiens ARS décalés"


def test_v2_rebuilds_a_deliverable_through_every_kind_of_change(v2):
    """#14: added, made a prerequisite of #12, renamed with new notes and started, then done."""
    created, renamed, done = states(v2, 14)
    assert (created["title"], created["notes"], created["status"]) == ("Note de cadrage", "premier jet", Status.PLANNED)
    assert created["due"] == Due(date(2022, 5, 31), Precision.END_OF_MONTH, "fin mai")
    assert [(o.name, o.lead) for o in created["owners"]] == [("Thomas Audigé", True)]
    assert (renamed["title"], renamed["notes"], renamed["status"]) == (
        "Note de cadrage (v2)", "relue par Claire", Status.IN_PROGRESS)
    assert (done["status"], done["completed_on"]) == (Status.DONE, date(2022, 5, 30))
    assert v2.deliverable(14).version == 3
    assert states(v2, 12)[-1]["depends_on"] == (14,)


def test_v2_delete_restore_and_move_to_another_mission(v2):
    """#15, by Claire: added, deleted with a reason, restored, moved to the STSS mission as a checkpoint."""
    added, deleted, restored, moved = states(v2, 15)
    dns, stss = v2.mission("D-22-010393").id, v2.mission("STSS-2018-02-09").id
    assert (added["mission_id"], added["kind"].value, added["deleted"]) == (dns, "meeting", False)
    assert deleted["deleted"] and not restored["deleted"]
    assert (moved["mission_id"], moved["kind"].value) == (stss, "checkpoint")
    history = v2.history("deliverable", 15, oldest_first=True)
    assert [r.actor for r in history] == ["Claire Martin"] * 4
    assert history[1].reason == "fusionné avec le point d'étape"


def test_v2_owners_change_names_the_new_lead(v2):
    before, after = states(v2, 11)[:2]
    assert [(o.name, o.lead) for o in before["owners"]] == [
        ("Thomas Audigé", True), ("Dominique Pon", False), ("Laura Létourneau", False)]
    assert sorted((o.name, o.lead) for o in after["owners"]) == [("Claire Martin", True), ("Thomas Audigé", False)]


def test_v2_mission_closed_reopened_closed(v2):
    stss = v2.mission("STSS-2018-02-09")
    records = v2.history("mission", stss.id, oldest_first=True)
    now = mission_state(stss)
    statuses = [rebuild(now, records, r.version)["status"] for r in records]
    assert statuses == [MissionStatus.ACTIVE, MissionStatus.CLOSED, MissionStatus.ACTIVE, MissionStatus.CLOSED]
    assert [r.actor for r in records[1:]] == ["Claire Martin"] * 3


def v2_secrets() -> dict[int, str]:
    """The feed secrets a version-2 database held in clear (read from the untouched data file)."""
    with sqlite3.connect(DATA / "schema-v2.db") as conn:
        return dict(conn.execute("SELECT id, token FROM feed_token"))


def test_v2_feed_token_revocation_is_history_without_the_secret(v2):
    secrets = v2_secrets()
    assert secrets and all(len(s) >= 16 for s in secrets.values())
    records = v2.history("feed_token")
    assert {r.action for r in records} == {"create", "delete"}
    text = v2.conn.execute("SELECT group_concat(coalesce(old, '') || coalesce(new, '')) FROM history").fetchone()[0]
    assert not any(secret in text for secret in secrets.values())


def test_after_the_upgrade_the_database_keeps_no_secret_and_the_links_given_still_work(v2):
    secrets = v2_secrets()
    dump = "\n".join(v2.conn.iterdump())
    assert not any(secret in dump for secret in secrets.values())  # a copy of the file opens nothing
    live = {t.id for t in v2.feed_tokens()}
    assert live and {i for i, secret in secrets.items() if v2.feed_token(secret) is not None} == live


def test_an_upgraded_database_goes_on_as_usual(v2):
    """Work continues on top of the converted history: an edit from a stale read merges, and undo works."""
    claire = Context(v2, "Claire Martin", FixedClock(TODAY))
    original = v2.deliverable(12).notes
    saved = deliverables.edit_deliverable(claire, 12, {"notes": "à relire"}, version=2)  # read before the deps edit
    assert saved.kept == ("depends_on",) and saved.deliverable.depends_on == (14,)
    assert undo.undo(claire).target == saved.change_id
    assert v2.deliverable(12).notes == original
