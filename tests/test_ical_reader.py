"""The calendar reader, rule by rule: structure, dates and zones, recurrence, statuses, UIDs, text.

Expectations come from RFC 5545 and from what the user saw in their calendar, written by hand.
"""

from __future__ import annotations

from datetime import date, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from missiontui.core.errors import InvalidInput
from missiontui.core.ical.reader import UNTITLED, CalendarReader, read_calendar
from missiontui.core.ical.writer import ExportOptions
from tests.ical_helpers import component
from missiontui.core.model import Deliverable, Due, Kind, Status

PARIS = ZoneInfo("Europe/Paris")


def calendar(*components: str, header: str = "", end: str = "END:VCALENDAR\r\n") -> bytes:
    """A VCALENDAR around `components`, each given as its lines joined by '|'."""
    body = "".join("\r\n".join(c.split("|")) + "\r\n" for c in components)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{header}{body}{end}".encode()


def event(*lines: str, name: str = "VEVENT") -> str:
    return "|".join((f"BEGIN:{name}",) + lines + (f"END:{name}",))


def todo(*lines: str) -> str:
    return event(*lines, name="VTODO")


def one(data: bytes, **options):
    parsed = read_calendar(data, **options)
    assert len(parsed.items) == 1, (parsed.items, parsed.skipped)
    return parsed.items[0]


def refusal(data: bytes) -> str:
    with pytest.raises(InvalidInput) as error:
        read_calendar(data)
    return str(error.value)


# --- structure ---------------------------------------------------------------------------------

def test_a_component_closed_by_the_wrong_end_is_refused_with_its_line():
    data = calendar(event("UID:a", "DTSTART;VALUE=DATE:20220715", "SUMMARY:x", "END:VTODO"))
    assert refusal(data) == "line 8: END:VTODO closes the VEVENT begun at line 4"


@pytest.mark.parametrize(("inner", "outer", "line"), [
    (event("UID:b"), "VEVENT", 7),  # an event inside an event
    (todo("UID:b"), "VEVENT", 7),  # a to-do inside an event
    ("BEGIN:VCALENDAR|END:VCALENDAR", "VEVENT", 7),
    ("BEGIN:STANDARD|END:STANDARD", "VEVENT", 7),  # time zone rules outside a VTIMEZONE
])
def test_components_nested_where_rfc_5545_forbids_are_refused(inner, outer, line):
    data = calendar(event("UID:a", "SUMMARY:x", inner))
    assert refusal(data) == f"line {line}: a {inner[6:].split('|')[0]} cannot stand inside the {outer} begun at line 4"


def test_an_alarm_outside_an_event_is_refused():
    assert refusal(calendar("BEGIN:VALARM|ACTION:DISPLAY|END:VALARM")) == \
        "line 4: a VALARM cannot stand inside the VCALENDAR begun at line 1"


def test_components_the_rfcs_allow_inside_an_event_are_read():
    data = calendar(event("UID:a", "DTSTART;VALUE=DATE:20220715", "SUMMARY:x",
                          "BEGIN:VALARM", "ACTION:DISPLAY", "BEGIN:VLOCATION", "END:VLOCATION", "END:VALARM",
                          "BEGIN:PARTICIPANT", "END:PARTICIPANT", "BEGIN:X-VENDOR-THING", "END:X-VENDOR-THING"),
                    "BEGIN:X-CALENDAR-EXTRA|BEGIN:ANYTHING|END:ANYTHING|END:X-CALENDAR-EXTRA")
    assert one(data).due == date(2022, 7, 15)


@pytest.mark.parametrize("cut", [40, 80, 120])
def test_a_truncated_file_is_refused_with_the_line_it_stops_at(cut):
    data = calendar(event("UID:a", "DTSTART;VALUE=DATE:20220715", "SUMMARY:Audition"))[:cut]
    message = refusal(data)
    assert message.startswith("the file is incomplete: it ends after line ") and "begun at line" in message


def test_truncation_names_the_innermost_open_component():
    data = calendar("BEGIN:VEVENT|UID:a|SUMMARY:x|BEGIN:VALARM|ACTION:DISPLAY", end="")
    assert refusal(data) == ("the file is incomplete: it ends after line 8 inside the VALARM begun at line 7 "
                             "(an interrupted download?)")


