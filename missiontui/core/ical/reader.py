"""Reading calendar files as real clients write them into plain records, with a report of what was left out.

The file is bytes (never a str: icalendar reads a one-line str as a file path), UTF-8 as RFC 5545
requires. It is read by a lean parser of our own (contentlines, structure): the properties a
deadline needs, one VEVENT or VTODO at a time, so 10,000 events take a fraction of a second and
memory does not grow with the file. icalendar is only asked to build a time zone from a VTIMEZONE
it alone can read (zones.py).

What the reader decides, and why:

- **Structure** that is damaged (an END closing the wrong component, a component nested where
  RFC 5545 forbids it, a file cut short, no VCALENDAR) refuses the whole file with the line where it
  goes wrong (InvalidInput): its items can no longer be told apart with confidence.
- **One item that does not fit** is skipped with a sentence saying why (its date is not a date, its
  UID or date appears twice, a line it depends on is unreadable); the others are read. A line that
  is not a content line, inside a property we do not use, is ignored with a warning.
- **The date** of a VTODO is its DUE, else its DTSTART; of a VEVENT its DTSTART (all-day or timed).
  An item without any is read as undated (`due=None`). A date-time keeps the calendar date its author
  saw: a floating time or a TZID time as written (a task due at 00:00 Europe/Paris is due that day,
  whatever the zone), a UTC time in the author's zone — the item's own TZID, else the calendar's
  X-WR-TIMEZONE (Google, Apple), else the file's only VTIMEZONE, else the `zone` the caller gives
  (the user's), else UTC.
- **A recurring series** (RRULE/RDATE) is one item at its own first date (DTSTART/DUE), its rule
  kept in `rrule`. Its changed or cancelled occurrences (a component with RECURRENCE-ID) neither add
  an item nor replace the series; one whose series is not in the file is skipped with a line. EXDATE
  only removes occurrences, so it changes nothing here.
- **Cancelled** items (STATUS:CANCELLED, or a METHOD:CANCEL calendar) are read with status
  cancelled: re-importing our own export, which publishes deleted deadlines as cancelled, changes
  nothing.
- **Items without UID** (older exports, calcurse without --export-uid) get a UID derived from their
  content: a hash of the component name and of the properties that make the item what it is (SUMMARY,
  DTSTART, DUE, DTEND, DURATION, DESCRIPTION, LOCATION, RRULE, RDATE) as written after unfolding,
  ending in `@derived.missiontui`. Importing the same file again, or a re-export of it that only
  refolds lines, changes line endings or restamps DTSTAMP, finds the same UIDs and changes nothing; an
  item edited in its calendar before the re-export comes back as a new item (its old copy stays), and
  two items identical in all those properties are one (the second is skipped as the same item).
- **Items without SUMMARY** take the first line of their DESCRIPTION, else their LOCATION, else
  "(untitled)".
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timezone, tzinfo

from missiontui.core.errors import InvalidInput
from missiontui.core.ical.contentlines import date_value, duration_value, parameters, text_list, unescape
from missiontui.core.ical.structure import Component, components, shown
from missiontui.core.ical.writer import DONE_MARK, TODO_STATUS
from missiontui.core.ical.zones import Zones
from missiontui.core.model import Kind, Precision, Status

MAX_BYTES = 256 * 1024 * 1024  # our own export of 100,000 deadlines is ~90 MB; the reader streams it
MAX_ITEMS = 500_000
DERIVED_UID_DOMAIN = "derived.missiontui"
UNTITLED = "(untitled)"

_TODO_STATUS = {"NEEDS-ACTION": Status.PLANNED, "IN-PROCESS": Status.IN_PROGRESS, "COMPLETED": Status.DONE,
                "CANCELLED": Status.CANCELLED}
_IDENTITY = ("SUMMARY", "DTSTART", "DUE", "DTEND", "DURATION", "DESCRIPTION", "LOCATION", "RRULE", "RDATE",
             "RELATED-TO", "RECURRENCE-ID")
_OURS = ("X-MISSIONTUI-MISSION", "X-MISSIONTUI-TITLE", "X-MISSIONTUI-KIND", "X-MISSIONTUI-STATUS",
         "X-MISSIONTUI-PRECISION", "X-MISSIONTUI-PHRASE")
_WANTED = frozenset(_IDENTITY + _OURS + ("UID", "STATUS", "COMPLETED", "PERCENT-COMPLETE", "PRIORITY", "CATEGORIES",
                                         "RELATED-TO", "RECURRENCE-ID"))
# A damaged line carrying one of these makes the item unreadable; any other damaged line is ignored.
_ESSENTIAL = frozenset(("UID", "SUMMARY", "DTSTART", "DUE", "STATUS", "RECURRENCE-ID") + _OURS)


@dataclass(frozen=True, slots=True)
class ImportedItem:
    """One deadline read from a calendar file."""

    uid: str
    title: str
    due: date | None  # None: the item has no date (an undated deliverable)
    component: str  # VEVENT or VTODO
    line: int = 0  # where its BEGIN: is in the file, for messages
    precision: Precision = Precision.DAY
    phrase: str = ""
    kind: Kind | None = None
    status: Status | None = None  # None: the file does not say
    mission: str | None = None
    notes: str = ""
    completed_on: date | None = None
    ours: bool = False  # written by missiontui (carries X-MISSIONTUI-*)
    uid_derived: bool = False  # the file gave no UID: derived from the item's content (see above)
    rrule: str = ""  # RRULE as written: the item stands for a recurring series, at its first date
    categories: tuple[str, ...] = ()
    parent_uid: str | None = None  # RELATED-TO;RELTYPE=PARENT: the task this one is a subtask of
    priority: int | None = None  # 1 (highest) to 9; None when absent or 0 (undefined)
    percent_complete: int | None = None


@dataclass
class ParsedCalendar:
    items: list[ImportedItem] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_calendar(data: bytes, *, zone: tzinfo | None = None) -> ParsedCalendar:
    """Every deadline in `data` at once; raises InvalidInput when the file as a whole cannot be read."""
    reader = CalendarReader(data, zone=zone)
    items = list(reader)
    return ParsedCalendar(items, reader.skipped, reader.warnings)


class CalendarReader:
    """Iterate to get the items one at a time; `skipped` and `warnings` are complete once iteration ends.

    `zone` is the zone of the person importing, for UTC times in a file that names no zone."""

    def __init__(self, data: bytes, *, zone: tzinfo | None = None):
        if not isinstance(data, bytes):
            raise TypeError("read calendar files as bytes")
        if len(data) > MAX_BYTES:
            raise InvalidInput.of("ical.too_big", size=len(data) // 1_048_576, limit=MAX_BYTES // 1_048_576)
        self._data = data.removeprefix(b"\xef\xbb\xbf")
        self._zone = zone or timezone.utc
        self._zones = Zones(self._data)
        self._uids: dict[str, int] = {}  # UID -> line of the item that has it
        self._orphans: dict[str, ImportedItem] = {}  # UID -> an occurrence whose series has not been read (yet)
        self._warned_zones: set[str] = set()
        self.skipped: list[str] = []
        self.warnings: list[str] = []

    def __iter__(self) -> Iterator[ImportedItem]:
        count = 0
        for component, calendar in components(self._data, _WANTED, self.warnings):
            count += 1
            if count > MAX_ITEMS:
                raise InvalidInput.of("ical.too_many", limit=MAX_ITEMS)
            try:
                item = self._item(component, calendar)
            except _Occurrence:
                continue
            except _Skip as skip:
                self.skipped.append(f"{_label(component)}: {skip}")
                if "RECURRENCE-ID" not in component.properties and (uid := _text(component.properties, "UID").strip()):
                    self._uids.setdefault(uid, component.line)  # its occurrences go with it
                    self._orphans.pop(uid, None)
                continue
            if "RECURRENCE-ID" in component.properties:  # its series may still come later in the file
                self._orphans.setdefault(item.uid, item)
                continue
            if item.uid in self._uids:
                same = "the same item as" if item.uid_derived else "the same UID as"
                self.skipped.append(f"{_label(component)}: {same} the one at line {self._uids[item.uid]} (kept that one)")
                continue
            self._orphans.pop(item.uid, None)
            self._uids[item.uid] = item.line
            yield item
        for item in self._orphans.values():  # occurrences whose series never came: each stands for itself
            self.warnings.append(f"'{shown(item.title, 60)}' ({item.component} at line {item.line}): one occurrence "
                                 "of a recurring series that is not in this file; read on its own date")
            self._uids[item.uid] = item.line
            yield item
        if not count:
            self.warnings.append("the file holds no events or to-dos")

    # --- one component ----------------------------------------------------------------------------

    def _item(self, c: Component, calendar: dict) -> ImportedItem:
        props = c.properties
        for line, name in c.damaged:
            if name in _ESSENTIAL:
                raise _Skip(f"its {name} line (line {line}) cannot be read")
            self.warnings.append(f"line {line}: not an iCalendar content line; ignored")
        uid = _text(props, "UID").strip()
        if "RECURRENCE-ID" in props and uid in self._uids:
            raise _Occurrence  # a changed or cancelled occurrence of a series already read: not an item
        derived = not uid
        if derived:
            uid = _derived_uid(c)
        ours = "X-MISSIONTUI-MISSION" in props
        mission = _text(props, "X-MISSIONTUI-MISSION").strip() or None
        summary = _text(props, "SUMMARY").strip()
        notes = _text(props, "DESCRIPTION").strip()
        title = _title(summary, _text(props, "X-MISSIONTUI-TITLE"), mission) if ours else summary
        if not title:
            title = (notes.splitlines()[0].strip()[:120] if notes else "") or _text(props, "LOCATION").strip() or UNTITLED
        due = self._due(c, calendar)
        completed = self._completed(props, calendar, ours)
        percent = _integer(props, "PERCENT-COMPLETE", 0, 100)
        return ImportedItem(
            uid=uid, title=title, due=due, component=c.name, line=c.line,
            precision=_enum(Precision, _raw(props, "X-MISSIONTUI-PRECISION")) or Precision.DAY,
            phrase=_text(props, "X-MISSIONTUI-PHRASE"), kind=_enum(Kind, _raw(props, "X-MISSIONTUI-KIND")),
            status=_status(c.name, props, calendar, ours, summary, completed, percent), mission=mission,
            notes="" if ours else notes, completed_on=completed, ours=ours, uid_derived=derived,
            rrule=_raw(props, "RRULE"), categories=_categories(props), parent_uid=_parent(props),
            priority=_integer(props, "PRIORITY", 1, 9), percent_complete=percent)

    def _due(self, c: Component, calendar: dict) -> date | None:
        """A VTODO's DUE, else its DTSTART plus its DURATION, else its DTSTART; a VEVENT's DTSTART."""
        props = c.properties
        if c.name == "VTODO" and "DUE" in props:
            return _day(self._moment(props, "DUE", calendar))
        start = self._moment(props, "DTSTART", calendar)
        if c.name != "VTODO" or start is None or "DURATION" not in props:
            return _day(start)
        line, _, value = props["DURATION"][0]
        length = duration_value(value)
        try:
            return _day(start + length) if length is not None else _day(start)
        except OverflowError:
            raise _Skip(f"DURATION '{shown(value)}' (line {line}) ends after the year 9999") from None

    def _moment(self, props, key: str, calendar: dict) -> date | datetime | None:
        """The date, or the local date-time, a DTSTART or DUE stands for; None when there is none."""
        entries = props.get(key)
        if not entries:
            return None
        if len(entries) > 1:
            raise _Skip(f"{key} appears twice (lines {entries[0][0]} and {entries[1][0]}): which date is meant?")
        line, params, value = entries[0]
        parsed = date_value(value)
        if parsed is None:
            raise _Skip(f"{key} '{shown(value)}' (line {line}) is not a date")
        return self._local(parsed, params, line, props, calendar)

    def _completed(self, props, calendar: dict, ours: bool) -> date | None:
        entries = props.get("COMPLETED")
        if not entries:
            return None
        line, params, value = entries[0]
        parsed = date_value(value)
        if parsed is None:
            self.warnings.append(f"line {line}: COMPLETED '{shown(value)}' is not a date; ignored")
            return None
        if ours and isinstance(parsed, datetime):
            return parsed.date()  # we write noon UTC, so that its UTC date is the completion date
        try:
            return _day(self._local(parsed, params, line, props, calendar))
        except _Skip as skip:
            self.warnings.append(f"COMPLETED {skip}; ignored")
            return None

    def _local(self, value: date | datetime, params: str, line: int, props, calendar: dict) -> date | datetime:
        """A date as it is; a date-time as the wall-clock time its author saw (naive)."""
        if not isinstance(value, datetime):
            return value
        if value.tzinfo is None:  # floating or TZID: local already, the date as written
            tzid = parameters(params).get("TZID") if params else None
            if tzid and tzid not in self._warned_zones and not self._zones.known(tzid):
                self._warned_zones.add(tzid)
                self.warnings.append(f"line {line}: unknown time zone '{shown(tzid)}'; used the date as written "
                                     f"({value.date()})")
            return value
        try:
            return value.astimezone(self._author_zone(props, calendar)).replace(tzinfo=None)
        except OverflowError:  # 9999-12-31 23:00 UTC is already year 10000 east of Greenwich
            raise _Skip(f"'{value:%Y%m%dT%H%M%SZ}' (line {line}) falls outside the years 1 to 9999 in its time "
                        "zone") from None

    def _author_zone(self, props, calendar: dict) -> tzinfo:
        """For a UTC time: the zone the item names on its dates, else its calendar's X-WR-TIMEZONE, else the
        file's only VTIMEZONE, else the importer's."""
        def names():
            for key in ("DUE", "DTSTART", "DTEND"):
                for _, params, _ in props.get(key, ()):
                    yield parameters(params).get("TZID")
            yield calendar.get("X-WR-TIMEZONE", "").strip()
            yield self._zones.only()  # reads the VTIMEZONEs: only when nothing before named a zone

        for name in names():
            if name and (zone := self._zones.resolve(name)) is not None:
                return zone
        return self._zone


def _day(moment: date | datetime | None) -> date | None:
    return moment.date() if isinstance(moment, datetime) else moment


class _Skip(Exception):
    """This item cannot be read; the message says why."""


class _Occurrence(Exception):
    """A changed or cancelled occurrence of a series already read: part of that series, not an item."""


def _label(c: Component) -> str:
    """'Title' (VEVENT at line 12): the way every skipped item is named."""
    title = _text(c.properties, "SUMMARY").strip()
    return (f"'{shown(title, 60)}' " if title else "") + f"({c.name} at line {c.line})"


def _raw(props, name: str) -> str:
    entries = props.get(name)
    return entries[0][2].strip() if entries else ""


def _text(props, name: str) -> str:
    entries = props.get(name)
    return unescape(entries[0][2]) if entries else ""


def _integer(props, name: str, low: int, high: int) -> int | None:
    try:
        value = int(_raw(props, name))
    except ValueError:
        return None
    return value if low <= value <= high else None


def _categories(props) -> tuple[str, ...]:
    found: dict[str, None] = {}
    for _, _, value in props.get("CATEGORIES", ()):
        found.update(dict.fromkeys(text_list(value)))
    return tuple(found)


def _parent(props) -> str | None:
    for _, params, value in props.get("RELATED-TO", ()):
        if parameters(params).get("RELTYPE", "PARENT").upper() == "PARENT" and value.strip():
            return unescape(value).strip()
    return None


def _derived_uid(c: Component) -> str:
    digest = hashlib.sha256(c.name.encode())
    for name in _IDENTITY:
        for _, params, value in c.properties.get(name, ()):
            digest.update(f"\n{name};{params}:{value}".encode("utf-8", "surrogatepass"))
    return f"{digest.hexdigest()[:32]}@{DERIVED_UID_DOMAIN}"


def _status(component: str, props, calendar: dict, ours: bool, summary: str, completed: date | None,
            percent: int | None) -> Status | None:
    written = _raw(props, "STATUS").upper()
    if written == "CANCELLED" or calendar.get("METHOD", "").strip().upper() == "CANCEL":
        return Status.CANCELLED
    if ours:
        status = _enum(Status, _raw(props, "X-MISSIONTUI-STATUS"))
        if status is None:
            return Status.DONE if summary.startswith(DONE_MARK) else None
        if component == "VTODO" and written and written != TODO_STATUS[status]:
            return _TODO_STATUS.get(written, status)  # changed in a task client since we wrote it
        return status
    if component != "VTODO":
        return None
    if written in _TODO_STATUS:
        return _TODO_STATUS[written]
    if completed is not None or percent == 100:
        return Status.DONE
    if percent:
        return Status.IN_PROGRESS
    return None


def _title(summary: str, raw: str, mission: str | None) -> str:
    """Our own events decorate the title ("✓ [REF] title"); keep the raw one unless the user edited it."""
    if raw and summary in (f"[{mission}] {raw}", f"{DONE_MARK}[{mission}] {raw}"):
        return raw
    if mission:
        summary = summary.removeprefix(DONE_MARK).removeprefix(f"[{mission}] ")
    return summary


def _enum(kind, value: str):
    try:
        return kind(value) if value else None
    except ValueError:
        return None
