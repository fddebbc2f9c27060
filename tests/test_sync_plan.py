"""What a sync does to one item, decided from its base, the server's state and ours — the rules of
issue 10 items 4 and 5, one plain case each — and how a server task reads as a local state when a
client dropped our properties."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from missiontui.core.changes import FieldConflict
from missiontui.core.ical.tasks import MissionFields, TaskFields, TaskOwner
from missiontui.core.model import Due, Kind, MissionStatus, Owner, Precision, Status
from missiontui.core.sync_fields import mission_fields, mission_state, task_fields, task_state
from missiontui.core.sync_plan import DeleteCount, count_deletes, plan_item, remote_known

JUNE = Due(date(2022, 6, 30), Precision.END_OF_MONTH, "d'ici la fin juin")
ANN, BOB = Owner(1, "Ann", True), Owner(2, "Bob", False)
BASE = {"title": "Point d'étape", "kind": Kind.CHECKPOINT, "due": JUNE, "status": Status.PLANNED,
        "completed_on": None, "owners": (ANN, BOB), "depends_on": (7,), "notes": ""}


def with_(**changes):
    return {**BASE, **changes}


def test_a_field_changed_on_the_server_only_comes_here():
    plan = plan_item("deliverable", "u", BASE, with_(title="Point d'étape (visio)"), with_(deleted=False))
    assert plan.local == {"title": "Point d'étape (visio)"} and plan.push is None and not plan.conflicts
    assert plan.base["title"] == "Point d'étape (visio)"


def test_a_field_changed_here_only_goes_to_the_server():
    plan = plan_item("deliverable", "u", BASE, BASE, with_(notes="visio", deleted=False))
    assert plan.local == {} and plan.push == "update" and plan.pushed["notes"] == "visio"
    assert plan.base["notes"] == "" and plan.base_after_push["notes"] == "visio"  # the base moves once sent


def test_different_fields_on_each_side_are_both_kept():
    plan = plan_item("deliverable", "u", BASE, with_(title="T2"), with_(notes="n2"))
    assert plan.local == {"title": "T2"} and plan.pushed["title"] == "T2" and plan.pushed["notes"] == "n2"


def test_the_same_change_on_both_sides_is_no_conflict():
    done = dict(status=Status.DONE, completed_on=date(2022, 6, 28))
    plan = plan_item("deliverable", "u", BASE, with_(**done), with_(**done))
    assert not plan.conflicts and plan.local == {} and plan.push is None and plan.base["status"] is Status.DONE


def test_different_changes_to_one_field_are_a_conflict_kept_on_both_sides():
    plan = plan_item("deliverable", "u", BASE, with_(title="theirs", notes="n"), with_(title="yours"))
    assert plan.conflicts == (FieldConflict("title", "Point d'étape", "theirs", "yours"),)
    assert plan.local == {"notes": "n"}  # the other field still comes here
    assert plan.push is None  # yours is not sent until the user chooses
    assert plan.base["title"] == "Point d'étape"  # the base of the conflicting field waits


def test_an_open_conflict_stays_as_it_is_when_nothing_moves():
    first = plan_item("deliverable", "u", BASE, with_(title="theirs"), with_(title="yours"))
    open_ = {c.field: c for c in first.conflicts}
    again = plan_item("deliverable", "u", first.base, remote_known(first.base, open_), with_(title="yours"), open_)
    assert again.conflicts == first.conflicts and again.push is None and again.local == {}


def test_a_conflict_settles_itself_when_the_server_comes_round_to_yours():
    first = plan_item("deliverable", "u", BASE, with_(title="theirs"), with_(title="yours"))
    later = plan_item("deliverable", "u", first.base, with_(title="yours"), with_(title="yours"),
                      {c.field: c for c in first.conflicts})
    assert not later.conflicts and later.push is None and later.base["title"] == "yours"


def test_owners_compare_by_person_and_lead_whatever_the_order():
    plan = plan_item("deliverable", "u", BASE, with_(owners=(BOB, ANN)), BASE)
    assert plan.local == {} and plan.push is None


def test_a_server_delete_of_an_untouched_item_is_a_tombstone_here():
    plan = plan_item("deliverable", "u", BASE, None, with_(deleted=False))
    assert plan.tombstone and plan.forget and plan.deletes == "here"


def test_a_server_delete_of_an_item_changed_here_is_a_conflict():
    plan = plan_item("deliverable", "u", BASE, None, with_(notes="still needed"))
    assert plan.conflicts == (FieldConflict("deleted", False, True, False),)
    assert not plan.tombstone and plan.push is None and not plan.forget
    assert remote_known(plan.base, {"deleted": plan.conflicts[0]}) is None  # it stays gone there meanwhile


def test_a_delete_here_of_an_untouched_item_is_a_delete_there():
    plan = plan_item("deliverable", "u", BASE, BASE, with_(deleted=True))
    assert plan.push == "delete" and plan.deletes == "server"


def test_a_delete_here_of_an_item_changed_there_is_a_conflict_and_is_not_sent():
    plan = plan_item("deliverable", "u", BASE, with_(title="renamed there"), with_(deleted=True))
    assert plan.conflicts == (FieldConflict("deleted", False, False, True),) and plan.push is None
    assert plan.base["title"] == "renamed there"  # what "theirs" would bring back
    open_ = {"deleted": plan.conflicts[0]}
    again = plan_item("deliverable", "u", plan.base, remote_known(plan.base, open_), with_(deleted=True), open_)
    assert again.push is None and again.conflicts == plan.conflicts  # still asking, still not deleted there


def test_deleted_on_both_sides_is_forgotten():
    assert plan_item("deliverable", "u", BASE, None, with_(deleted=True)).forget


def test_new_here_is_created_there_and_new_there_is_created_here():
    mine = plan_item("deliverable", "u", None, None, with_(deleted=False))
    assert mine.push == "create" and mine.base_after_push["title"] == "Point d'étape"
    theirs = plan_item("deliverable", "u", None, BASE, None)
    assert theirs.create_local and theirs.local["title"] == "Point d'étape"


def test_on_both_sides_without_a_common_past_equal_fields_agree_and_others_conflict():
    plan = plan_item("deliverable", "u", None, with_(notes="a"), with_(notes="b"))
    assert [c.field for c in plan.conflicts] == ["notes"] and plan.push is None
    assert not plan_item("deliverable", "u", None, BASE, BASE).conflicts


def test_the_mission_journal_gone_from_the_server_is_put_back():
    mission = {"reference": "D-22", "title": "DNS", "authority": "", "signatory": "", "addressees": (),
               "signed_on": None, "summary": "", "status": MissionStatus.ACTIVE, "lead_id": None}
    plan = plan_item("mission", "m", mission, None, mission)
    assert plan.push == "create" and not plan.tombstone


@pytest.mark.parametrize("here, server, size, side", [
    (10, 0, 1000, None), (11, 0, 1000, "here"), (0, 11, 1000, "server"),
    (1, 0, 2, None),  # deleting one deliverable is everyday work
    (2, 0, 9, "here"),  # more than 20 % of a small mission
    (2, 0, 10, None),
])
def test_the_delete_threshold(here, server, size, side):
    assert DeleteCount(here, server).exceeds(10, 20, size) == side


def test_deletes_are_counted_per_side():
    plans = [plan_item("deliverable", "a", BASE, None, BASE), plan_item("deliverable", "b", BASE, BASE,
                                                                        with_(deleted=True))]
    assert count_deletes(plans) == DeleteCount(1, 1)


# ---------------------------------------------------------------------------- server task -> local state

def person_of(name: str, email: str) -> int:
    return {"ann": 1, "bob": 2}.get(name.casefold(), 99)


def remote(**changes) -> TaskFields:
    fields = dict(uid="u", title="Point d'étape", due=JUNE, status=Status.PLANNED, kind=Kind.CHECKPOINT,
                  owners=(TaskOwner("Ann", lead=True), TaskOwner("Bob")), depends_on=("dep-uid",), mission_ref="D-22")
    return TaskFields(**{**fields, **changes})


def test_a_task_as_we_wrote_it_reads_as_the_state_it_came_from():
    state, unknown = task_state(remote(), BASE, person_of, {"dep-uid": 7})
    assert state == BASE and unknown == ()


def test_properties_a_client_dropped_keep_their_base_value():
    dropped = remote(owners=(), depends_on=(), kind=None, status=Status.PLANNED,
                     due=Due(date(2022, 6, 30), Precision.DAY, ""), present=frozenset())
    state, _ = task_state(dropped, with_(status=Status.BLOCKED), person_of, {})
    assert state["owners"] == (ANN, BOB) and state["depends_on"] == (7,) and state["kind"] is Kind.CHECKPOINT
    assert state["due"] == JUNE  # the same day: our precision and words stay
    assert state["status"] is Status.BLOCKED  # STATUS still reads what we wrote for "blocked"


def test_a_day_moved_by_a_client_that_dropped_our_words_is_a_plain_day():
    moved = remote(due=Due(date(2022, 7, 8), Precision.DAY, ""), present=frozenset())
    assert task_state(moved, BASE, person_of, {})[0]["due"] == Due(date(2022, 7, 8), Precision.DAY, "")


def test_a_day_moved_by_a_client_that_kept_our_stale_words_is_a_plain_day():
    moved = remote(due=Due(date(2022, 7, 8), JUNE.precision, JUNE.phrase))  # our lines kept, the DUE changed
    assert task_state(moved, BASE, person_of, {"dep-uid": 7})[0]["due"] == Due(date(2022, 7, 8), Precision.DAY, "")
    by_colleague = remote(due=Due(date(2023, 6, 30), JUNE.precision, JUNE.phrase), editor="Bob")
    assert task_state(by_colleague, BASE, person_of, {"dep-uid": 7})[0]["due"] == by_colleague.due


def test_a_task_without_due_is_a_deliverable_to_schedule():
    state, _ = task_state(remote(due=None, kind=None, owners=(), depends_on=(), present=frozenset()), None, person_of,
                          {})
    assert state["due"] is None and state["kind"] is Kind.OTHER and state["owners"] == ()


def test_a_client_that_ticks_a_task_done_without_a_date_keeps_the_known_one():
    done = with_(status=Status.DONE, completed_on=date(2022, 6, 28))
    state, _ = task_state(remote(status=Status.DONE, completed_on=None), done, person_of, {"dep-uid": 7})
    assert state["completed_on"] == date(2022, 6, 28)


def test_unknown_dependencies_are_left_out_and_named():
    state, unknown = task_state(remote(depends_on=("dep-uid", "elsewhere")), BASE, person_of, {"dep-uid": 7})
    assert state["depends_on"] == (7,) and unknown == ("elsewhere",)


def test_a_local_state_becomes_the_task_with_the_servers_own_fields_kept():
    moment = datetime(2022, 5, 16, 9, 30, tzinfo=timezone.utc)
    extra = {"percent": 40, "status": "IN-PROCESS", "categories": ["IGAS"], "sequence": 5}
    fields = task_fields(with_(status=Status.IN_PROGRESS), uid="u", mission_ref="D-22", emails={1: "ann@x.fr"},
                         uid_of_id={7: "dep-uid"}, extra=extra, sequence=2, editor="Ann", now=moment)
    assert fields.percent == 40 and fields.categories == ("IGAS",) and fields.sequence == 5
    assert fields.owners == (TaskOwner("Ann", "ann@x.fr", True), TaskOwner("Bob", "", False))
    assert fields.depends_on == ("dep-uid",) and fields.editor == "Ann" and fields.last_modified == moment
    other_status = task_fields(with_(status=Status.DONE, completed_on=date(2022, 6, 1)), uid="u", mission_ref="D-22",
                               emails={}, uid_of_id={}, extra=extra, sequence=2, editor="Ann", now=moment)
    assert other_status.percent is None  # the client's percentage was for another status


def test_the_mission_both_ways():
    journal = MissionFields(uid="m", reference="D-22", title="DNS", signatory="Olivier Véran", addressees=("IGAS",),
                            signed_on=date(2022, 4, 21), lead="Ann", status=MissionStatus.CLOSED)
    state = mission_state(journal, person_of)
    assert state["lead_id"] == 1 and state["status"] is MissionStatus.CLOSED and state["addressees"] == ("IGAS",)
    back = mission_fields(state, uid="m", lead="Ann", people=(), sequence=0, editor="", now=None)
    assert (back.reference, back.title, back.signatory, back.signed_on, back.lead) == (
        "D-22", "DNS", "Olivier Véran", date(2022, 4, 21), "Ann")
