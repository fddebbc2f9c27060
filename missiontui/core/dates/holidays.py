"""French public holidays (Easter by the Gregorian computus) and counting in working days."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

_FIXED = ((1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25))
_AFTER_EASTER = (1, 39, 50)  # lundi de Pâques, Ascension, lundi de Pentecôte


def easter(year: int) -> date:
    """Easter Sunday (anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


@cache
def public_holidays(year: int) -> frozenset[date]:
    """The eleven national public holidays of metropolitan France in `year`."""
    sunday = easter(year)
    return frozenset({date(year, m, d) for m, d in _FIXED} | {sunday + timedelta(days=n) for n in _AFTER_EASTER})


def is_working_day(day: date, saturdays: bool = False) -> bool:
    """Jours ouvrés: Monday to Friday; jours ouvrables (`saturdays`): Monday to Saturday; never a holiday."""
    return day.weekday() < (6 if saturdays else 5) and day not in public_holidays(day.year)


def add_working_days(start: date, count: int, saturdays: bool = False) -> date:
    """The `count`-th working day after `start` (before it when `count` is negative); `start` itself
    never counts, as in "sous 10 jours ouvrés" from the day the letter arrives."""
    step = timedelta(days=1 if count >= 0 else -1)
    day = start
    for _ in range(abs(count)):
        day += step
        while not is_working_day(day, saturdays):
            day += step
    return day
