"""Meetings that repeat: an iCalendar RRULE ("FREQ=MONTHLY;BYDAY=1TU", a steering committee every
first Tuesday; "FREQ=WEEKLY", a weekly team point) read with python-dateutil.

A repeating deliverable's `due` is the occurrence to hold next, and its rule counts from it (the
RRULE's DTSTART). Completing an occurrence moves `due` to the following one — each completion is a
change in the history ("due: 7 June → 5 July", with the occurrence named in the reason) — and a
COUNT goes down by one, so the rule always describes what is left. The last occurrence completes
the deliverable as any other.

The rules accepted are those a meeting needs, checked before dateutil sees them: FREQ DAILY,
WEEKLY, MONTHLY or YEARLY; INTERVAL; COUNT; UNTIL as a date; BYDAY (with an ordinal, "1TU",
"-1FR", for MONTHLY and YEARLY); BYMONTHDAY; BYMONTH; WKST. The due date must itself be an
occurrence. Together these guarantee dateutil finds the next occurrence quickly: a rule no date can
satisfy (BYMONTH=2;BYMONTHDAY=30) would make it search until the year 9999.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta

from missiontui.core.errors import InvalidInput

_FREQS = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_PARTS = ("FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYMONTH", "WKST")
_BYDAY = re.compile(r"([+-]?)([1-5]?)(MO|TU|WE|TH|FR|SA|SU)")


def normalise(text: str) -> str:
    """The rule as stored: upper case, without "RRULE:", parts in a fixed order; "" for none.
    Raises InvalidInput naming what is wrong."""
    rule = (text or "").strip().upper()
    if rule.startswith("RRULE:"):
        rule = rule[6:].strip()
    if not rule:
        return ""
    parts = _parts(rule, text)
    return ";".join(f"{name}={parts[name]}" for name in _PARTS if name in parts)


def _parts(rule: str, shown: str) -> dict[str, str]:
    if not re.fullmatch(r"[A-Z0-9=;,+-]+", rule):
        raise InvalidInput.of("recurrence.bad_chars", rule=shown)
    parts: dict[str, str] = {}
    for item in rule.split(";"):
        name, _, value = item.partition("=")
        if name not in _PARTS:
            raise InvalidInput.of("recurrence.bad_part", rule=shown, part=name or item, parts=" ".join(_PARTS))
        if not value or name in parts:
            raise InvalidInput.of("recurrence.bad_value", rule=shown, part=name, value=value)
        parts[name] = value
    freq = parts.get("FREQ")
    if freq not in _FREQS:
        raise InvalidInput.of("recurrence.bad_freq", rule=shown)
    checks = {"INTERVAL": r"[1-9]\d?", "COUNT": r"[1-9]\d{0,3}", "UNTIL": r"\d{8}", "WKST": "|".join(_DAYS),
              "BYMONTH": r"(?:1[0-2]|[1-9])(?:,(?:1[0-2]|[1-9]))*",
              "BYMONTHDAY": r"-?(?:3[01]|[12]\d|[1-9])(?:,-?(?:3[01]|[12]\d|[1-9]))*",
              "BYDAY": r"[+-]?[1-5]?(?:MO|TU|WE|TH|FR|SA|SU)(?:,[+-]?[1-5]?(?:MO|TU|WE|TH|FR|SA|SU))*"}
    for name, pattern in checks.items():
        if name in parts and not re.fullmatch(pattern, parts[name]):
            raise InvalidInput.of("recurrence.bad_value", rule=shown, part=name, value=parts[name])
    if "COUNT" in parts and "UNTIL" in parts:
        raise InvalidInput.of("recurrence.count_and_until", rule=shown)
    if "UNTIL" in parts:
        try:
            date(int(parts["UNTIL"][:4]), int(parts["UNTIL"][4:6]), int(parts["UNTIL"][6:]))
        except ValueError:
            raise InvalidInput.of("recurrence.bad_value", rule=shown, part="UNTIL", value=parts["UNTIL"]) from None
    if freq in ("DAILY", "WEEKLY") and any(m.group(2) for m in _BYDAY.finditer(parts.get("BYDAY", ""))):
        raise InvalidInput.of("recurrence.numbered_day", rule=shown)
    return parts


def check(rule: str, due: date | None) -> None:
    """A repeating deliverable needs a date, and that date must be one of the rule's occurrences."""
    if not rule:
        return
    if due is None:
        raise InvalidInput.of("recurrence.needs_date", rule=rule)
    if not _is_occurrence(_parse(rule), due):
        raise InvalidInput.of("recurrence.not_an_occurrence", rule=rule, day=due.isoformat())
    if "UNTIL" in rule and _until(rule) < due:
        raise InvalidInput.of("recurrence.until_before", rule=rule, day=due.isoformat())


def following(rule: str, due: date) -> tuple[date, str] | None:
    """The occurrence after `due` and the rule counted from it (COUNT one less), or None when `due`
    is the last one."""
    parts = _parse(rule)
    if parts.get("COUNT") == "1":
        return None
    nxt = _rrule(rule, due).after(datetime(due.year, due.month, due.day))
    if nxt is None:
        return None
    if "COUNT" in parts:
        rule = rule.replace(f"COUNT={parts['COUNT']}", f"COUNT={int(parts['COUNT']) - 1}")
    return nxt.date(), rule


def on_or_after(rule: str, due: date, day: date) -> date | None:
    """The first occurrence of the series that holds `due` on or after `day` (a meeting moved by a
    cascade goes to the next one the rule allows)."""
    found = _rrule(rule, due).after(datetime(day.year, day.month, day.day) - timedelta(microseconds=1))
    return found.date() if found else None


def _parse(rule: str) -> dict[str, str]:
    return dict(item.split("=", 1) for item in rule.split(";"))


def _until(rule: str) -> date:
    value = _parse(rule)["UNTIL"]
    return date(int(value[:4]), int(value[4:6]), int(value[6:]))


def _rrule(rule: str, due: date):
    from dateutil.rrule import rrulestr

    text = rule
    if "UNTIL" in rule:  # a date UNTIL is the end of that day for a midnight DTSTART
        text = rule.replace(f"UNTIL={_parse(rule)['UNTIL']}", f"UNTIL={_parse(rule)['UNTIL']}T235959")
    return rrulestr(text, dtstart=datetime(due.year, due.month, due.day))


def _is_occurrence(parts: dict[str, str], day: date) -> bool:
    """Whether `day` passes the rule's BY filters (then, as DTSTART, it is its first occurrence)."""
    if "BYMONTH" in parts and day.month not in {int(m) for m in parts["BYMONTH"].split(",")}:
        return False
    length = calendar.monthrange(day.year, day.month)[1]
    if "BYMONTHDAY" in parts and not any(day.day == (d if d > 0 else length + 1 + d)
                                         for d in (int(x) for x in parts["BYMONTHDAY"].split(","))):
        return False
    if "BYDAY" in parts:
        in_year = parts["FREQ"] == "YEARLY" and "BYMONTH" not in parts
        span_day = day.timetuple().tm_yday if in_year else day.day
        span = (366 if calendar.isleap(day.year) else 365) if in_year else length
        matched = False
        for m in _BYDAY.finditer(parts["BYDAY"]):
            if _DAYS.index(m.group(3)) != day.weekday():
                continue
            n = int(m.group(2) or 0) * (-1 if m.group(1) == "-" else 1)
            if n == 0 or (n > 0 and (span_day - 1) // 7 + 1 == n) or (n < 0 and (span - span_day) // 7 + 1 == -n):
                matched = True
        if not matched:
            return False
    return True
