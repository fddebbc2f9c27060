"""The shape of an iCalendar file: components opened and closed in order, nested where RFC 5545 allows.

A file whose structure is damaged (an END that closes the wrong component, a VEVENT inside a VEVENT,
a file cut short, no VCALENDAR) is refused whole, with the line where it goes wrong: its items can
no longer be told apart with confidence. Everything else is streamed one VEVENT or VTODO at a time,
with only the properties the reader asked for, so memory does not grow with the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from missiontui.core.errors import InvalidInput
from missiontui.core.ical.contentlines import CONTENT_LINE, PARAMETERS, logical_lines, name_of, split

ITEMS = frozenset({"VEVENT", "VTODO"})
_CALENDAR_PROPERTIES = frozenset({"METHOD", "X-WR-TIMEZONE"})
_ITEMISH = frozenset({"VEVENT", "VTODO", "VJOURNAL", "VFREEBUSY"})

# Where each component of RFC 5545 (and of its extensions 7953, 9073, 9074) may stand. Components
# with other names (X- or IANA ones) may stand anywhere inside a VCALENDAR.
PARENTS: dict[str, frozenset] = {
    "VCALENDAR": frozenset({None}),
    **{name: frozenset({"VCALENDAR"}) for name in ("VEVENT", "VTODO", "VJOURNAL", "VFREEBUSY", "VTIMEZONE",
                                                   "VAVAILABILITY")},
    "VALARM": frozenset({"VEVENT", "VTODO"}),
    "STANDARD": frozenset({"VTIMEZONE"}),
    "DAYLIGHT": frozenset({"VTIMEZONE"}),
    "AVAILABLE": frozenset({"VAVAILABILITY"}),
    "PARTICIPANT": _ITEMISH,
    "VLOCATION": _ITEMISH | {"PARTICIPANT", "VALARM"},
    "VRESOURCE": _ITEMISH | {"PARTICIPANT"},
}
_COMPONENT_NAME = re.compile(r"[A-Za-z0-9-]+")


@dataclass
class Component:
    """One VEVENT or VTODO: where it begins, and the properties asked for, as written."""

    name: str
    line: int
    properties: dict[str, list[tuple[int, str, str]]] = field(default_factory=dict)  # NAME -> [(line, params, value)]
    damaged: list[tuple[int, str]] = field(default_factory=list)  # (line, the name it seems to carry)


def shown(text: str, limit: int = 40) -> str:
    """A piece of the file fit for a message: no control characters, not too long."""
    text = "".join(c if c.isprintable() else "?" for c in text[:limit + 1])
    return text if len(text) <= limit else text[:limit - 1] + "…"


def components(data: bytes, wanted: frozenset[str], warnings: list[str]) -> Iterator[tuple[Component, dict]]:
    """(component, its VCALENDAR's METHOD and X-WR-TIMEZONE) for each VEVENT and VTODO, in file order.

    Raises InvalidInput, with a line number, when the structure is damaged."""
    stack: list[tuple[str, int]] = []  # open components: (name, line of their BEGIN)
    calendar: dict[str, str] = {}
    item: Component | None = None
    calendars, number, ignored_after = 0, 0, False
    for number, line in logical_lines(data):
        if item is not None:  # the hot path: a line inside an event or a to-do
            match = CONTENT_LINE.match(line)
            if match is None:
                if len(stack) == 2:
                    item.damaged.append((number, name_of(line)))
                else:
                    warnings.append(f"line {number}: not an iCalendar content line ('{shown(line)}'); ignored")
                continue
            name, value, rest = match.groups()
            name = name.upper()
            if name != "BEGIN" and name != "END":
                if name in wanted and len(stack) == 2:
                    if rest is None:
                        item.properties.setdefault(name, []).append((number, "", value))
                    elif (params := PARAMETERS.match(rest)) is not None:
                        item.properties.setdefault(name, []).append((number, params.group(1), rest[params.end():]))
                    else:
                        item.damaged.append((number, name))
                continue
            parts = (name, "", value) if rest is None else split(line)
        else:
            parts = split(line)
        if parts is None or parts[0] not in ("BEGIN", "END"):
            if not stack:
                if not calendars:
                    raise InvalidInput.of("ical.starts_with_text", text=shown(line), line=number)
                if not ignored_after:
                    warnings.append(f"line {number}: text after END:VCALENDAR ignored")
                    ignored_after = True
            elif parts is None:
                warnings.append(f"line {number}: not an iCalendar content line ('{shown(line)}'); ignored")
            elif len(stack) == 1 and parts[0] in _CALENDAR_PROPERTIES:
                calendar[parts[0]] = parts[2]
            continue
        keyword, _, value = parts
        name = value.strip().upper()
        if _COMPONENT_NAME.fullmatch(name) is None:
            raise InvalidInput.of("ical.bad_component_name", line=number, value=shown(value), keyword=keyword)
        if keyword == "BEGIN":
            parent = stack[-1][0] if stack else None
            if parent not in PARENTS.get(name, () if parent is None else (parent,)):
                if not calendars and parent is None:
                    raise InvalidInput.of("ical.starts_with_component", name=name, line=number)
                if parent:
                    raise InvalidInput.of("ical.misplaced_inside", line=number, name=name, parent=parent,
                                          begun=stack[-1][1])
                raise InvalidInput.of("ical.misplaced_outside", line=number, name=name)
            stack.append((name, number))
            if name == "VCALENDAR":
                calendars, calendar, ignored_after = calendars + 1, {}, False
            elif len(stack) == 2 and name in ITEMS:
                item = Component(name, number)
        else:
            if not stack:
                raise InvalidInput.of("ical.end_alone", line=number, name=name)
            open_name, open_line = stack[-1]
            if open_name != name:
                raise InvalidInput.of("ical.end_mismatch", line=number, name=name, open=open_name, begun=open_line)
            stack.pop()
            if item is not None and len(stack) == 1:
                yield item, calendar
                item = None
    if stack:
        name, begun = stack[-1]
        raise InvalidInput.of("ical.incomplete", line=number, name=name, begun=begun)
    if not calendars:  # any other first line was refused above
        raise InvalidInput.of("ical.empty")
