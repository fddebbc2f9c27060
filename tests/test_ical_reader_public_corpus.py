"""icalendar's own test calendars (shipped inside the installed package) as a public corpus, and
icalendar as an independent check of what our lean parser reads.

Every file is read without a traceback. A file refused whole is refused for its structure, with
the line where it breaks; the ones known today are listed below with the reason, written from
reading each file. Items skipped inside a readable file are listed the same way.
"""

from __future__ import annotations

import re
import warnings
from datetime import date, datetime, timezone
from pathlib import Path

import icalendar
import pytest

from missiontui.core.errors import InvalidInput
from missiontui.core.ical.reader import read_calendar

PUBLIC = Path(icalendar.__file__).parent / "tests" / "calendars"
PUBLIC_FILES = sorted(path.name for path in PUBLIC.glob("*.ics"))
CLIENTS = sorted((Path(__file__).parent / "data" / "clients").glob("*.ics"))

REFUSED = {  # file -> why, from reading it
    "big_bad_calendar.ics": "the file is incomplete: it ends after line 41 inside the VCALENDAR begun at line 1",
    "pr_480_summary_with_colon.ics": "the file is incomplete: it ends after line 7 inside the VCALENDAR begun at line 1",
    "small_bad_calendar.ics": "the file is incomplete: it ends after line 3 inside the VCALENDAR begun at line 1",
    "timezone_same_start_and_offset.ics": "line 23: END:VCALENDARD closes the VCALENDAR begun at line 1",
    "empty_RDATE.ics": "line 6: a DAYLIGHT cannot stand inside the VCALENDAR begun at line 1",
    "fuzz_testcase_0_char_in_component_name.ics": "line 1: '?' is not a component name (BEGIN:)",
    "fuzz_testcase_invalid_month.ics": "it starts with BEGIN:V (line 1), not BEGIN:VCALENDAR",
    "fuzz_testcase_vtimezone_lone_cr.ics": "it starts with BEGIN:VTIMEZONE (line 1), not BEGIN:VCALENDAR",
    "issue_178_component_with_invalid_name_represented.ics": "it starts with BEGIN:MYCOMP (line 1), not BEGIN:VCALENDAR",
    "issue_178_custom_component_contains_other.ics": "it starts with BEGIN:MYCOMPTOO (line 1), not BEGIN:VCALENDAR",
    "issue_82_expected_output.ics": "it starts with BEGIN:VEVENT (line 1), not BEGIN:VCALENDAR",
}
SKIPPED = {  # file -> why each skipped item is skipped
    "america_new_york_forward_reference.ics": ["DTSTART appears twice (lines 4 and 5)"],
    "pacific_fiji.ics": ["DTSTART appears twice (lines 48 and 49)"],
    "broken_dtstart.ics": ["DTSTART 'INVALID-DATE' (line 6) is not a date"],
    "issue_1081_invalid_start_and_end.ics": ["DTSTART 'INVALID-DATE' (line 6) is not a date"],
    "issue_1081_invalid_start_valid_end.ics": ["DTSTART 'INVALID-DATE' (line 6) is not a date"],
    "timezone_rdate.ics": ["its SUMMARY line (line 53) cannot be read"],  # 'SUMMARY=testevent'
}
STRUCTURAL = re.compile(r"(^line \d+: |\(line \d+\)|after line \d+ inside)")


def read(name: str):
    return read_calendar((PUBLIC / name).read_bytes())


def test_the_public_corpus_is_there():
    assert len(PUBLIC_FILES) >= 100


@pytest.mark.parametrize("name", PUBLIC_FILES)
def test_every_public_calendar_is_read_or_refused_for_its_structure(name):
    try:
        parsed = read(name)
    except InvalidInput as refusal:
        message = str(refusal)
        if name in REFUSED:
            assert REFUSED[name] in message
        assert STRUCTURAL.search(message), message  # a file added to icalendar later: still structural
        return
    assert name not in REFUSED, "read, but expected to be refused"
    expected = SKIPPED.get(name, [])
    if name in SKIPPED:
        assert len(parsed.skipped) == len(expected)
    for line, reason in zip(parsed.skipped, expected):
        assert reason in line
    for line in parsed.skipped:
        assert re.search(r"\((VEVENT|VTODO) at line \d+\): ", line), line


def test_the_refusals_counted():
    """What the report says: how many public calendars are refused whole, and how many items skipped."""
    refused, skipped_files = [], []
    for name in PUBLIC_FILES:
        try:
            if read(name).skipped:
                skipped_files.append(name)
        except InvalidInput:
            refused.append(name)
    assert sorted(refused) == sorted(n for n in REFUSED if n in PUBLIC_FILES)
    assert sorted(skipped_files) == sorted(n for n in SKIPPED if n in PUBLIC_FILES)


# --- icalendar as an oracle of what is read --------------------------------------------------------

def icalendar_components(data: bytes):
    """(UID, component) of each VEVENT and VTODO icalendar reads cleanly, in every calendar of the file."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            calendars = icalendar.Calendar.from_ical(data, multiple=True)  # bytes: a str could be read as a path
        except Exception:
            return
        for cal in calendars:
            for comp in cal.walk():
                if comp.name not in ("VEVENT", "VTODO") or getattr(comp, "errors", None):
                    continue
                if "UID" not in comp or "RECURRENCE-ID" in comp:
                    continue
                yield str(comp["UID"]).strip(), comp


def written_date(comp, key: str):
    """The date as written, for DATE, floating and TZID values; None for UTC ones (they depend on a zone)."""
    try:
        value = comp.decoded(key)
    except Exception:
        return "unreadable"
    if isinstance(value, datetime):
        if value.tzinfo is not None and value.utcoffset() == timezone.utc.utcoffset(None) and \
                "TZID" not in comp[key].params:
            return None
        return value.date()
    return value if isinstance(value, date) else "unreadable"


@pytest.mark.parametrize("path", [PUBLIC / n for n in PUBLIC_FILES] + CLIENTS, ids=lambda p: p.name)
def test_titles_notes_and_dates_agree_with_icalendar(path):
    data = path.read_bytes()
    try:
        ours = {item.uid: item for item in read_calendar(data).items}
    except InvalidInput:
        return
    for uid, comp in icalendar_components(data):
        if uid not in ours:
            continue  # a UID icalendar sees twice, or an item we skip for a reason listed above
        item = ours[uid]
        if "SUMMARY" in comp:
            assert item.title == str(comp["SUMMARY"]).strip()
        if "DESCRIPTION" in comp and not item.ours:
            # Podio writes \" (not an RFC 5545 escape): icalendar keeps the backslash, we show the quote
            assert item.notes == str(comp["DESCRIPTION"]).strip().replace('\\"', '"')
        key = "DUE" if comp.name == "VTODO" and "DUE" in comp else "DTSTART"
        if key in comp and "DURATION" not in comp:
            expected = written_date(comp, key)
            if expected not in (None, "unreadable"):
                assert item.due == expected, (path.name, uid)
