"""Reading untrusted iCalendar files into plain records, with a report of everything wrong.

The file is read as bytes (icalendar takes a one-line str for a file path), decoded as UTF-8 as RFC
5545 requires, and parsed by icalendar. Any exception it raises becomes a sentence; nothing from
here ever escapes as a traceback. A deadline is a date: a DTSTART/DUE with a time keeps the date it
has in its own time zone, and an unknown time zone is reported, not guessed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime

from missiontui.core.errors import InvalidInput
from missiontui.core.ical.writer import DONE_MARK
from missiontui.core.model import Kind, Precision, Status

MAX_BYTES = 64 * 1024 * 1024
MAX_ITEMS = 500_000

_STATUS_FROM_TODO = {"NEEDS-ACTION": Status.PLANNED, "IN-PROCESS": Status.IN_PROGRESS, "COMPLETED": Status.DONE,
                     "CANCELLED": Status.CANCELLED}


@dataclass
class ImportedItem:
    uid: str
    title: str
    due: date
    component: str  # VEVENT or VTODO
    precision: Precision = Precision.DAY
    phrase: str = ""
    kind: Kind | None = None
    status: Status | None = None  # None: the file does not say
    mission: str | None = None
    notes: str = ""
    completed_on: date | None = None
    ours: bool = False  # written by missiontui (carries X-MISSIONTUI-*)


@dataclass
class ParsedCalendar:
    items: list[ImportedItem] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_calendar(data: bytes) -> ParsedCalendar:
    """Every VEVENT and VTODO of `data`; raises InvalidInput when the file as a whole is unreadable."""
    if len(data) > MAX_BYTES:
        raise InvalidInput(f"the file is {len(data) // 1_048_576} MiB; more than {MAX_BYTES // 1_048_576} MiB is "
                           "not a calendar of deadlines")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                           "iCalendar files are UTF-8") from None
    data = data.removeprefix(b"\xef\xbb\xbf")
    if not data.lstrip().upper().startswith(b"BEGIN:VCALENDAR"):
        raise InvalidInput("the file is not an iCalendar file (it does not start with BEGIN:VCALENDAR)")
    if not data.rstrip().upper().endswith(b"END:VCALENDAR"):
        raise InvalidInput("the file is incomplete: it does not end with END:VCALENDAR (an interrupted download?)")
    from icalendar import Calendar  # 80 ms to import: only when a file is read

    text = data.decode("utf-8")
    timezones = "".join(block for _, block in _blocks(text, ("VTIMEZONE",)))  # events may need them for TZIDs
    parsed = ParsedCalendar()
    for count, (name, block) in enumerate(_blocks(text, ("VEVENT", "VTODO")), start=1):
        if count > MAX_ITEMS:
            raise InvalidInput(f"the file holds more than {MAX_ITEMS} events")
        label = f"{name} #{count}"
        try:
            # One event at a time: memory stays that of one event, not of the whole file.
            calendar = Calendar.from_ical(f"BEGIN:VCALENDAR\r\n{timezones}{block}END:VCALENDAR\r\n".encode())
            comp = next(c for c in calendar.walk() if c.name in ("VEVENT", "VTODO"))
            item = _item(comp, label, parsed.warnings)
        except _Skip as skip:
            parsed.errors.append(f"{label}: {skip}")
        except Exception as exc:  # icalendar raises ValueError, TypeError, AttributeError, ... on bad input
            parsed.errors.append(f"{label}: unreadable ({_short(exc)})")
        else:
            parsed.items.append(item)
    if not parsed.items and not parsed.errors:
        parsed.warnings.append("the file holds no events or to-dos")
    return parsed


class _Skip(Exception):
    pass


def _blocks(text: str, names: tuple[str, ...]):
    """(name, text) of each top-level component called one of `names`, read line by line. A line
    that starts with BEGIN: or END: is structure (folded continuations start with a space)."""
    depth, current, name = 0, [], None
    for line in io.StringIO(text, newline=None):
        upper = line[:16].upper()
        if upper.startswith("BEGIN:"):
            depth += 1
            if depth == 2 and upper[6:].strip() in names:
                current, name = [], upper[6:].strip()
        if name is not None:
            current.append(line.rstrip("\r\n") + "\r\n")
        if upper.startswith("END:"):
            if depth == 2 and name is not None:
                yield name, "".join(current)
                name = None
            depth -= 1
            if depth < 0:
                raise InvalidInput("the file is not valid iCalendar: an END: without its BEGIN:")
    if depth != 0:
        raise InvalidInput("the file is not valid iCalendar: a component is never closed (END: missing)")


def _short(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 200 else text[:199] + "…"


def _text(comp, name: str) -> str:
    value = comp.get(name)
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0]
    return str(value)


def _item(comp, label: str, warnings: list[str]) -> ImportedItem:
    if getattr(comp, "errors", None):
        raise _Skip("; ".join(f"{prop}: {message}" for prop, message in comp.errors))
    uid = _text(comp, "UID").strip()
    if not uid:
        raise _Skip("no UID, so it could never be updated later")
    key = "DUE" if comp.name == "VTODO" and comp.get("DUE") is not None else "DTSTART"
    if comp.get(key) is None:
        raise _Skip(f"no {key}: a deadline needs a date")
    due = _date_of(comp, key, label, warnings)
    summary = _text(comp, "SUMMARY").strip()
    ours = comp.get("X-MISSIONTUI-MISSION") is not None
    mission = _text(comp, "X-MISSIONTUI-MISSION") or None
    title = _title(summary, _text(comp, "X-MISSIONTUI-TITLE"), mission)
    if not title:
        raise _Skip("no SUMMARY: a deadline needs a title")
    status = None
    ical_status = _text(comp, "STATUS").upper()
    if ical_status == "CANCELLED":
        status = Status.CANCELLED
    elif comp.name == "VTODO" and ical_status in _STATUS_FROM_TODO:
        status = _STATUS_FROM_TODO[ical_status]
    elif ours:
        status = _enum(Status, _text(comp, "X-MISSIONTUI-STATUS"))
    if ours and summary.startswith(DONE_MARK) and status is None:
        status = Status.DONE
    completed = comp.get("COMPLETED")
    return ImportedItem(
        uid=uid, title=title, due=due, component=comp.name,
        precision=_enum(Precision, _text(comp, "X-MISSIONTUI-PRECISION")) or Precision.DAY,
        phrase=_text(comp, "X-MISSIONTUI-PHRASE"), kind=_enum(Kind, _text(comp, "X-MISSIONTUI-KIND")),
        status=status, mission=mission, notes="" if ours else _text(comp, "DESCRIPTION").strip(),
        completed_on=_as_date(completed.dt) if completed is not None else None, ours=ours)


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


def _as_date(value) -> date:
    return value.date() if isinstance(value, datetime) else value


def _date_of(comp, key: str, label: str, warnings: list[str]) -> date:
    prop = comp.get(key)
    value = prop.dt
    if isinstance(value, datetime):
        tzid = prop.params.get("TZID")
        if tzid and value.tzinfo is None:
            warnings.append(f"{label}: unknown time zone '{tzid}'; used the date as written ({value.date()})")
        return value.date()
    if isinstance(value, date):
        return value
    raise _Skip(f"{key} is not a date")