@pytest.mark.parametrize(("data", "message"), [
    (b"", "the file is empty: no iCalendar content"),
    (b"\r\n\r\n  \r\n", "the file is empty: no iCalendar content"),
    (b"BEGIN:VEVENT\r\nUID:a\r\nEND:VEVENT\r\n",
     "the file is not an iCalendar file: it starts with BEGIN:VEVENT (line 1), not BEGIN:VCALENDAR"),
    (b"Subject: hello\r\n\r\nthis is an email\r\n",
     "the file is not an iCalendar file: it starts with 'Subject: hello' (line 1), not BEGIN:VCALENDAR"),
    (b"/etc/passwd", "the file is not an iCalendar file: it starts with '/etc/passwd' (line 1), not BEGIN:VCALENDAR"),
    (b"END:VCALENDAR\r\n", "line 1: END:VCALENDAR closes nothing (no BEGIN:VCALENDAR before it)"),
    (b"BEGIN:VCALENDAR\r\nBEGIN:\x00\r\nEND:VCALENDAR\r\n", "line 2: '?' is not a component name (BEGIN:)"),
    (b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VEVENT\r\n",
     "line 3: a VEVENT cannot stand outside any VCALENDAR"),
    ("BEGIN:VCALENDAR\r\nSUMMARY:Réunion\r\nEND:VCALENDAR\r\n".encode("latin-1"),
     "the file is not UTF-8 text (byte 0xe9 on line 2); iCalendar files are UTF-8"),
])
def test_files_that_are_no_calendar_are_refused_in_one_sentence(data, message):
    assert refusal(data) == message


def test_a_str_is_never_taken_for_a_file():
    with pytest.raises(TypeError):
        read_calendar("/etc/passwd")  # type: ignore[arg-type]


def test_what_clients_do_that_the_rfc_does_not_ask_is_still_read():
    """LF endings, lower-case names, a BOM, blank lines, a tab continuation, text after END:VCALENDAR."""
    data = ("\ufeffbegin:vcalendar\nversion:2.0\n\nbegin:vevent\nuid:a\ndtstart;value=date:20220715\n"
            "summary:Audition\n\tde la DREES\nend:vevent\nend:vcalendar\nX-COMMENT:Cached from 2022-02-20\n").encode()
    parsed = read_calendar(data)
    assert [(i.uid, i.title, i.due) for i in parsed.items] == [("a", "Auditionde la DREES", date(2022, 7, 15))]
    assert parsed.warnings == ["line 11: text after END:VCALENDAR ignored"]


def test_an_icalendar_stream_of_several_calendars_is_read_whole():
    one_event = calendar(event("UID:a", "DTSTART;VALUE=DATE:20220715", "SUMMARY:A"))
    other = calendar(todo("UID:b", "DUE;VALUE=DATE:20220720", "SUMMARY:B"))
    assert [i.uid for i in read_calendar(one_event + other).items] == ["a", "b"]


def test_a_line_folded_inside_a_utf8_character_is_joined_first():
    """RFC 5545 3.1: simple writers may fold in the middle of a multi-octet character."""
    summary = "SUMMARY:Réunion préparatoire".encode()
    cut = summary.index("é".encode()) + 1
    data = calendar(event("UID:a", "DTSTART;VALUE=DATE:20220715", "X")).replace(b"X\r\n", summary[:cut] + b"\r\n "
                                                                             + summary[cut:] + b"\r\n")
    assert one(data).title == "Réunion préparatoire"


def test_items_are_streamed_before_the_rest_of_the_file_is_read():
    """Memory holds one item at a time: the first comes out before the damage further down is seen."""
    data = calendar(event("UID:a", "DTSTART;VALUE=DATE:20220715", "SUMMARY:first"), "END:VTODO")
    items = iter(CalendarReader(data))
    assert next(items).title == "first"
    with pytest.raises(InvalidInput, match="line 9: END:VTODO closes the VCALENDAR begun at line 1"):
        next(items)


# --- one item that does not fit ------------------------------------------------------------------

def test_an_item_that_does_not_fit_is_skipped_with_the_reason_and_the_rest_is_read():
    data = calendar(event("UID:a", "DTSTART;VALUE=DATE:20221345", "SUMMARY:Bad"),
                    event("UID:b", "DTSTART;VALUE=DATE:20220715", "SUMMARY:Good"))
    parsed = read_calendar(data)
    assert [i.uid for i in parsed.items] == ["b"]
    assert parsed.skipped == ["'Bad' (VEVENT at line 4): DTSTART '20221345' (line 6) is not a date"]


