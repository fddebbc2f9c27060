"""Mutated and truncated calendar files: nothing but InvalidInput ever comes out of the reader, and a
file refused for its structure is refused with the line where it breaks."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from missiontui.core.errors import InvalidInput
from missiontui.core.ical.reader import read_calendar
from missiontui.core.ical.writer import CALENDAR_END, ExportOptions, calendar_header
from tests.ical_helpers import component
from missiontui.core.model import Deliverable, Due, Kind, Status

CLIENTS = Path(__file__).parent / "data" / "clients"


def our_export() -> bytes:
    options = ExportOptions(today=date(2022, 5, 16))
    items = [Deliverable(id=n, uid=f"d{n}@missiontui", mission_id=1, mission_ref="D-22-010393", title=f"Livrable {n}",
                         kind=Kind.REPORT, due=Due(date(2022, 6, n + 1)), status=status,
                         created_at="2022-05-01T10:00:00Z", updated_at="2022-05-02T10:00:00Z")
             for n, status in enumerate(Status)]
    return (calendar_header(options) + "".join(component(d, options) for d in items) + CALENDAR_END).encode()


BASES = [path.read_bytes() for path in sorted(CLIENTS.glob("*.ics"))] + [our_export()]
SINGLE = [data for data in BASES if data.upper().count(b"BEGIN:VCALENDAR") == 1]
TRICKY = [b"BEGIN:VEVENT", b"END:VEVENT", b"BEGIN:VTODO", b"END:VTODO", b"END:VCALENDAR", b"BEGIN:VCALENDAR",
          b"BEGIN:VALARM", b"BEGIN:STANDARD", b" continued", b"\tcontinued", b"", b"DTSTART:99991231T235959Z",
          b"DTSTART:00000000", b"DUE;TZID=\"unclosed:20220101", b"DURATION:P99999999999999W", b"DTSTART;VALUE=DATE:",
          b"RECURRENCE-ID:20220101T000000Z", b"UID:", b"UID:d1@missiontui", b"X-WR-TIMEZONE:../../etc/passwd",
          b"X-WR-TIMEZONE:Romance Standard Time", b"DTSTART;TZID=/mozilla.org/x/Europe/Paris:20220101T000000",
          b"TZID:Mars", b"COMPLETED:2022", b"PERCENT-COMPLETE:-5", b"PRIORITY:99999999999999999999",
          b"RRULE:FREQ=YEARLY;COUNT=99999999999", b"STATUS:CANCELLED", b"METHOD:CANCEL", b"BEGIN:\xff\xfe",
          b"SUMMARY:\xc3", b"\x00", b"X-MISSIONTUI-STATUS:nonsense", b"SUMMARY=broken", b";;;:::", b"\\"]
# What a refusal may say without a line: nothing to point at.
NO_LINE = ("the file is empty", "MiB; more than", "holds more than")


def outcome(data: bytes):
    """The reader's answer; anything but InvalidInput fails the test with its traceback."""
    try:
        parsed = read_calendar(data)
    except InvalidInput as refusal:
        message = str(refusal)
        assert re.search(r"line \d+", message) or message.startswith(NO_LINE), message
        return message
    for item in parsed.items:
        assert item.uid and item.title and item.component in ("VEVENT", "VTODO")
        assert item.due is None or isinstance(item.due, date)
    return parsed


def lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


@st.composite
def mutated(draw):
    data = draw(st.sampled_from(BASES))
    parts = lines(data)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(parts)))
        kind = draw(st.sampled_from(["insert", "replace", "delete", "duplicate", "bytes", "swap"]))
        if kind == "insert":
            parts.insert(at, draw(st.sampled_from(TRICKY)) + b"\r")
        elif kind == "replace" and at < len(parts):
            parts[at] = draw(st.sampled_from(TRICKY)) + b"\r"
        elif kind == "delete" and at < len(parts):
            del parts[at:at + draw(st.integers(1, 5))]
        elif kind == "duplicate" and at < len(parts):
            parts[at:at] = parts[at:at + draw(st.integers(1, 8))]
        elif kind == "bytes" and at < len(parts):
            line = parts[at]
            cut = draw(st.integers(0, len(line)))
            parts[at] = line[:cut] + draw(st.binary(max_size=12)) + line[cut:]
        elif kind == "swap" and at + 1 < len(parts):
            parts[at], parts[at + 1] = parts[at + 1], parts[at]
    return b"\n".join(parts)


@settings(max_examples=600, deadline=None)
@given(mutated())
def test_mutated_files_are_read_or_refused_never_crash(data):
    outcome(data)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(SINGLE), st.floats(0, 1, exclude_max=True))
def test_a_file_cut_anywhere_before_its_end_is_refused_with_a_line(data, where):
    cut = data[:int(len(data.rstrip()) * where)]
    message = outcome(cut)
    assert isinstance(message, str), "a truncated calendar was read as if it were whole"


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=600))
def test_random_bytes_are_a_clear_refusal(data):
    outcome(data)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("BEGIN:VCALENDAREVTODO;=\"\\,\r\n\t Zx0129T-")), max_size=300))
def test_calendar_looking_noise_never_crashes(text):
    outcome(b"BEGIN:VCALENDAR\r\n" + text.encode() + b"\r\nEND:VCALENDAR\r\n")


DIGITS = st.text(alphabet="0123456789", min_size=8, max_size=8)
EXTREMES = st.sampled_from(["99991231", "99991231T230000Z", "99991231T230000", "00010101", "00010101T010000Z"])
DATE_VALUES = st.one_of(EXTREMES, DIGITS, st.builds(lambda d, t, z: f"{d}T{t}{z}", DIGITS, st.text(alphabet="0123456789",
                                                                                          min_size=6, max_size=6),
                                          st.sampled_from(["", "Z"])))
DURATIONS = st.builds(lambda sign, n, unit: f"{sign}P{'T' if unit in 'HMS' else ''}{n}{unit}",
                      st.sampled_from(["", "-", "+"]), st.integers(0, 10**20), st.sampled_from("WDHMS"))


@settings(max_examples=500, deadline=None)
@given(start=DATE_VALUES, due=st.one_of(st.none(), DATE_VALUES), duration=st.one_of(st.none(), DURATIONS),
       completed=st.one_of(st.none(), DATE_VALUES), zone=st.sampled_from(["", "Europe/Paris", "Pacific/Kiritimati",
                                                                          "Etc/GMT+12", "Nowhere/Special"]))
def test_any_date_or_duration_value_is_read_or_skipped_with_a_reason(start, due, duration, completed, zone):
    tzid = f";TZID={zone}" if zone else ""
    lines = [f"DTSTART{tzid}:{start}"] + ([f"DUE{tzid}:{due}"] if due else []) + \
        ([f"DURATION:{duration}"] if duration and not due else []) + ([f"COMPLETED:{completed}"] if completed else [])
    body = "\r\n".join(["BEGIN:VTODO", "UID:t", "SUMMARY:x", *lines, "END:VTODO",
                        "BEGIN:VEVENT", "UID:e", "SUMMARY:y", *lines[:1], "END:VEVENT"])
    parsed = outcome(f"BEGIN:VCALENDAR\r\nX-WR-TIMEZONE:{zone}\r\n{body}\r\nEND:VCALENDAR\r\n".encode())
    assert len(parsed.items) + len(parsed.skipped) == 2
