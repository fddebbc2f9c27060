"""Domain rules, through the use cases users reach them by."""

from datetime import date

import pytest

from missiontui.usecases import deliverables
from missiontui.core.errors import InvalidInput, NotFound, RuleViolation
from missiontui.core.model import Status


def test_dependency_cycles_are_refused_with_the_path(seeded):
    with pytest.raises(RuleViolation, match=r"#11 → #12 → #11"):
        deliverables.edit_deliverable(seeded, 11, {"depends_on": [12]})
    with pytest.raises(RuleViolation, match="itself"):
        deliverables.edit_deliverable(seeded, 11, {"depends_on": [11]})


def test_longer_cycle_is_refused(seeded):
    with pytest.raises(RuleViolation, match="cycle"):
        deliverables.edit_deliverable(seeded, 11, {"depends_on": [13]})  # 13 → 12 → 11


def test_unknown_owner_is_refused(seeded):
    with pytest.raises(NotFound, match="unknown person 'Jean Personne'"):
        deliverables.add_deliverable(seeded, mission="D-22-010393", title="x", due="fin juin", owners=["Jean Personne"])


def test_lead_must_be_an_owner(seeded):
    with pytest.raises(RuleViolation, match="lead must be one of the owners"):
        deliverables.add_deliverable(seeded, mission="D-22-010393", title="x", due="fin juin", owners=["Thomas Audigé"], lead="Dominique Pon")


def test_first_owner_leads_by_default_and_owners_are_unique(seeded):
    saved = deliverables.add_deliverable(seeded, mission="D-22-010393", title="x", due="fin juin", owners=["Dominique Pon", "thomas audigé", "Dominique Pon"])
    assert [(o.name, o.lead) for o in saved.deliverable.owners] == [("Dominique Pon", True), ("Thomas Audigé", False)]


def test_done_gets_a_completion_date_and_reopening_clears_it(seeded):
    done = deliverables.complete(seeded, 12, on=date(2022, 9, 28)).deliverable
    assert done.status is Status.DONE and done.completed_on == date(2022, 9, 28)
    reopened = deliverables.edit_deliverable(seeded, 12, {"status": "in-progress"}).deliverable
    assert reopened.completed_on is None


def test_completion_date_without_done_is_refused(seeded):
    d = seeded.store.deliverable(12)
    with pytest.raises(RuleViolation, match="only a done deliverable"):
        deliverables.edit_deliverable(seeded, 12, {"completed_on": date(2022, 9, 1)}, version=d.version)


def test_due_before_a_prerequisite_is_a_warning_not_an_error(seeded):
    saved = deliverables.edit_deliverable(seeded, 12, {"due": "2022-06-15"})  # the checkpoint it needs is 30 June
    assert saved.deliverable.due.date == date(2022, 6, 15)
    assert saved.warnings and "before #11" in saved.warnings[0]


@pytest.mark.parametrize("title", ["", "   ", "a\x00b", "x" * 20_001])
def test_bad_titles_are_refused(seeded, title):
    with pytest.raises(InvalidInput):
        deliverables.add_deliverable(seeded, mission="D-22-010393", title=title, due="fin juin")


def test_sequence_moves_only_with_what_calendars_show(seeded):
    d = seeded.store.deliverable(12)
    deliverables.edit_deliverable(seeded, 12, {"notes": "détail"})
    assert seeded.store.deliverable(12).sequence == d.sequence
    deliverables.edit_deliverable(seeded, 12, {"due": "fin octobre 2022"})
    assert seeded.store.deliverable(12).sequence == d.sequence + 1