@pytest.mark.parametrize(("lines", "reason"), [
    (("DTSTART:20220715T250000",), "DTSTART '20220715T250000' (line 6) is not a date"),
    (("DTSTART:2022-07-15",), "DTSTART '2022-07-15' (line 6) is not a date"),
    (("DTSTART;VALUE=DATE:20220715", "DTSTART;VALUE=DATE:20220716"),
     "DTSTART appears twice (lines 6 and 7): which date is meant?"),
    (("DTSTART=20220715",), "its DTSTART line (line 6) cannot be read"),
    (("DTSTART;VALUE=DATE:20220715", 'SUMMARY;LANGUAGE="fr:Unclosed'), "its SUMMARY line (line 7) cannot be read"),
])
def test_why_an_item_is_skipped(lines, reason):
    parsed = read_calendar(calendar(event("UID:a", *lines)))
    assert parsed.items == [] and parsed.skipped == [f"(VEVENT at line 4): {reason}"]


def test_a_damaged_line_in_a_property_we_do_not_use_is_ignored_with_a_warning():
    data = calendar(event("UID:a", "DTSTART:20150905T090000Z", "X-APPLE-RADIUS=49.91307046514149", "SUMMARY:x"))
    parsed = read_calendar(data)
    assert [i.uid for i in parsed.items] == ["a"]
    assert parsed.warnings == ["line 7: not an iCalendar content line; ignored"]


def test_a_time_that_leaves_the_calendar_in_its_zone_is_skipped():
    data = calendar(event("UID:a", "SUMMARY:x", "DTSTART:99991231T230000Z"), header="X-WR-TIMEZONE:Pacific/Kiritimati\r\n")
    assert read_calendar(data).skipped == [
        "'x' (VEVENT at line 5): '99991231T230000Z' (line 8) falls outside the years 1 to 9999 in its time zone"]


def test_a_to_do_whose_duration_leaves_the_calendar_is_skipped():
    parsed = read_calendar(calendar(todo("UID:a", "DTSTART;VALUE=DATE:99991231", "DURATION:P10D")))
    assert parsed.skipped == ["(VTODO at line 4): DURATION 'P10D' (line 7) ends after the year 9999"]


# --- the date: the calendar date the author saw --------------------------------------------------

@pytest.mark.parametrize(("lines", "due"), [
    (("DTSTART;VALUE=DATE:20220715",), date(2022, 7, 15)),
    (("DTSTART:20220715T233000",), date(2022, 7, 15)),  # floating: as written
    (("DTSTART;TZID=Europe/Paris:20220701T000000",), date(2022, 7, 1)),  # not 30 June, as in UTC
    (("DTSTART;TZID=America/Los_Angeles:20220701T233000",), date(2022, 7, 1)),  # not 2 July, as in UTC
    (("DTSTART;VALUE=DATE:20220701T000000",), date(2022, 7, 1)),  # VALUE=DATE holding a date-time
    (("DTSTART:20161231T235960Z",), date(2016, 12, 31)),  # a leap second
    (("DTSTART;VALUE=DATE:20220715", "DUE;VALUE=DATE:20220801"), date(2022, 7, 15)),  # an event has no DUE
])
def test_event_dates(lines, due):
    assert one(calendar(event("UID:a", "SUMMARY:x", *lines))).due == due


@pytest.mark.parametrize(("lines", "due"), [
    (("DTSTART;VALUE=DATE:20220601", "DUE;VALUE=DATE:20220615"), date(2022, 6, 15)),
    (("DUE;TZID=Europe/Paris:20220701T000000",), date(2022, 7, 1)),
    (("DTSTART;TZID=Europe/Paris:20220620T000000",), date(2022, 6, 20)),
    (("DTSTART;VALUE=DATE:20221020", "DURATION:P5D"), date(2022, 10, 25)),
    (("DTSTART:20221020T090000", "DURATION:PT15H"), date(2022, 10, 21)),
    (("DTSTART:20221020T090000", "DURATION:P1W"), date(2022, 10, 27)),
    (("DTSTART:20221020T090000", "DURATION:-PT10H"), date(2022, 10, 19)),
    (("DTSTART;VALUE=DATE:20221020", "DURATION:soon"), date(2022, 10, 20)),  # not a duration: the start
    ((), None),
])
def test_to_do_dates(lines, due):
    assert one(calendar(todo("UID:a", "SUMMARY:x", *lines))).due == due


