"""Deliverables as iCalendar (RFC 5545), formatted straight from the rows of one query, as a stream.

Why not the icalendar library for writing: measured here at ~1.4 ms and ~16 KB per event, 100,000
deliverables would take minutes and gigabytes. The format we write is small and fixed, so a direct
writer (escaping and folding per RFC 5545) formats an event in a few microseconds, with memory that
does not grow with N. icalendar still reads every import, and the tests parse every export back
with icalendar, vobject and Radicale's validator.

Why no cache of the text: formatting from the rows costs about as much as plain f-strings over the
same rows (bench/export_floor.py), which is less than reading a stored text back and far less than
storing it (BENCHMARKS.md, W3).

Choices calendars need (see GUIDE.md):
- a deadline is an all-day VEVENT: DTSTART;VALUE=DATE and DTEND the next day, never a time, so
  it never moves across time zones; TRANSP:TRANSPARENT, it does not make anyone busy;
- UID from the database (fixed at creation), SEQUENCE raised when date, title or status change,
  DTSTAMP and LAST-MODIFIED from the database: an unchanged database exports the same bytes;
- cancelled and deleted deliverables stay published as STATUS:CANCELLED for 90 days, so
  subscribed calendars remove them;
- METHOD:PUBLISH forbids ATTENDEE: events carry the lead as ORGANIZER when they have an email and
  the owners in the description; the VTODO form (no METHOD) lists owners with an email as ATTENDEE.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple, TextIO

from missiontui import __version__
from missiontui.core.i18n import KINDS, PRECISIONS, STATUSES, t

CANCELLATION_DAYS = 90
DONE_MARK = "✓ "
PRODID = f"-//missiontui//missiontui {__version__}//EN"
TODO_STATUS = {"planned": "NEEDS-ACTION", "in-progress": "IN-PROCESS", "blocked": "NEEDS-ACTION",
               "done": "COMPLETED", "cancelled": "CANCELLED"}
TODO_PERCENT = {"planned": 0, "in-progress": 50, "blocked": 0, "done": 100, "cancelled": 0}
OPEN = frozenset(("planned", "in-progress", "blocked"))


@dataclass(frozen=True)
class ExportOptions:
    today: date
    calendar_name: str = "missiontui"
    reminders: tuple[int, ...] = (7, 1)  # days before the deadline
    todo: bool = False  # VTODO instead of VEVENT
    language: str = "en"


class CalendarRow(NamedTuple):
    """One deliverable as the export query reads it: the stored values, untouched (enums as their
    values, dates and times as ISO text), with the mission's reference and the owners resolved."""

    uid: str
    title: str
    mission_ref: str
    kind: str
    due: str  # YYYY-MM-DD
    precision: str
    phrase: str
    status: str
    notes: str
    completed_on: str | None
    sequence: int
    created_at: str  # ISO UTC, e.g. 2022-05-16T08:00:00.000000Z
    updated_at: str
    deleted_at: str | None
    owners: tuple[tuple[str, bool, str], ...]  # (name, lead, email): the lead first, then by name
    recurrence: str = ""  # an RRULE for a repeating meeting (core/recurrence.py), "" otherwise


def escape_text(value: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11)."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


# Control characters other than newline and tab have no place in a content line (RFC 5545 3.1):
# they are dropped, and TEXT is escaped, in one pass.
_DROPPED = [c for c in range(0x20) if c not in (0x09, 0x0A)] + [0x7F]
_TEXT = str.maketrans({**dict.fromkeys(_DROPPED), "\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n"})
_CLEAN = str.maketrans(dict.fromkeys(_DROPPED))
_NEEDS_TEXT = re.compile("[\x00-\x08\x0a-\x1f\x7f\\\\;,]").search


def text(value: str) -> str:
    """A TEXT value as written: controls dropped, then escaped. Most values need neither."""
    return value.translate(_TEXT) if _NEEDS_TEXT(value) else value


def fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character (RFC 5545 3.1)."""
    size = len(line)
    if line.isascii():
        if size <= 75:
            return line + "\r\n"
        return "\r\n ".join([line[:75], *[line[i:i + 74] for i in range(75, size, 74)]]) + "\r\n"
    if size <= 18:  # 18 characters are at most 72 octets
        return line + "\r\n"
    encoded = line.encode("utf-8")
    size = len(encoded)
    if size <= 75:
        return line + "\r\n"
    parts, start, end = [], 0, 75
    while True:
        while end < size and (encoded[end] & 0xC0) == 0x80:  # inside a multi-byte character
            end -= 1
        parts.append(encoded[start:end])
        if end >= size:
            return b"\r\n ".join(parts).decode("utf-8") + "\r\n"
        start, end = end, end + 74  # continuation lines start with a space


def _param(value: str) -> str:
    """A parameter value, quoted; DQUOTE and controls cannot appear in one (RFC 5545 3.2)."""
    return '"' + "".join(c for c in value if c != '"' and c >= " ") + '"'


def _around(key: str, lang: str) -> tuple[str, str]:
    """A label "Owners: {v}" as the escaped text before and after its value."""
    before, after = t(key, lang).split("{v}")
    return text(before), text(after)


class EventFormatter:
    """Formats rows as VEVENTs (or VTODOs). Everything that is the same for every event of an export
    (labels, alarms, the published-since date) is worked out once here, not 100,000 times."""

    def __init__(self, options: ExportOptions):
        lang = options.language
        self.todo = options.todo
        self.begin, self.end = ("BEGIN:VTODO\r\n", "END:VTODO\r\n") if self.todo else ("BEGIN:VEVENT\r\n", "END:VEVENT\r\n")
        self.gone_after = (options.today - timedelta(days=CANCELLATION_DAYS)).isoformat()
        self.lead_word = t("ical.lead", lang)
        self.owners_label, self.status_label = _around("ical.owners", lang), _around("ical.status", lang)
        self.deadline_label, self.quoted, self.kind_label = (
            _around("ical.deadline", lang), _around("ical.quoted", lang), _around("ical.kind", lang))
        self.statuses = {s.value: text(word) for s, word in STATUSES[lang].items()}
        self.precisions = {p.value: text(word) for p, word in PRECISIONS[lang].items()}
        self.kinds = {k.value: text(word) for k, word in KINDS[lang].items()}
        related = ";RELATED=END" if options.todo else ""
        self.triggers = [f"TRIGGER{related}:{f'-P{days}D' if days else 'PT0S'}\r\nEND:VALARM\r\n"
                         for days in options.reminders]
        if self.triggers:
            self.triggers.insert(0, "")  # joined by an alarm's first lines: alarm, trigger, alarm, trigger
        self.days: dict[str, tuple[str, str]] = {}  # due -> (that day, the next), as YYYYMMDD
        self.organizers: dict[tuple, str] = {}  # per person: a few hundred, whatever N
        self.owner_words: dict[tuple, str] = {}

    def published(self, row: CalendarRow) -> bool:
        """Open and done deliverables, and cancellations younger than CANCELLATION_DAYS."""
        if row.deleted_at is None and row.status != "cancelled":
            return True
        return (row.deleted_at or row.updated_at)[:10] >= self.gone_after

    def __call__(self, row: CalendarRow) -> str:
        (uid, title, mission, kind, due, precision, phrase, status, notes, completed_on, sequence,
         created_at, updated_at, deleted_at, owners, recurrence) = row
        needs_text = _NEEDS_TEXT  # text() inlined: this runs 100,000 times an export
        if needs_text(title):
            title = title.translate(_TEXT)
        if needs_text(mission):
            mission = mission.translate(_TEXT)
        if needs_text(phrase):
            phrase = phrase.translate(_TEXT)
        cancelled = deleted_at is not None or status == "cancelled"
        summary = (DONE_MARK + "[" if status == "done" and deleted_at is None else "[") + mission + "] " + title
        updated = updated_at[:19].replace("-", "").replace(":", "") + "Z"  # 20261122T171110Z
        created = created_at[:19].replace("-", "").replace(":", "") + "Z"
        day, next_day = self.days.get(due) or self._day(due)
        if self.todo:
            when = (f"DUE;VALUE=DATE:{day}\r\nSTATUS:{'CANCELLED' if cancelled else TODO_STATUS[status]}\r\n"
                    f"PERCENT-COMPLETE:{TODO_PERCENT[status]}\r\n")
            if completed_on and status == "done":  # noon UTC: the same date everywhere
                when += f"COMPLETED:{completed_on.replace('-', '')}T120000Z\r\n"
            if recurrence:  # a repeating to-do counts from DTSTART (RFC 5545 3.8.5.3)
                when += f"DTSTART;VALUE=DATE:{day}\r\n"
            people = "".join(fold(f"ATTENDEE;CN={_param(name)};ROLE={'CHAIR' if lead else 'REQ-PARTICIPANT'}:mailto:"
                                  + email.translate(_CLEAN)) for name, lead, email in owners if email)
        else:
            when = (f"DTSTART;VALUE=DATE:{day}\r\nDTEND;VALUE=DATE:{next_day}\r\n"
                    f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}\r\nTRANSP:TRANSPARENT\r\n")
            people = (self.organizers.get(owners[0]) or self._organizer(owners[0])
                      if owners and owners[0][1] and owners[0][2] else "")  # the lead, when they have an email
        if recurrence and status in OPEN and not cancelled:  # the occurrences left, from the next one
            when += fold("RRULE:" + recurrence)
        if len(mission) <= 40 and mission.isascii():  # the common case: these lines need no folding
            categories, x_mission = f"CATEGORIES:{mission},{kind}\r\n", f"X-MISSIONTUI-MISSION;VALUE=TEXT:{mission}\r\n"
        else:
            categories, x_mission = fold(f"CATEGORIES:{mission},{kind}"), fold("X-MISSIONTUI-MISSION;VALUE=TEXT:" + mission)
        alarms = ""
        if status in OPEN and not cancelled and self.triggers:  # "" + alarm + trigger + alarm + trigger...
            alarms = ("BEGIN:VALARM\r\nACTION:DISPLAY\r\n" + fold("DESCRIPTION:" + summary)).join(self.triggers)
        uid_line = (f"UID:{uid}\r\n" if len(uid) <= 71 and uid.isascii() and uid.isprintable()
                    else fold("UID:" + uid.translate(_CLEAN)))
        # X-MISSIONTUI-*: what an import needs to restore the deliverable exactly (VALUE=TEXT, so
        # parsers unescape them).
        return (f"{self.begin}{uid_line}DTSTAMP:{updated}\r\nCREATED:{created}\r\nLAST-MODIFIED:{updated}\r\n"
                f"SEQUENCE:{sequence}\r\n{when}{fold('SUMMARY:' + summary)}{fold('DESCRIPTION:' + self._description(row))}"
                f"{categories}{people}{x_mission}{fold('X-MISSIONTUI-TITLE;VALUE=TEXT:' + title)}X-MISSIONTUI-KIND:{kind}\r\n"
                f"X-MISSIONTUI-STATUS:{status}\r\nX-MISSIONTUI-PRECISION:{precision}\r\n"
                f"{fold('X-MISSIONTUI-PHRASE;VALUE=TEXT:' + phrase)}{alarms}{self.end}")

    def _owner_word(self, owner: tuple[str, bool, str]) -> str:
        """"Name (lead)" as written in a description, kept per person and role."""
        name, lead, _ = owner
        word = self.owner_words[owner] = text(f"{name} ({self.lead_word})" if lead else name)
        return word

    def _organizer(self, owner: tuple[str, bool, str]) -> str:
        """The lead as ORGANIZER, kept per person: a few hundred people lead 100,000 deadlines."""
        name, _, email = owner
        line = self.organizers[owner] = fold(f"ORGANIZER;CN={_param(name)}:mailto:{email.translate(_CLEAN)}")
        return line

    def _description(self, row: CalendarRow) -> str:
        """What a calendar shows under the title: owners, status, the deadline's words, the notes."""
        words = self.owner_words
        if not row.owners:
            owners = "—"
        elif len(row.owners) == 1:
            owners = words.get(row.owners[0]) or self._owner_word(row.owners[0])
        else:
            owners = "\\, ".join([words.get(owner) or self._owner_word(owner) for owner in row.owners])
        deadline = self.precisions[row.precision]
        if row.phrase:
            deadline = self.quoted[0] + text(row.phrase) + self.quoted[1] + " — " + deadline
        (o1, o2), (s1, s2), (d1, d2), (k1, k2) = self.owners_label, self.status_label, self.deadline_label, self.kind_label
        description = (f"{o1}{owners}{o2}\\n{s1}{self.statuses[row.status]}{s2}\\n{d1}{deadline}{d2}\\n"
                       f"{k1}{self.kinds[row.kind]}{k2}")
        return description + "\\n\\n" + text(row.notes) if row.notes else description

    def _day(self, due: str) -> tuple[str, str]:
        """(YYYYMMDD, the next day's YYYYMMDD), kept per date: an export spans a few thousand dates."""
        next_day = (date.fromisoformat(due) + timedelta(days=1)).isoformat()
        pair = self.days[due] = (due.replace("-", ""), next_day.replace("-", ""))
        return pair


