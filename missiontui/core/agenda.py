"""The agenda: what is late, what falls due day by day over the next weeks, and what has no date yet.

Pure and made of ids, so that the TUI can show 100,000 deliverables by fetching only the rows on
screen; the CLI fetches them all. Weeks start on Monday, as in France.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

PERIODS = ("today", "this-week", "next-week", "later")


def period(day: date, today: date) -> str:
    """Which part of the agenda a day belongs to: today, this week, next week, or later."""
    if day <= today:
        return "today"
    monday = today - timedelta(days=today.weekday())
    if day < monday + timedelta(days=7):
        return "this-week"
    if day < monday + timedelta(days=14):
        return "next-week"
    return "later"


@dataclass(frozen=True)
class AgendaDay:
    day: date
    period: str
    ids: tuple[int, ...]


@dataclass(frozen=True)
class Agenda:
    today: date
    until: date  # the last day shown
    late: tuple[int, ...]  # open and due before today, oldest first
    days: tuple[AgendaDay, ...]  # from today to `until`, only days with something due
    undated: tuple[int, ...]  # open and without a date yet: "to schedule"

    @property
    def count(self) -> int:
        return len(self.late) + sum(len(d.ids) for d in self.days) + len(self.undated)

    def ids(self) -> list[int]:
        """Every deliverable in the order shown."""
        return [*self.late, *(i for d in self.days for i in d.ids), *self.undated]


def build_agenda(today: date, until: date, late: Iterable[int], dated: Iterable[tuple[int, date]],
                 undated: Iterable[int]) -> Agenda:
    """`dated`: (id, due) of what falls due from today to `until`, in date order."""
    days: list[AgendaDay] = []
    current: date | None = None
    ids: list[int] = []
    for deliverable_id, day in dated:
        if day != current:
            if ids:
                days.append(AgendaDay(current, period(current, today), tuple(ids)))
            current, ids = day, []
        ids.append(deliverable_id)
    if ids:
        days.append(AgendaDay(current, period(current, today), tuple(ids)))
    return Agenda(today, until, tuple(late), tuple(days), tuple(undated))
