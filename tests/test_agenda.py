"""The agenda: late items on top, then day by day over the next weeks, then what is to schedule — as
the use case gives it, and as `missiontui agenda` prints it in both languages."""

from datetime import date

import pytest

from missiontui.core.agenda import period
from missiontui.core.errors import InvalidInput, NotFound
from missiontui.usecases import agenda, deliverables
from missiontui.usecases.context import FixedClock

DEMO_DAY = date(2022, 9, 26)  # a Monday: the DNS report is due on Friday, its checkpoint of 30 June is late


@pytest.fixture
def monday(seeded):
    seeded.clock = FixedClock(DEMO_DAY)
    return seeded


@pytest.mark.parametrize("day, expected", [
    (date(2022, 9, 26), "today"),
    (date(2022, 10, 2), "this-week"),  # Sunday ends the week, as in France
    (date(2022, 10, 3), "next-week"),
    (date(2022, 10, 9), "next-week"),
    (date(2022, 10, 10), "later"),
])
def test_periods_of_a_monday(day, expected):
    assert period(day, DEMO_DAY) == expected


def test_on_a_sunday_monday_is_next_week():
    assert period(date(2022, 10, 3), date(2022, 10, 2)) == "next-week"


def test_late_first_oldest_first_then_the_week_then_nothing_to_schedule(monday):
    plan = agenda.agenda(monday)
    # Open and past due on 26 September 2022: STSS's 2018 items, and the DNS checkpoint "d'ici la fin juin".
    assert plan.late == (3, 4, 9, 11)
    assert [(d.day, d.period, d.ids) for d in plan.days] == [(date(2022, 9, 30), "this-week", (12,))]
    assert plan.undated == () and plan.until == date(2022, 10, 10)


def test_a_longer_horizon_reaches_the_decisions_at_the_end_of_the_year(monday):
    plan = agenda.agenda(monday, agenda.Scope(days=100, mission="d-22-010393"))
    assert plan.late == (11,)
    assert [(d.day, d.period, d.ids) for d in plan.days] == [(date(2022, 9, 30), "this-week", (12,)),
                                                             (date(2022, 12, 31), "later", (13,))]


def test_done_items_of_the_window_stay_cancelled_ones_go_undated_ones_apart(monday):
    deliverables.complete(monday, 12)
    extra = deliverables.add_deliverable(monday, mission="D-22-010393", title="Atelier", due="2022-09-28")
    deliverables.edit_deliverable(monday, extra.deliverable.id, {"status": "cancelled"})
    later = deliverables.add_deliverable(monday, mission="D-22-010393", title="Propositions", due="").deliverable
    plan = agenda.agenda(monday)
    assert [d.ids for d in plan.days] == [(12,)]  # done this week: still on the week's picture
    assert plan.undated == (later.id,)


def test_mine_is_the_acting_user_found_by_first_name(monday):
    monday.actor = "Thomas"
    plan = agenda.agenda(monday, agenda.Scope(mine=True))
    assert plan.late == (11,) and [d.ids for d in plan.days] == [(12,)]


def test_mine_and_owner_together_is_one_clear_refusal(monday):
    with pytest.raises(InvalidInput, match="--mine and --owner"):
        agenda.agenda(monday, agenda.Scope(mine=True, owner="Thomas Audigé"))


def test_a_wrong_mission_is_said(monday):
    with pytest.raises(NotFound, match="no mission with reference 'NOPE'"):
        agenda.agenda(monday, agenda.Scope(mission="NOPE"))


def test_agenda_command_in_english(seeded, cli, monkeypatch):
    monkeypatch.setenv("MISSIONTUI_TODAY", DEMO_DAY.isoformat())
    out = cli("agenda").out
    assert out.splitlines()[0] == "Agenda — Monday 26 September 2022 to Monday 10 October 2022"
    late, week = out.index("Late · 4"), out.index("This week")
    assert late < out.index("88 d late") < week < out.index("Friday 30 September 2022") < out.index("#12")
    assert "To schedule" not in out


def test_agenda_command_in_french_for_one_mission(seeded, cli, monkeypatch):
    monkeypatch.setenv("MISSIONTUI_TODAY", DEMO_DAY.isoformat())
    deliverables.add_deliverable(seeded, mission="D-22-010393", title="Propositions", due="")
    out = cli("--lang", "fr", "agenda", "--days", "100", "-m", "D-22-010393").out
    assert out.splitlines()[0] == "Agenda — du lundi 26 septembre 2022 au mercredi 4 janvier 2023"
    for words in ("En retard · 1", "88 j de retard", "Cette semaine", "vendredi 30 septembre 2022", "Plus tard",
                  "samedi 31 décembre 2022", "À planifier · 1", "Propositions", "prévu", "rapport"):
        assert words in out, words
    assert "STSS" not in out


def test_agenda_json(seeded, cli, monkeypatch):
    monkeypatch.setenv("MISSIONTUI_TODAY", DEMO_DAY.isoformat())
    data = cli("agenda", "--json", "--mine").json()  # MISSIONTUI_USER is Thomas Audigé
    assert (data["today"], data["until"]) == ("2022-09-26", "2022-10-10")
    assert [d["id"] for d in data["late"]] == [11]
    assert data["days"] == [{"date": "2022-09-30", "period": "this-week",
                             "deliverables": [data["days"][0]["deliverables"][0]]}]
    assert data["days"][0]["deliverables"][0]["title"].startswith("Remise des travaux")
    assert data["undated"] == []


def test_agenda_of_an_unknown_person_is_one_line(seeded, cli):
    result = cli("agenda", "--owner", "Zoé")
    assert result.code == 1 and result.err.strip() == (
        "missiontui: error: unknown person 'Zoé' (add them with: missiontui people add)")
