"""Every write appends to the history in the same transaction: who, when, what, old → new, why."""

from datetime import date

import pytest

from missiontui import usecases
from missiontui.core.errors import InvalidInput, RuleViolation


def test_moved_deadline_records_old_new_and_reason(seeded):
    usecases.edit_deliverable(seeded, 12, due="fin octobre 2022", reason="audition du délégué reportée",
                              today=date(2022, 5, 16))
    entry = seeded.history("deliverable", 12)[0]
    assert (entry.actor, entry.action, entry.field) == ("tester", "update", "due")
    assert entry.old == "2022-09-30 (remis en septembre 2022)"
    assert entry.new == "2022-10-31 (fin octobre 2022)"
    assert entry.reason == "audition du délégué reportée"
    assert entry.at.endswith("Z")


def test_owner_and_status_changes_are_readable(seeded):
    usecases.edit_deliverable(seeded, 12, owners=["Thomas Audigé", "Laura Létourneau"], lead="Laura Létourneau",
                              status="in-progress")
    changes = {h.field: (h.old, h.new) for h in seeded.history("deliverable", 12) if h.action == "update"}
    assert changes["owners"] == ("Thomas Audigé (lead)", "Laura Létourneau (lead), Thomas Audigé")
    assert changes["status"] == ("planned", "in-progress")


def test_a_refused_write_leaves_no_history_and_no_change(seeded):
    before = len(seeded.history())
    with pytest.raises(RuleViolation):
        usecases.edit_deliverable(seeded, 11, depends_on=[12], title="nouveau titre")  # 12 depends on 11
    assert len(seeded.history()) == before
    assert seeded.deliverable(11).title.startswith("Point d'étape")


def test_an_unchanged_edit_writes_nothing(seeded):
    d = seeded.deliverable(12)
    before = len(seeded.history())
    usecases.edit_deliverable(seeded, 12, title=d.title)
    assert len(seeded.history()) == before and seeded.deliverable(12).version == d.version


def test_transaction_is_all_or_nothing(seeded):
    before = (len(seeded.history()), seeded.count_deliverables())
    with pytest.raises(InvalidInput):
        with seeded.transaction():
            usecases.add_deliverable(seeded, mission="D-22-010393", title="premier", due="fin juin")
            usecases.add_deliverable(seeded, mission="D-22-010393", title="   ", due="fin juin")
    assert (len(seeded.history()), seeded.count_deliverables()) == before
