"""Every write is a change set recorded in the same transaction: who, when, why, and each field's old
and new value as a typed value, so any past state can be rebuilt."""

from datetime import date

import pytest

from missiontui.core.changes import deliverable_state, rebuild
from missiontui.core.errors import InvalidInput, RuleViolation
from missiontui.core.model import Due, Precision, Status
from missiontui.usecases import deliverables, missions
from missiontui.usecases.context import Context, FixedClock


def test_moved_deadline_records_old_new_and_reason(seeded):
    deliverables.edit_deliverable(seeded, 12, {"due": "fin octobre 2022"}, reason="audition du délégué reportée")
    entry = seeded.store.history("deliverable", 12)[0]
    assert (entry.actor, entry.action, list(entry.after)) == ("tester", "update", ["due"])
    assert entry.before == {"due": Due(date(2022, 9, 30), Precision.MONTH, "remis en septembre 2022")}
    assert entry.after == {"due": Due(date(2022, 10, 31), Precision.END_OF_MONTH, "fin octobre 2022")}
    assert entry.reason == "audition du délégué reportée"
    assert entry.at.endswith("Z")


def test_owner_and_status_changes_are_typed_values(seeded):
    deliverables.edit_deliverable(seeded, 12, {"owners": ["Thomas Audigé", "Laura Létourneau"],
                                               "lead": "Laura Létourneau", "status": "in-progress"})
    entry = seeded.store.history("deliverable", 12)[0]
    assert [(o.name, o.lead) for o in entry.before["owners"]] == [("Thomas Audigé", True)]
    assert sorted((o.name, o.lead) for o in entry.after["owners"]) == [("Laura Létourneau", True),
                                                                       ("Thomas Audigé", False)]
    assert (entry.before["status"], entry.after["status"]) == (Status.PLANNED, Status.IN_PROGRESS)


def test_a_refused_write_leaves_no_history_and_no_change(seeded):
    before = len(seeded.store.history())
    with pytest.raises(RuleViolation):
        deliverables.edit_deliverable(seeded, 11, {"depends_on": [12], "title": "nouveau titre"})  # 12 needs 11
    assert len(seeded.store.history()) == before
    assert seeded.store.deliverable(11).title.startswith("Point d'étape")


def test_an_unchanged_edit_writes_nothing(seeded):
    d = seeded.store.deliverable(12)
    before = len(seeded.store.history())
    saved = deliverables.edit_deliverable(seeded, 12, {"title": d.title})
    assert saved.change_id is None
    assert len(seeded.store.history()) == before and seeded.store.deliverable(12).version == d.version


def test_transaction_is_all_or_nothing(seeded):
    before = (len(seeded.store.history()), seeded.store.count_deliverables())
    with pytest.raises(InvalidInput):
        with seeded.store.transaction():
            deliverables.add_deliverable(seeded, mission="D-22-010393", title="premier", due="fin juin")
            deliverables.add_deliverable(seeded, mission="D-22-010393", title="   ", due="fin juin")
    assert (len(seeded.store.history()), seeded.store.count_deliverables()) == before


def test_every_past_state_is_rebuilt_from_the_history(seeded):
    """The states a user saw, one after the other, come back exactly from the history alone."""
    seen = {1: seeded.store.deliverable(12)}
    steps = [{"due": "mi-octobre"}, {"title": "Rapport de mission", "notes": "v2"}, {"status": "done"},
             {"owners": ["Laura Létourneau"]}, {"deleted": True}, {"deleted": False}, {"due": ""}]
    for step in steps:
        saved = deliverables.edit_deliverable(seeded, 12, step)
        seen[saved.deliverable.version] = saved.deliverable
    records = seeded.store.history("deliverable", 12)
    now = deliverable_state(seeded.store.deliverable(12))
    for version, d in seen.items():
        state = rebuild(now, records, version)
        assert state["title"] == d.title and state["due"] == d.due and state["status"] == d.status
        assert state["notes"] == d.notes and state["completed_on"] == d.completed_on
        assert [(o.person_id, o.lead) for o in state["owners"]] == [(o.person_id, o.lead) for o in d.owners]
        assert state["deleted"] == (d.deleted_at is not None)
    assert seen[max(seen)].due is None  # "" means no date yet: to schedule


def test_mission_close_and_reopen_are_in_the_history(seeded):
    missions.close_mission(seeded, "D-22-010393", reason="rapport remis")
    missions.reopen_mission(seeded, "D-22-010393")
    mission = seeded.store.mission("D-22-010393")
    entries = seeded.store.history("mission", mission.id)
    assert [(e.action, e.after) for e in entries[:2]] == [("update", {"status": mission.status}),
                                                          ("update", {"status": mission.status.CLOSED})]
    assert entries[1].reason == "rapport remis"


def test_the_delete_reason_is_kept(seeded):
    deliverables.delete(seeded, 13, reason="hors périmètre")
    entry = seeded.store.history("deliverable", 13)[0]
    assert (entry.action, entry.after, entry.reason) == ("delete", {"deleted": True}, "hors périmètre")


def test_who_and_when_come_from_the_context(seeded):
    claire = Context(seeded.store, "Claire Martin", FixedClock(date(2022, 5, 17), "2022-05-17T08:30:00.000000Z"))
    deliverables.edit_deliverable(claire, 12, {"notes": "relu"})
    entry = seeded.store.history("deliverable", 12)[0]
    assert (entry.actor, entry.at) == ("Claire Martin", "2022-05-17T08:30:00.000000Z")
