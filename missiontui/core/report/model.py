"""The status report of one mission, as typed values: every renderer (HTML, Markdown, CSV, xlsx) reads this.

`build_report` is pure: it takes the mission, its deliverables and what the history says happened
to them (deadline moves, blockings, already typed), and decides the colour of each deliverable by
the rule in `rag.py`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from missiontui.core.model import Deliverable, Mission, Status
from missiontui.core.report.rag import Rag, assess

UPCOMING_DAYS = 30  # "what is due in the next 30 days"


@dataclass(frozen=True)
class DeadlineMove:
    """The history says: this deadline went from `old` to `new`, at `at`, for `reason`."""

    deliverable_id: int
    at: datetime  # aware (UTC in the database)
    actor: str
    old: date
    new: date
    reason: str = ""

    @property
    def shift_days(self) -> int:
        return (self.new - self.old).days


@dataclass(frozen=True)
class Blocking:
    """The history says: this deliverable became blocked, at `at`, for `reason`."""

    deliverable_id: int
    at: datetime
    actor: str
    reason: str = ""


@dataclass(frozen=True)
class Row:
    """One deliverable as the report shows it."""

    deliverable: Deliverable
    rag: Rag
    rule: str  # which clause of the rule gave the colour (a key of rag.RULE_KEYS)
    days_left: int  # negative when late
    baseline: date | None  # its deadline at the start of the period, when it moved since
    moves: tuple[DeadlineMove, ...]  # moves since the start of the period, oldest first
    why: DeadlineMove | Blocking | None  # the latest move or blocking, whenever it happened

    @property
    def is_late(self) -> bool:
        return self.deliverable.status.is_open and self.days_left < 0

    @property
    def shift_days(self) -> int | None:
        return None if self.baseline is None else (self.deliverable.due.date - self.baseline).days


@dataclass(frozen=True)
class StatusReport:
    mission: Mission
    today: date
    since: date  # moves are counted from this day (the mission's start unless given)
    rows: tuple[Row, ...]  # the dated deliverables, by due date, then id
    undated: tuple[Deliverable, ...] = ()  # no date yet ("to schedule"): listed apart, by id

    @property
    def done(self) -> int:
        return sum(d.status is Status.DONE for d in self._all())

    @property
    def counted(self) -> int:
        """Deliverables progress is counted against: all but the cancelled ones, dated or not."""
        return sum(d.status is not Status.CANCELLED for d in self._all())

    def _all(self) -> Iterator[Deliverable]:
        yield from (r.deliverable for r in self.rows)
        yield from self.undated

    @property
    def percent_done(self) -> int:
        return round(100 * self.done / self.counted) if self.counted else 0

    def count(self, rag: Rag) -> int:
        return sum(r.rag is rag for r in self.rows)

    @property
    def late(self) -> list[Row]:
        return [r for r in self.rows if r.is_late]

    @property
    def upcoming(self) -> list[Row]:
        """Still to do and due from today to 30 days ahead."""
        return [r for r in self.rows if r.deliverable.status.is_open and 0 <= r.days_left <= UPCOMING_DAYS]

    @property
    def moved(self) -> list[Row]:
        return [r for r in self.rows if r.moves]

    @property
    def upcoming_until(self) -> date:
        return self.today + timedelta(days=UPCOMING_DAYS)


def build_report(mission: Mission, deliverables: Iterable[Deliverable], moves: Iterable[DeadlineMove],
                 blockings: Iterable[Blocking], *, today: date, since: date | None = None) -> StatusReport:
    """The report as of `today`; deadline moves are counted from `since` (default: the mission's start)."""
    since = since or mission.signed_on or date.min
    deliverables = list(deliverables)
    items = sorted((d for d in deliverables if d.due), key=lambda d: (d.due.date, d.id))
    undated = tuple(sorted((d for d in deliverables if not d.due), key=lambda d: d.id))
    moves_of: dict[int, list[DeadlineMove]] = {}
    for move in sorted(moves, key=lambda m: m.at):
        moves_of.setdefault(move.deliverable_id, []).append(move)
    latest_block: dict[int, Blocking] = {}
    for block in sorted(blockings, key=lambda b: b.at):
        latest_block[block.deliverable_id] = block
    late_ids = {d.id for d in items if d.is_overdue(today)}
    rows = []
    for d in items:
        rag, rule = assess(d, today, waits_on_late=any(dep in late_ids for dep in d.depends_on))
        all_moves = moves_of.get(d.id, [])
        in_period = tuple(m for m in all_moves if local_day(m.at) >= since)
        candidates = [e for e in (all_moves[-1] if all_moves else None, latest_block.get(d.id)) if e is not None]
        why = max(candidates, key=lambda e: e.at) if candidates else None
        rows.append(Row(d, rag, rule, d.days_left(today), in_period[0].old if in_period else None, in_period, why))
    return StatusReport(mission, today, since, tuple(rows), undated)


def local_day(moment: datetime) -> date:
    """The day a change happened, in the reader's time zone (history is stored in UTC)."""
    return moment.astimezone().date() if moment.tzinfo else moment.date()
