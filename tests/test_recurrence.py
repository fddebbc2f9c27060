"""Recurring meetings: a steering committee every first Tuesday, a weekly team point. The deliverable's
date is the next occurrence; completing one moves it to the following one, each in the history;
the export carries the rule. Dates below are read off a calendar, not computed by the code."""

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from missiontui.core import recurrence
from missiontui.core.errors import InvalidInput

COPIL = "FREQ=MONTHLY;BYDAY=1TU"  # every first Tuesday


@pytest.mark.parametrize("rule, day, after", [
    (COPIL, date(2022, 6, 7), date(2022, 7, 5)),  # first Tuesdays of June and July 2022
    ("FREQ=WEEKLY", date(2022, 5, 17), date(2022, 5, 24)),
    ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH", date(2022, 5, 19), date(2022, 5, 31)),  # Thu → Tue two weeks on
    ("FREQ=MONTHLY;BYDAY=-1FR", date(2022, 5, 27), date(2022, 6, 24)),  # last Fridays
    ("FREQ=MONTHLY;BYMONTHDAY=15", date(2022, 5, 15), date(2022, 6, 15)),
    ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", date(2024, 2, 29), date(2028, 2, 29)),
    ("FREQ=MONTHLY;INTERVAL=3;BYDAY=2WE", date(2022, 1, 12), date(2022, 4, 13)),  # second Wednesday, quarterly
])
def test_the_next_occurrence(rule, day, after):
    recurrence.check(rule, day)
    assert recurrence.following(rule, day) == (after, rule)


def test_a_count_goes_down_and_the_last_occurrence_ends_the_series():
    assert recurrence.following(COPIL + ";COUNT=3", date(2022, 6, 7)) == (date(2022, 7, 5), COPIL + ";COUNT=2")
    assert recurrence.following(COPIL + ";COUNT=1", date(2022, 7, 5)) is None
    assert recurrence.following(COPIL + ";UNTIL=20220801", date(2022, 7, 5)) is None  # 2 August is after
    assert recurrence.following(COPIL + ";UNTIL=20220802", date(2022, 7, 5)) == (date(2022, 8, 2),
                                                                                COPIL + ";UNTIL=20220802")


@pytest.mark.parametrize("typed, stored", [
    ("rrule:freq=monthly;byday=1tu", COPIL),
    (" BYDAY=1TU;FREQ=MONTHLY ", COPIL),  # parts in a fixed order
    ("", ""),
])
def test_a_rule_is_stored_one_way(typed, stored):
    assert recurrence.normalise(typed) == stored


@pytest.mark.parametrize("rule, message", [
    ("FREQ=HOURLY", "FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY"),
    ("FREQ=MONTHLY;BYSETPOS=1", "BYSETPOS is not understood here"),
    ("FREQ=WEEKLY;BYDAY=1TU", "a numbered day such as 1TU needs FREQ=MONTHLY or YEARLY"),
    ("FREQ=WEEKLY;COUNT=2;UNTIL=20220901", "give COUNT or UNTIL, not both"),
    ("FREQ=WEEKLY;UNTIL=20220231", "'20220231' is not a value for UNTIL"),
    ("FREQ=WEEKLY\nSUMMARY:x", "only letters, digits"),
    ("FREQ=WEEKLY;INTERVAL=0", "'0' is not a value for INTERVAL"),
])
def test_a_rule_mistake_is_named(rule, message):
    with pytest.raises(InvalidInput) as error:
        recurrence.normalise(rule)
    assert message in str(error.value)


def test_the_date_must_be_an_occurrence_so_no_rule_searches_forever():
    with pytest.raises(InvalidInput, match="2022-06-08 is not an occurrence of FREQ=MONTHLY;BYDAY=1TU"):
        recurrence.check(COPIL, date(2022, 6, 8))
    with pytest.raises(InvalidInput, match="is not an occurrence"):  # 30 February: no date ever fits
        recurrence.check("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", date(2022, 2, 28))


