"""Spans of the calendar a phrase can name — a day, a month, a fortnight, a quarter, a season — and
the arithmetic on them. A deadline is the span's last day; "avant" a span is the day before it."""

from __future__ import annotations

from datetime import date, timedelta

from missiontui.core.model import Precision

# First and last (month, day) of each season, fixed (astronomical dates vary by a day; a deadline must not).
SEASONS = {"spring": ((3, 20), (6, 20)), "summer": ((6, 21), (9, 22)), "autumn": ((9, 23), (12, 20)),
           "winter": ((12, 21), (3, 19))}
_MONTH_LEVEL = (Precision.MONTH, Precision.EARLY_MONTH, Precision.MID_MONTH, Precision.END_OF_MONTH)


class Period:
    """A span of days and how precisely it was named; a single day when first == last."""

    __slots__ = ("first", "last", "precision")  # a plain class: dataclasses cost ~1 ms each at import

    def __init__(self, first: date, last: date, precision: Precision):
        self.first, self.last, self.precision = first, last, precision

    def __repr__(self) -> str:
        return f"Period({self.first}, {self.last}, {self.precision.value})"

    @classmethod
    def day(cls, day: date, precision: Precision = Precision.DAY) -> Period:
        return cls(day, day, precision)

    def before(self) -> Period:
        """ "avant septembre" is 31 August; "avant le 14 juillet" is that day."""
        if self.first == self.last:
            return self
        day = self.first - timedelta(days=1)
        precision = self.precision
        if precision in _MONTH_LEVEL:
            precision = (Precision.END_OF_MONTH if day == last_day(day.year, day.month)
                         else Precision.MID_MONTH if day.day == 15 else Precision.DAY)
        return Period.day(day, precision)


def days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def last_day(year: int, month: int) -> date:
    return date(year, month, days_in_month(year, month))


def add_months(day: date, months: int) -> date:
    """Same day n months later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return date(year, month, min(day.day, days_in_month(year, month)))


def month(year: int, number: int, precision: Precision = Precision.MONTH) -> Period:
    return Period(date(year, number, 1), last_day(year, number), precision)


def months(year: int, first: int, count: int, precision: Precision) -> Period:
    """`count` months from month `first`: a quarter (3) or a half (6)."""
    return Period(date(year, first, 1), last_day(year, first + count - 1), precision)


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def season(name: str, year: int) -> Period:
    """The season of that year; winter 2023 begins in December 2023."""
    (m1, d1), (m2, d2) = SEASONS[name]
    return Period(date(year, m1, d1), date(year + (m2 < m1), m2, d2), Precision.SEASON)


def year(number: int, precision: Precision = Precision.YEAR) -> Period:
    return Period(date(number, 1, 1), date(number, 12, 31), precision)
