"""A CalDAV item as missiontui writes it, read without icalendar: the fast path of `tasks.read_item`.

A sync reads every item of a collection on a clone, and every changed one after. icalendar builds
a whole object tree per item (~1.6 ms); an item as we write it — and as Radicale and Xandikos hand
it back, re-ordered and re-folded — holds a small, known set of properties with plain values, which
this reader turns into the few attributes `tasks._task` and `tasks._mission` look at (`get`,
`.params`, `.dt`, `.cats`) in a few tens of microseconds.

It accepts only what it cannot get wrong and answers None for anything else — a second component,
an alarm, a TZID, a property we do not write, an escape or a parameter encoding icalendar might read
differently — so the caller reads that item with icalendar. Tests check both readers agree on every
item this one accepts.
"""

from __future__ import annotations

import re

from missiontui.core.ical.contentlines import date_value, parameters, split, text_list, unescape

X = "X-MISSIONTUI-"
_CALENDAR = frozenset({"VERSION", "PRODID", "CALSCALE"})
_COMMON = frozenset({"UID", "DTSTAMP", "LAST-MODIFIED", "SEQUENCE", "SUMMARY", "DESCRIPTION", X + "STATUS",
                     X + "EDITOR"})
_ACCEPTED = {
    "VTODO": _COMMON | {"DUE", "STATUS", "PERCENT-COMPLETE", "COMPLETED", "CATEGORIES", "RELATED-TO", X + "MISSION",
                        X + "KIND", X + "PRECISION", X + "PHRASE", X + "OWNER"},
    "VJOURNAL": _COMMON | {"DTSTART", X + "ITEM", X + "REFERENCE", X + "AUTHORITY", X + "SIGNATORY", X + "LEAD",
                           X + "ADDRESSEE", X + "PERSON"},
}
_REPEATABLE = frozenset({"CATEGORIES", "RELATED-TO", X + "OWNER", X + "ADDRESSEE", X + "PERSON"})
_DATES = frozenset({"DUE", "COMPLETED", "DTSTAMP", "LAST-MODIFIED", "DTSTART"})
_INTEGERS = frozenset({"SEQUENCE", "PERCENT-COMPLETE"})
_PARAMS = {"DUE": {"VALUE"}, "DTSTART": {"VALUE"}, "COMPLETED": {"VALUE"}, "RELATED-TO": {"RELTYPE"},
           X + "OWNER": {"X-EMAIL", "X-LEAD"}, X + "PERSON": {"X-EMAIL", "X-ROLE", "X-ORGANISATION"},
           X + "EDITOR": {"X-AT"}}
_SIMPLE_ESCAPES = re.compile(r"(?:[^\\]|\\[,;nN])*", re.DOTALL)  # no \\ nor odd escapes: one reading only


class Property(str):
    """A property's value (unescaped text) with its parameters, and its date when it is one."""

    params: dict
    dt: object
    cats: list


class LeanComponent:
    def __init__(self, name: str, properties: dict[str, list[Property]]):
        self.name = name
        self._properties = properties

    def get(self, name: str, default=None):
        values = self._properties.get(name)
        if not values:
            return default
        return values[0] if len(values) == 1 else list(values)

    def __getitem__(self, name: str):
        found = self.get(name)
        if found is None:
            raise KeyError(name)
        return found


def lean_component(text: str) -> LeanComponent | None:
    """The one VTODO or VJOURNAL of an item in our own shape, or None: read it with icalendar."""
    if "\r" in text.replace("\r\n", ""):
        return None
    lines = text.replace("\r\n", "\n").replace("\n ", "").replace("\n\t", "").split("\n")
    while lines and not lines[-1]:
        lines.pop()
    if not lines or lines[0] != "BEGIN:VCALENDAR" or lines[-1] != "END:VCALENDAR":
        return None
    name, properties, state = None, {}, "calendar"
    for line in lines[1:-1]:
        if line.startswith(("BEGIN:", "END:")):
            keyword, _, value = line.partition(":")
            if keyword == "BEGIN" and state == "calendar" and value in _ACCEPTED and name is None:
                name, state = value, "item"
            elif keyword == "END" and state == "item" and value == name:
                state = "calendar"
            else:
                return None  # a second item, an alarm, a time zone, a misplaced END: icalendar decides
            continue
        parts = split(line)
        if parts is None:
            return None
        prop, param_text, value = parts
        if state == "calendar":
            if prop not in _CALENDAR:
                return None
            continue
        if prop not in _ACCEPTED[name] or (prop in properties and prop not in _REPEATABLE):
            return None
        read = _property(prop, param_text, value)
        if read is None:
            return None
        properties.setdefault(prop, []).append(read)
    if name is None or state != "calendar":
        return None
    return LeanComponent(name, properties)


def _property(name: str, param_text: str, value: str) -> Property | None:
    if param_text:
        if "^" in param_text or "\\" in param_text:
            return None  # RFC 6868 caret encoding, or a backslash icalendar may read otherwise
        params = parameters(param_text)
        if not params or not params.keys() <= _PARAMS.get(name, frozenset()) or params.get("VALUE", "DATE") != "DATE":
            return None
    else:
        params = {}
    if "\\" in value and not _SIMPLE_ESCAPES.fullmatch(value):
        return None
    if name == "CATEGORIES":
        prop = Property(value)
        prop.cats = text_list(value)
    elif name in _DATES:
        moment = date_value(value)
        if moment is None or (params.get("VALUE") == "DATE" and len(value.strip()) != 8):
            return None
        prop = Property(value)
        prop.dt = moment
    elif name in _INTEGERS:
        if not re.fullmatch(r"[+-]?\d{1,9}", value.strip()):
            return None
        prop = Property(value)
    else:
        prop = Property(unescape(value))
    prop.params = params
    return prop