def test_utc_times_are_read_in_the_zone_the_calendar_names():
    """Google writes timed events in UTC and the calendar's zone in X-WR-TIMEZONE."""
    data = calendar(event("UID:a", "SUMMARY:x", "DTSTART:20220630T223000Z"), header="X-WR-TIMEZONE:Europe/Paris\r\n")
    assert one(data).due == date(2022, 7, 1)


def test_the_item_own_zone_wins_over_the_calendar_zone():
    data = calendar(todo("UID:a", "SUMMARY:x", "DTSTART;TZID=America/New_York:20220630T090000",
                         "DUE:20220701T020000Z"), header="X-WR-TIMEZONE:Europe/Paris\r\n")
    assert one(data).due == date(2022, 6, 30)  # 22:00 in New York, 04:00 in Paris


@pytest.mark.parametrize(("timezone_block", "due"), [
    ("BEGIN:VTIMEZONE|TZID:Europe/Paris|END:VTIMEZONE", date(2022, 7, 1)),
    # Outlook's Windows names
    ("BEGIN:VTIMEZONE|TZID:Romance Standard Time|END:VTIMEZONE", date(2022, 7, 1)),
    # Thunderbird's and libical's vendor prefixes
    ("BEGIN:VTIMEZONE|TZID:/mozilla.org/20070129_1/Europe/Paris|END:VTIMEZONE", date(2022, 7, 1)),
    ("BEGIN:VTIMEZONE|TZID:Paris-custom|X-LIC-LOCATION:Europe/Paris|END:VTIMEZONE", date(2022, 7, 1)),
    # a zone known only by its rules: icalendar builds it (UTC+14 all year)
    ("BEGIN:VTIMEZONE|TZID:Line Islands (custom)|BEGIN:STANDARD|DTSTART:19700101T000000|TZOFFSETFROM:+1400"
     "|TZOFFSETTO:+1400|END:STANDARD|END:VTIMEZONE", date(2022, 7, 1)),
])
def test_utc_times_are_read_in_the_only_zone_the_file_defines(timezone_block, due):
    data = calendar(timezone_block, event("UID:a", "SUMMARY:x", "DTSTART:20220630T223000Z"))
    assert one(data).due == due


def test_the_only_zone_may_come_after_the_items_that_need_it():
    data = calendar(event("UID:a", "SUMMARY:x", "DTSTART:20220630T223000Z"),
                    "BEGIN:VTIMEZONE|TZID:Europe/Paris|END:VTIMEZONE")
    assert one(data).due == date(2022, 7, 1)


def test_utc_times_in_a_file_that_names_no_zone_are_read_in_the_importer_zone():
    data = calendar(todo("UID:a", "SUMMARY:x", "DUE:20220630T223000Z"))
    assert one(data, zone=PARIS).due == date(2022, 7, 1)
    assert one(data, zone=ZoneInfo("America/New_York")).due == date(2022, 6, 30)
    assert one(data).due == date(2022, 6, 30)  # no zone given: UTC


def test_a_zone_nobody_knows_keeps_the_date_as_written_with_a_warning():
    data = calendar(event("UID:a", "SUMMARY:x", "DTSTART;TZID=Mars/Olympus_Mons:20220715T233000"),
                    event("UID:b", "SUMMARY:y", "DTSTART;TZID=Mars/Olympus_Mons:20220716T233000"))
    parsed = read_calendar(data)
    assert [i.due for i in parsed.items] == [date(2022, 7, 15), date(2022, 7, 16)]
    assert parsed.warnings == ["line 7: unknown time zone 'Mars/Olympus_Mons'; used the date as written (2022-07-15)"]


def test_a_zone_the_file_defines_is_no_unknown_zone():
    data = calendar("BEGIN:VTIMEZONE|TZID:Bureau (custom)|END:VTIMEZONE",
                    event("UID:a", "SUMMARY:x", 'DTSTART;TZID="Bureau (custom)":20220715T233000'))
    parsed = read_calendar(data)
    assert parsed.items[0].due == date(2022, 7, 15) and parsed.warnings == []