RULES = st.builds(
    lambda freq, interval, byday, monthday, month: ";".join(
        p for p in (f"FREQ={freq}", f"INTERVAL={interval}" if interval > 1 else "",
                    f"BYDAY={byday}" if byday else "", f"BYMONTHDAY={monthday}" if monthday else "",
                    f"BYMONTH={month}" if month else "") if p),
    st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]), st.integers(1, 30),
    st.sampled_from(["", "MO", "TU,TH", "1TU", "-1FR", "5SU", "2WE"]), st.sampled_from([0, 1, 15, 29, 30, 31, -1]),
    st.sampled_from([0, 2, 6, 12]))


@settings(max_examples=300, deadline=None)
@given(RULES, st.dates(date(2000, 1, 1), date(2090, 12, 31)))
def test_a_rule_accepted_on_a_date_always_answers_its_next_occurrence(rule, day):
    """Whatever a user types, a rule is either refused with a sentence or gives the next meeting
    after the date (or none): never a search until the year 9999."""
    try:
        rule = recurrence.normalise(rule)
        recurrence.check(rule, day)
    except InvalidInput:
        return
    nxt = recurrence.following(rule, day)
    assert nxt is None or nxt[0] > day


# --- through the CLI -------------------------------------------------------------------------------

def meeting(cli, *extra):
    cli("mission", "add", "M-1", "-t", "Mission")
    result = cli("add", "Comité de pilotage", "-m", "M-1", "-k", "meeting", "-d", "2022-06-07", "--repeat", COPIL,
                 *extra, "--json")
    assert result.code == 0, result.err
    return result.json()["id"]


def test_completing_an_occurrence_moves_to_the_next_and_the_history_shows_each(cli):
    copil = meeting(cli)
    assert "2022-06-07 ↻" in cli("list").out
    out = cli("done", str(copil)).out
    assert "done: the occurrence of 2022-06-07 of #1 Comité de pilotage; next: 2022-07-05" in out
    cli("done", str(copil), "--on", "2022-08-03")
    shown = cli("show", str(copil), "--json").json()
    assert (shown["due"], shown["status"], shown["recurrence"]) == ("2022-08-02", "planned", COPIL)
    history = [h for h in cli("history", str(copil), "--json").json() if h["field"] == "due"]
    assert [(h["old_value"]["date"], h["new_value"]["date"], h["reason"]) for h in history] == [
        ("2022-07-05", "2022-08-02", "occurrence of 2022-07-05 done on 2022-08-03; next: 2022-08-02"),
        ("2022-06-07", "2022-07-05", "occurrence of 2022-06-07 done on 2022-05-16; next: 2022-07-05"),
    ]
    assert cli("undo").code == 0
    assert cli("show", str(copil), "--json").json()["due"] == "2022-07-05"


def test_the_last_occurrence_completes_the_meeting(cli):
    copil = meeting(cli)
    cli("edit", str(copil), "--repeat", COPIL + ";COUNT=2")
    cli("done", str(copil))
    assert cli("show", str(copil), "--json").json()["recurrence"] == "FREQ=MONTHLY;COUNT=1;BYDAY=1TU"  # stored in order
    done = cli("done", str(copil), "--json").json()
    assert (done["due"], done["status"], done["completed_on"]) == ("2022-07-05", "done", "2022-05-16")


def test_only_a_dated_meeting_on_one_of_its_occurrences_repeats(cli):
    cli("mission", "add", "M-1", "-t", "Mission")
    report = cli("add", "Rapport", "-m", "M-1", "-d", "2022-06-07", "--repeat", COPIL)
    assert report.code == 1 and "only a meeting repeats" in report.err
    wrong_day = cli("add", "Copil", "-m", "M-1", "-k", "meeting", "-d", "2022-06-08", "--repeat", COPIL)
    assert wrong_day.code == 1 and "2022-06-08 is not an occurrence of FREQ=MONTHLY;BYDAY=1TU" in wrong_day.err
    undated = cli("add", "Copil", "-m", "M-1", "-k", "meeting", "--repeat", COPIL)
    assert undated.code == 1 and "needs the date of its next occurrence" in undated.err
    assert cli("list", "--json").json() == []
    copil = cli("add", "Copil", "-m", "M-1", "-k", "meeting", "-d", "2022-06-07", "--repeat", COPIL, "--json").json()
    moved = cli("edit", str(copil["id"]), "-d", "2022-06-08")
    assert moved.code == 1 and "is not an occurrence" in moved.err
    assert cli("edit", str(copil["id"]), "--repeat", "", "-d", "2022-06-08").code == 0  # one-off from now on


