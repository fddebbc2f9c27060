"""What is late, what is due day by day over the next weeks, and what is still to schedule: the
TUI's landing view and `missiontui agenda` read it here."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

from missiontui.core.agenda import Agenda, build_agenda
from missiontui.core.errors import InvalidInput
from missiontui.core.model import Deliverable, DeliverableFilter, Status
from missiontui.usecases.context import Context
from missiontui.usecases.inputs import find_person

DEFAULT_DAYS = 14
MAX_DAYS = 3660
SHOWN = (Status.PLANNED, Status.IN_PROGRESS, Status.BLOCKED, Status.DONE)  # cancelled ones are not on the agenda


@dataclass(frozen=True)
class Scope:
    """Whose agenda: everyone's, one mission's, one person's (names as typed; "mine" is the acting user)."""

    days: int = DEFAULT_DAYS
    mission: str | None = None
    owner: str | None = None
    mine: bool = False


def agenda(ctx: Context, scope: Scope = Scope()) -> Agenda:
    """Late items (open, due before today), then every day from today to today + `days` that has
    something due (done ones included: the week's picture), then open items with no date yet."""
    if not 0 <= scope.days <= MAX_DAYS:
        raise InvalidInput.of("error.agenda_days", max=MAX_DAYS)
    if scope.mine and scope.owner:
        raise InvalidInput.of("error.mine_and_owner")
    store, today = ctx.store, ctx.today()
    until = today + timedelta(days=scope.days)
    base = DeliverableFilter(mission=store.mission(scope.mission).reference if scope.mission else None,
                             owner=owner_name(ctx, scope))
    return build_agenda(
        today, until,
        late=store.deliverable_ids(replace(base, overdue_on=today)),
        dated=store.due_dates(replace(base, due_after=today, due_before=until, statuses=SHOWN)),
        undated=store.deliverable_ids(replace(base, dated=False, open_only=True), order="id"))


def owner_name(ctx: Context, scope: Scope) -> str | None:
    if scope.mine:
        return find_person(ctx.store, ctx.actor).name
    return find_person(ctx.store, scope.owner).name if scope.owner else None


def deliverables_of(ctx: Context, agenda_: Agenda) -> dict[int, Deliverable]:
    """Every deliverable the agenda names (the CLI prints them all; the TUI fetches what it shows)."""
    return {d.id: d for d in ctx.store.deliverables_by_ids(agenda_.ids())}