def test_completion_dates_follow_the_same_rule():
    data = calendar(todo("UID:a", "SUMMARY:x", "STATUS:COMPLETED", "COMPLETED:20220618T223000Z"),
                    header="X-WR-TIMEZONE:Europe/Paris\r\n")
    assert one(data).completed_on == date(2022, 6, 19)


def test_a_completion_date_that_is_no_date_is_ignored_with_a_warning():
    parsed = read_calendar(calendar(todo("UID:a", "SUMMARY:x", "STATUS:COMPLETED", "COMPLETED:yesterday")))
    assert parsed.items[0].completed_on is None and parsed.items[0].status is Status.DONE
    assert parsed.warnings == ["line 8: COMPLETED 'yesterday' is not a date; ignored"]


# --- recurring series ----------------------------------------------------------------------------

SERIES = event("UID:s", "SUMMARY:Point hebdo", "DTSTART;TZID=Europe/Paris:20220905T100000",
               "RRULE:FREQ=WEEKLY;BYDAY=MO", "EXDATE;TZID=Europe/Paris:20220912T100000")
MOVED = event("UID:s", "SUMMARY:Point hebdo (décalé)", "RECURRENCE-ID;TZID=Europe/Paris:20220919T100000",
              "DTSTART;TZID=Europe/Paris:20220920T140000")
CANCELLED = event("UID:s", "SUMMARY:Point hebdo", "RECURRENCE-ID;TZID=Europe/Paris:20221003T100000",
                  "DTSTART;TZID=Europe/Paris:20221003T100000", "STATUS:CANCELLED")


@pytest.mark.parametrize("order", [(SERIES, MOVED, CANCELLED), (MOVED, CANCELLED, SERIES), (MOVED, SERIES, CANCELLED)])
def test_a_series_is_one_item_at_its_first_date_whatever_its_exceptions(order):
    parsed = read_calendar(calendar(*order))
    assert [(i.uid, i.title, i.due, i.status, i.rrule) for i in parsed.items] == [
        ("s", "Point hebdo", date(2022, 9, 5), None, "FREQ=WEEKLY;BYDAY=MO")]
    assert parsed.skipped == [] and parsed.warnings == []


def test_an_occurrence_whose_series_is_not_in_the_file_is_read_on_its_own_date():
    """Lotus Notes writes every occurrence this way; a CalDAV invitation to one occurrence too."""
    parsed = read_calendar(calendar(MOVED, CANCELLED, event("UID:other", "SUMMARY:y", "DTSTART;VALUE=DATE:20220101")))
    assert [(i.uid, i.due) for i in parsed.items] == [("other", date(2022, 1, 1)), ("s", date(2022, 9, 20))]
    assert parsed.warnings == ["'Point hebdo (décalé)' (VEVENT at line 4): one occurrence of a recurring series "
                               "that is not in this file; read on its own date"]


@pytest.mark.parametrize("order", [(SERIES, MOVED), (MOVED, SERIES)])
def test_the_occurrences_of_a_skipped_series_go_with_it(order):
    broken = tuple(c.replace("DTSTART;TZID=Europe/Paris:20220905T100000", "DTSTART;TZID=Europe/Paris:2022-09-05")
                   for c in order)
    parsed = read_calendar(calendar(*broken))
    assert parsed.items == [] and parsed.warnings == []
    assert [line.split(": ", 1)[1] for line in parsed.skipped] == [
        "DTSTART '2022-09-05' (line %d) is not a date" % (7 if order[0] is SERIES else 13)]


def test_a_cancelled_series_is_cancelled():
    data = calendar(SERIES.replace("RRULE", "STATUS:CANCELLED|RRULE"))
    assert one(data).status is Status.CANCELLED


# --- statuses --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("lines", "status"), [
    (("STATUS:NEEDS-ACTION",), Status.PLANNED),
    (("STATUS:IN-PROCESS",), Status.IN_PROGRESS),
    (("STATUS:COMPLETED",), Status.DONE),
    (("STATUS:CANCELLED",), Status.CANCELLED),
    (("COMPLETED:20220618T090000Z",), Status.DONE),  # completed without STATUS
    (("PERCENT-COMPLETE:100",), Status.DONE),
    (("PERCENT-COMPLETE:30",), Status.IN_PROGRESS),
    (("PERCENT-COMPLETE:0",), None),
    ((), None),
])
def test_to_do_statuses(lines, status):
    assert one(calendar(todo("UID:a", "SUMMARY:x", "DUE;VALUE=DATE:20220620", *lines))).status is status