def calendar_header(options: ExportOptions) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:" + PRODID, "CALSCALE:GREGORIAN"]
    if not options.todo:
        lines.append("METHOD:PUBLISH")
    lines += ["X-WR-CALNAME:" + text(options.calendar_name),
              "REFRESH-INTERVAL;VALUE=DURATION:PT1H", "X-PUBLISHED-TTL:PT1H"]
    return "".join(fold(line) for line in lines)


CALENDAR_END = "END:VCALENDAR\r\n"


class Exported(NamedTuple):
    """What a calendar holds: deadlines, and cancellations published so calendars remove them."""

    deadlines: int
    cancellations: int


def write_calendar(out: TextIO, pages: Iterable[list[CalendarRow]], options: ExportOptions) -> Exported:
    """The whole calendar, one write per page of rows (in due order, as read)."""
    event = EventFormatter(options)
    published = event.published
    out.write(calendar_header(options))
    deadlines = cancellations = 0
    for page in pages:
        chunk = []
        for row in page:
            if row[13] is None and row[7] != "cancelled":  # deleted_at, status: a live deadline
                deadlines += 1
            elif published(row):
                cancellations += 1
            else:
                continue
            chunk.append(event(row))
        out.write("".join(chunk))
    out.write(CALENDAR_END)
    return Exported(deadlines, cancellations)