def test_the_export_carries_the_rule_from_the_next_occurrence(cli, tmp_path):
    import icalendar
    from dateutil.rrule import rrulestr

    copil = meeting(cli)
    cli("done", str(copil))
    for todo in (False, True):
        path = tmp_path / f"copil-{todo}.ics"
        cli("export", "-o", str(path), *(["--todo"] if todo else []))
        (component,) = icalendar.Calendar.from_ical(path.read_bytes()).walk("VTODO" if todo else "VEVENT")
        assert component.decoded("DTSTART") == date(2022, 7, 5)
        rule = component["RRULE"].to_ical().decode()
        assert rule == COPIL
        series = rrulestr(rule + ";COUNT=4", dtstart=datetime(2022, 7, 5))  # what a calendar shows
        assert [o.date() for o in series] == [date(2022, 7, 5), date(2022, 8, 2), date(2022, 9, 6), date(2022, 10, 4)]


def test_an_exported_meeting_imports_with_its_rule(cli, tmp_path):
    meeting(cli)
    path = tmp_path / "copil.ics"
    cli("export", "-o", str(path))
    other = tmp_path / "other.db"
    cli("mission", "add", "M-1", "-t", "Mission", db=other)
    assert cli("import", str(path), db=other).code == 0
    (imported,) = cli("list", "--json", db=other).json()
    assert (imported["due"], imported["recurrence"]) == ("2022-06-07", COPIL)


def test_a_mission_copied_as_json_keeps_its_meetings_rule(cli, tmp_path):
    meeting(cli)
    copied = tmp_path / "copil.json"
    copied.write_text(cli("list", "--json").out, encoding="utf-8")
    other = tmp_path / "other.db"
    cli("mission", "add", "M-1", "-t", "Mission", db=other)
    assert cli("import", str(copied), db=other).code == 0
    (imported,) = cli("list", "--json", db=other).json()
    assert (imported["due"], imported["kind"], imported["recurrence"]) == ("2022-06-07", "meeting", COPIL)


def test_a_meeting_held_until_a_date_runs_to_its_last_occurrence_before_it(cli):
    """A steering committee every first Tuesday until the end of September 2022 (RFC 5545 UNTIL): the
    first Tuesdays of June to September are 7 June, 5 July, 2 August and 6 September; the
    September one is the last, and completing it completes the meeting."""
    cli("mission", "add", "M-1", "-t", "Mission")
    added = cli("add", "Copil", "-m", "M-1", "-k", "meeting", "-d", "2022-06-07",
                "--repeat", "RRULE:FREQ=MONTHLY;BYDAY=1TU;UNTIL=20220930", "--json")
    assert added.code == 0, added.err
    copil = added.json()
    assert copil["recurrence"] == "FREQ=MONTHLY;UNTIL=20220930;BYDAY=1TU"  # stored in order
    dues = [cli("done", str(copil["id"]), "--json").json()["due"] for _ in range(3)]
    assert dues == ["2022-07-05", "2022-08-02", "2022-09-06"]
    last = cli("done", str(copil["id"]), "--json").json()
    assert (last["due"], last["status"]) == ("2022-09-06", "done")
    ended = cli("add", "Copil", "-m", "M-1", "-k", "meeting", "-d", "2022-06-07",
                "--repeat", "FREQ=MONTHLY;BYDAY=1TU;UNTIL=20220601")  # ends before it begins
    assert ended.code == 1 and "UNTIL is before 2022-06-07" in ended.err and "Traceback" not in ended.err