@pytest.mark.parametrize(("lines", "status"), [
    (("STATUS:CONFIRMED",), None), (("STATUS:TENTATIVE",), None), (("STATUS:CANCELLED",), Status.CANCELLED)])
def test_event_statuses(lines, status):
    assert one(calendar(event("UID:a", "SUMMARY:x", "DTSTART;VALUE=DATE:20220620", *lines))).status is status


def test_everything_in_a_cancel_message_is_cancelled():
    data = calendar(event("UID:a", "SUMMARY:x", "DTSTART;VALUE=DATE:20220620"), header="METHOD:CANCEL\r\n")
    assert one(data).status is Status.CANCELLED


def deliverable(status: Status, **changes) -> Deliverable:
    fields = dict(id=7, uid="d7@missiontui", mission_id=1, mission_ref="D-22-010393", title="Note, d'étape; « 1 »",
                  kind=Kind.REPORT, due=Due(date(2022, 6, 30)), status=status, created_at="2022-05-01T10:00:00Z",
                  updated_at="2022-05-02T10:00:00Z")
    return Deliverable(**{**fields, **changes})


@pytest.mark.parametrize("todo_form", [False, True])
@pytest.mark.parametrize("status", list(Status))
def test_our_own_export_reads_back_as_it_was(status, todo_form):
    text = component(deliverable(status), ExportOptions(today=date(2022, 5, 16), todo=todo_form))
    item = one(calendar(text.replace("\r\n", "|").rstrip("|")))
    assert (item.uid, item.title, item.due, item.status, item.kind, item.mission, item.ours) == (
        "d7@missiontui", "Note, d'étape; « 1 »", date(2022, 6, 30), status, Kind.REPORT, "D-22-010393", True)


def test_our_completion_date_is_the_one_we_wrote_even_far_east():
    """We write COMPLETED at noon UTC: in UTC+14 that is the next day, yet it is the date we meant."""
    done = deliverable(Status.DONE, completed_on=date(2022, 6, 18))
    text = component(done, ExportOptions(today=date(2022, 5, 16), todo=True))
    assert one(calendar(text.replace("\r\n", "|").rstrip("|")), zone=ZoneInfo("Pacific/Kiritimati")).completed_on == \
        date(2022, 6, 18)


def test_our_deleted_deliverables_read_back_as_cancelled():
    text = component(deliverable(Status.PLANNED, deleted_at="2022-05-03T10:00:00Z"), ExportOptions(today=date(2022, 5, 16)))
    assert one(calendar(text.replace("\r\n", "|").rstrip("|"))).status is Status.CANCELLED


def test_our_task_ticked_in_a_task_client_is_done():
    text = component(deliverable(Status.BLOCKED), ExportOptions(today=date(2022, 5, 16), todo=True))
    text = text.replace("STATUS:NEEDS-ACTION", "STATUS:COMPLETED")
    assert one(calendar(text.replace("\r\n", "|").rstrip("|"))).status is Status.DONE


# --- UIDs ---------------------------------------------------------------------------------------------

def test_an_item_without_uid_gets_one_from_its_content_the_same_each_time():
    data = calendar(event("DTSTART;VALUE=DATE:20220715", "SUMMARY:Audition"))
    first, again = one(data), one(data.replace(b"VERSION:2.0", b"VERSION:2.0\r\nX-WR-CALNAME:renamed"))
    assert first.uid_derived and first.uid == again.uid and first.uid.endswith("@derived.missiontui")
    other = one(data.replace(b"Audition", b"Audition de la DREES"))
    assert other.uid != first.uid


def test_identical_items_without_uid_are_one_item():
    same = event("DTSTART;VALUE=DATE:20220715", "SUMMARY:Audition")
    parsed = read_calendar(calendar(same, same))
    assert len(parsed.items) == 1
    assert parsed.skipped == ["'Audition' (VEVENT at line 8): the same item as the one at line 4 (kept that one)"]


