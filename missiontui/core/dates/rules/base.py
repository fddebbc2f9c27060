"""What a rule is, how rules register, and the helpers they share.

A rule is a regular expression over the normalised text and what its match means: a `Period` (the
day or span is known), a `Yearly` (a day or span that comes back each year: the scanner picks the
occurrence), None (the match is not a date after all), or a `DateError` raised with the reason the
phrase cannot be read. A rule runs only when one of its trigger words is in the text, and its
pattern compiles the first time it runs: typing "fin juin" compiles a handful of rules, not all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, timedelta

from missiontui.core.dates.errors import DAY_NAMES_EN, DateError, bad_day
from missiontui.core.dates.fragments import fragments
from missiontui.core.dates.periods import Period, add_months, days_in_month
from missiontui.core.dates.words import (CARDINALS, HOURS, MONTHS, ORDINAL_WORDS, UNITS, WEEKDAYS, number_value,
                                         ordinal_value)

DIGIT = "#"  # the trigger of rules that need a digit somewhere in the text
NUMBER_WORDS = frozenset(CARDINALS) | frozenset(ORDINAL_WORDS)

# Plain classes rather than dataclasses: each dataclass costs about a millisecond at import.


class Yearly:
    """A span that comes back every year ("fin juin", "Noël", "l'été"): `of(year)` is that year's;
    `check` runs on the occurrence chosen ("mardi 3 octobre" must be a Tuesday)."""

    __slots__ = ("of", "check")

    def __init__(self, of: Callable[[int], Period], check: Callable[[Period], object] | None = None):
        self.of, self.check = of, check


class Context:
    """What a rule knows besides its match: the reference day, the words as written (for error
    messages), and whether they are the whole input rather than a phrase inside a sentence."""

    __slots__ = ("ref", "phrase", "whole")

    def __init__(self, ref: date, phrase: str, whole: bool):
        self.ref, self.phrase, self.whole = ref, phrase, whole


class Rule:
    """`patterns(fragments)`: one regular expression or a tuple; `resolve(match, context)`;
    `when`: the words (or DIGIT) without which it cannot match — or several such sets, one word of
    each needed ("15 mars": a month and a digit); `relative`: counted from the
    reference day, so its words say nothing more than the date; `weak`: a bare word ("septembre",
    "2023") that is a date only next to "avant", "dernier"...; `counts`: a delay, refused when
    counted from something other than the reference day."""

    __slots__ = ("patterns", "resolve", "when", "relative", "weak", "counts", "_compiled")

    def __init__(self, patterns, resolve, when, relative=False, weak=False, counts=False):
        self.patterns, self.resolve = patterns, resolve
        groups = when if when and not isinstance(next(iter(when)), str) else (when,)
        self.when = tuple(frozenset(g) for g in groups)
        self.relative, self.weak, self.counts = relative, weak, counts
        self._compiled: list[re.Pattern] | None = None

    def may_match(self, words: set[str]) -> bool:
        return all(not group.isdisjoint(words) for group in self.when)

    def compiled(self) -> list[re.Pattern]:
        if self._compiled is None:
            found = self.patterns(fragments())
            self._compiled = [re.compile(p) for p in (found if isinstance(found, tuple) else (found,))]
        return self._compiled


RULES: list[Rule] = []  # in order of precedence when two readings are as long


def rule(patterns, *, when: Iterable, relative: bool = False, weak: bool = False, counts: bool = False):
    def register(fn):
        RULES.append(Rule(patterns, fn, when, relative, weak, counts))
        return fn
    return register


# --- helpers -----------------------------------------------------------------------------------

def checked_day(year: int, month: int, day: int, phrase: str) -> date:
    if not 1 <= month <= 12:
        raise DateError("bad_month", phrase, month=month)
    if not 1 <= day <= days_in_month(year, month):
        raise bad_day(phrase, month, day)
    return date(year, month, day)


def year_of(m, group: str = "year") -> int | None:
    """The year in digits or words ("deux mille vingt-trois"), or None when none was said (the
    scanner has refused a year outside the supported ones before any rule reads it)."""
    text = m.groupdict().get(group)
    if not text:
        return None
    if text.isdigit():
        return int(text)
    value = number_value(text)
    if value is None:
        raise DateError("no_date", text)
    return value


def second_year(m, first: int, phrase: str) -> None:
    """ "l'hiver 2023-2024", "rentrée 2023/24": the second year must be the next one."""
    text = m.groupdict().get("year2")
    if text and int(text) != (first + 1 if len(text) == 4 else (first + 1) % 100):
        raise DateError("bad_years", phrase, first=first, second=text)


def fixed_or_yearly(m, make: Callable[[int], Period]) -> Period | Yearly:
    year = year_of(m)
    return make(year) if year is not None else Yearly(make)


def month_number(m) -> int:
    return MONTHS[m["mon"].rstrip(".")]


_REL_MONTH_SHIFT = (("after next", 2), ("prochain", 1), ("next", 1), ("dernier", -1), ("precedent", -1),
                    ("last", -1), ("previous", -1))


def in_month(m, ref: date, make: Callable[[int, int], Period]) -> Period | Yearly:
    """A span inside a named month ("fin juin 2023") or this/next/last month ("fin du mois prochain")."""
    rel = m.groupdict().get("relm")
    if rel:
        shift = next((n for word, n in _REL_MONTH_SHIFT if word in rel), 0)
        base = add_months(ref.replace(day=1), shift)
        return make(base.year, base.month)
    number = month_number(m)
    return fixed_or_yearly(m, lambda y: make(y, number))


def day_number(m) -> int | None:
    """The day of the month, from digits or words; None when the words are a count, not a day."""
    if m.groupdict().get("d"):
        return int(m["d"])
    words = m["dw"]
    if words.split()[0].split("-")[0] in ("un", "une", "one", "a", "an"):
        return None
    value = ordinal_value(words) or number_value(words)
    return value if value and 1 <= value <= 31 else None


def count(m) -> int:
    """A number of days, weeks... in digits or words ("45", "quarante-cinq", "a")."""
    value = int(m["n"]) if m["n"].isdigit() else number_value(m["n"])
    if value is None:
        raise DateError("no_date", m["n"])
    return value


def shift(ref: date, n: int, unit: str) -> date:
    """`n` units after `ref`: months are calendar months (the same day, clipped to the month's end)."""
    if unit in HOURS:
        return ref + timedelta(days=-(-n // 24))  # 48 hours = 2 days; 36 hours = 2 days
    days, months = UNITS[unit]
    return add_months(ref, n * months) if months else ref + timedelta(days=n * days)


def with_weekday(m, day: date, phrase: str) -> date:
    """ "mardi 3 octobre 2022": the weekday said must be the date's."""
    said = (m.groupdict().get("wd") or "").rstrip(".")
    if said and WEEKDAYS[said] != day.weekday():
        raise DateError("weekday", phrase, day=day.isoformat(),
                        actual=DAY_NAMES_EN[day.weekday()], said=DAY_NAMES_EN[WEEKDAYS[said]])
    return day
