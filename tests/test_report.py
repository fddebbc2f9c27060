"""The sponsor's status report: the red/amber/green rule, what the history says (moves, blockings),
and the model every format renders. Expectations are written by hand from tests/report_scenario.py."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from missiontui.usecases import deliverables, missions
from missiontui.usecases.context import FixedClock
from missiontui.core.model import Deliverable, Due, Kind, Status
from missiontui.core.report.rag import Rag, assess
from missiontui.usecases.reports import history_events, status_report
from tests import report_scenario as scenario
from tests.report_scenario import paris  # noqa: F401  (the fixture)
from tests.report_scenario import REF, TODAY

pytestmark = pytest.mark.usefixtures("paris")

# --- the rule -------------------------------------------------------------------------------------


def item(status: Status, due: date) -> Deliverable:
    return Deliverable(id=1, uid="u", mission_id=1, mission_ref="M", title="t", kind=Kind.OTHER, due=Due(due),
                       status=status)


@pytest.mark.parametrize("status, due, waits, expected", [
    (Status.PLANNED, date(2022, 7, 3), False, (Rag.RED, "late")),  # yesterday
    (Status.IN_PROGRESS, date(2022, 7, 3), False, (Rag.RED, "late")),
    (Status.PLANNED, date(2022, 7, 4), False, (Rag.AMBER, "not_started_soon")),  # due today is not late
    (Status.PLANNED, date(2022, 7, 18), False, (Rag.AMBER, "not_started_soon")),  # 14 days to go
    (Status.PLANNED, date(2022, 7, 19), False, (Rag.GREEN, "on_track")),  # 15 days to go
    (Status.IN_PROGRESS, date(2022, 7, 5), False, (Rag.GREEN, "on_track")),  # started: on track
    (Status.BLOCKED, date(2022, 7, 18), False, (Rag.RED, "blocked_soon")),
    (Status.BLOCKED, date(2022, 7, 19), False, (Rag.AMBER, "blocked")),
    (Status.BLOCKED, date(2022, 7, 19), True, (Rag.AMBER, "blocked")),
    (Status.PLANNED, date(2022, 12, 31), True, (Rag.AMBER, "waits_on_late")),
    (Status.IN_PROGRESS, date(2022, 7, 5), True, (Rag.AMBER, "waits_on_late")),
    (Status.DONE, date(2022, 7, 1), False, (Rag.DONE, "done")),  # done late is done
    (Status.CANCELLED, date(2022, 7, 1), True, (Rag.CANCELLED, "cancelled")),
])
def test_the_colour_rule_as_the_report_states_it(status, due, waits, expected):
    assert assess(item(status, due), TODAY, waits_on_late=waits) == expected


# --- what the history says -------------------------------------------------------------------------


@pytest.fixture
def lived(ctx):
    ids = scenario.build(ctx)
    return ctx, ids


def test_history_gives_each_deadline_move_and_blocking_typed(lived):
    ctx, ids = lived
    store = ctx.store
    mission = store.mission(REF)
    moves, blockings = history_events(store.mission_deliverable_history(mission.id, ("due", "status")))
    noon = lambda day: datetime(2022, *day, 12, tzinfo=timezone.utc)  # noqa: E731
    assert [(m.deliverable_id, m.old, m.new, m.reason, m.actor, m.at) for m in moves] == [
        (ids["checkpoint"], date(2022, 6, 30), date(2022, 7, 1), "Dominique Pon indisponible fin juin", "tester",
         noon((6, 15))),
        (ids["report"], date(2022, 9, 30), date(2022, 10, 15), "calendrier du ministre", "tester", noon((6, 25))),
    ]
    # done and cancelled are status changes too, but not blockings
    assert [(b.deliverable_id, b.reason, b.at) for b in blockings] == [
        (ids["synthese"], "en attente des données DREES", noon((6, 22)))]


def test_a_title_or_phrase_change_is_not_a_deadline_move(lived):
    ctx, ids = lived
    store = ctx.store
    deliverables.edit_deliverable(ctx, ids["decisions"], {"title": "Décisions mises en œuvre", "due": "fin décembre 2022"}, reason="même date, autre formulation")
    moves, _ = history_events(store.mission_deliverable_history(store.mission(REF).id, ("due", "status")))
    assert ids["decisions"] not in {m.deliverable_id for m in moves}


def test_history_of_other_missions_and_deleted_deliverables_is_left_out(lived):
    ctx, ids = lived
    store = ctx.store
    stss = store.deliverable_by_uid("STSS-2018-02-09/proposals@missiontui-seed")
    deliverables.edit_deliverable(ctx, stss.id, {"due": "2018-06-30"}, reason="autre mission")
    deliverables.delete(ctx, ids["report"], reason="fusionné")
    moves, _ = history_events(store.mission_deliverable_history(store.mission(REF).id, ("due", "status")))
    assert [m.deliverable_id for m in moves] == [ids["checkpoint"]]


# --- the report's model --------------------------------------------------------------------------


def test_every_deliverable_gets_its_colour_and_the_clause_that_gave_it(lived):
    ctx, ids = lived
    store = ctx.store
    report = status_report(store, REF, today=TODAY)
    assert [(r.deliverable.id, r.rag, r.rule, r.days_left) for r in report.rows] == [
        (ids["mandate"], Rag.DONE, "done", -74),
        (ids["cadrage"], Rag.DONE, "done", -34),
        (ids["checkpoint"], Rag.RED, "late", -3),
        (ids["questionnaire"], Rag.GREEN, "on_track", 2),
        (ids["synthese"], Rag.RED, "blocked_soon", 4),
        (ids["entretiens"], Rag.AMBER, "not_started_soon", 8),
        (ids["deplacement"], Rag.CANCELLED, "cancelled", 16),
        (ids["report"], Rag.AMBER, "waits_on_late", 103),
        (ids["decisions"], Rag.GREEN, "on_track", 180),
    ]
    assert (report.count(Rag.RED), report.count(Rag.AMBER), report.count(Rag.GREEN), report.count(Rag.DONE)) == \
        (2, 2, 2, 2)
    assert (report.done, report.counted, report.percent_done) == (2, 8, 25)  # the cancelled one is not counted


def test_late_items_come_with_the_reason_from_the_history(lived):
    ctx, ids = lived
    store = ctx.store
    report = status_report(store, REF, today=TODAY)
    assert [r.deliverable.id for r in report.late] == [ids["checkpoint"]]
    why = report.late[0].why
    assert (why.old, why.new, why.reason) == (date(2022, 6, 30), date(2022, 7, 1), "Dominique Pon indisponible fin juin")
    blocked = next(r for r in report.rows if r.deliverable.id == ids["synthese"])
    assert blocked.why.reason == "en attente des données DREES"


def test_due_in_the_next_30_days_is_what_is_still_to_do(lived):
    ctx, ids = lived
    store = ctx.store
    report = status_report(store, REF, today=TODAY)
    # 4 July to 3 August: the late checkpoint is in "late", the cancelled trip nowhere
    assert [r.deliverable.id for r in report.upcoming] == [ids["questionnaire"], ids["synthese"], ids["entretiens"]]


def test_moved_deadlines_baseline_against_current_since_the_letter(lived):
    ctx, ids = lived
    store = ctx.store
    report = status_report(store, REF, today=TODAY)
    assert report.since == date(2022, 4, 21)  # the letter's date
    assert [(r.deliverable.id, r.baseline, r.deliverable.due.date, r.shift_days, len(r.moves)) for r in report.moved] == [
        (ids["checkpoint"], date(2022, 6, 30), date(2022, 7, 1), 1, 1),
        (ids["report"], date(2022, 9, 30), date(2022, 10, 15), 15, 1),
    ]


def test_since_counts_only_the_moves_from_that_day(lived):
    ctx, ids = lived
    store = ctx.store
    report = status_report(store, REF, today=TODAY, since=date(2022, 6, 20))
    assert [(r.deliverable.id, r.baseline) for r in report.moved] == [(ids["report"], date(2022, 9, 30))]
    # the checkpoint's reason is still the reason it is late, whenever it moved
    assert report.late[0].why.reason == "Dominique Pon indisponible fin juin"


def test_two_moves_baseline_is_the_first_deadline_of_the_period(lived):
    ctx, ids = lived
    store = ctx.store
    ctx.clock = FixedClock(TODAY, "2022-07-02T12:00:00.000000Z")
    deliverables.edit_deliverable(ctx, ids["report"], {"due": "2022-09-30"}, reason="retour au calendrier initial")
    report = status_report(store, REF, today=TODAY)
    row = next(r for r in report.moved if r.deliverable.id == ids["report"])
    assert (row.baseline, row.shift_days, len(row.moves), row.why.reason) == \
        (date(2022, 9, 30), 0, 2, "retour au calendrier initial")


def test_a_mission_without_deliverables_still_reports(ctx):
    missions.add_mission(ctx, "M-EMPTY", "Mission vide")
    report = status_report(ctx.store, "M-EMPTY", today=TODAY)
    assert (report.rows, report.percent_done, report.late, report.moved) == ((), 0, [], [])


def test_a_move_is_dated_by_the_local_day(lived):
    """22:30 UTC on 14 June is 00:30 on 15 June in Paris: the move counts from a --since of 15 June."""
    ctx, ids = lived
    store = ctx.store
    ctx.clock = FixedClock(TODAY, "2022-06-14T22:30:00.000000Z")
    deliverables.edit_deliverable(ctx, ids["decisions"], {"due": "2023-01-31"}, reason="loi de finances")
    report = status_report(store, REF, today=TODAY, since=date(2022, 6, 15))
    assert [r.deliverable.id for r in report.moved] == [ids["checkpoint"], ids["report"], ids["decisions"]]


def test_since_a_month_means_from_its_first_day(lived, cli, monkeypatch):
    monkeypatch.setenv("MISSIONTUI_TODAY", "2022-07-04")
    out = cli("report", REF, "-f", "markdown", "--since", "juin 2022").out
    section = out.split("## Deadlines moved since 1\u00a0Jun\u00a02022", 1)[1].split("\n## ", 1)[0]
    moved = [line for line in section.splitlines() if line.startswith("| ") and "moved from" in line]
    assert len(moved) == 2  # the checkpoint's move of 15 June and the report's of 25 June
    assert "Point d'étape" in moved[0] and "Remise des travaux" in moved[1]


@pytest.mark.parametrize("since, shown", [
    ("T1 2022", "1\u00a0Jan\u00a02022"), ("T2 2022", "1\u00a0Apr\u00a02022"), ("T3 2022", "1\u00a0Jul\u00a02022"),
    ("T4 2022", "1\u00a0Oct\u00a02022"), ("S2 2022", "1\u00a0Jul\u00a02022"), ("2022", "1\u00a0Jan\u00a02022"),
    ("le 3 juin 2022", "3\u00a0Jun\u00a02022"), ("le 2 juin dernier", "2\u00a0Jun\u00a02022"),
])
def test_since_a_period_means_from_its_first_day(lived, cli, monkeypatch, since, shown):
    """Quarters start in January, April, July and October; a day in the past is a fine start."""
    monkeypatch.setenv("MISSIONTUI_TODAY", "2022-07-04")  # a Monday
    result = cli("report", REF, "-f", "markdown", "--since", since)
    assert result.code == 0, result.err
    assert f"## Deadlines moved since {shown}" in result.out