def test_a_repeated_uid_keeps_the_first_item():
    parsed = read_calendar(calendar(event("UID:a", "SUMMARY:first", "DTSTART;VALUE=DATE:20220715"),
                                    todo("UID:a", "SUMMARY:second")))
    assert [i.title for i in parsed.items] == ["first"]
    assert parsed.skipped == ["'second' (VTODO at line 9): the same UID as the one at line 4 (kept that one)"]


# --- text -------------------------------------------------------------------------------------------

def test_text_values_are_unescaped():
    data = calendar(event("UID:a\\,b", "DTSTART;VALUE=DATE:20220715", "SUMMARY:Salle 4\\, bâtiment B\\; étage 2",
                          "DESCRIPTION:Ligne 1\\nLigne 2\\NLigne 3 \\\\ fin",
                          "CATEGORIES:Rapport\\, final,Urgent", "CATEGORIES:Urgent,DREES"))
    item = one(data)
    assert (item.uid, item.title, item.notes) == ("a,b", "Salle 4, bâtiment B; étage 2",
                                                  "Ligne 1\nLigne 2\nLigne 3 \\ fin")
    assert item.categories == ("Rapport, final", "Urgent", "DREES")


def test_quoted_parameters_may_hold_colons_and_semicolons():
    data = calendar(event("UID:a", 'DTSTART;X-NOTE="a:b;c";TZID="Europe/Paris":20220701T000000',
                          'SUMMARY;ALTREP="cid:x;y:z":Titre'))
    item = one(data)
    assert (item.title, item.due) == ("Titre", date(2022, 7, 1))


@pytest.mark.parametrize(("lines", "title"), [
    (("DESCRIPTION:Demander les chiffres\\net les comparer",), "Demander les chiffres"),
    (("LOCATION:Salle 4",), "Salle 4"),
    ((), UNTITLED),
])
def test_an_item_without_summary_is_named_by_what_it_has(lines, title):
    assert one(calendar(todo("UID:a", *lines))).title == title


def test_subtasks_priorities_and_percentages():
    data = calendar(todo("UID:a", "SUMMARY:x", "RELATED-TO;RELTYPE=SIBLING:s", "RELATED-TO:p", "PRIORITY:0",
                         "PERCENT-COMPLETE:140"), todo("UID:b", "SUMMARY:y", "RELATED-TO;RELTYPE=CHILD:c", "PRIORITY:9"))
    a, b = read_calendar(data).items
    assert (a.parent_uid, a.priority, a.percent_complete) == ("p", None, None)
    assert (b.parent_uid, b.priority) == (None, 9)


def test_journals_free_busy_and_time_zones_are_no_items():
    data = calendar("BEGIN:VJOURNAL|UID:j|DTSTART;VALUE=DATE:20220715|END:VJOURNAL",
                    "BEGIN:VFREEBUSY|UID:f|END:VFREEBUSY", "BEGIN:VTIMEZONE|TZID:Europe/Paris|END:VTIMEZONE")
    parsed = read_calendar(data)
    assert parsed.items == [] and parsed.warnings == ["the file holds no events or to-dos"]


def test_every_item_knows_the_line_it_begins_on():
    data = calendar(event("UID:a", "SUMMARY:x"), todo("UID:b", "SUMMARY:y"))
    assert [i.line for i in read_calendar(data).items] == [4, 8]


def test_a_whole_year_of_daily_items_reads_in_order():
    start = date(2022, 1, 1)
    items = [event(f"UID:d{n}", f"SUMMARY:Jour {n}", f"DTSTART;VALUE=DATE:{start + timedelta(days=n):%Y%m%d}")
             for n in range(365)]
    parsed = read_calendar(calendar(*items))
    assert [i.due for i in parsed.items] == [start + timedelta(days=n) for n in range(365)]


def test_the_importer_zone_is_optional_and_utc_by_default():
    data = calendar(event("UID:a", "SUMMARY:x", "DTSTART:20220630T235959Z"))
    assert one(data, zone=timezone.utc).due == one(data).due == date(2022, 6, 30)


def test_digits_of_other_scripts_are_no_date():
    parsed = read_calendar(calendar(event("UID:a", "SUMMARY:x", "DTSTART;VALUE=DATE:٢٠٢٢٠٧١٥")))
    assert parsed.skipped == ["'x' (VEVENT at line 4): DTSTART '٢٠٢٢٠٧١٥' (line 7) is not a date"]
