"""A list's filter from what a user types: dates as phrases, "mine" as the acting user."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from missiontui.core.model import DeliverableFilter, Due, Precision
from missiontui.usecases.context import Context
from missiontui.usecases.inputs import find_person, parse_kind, parse_status


def build_filter(ctx: Context, *, mission: str | None = None, owner: str | None = None,
                 statuses: Sequence[str] = (), kinds: Sequence[str] = (), due_before: str | None = None,
                 due_after: str | None = None, overdue: bool = False, mine: bool = False, text: str = "",
                 open_only: bool = False, include_deleted: bool = False, dated: bool | None = None) -> DeliverableFilter:
    today = ctx.today()
    if mine or owner:
        owner = find_person(ctx.store, ctx.actor if mine else owner).name
    return DeliverableFilter(
        mission=mission, owner=owner,
        statuses=tuple(parse_status(s) for s in statuses), kinds=tuple(parse_kind(k) for k in kinds),
        due_before=_bound(due_before, today).date if due_before else None,
        due_after=period_start(due_after, today) if due_after else None,
        overdue_on=today if overdue else None, text=text, open_only=open_only, include_deleted=include_deleted,
        dated=dated)


def _bound(text: str, today: date) -> Due:
    """A filter's date may be in the past ("hier", "le mois dernier"): not a deadline, a bound."""
    from missiontui.core.dates import parse_due  # only when a date is typed: `list` starts faster

    return parse_due(text, today, deadline_only=False)


def period_start(text: str, today: date) -> date:
    """'after mai 2023' means from the start of May: a period's first day, not its deadline."""
    due = _bound(text, today)
    d = due.date
    if due.precision in (Precision.MONTH, Precision.END_OF_MONTH):
        return d.replace(day=1)
    if due.precision is Precision.QUARTER:
        return date(d.year, d.month - 2, 1)  # a quarter ends in March, June, September or December
    if due.precision is Precision.HALF:
        return date(d.year, d.month - 5, 1)  # a half ends in June or December
    if due.precision is Precision.YEAR:
        return date(d.year, 1, 1)
    if due.precision is Precision.SEASON:  # a season ends on its last day: find the one that ends there
        from missiontui.core.dates.periods import SEASONS

        (m1, d1), _ = next(span for span in SEASONS.values() if span[1] == (d.month, d.day))
        return date(d.year - (m1 > d.month), m1, d1)
    return d
