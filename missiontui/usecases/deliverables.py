"""Use cases: what a user does, from the words they type to a store call. Every front end goes here.

Inputs are text as typed (a deadline phrase, a colleague's name); outputs are core objects plus the
warnings the user should see. Nothing here knows about terminals, HTTP or SQL.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from missiontui.settings import Config, acting_user, load_config
from missiontui.core.dates import parse_due
from missiontui.core.errors import InvalidInput
from missiontui.core.model import Deliverable, DeliverableFilter, Due, Kind, Precision, Status
from missiontui.core.rules import owners_with_lead, schedule_warnings
from missiontui.paths import default_db_path
from missiontui.store import Store
from missiontui.store.connection import Create


@dataclass(frozen=True)
class Saved:
    deliverable: Deliverable
    warnings: list[str] = field(default_factory=list)


def open_store(db: str | Path | None = None, config: Config | None = None, create: Create = Create.NO) -> Store:
    """The database named by --db, else $MISSIONTUI_DB, else the config, else the data directory.
    Only commands that make data pass `create` (init: Create.INIT); the others create nothing."""
    config = config or load_config()
    return Store(database_path(db, config), acting_user(config), create)


def database_path(db: str | Path | None = None, config: Config | None = None) -> Path:
    """Which file open_store opens, without opening it (backup, restore, check)."""
    config = config or load_config()
    return Path(db).expanduser() if db else (
        default_db_path() if not config.db or _env_db() else Path(config.db).expanduser())


def _env_db() -> bool:
    return bool(os.environ.get("MISSIONTUI_DB"))


def resolve_due(text: str, today: date | None = None) -> Due:
    """A deadline as typed ("fin juin", "30/09", "+2w") resolved against today."""
    return parse_due(text, today or date.today())


def parse_kind(text: str) -> Kind:
    try:
        return Kind(text.strip().lower())
    except ValueError:
        raise InvalidInput.of("error.unknown_kind", value=text, choices=", ".join(k.value for k in Kind)) from None


def parse_status(text: str) -> Status:
    try:
        return Status(text.strip().lower().replace("_", "-").replace(" ", "-"))
    except ValueError:
        raise InvalidInput.of("error.unknown_status", value=text,
                              choices=", ".join(s.value for s in Status)) from None


def resolve_owners(store: Store, names: Sequence[str], lead: str | None = None) -> list[tuple[int, bool]]:
    ids = [store.find_person(name).id for name in names]
    lead_id = store.find_person(lead).id if lead else None
    return owners_with_lead(ids, lead_id)


def add_deliverable(store: Store, *, mission: str, title: str, due: str | Due, kind: str | Kind = Kind.OTHER,
                    owners: Sequence[str] = (), lead: str | None = None, status: str | Status = Status.PLANNED,
                    notes: str = "", depends_on: Iterable[int] = (), today: date | None = None) -> Saved:
    today = today or date.today()
    saved = store.add_deliverable(
        store.mission(mission).id, title,
        kind if isinstance(kind, Kind) else parse_kind(kind),
        due if isinstance(due, Due) else resolve_due(due, today),
        status=status if isinstance(status, Status) else parse_status(status), notes=notes,
        owners=resolve_owners(store, owners, lead), depends_on=depends_on, today=today)
    return Saved(saved, warnings_for(store, saved))


def edit_deliverable(store: Store, deliverable_id: int, *, version: int | None = None, title: str | None = None,
                     due: str | Due | None = None, kind: str | Kind | None = None,
                     status: str | Status | None = None, owners: Sequence[str] | None = None,
                     lead: str | None = None, notes: str | None = None, depends_on: Iterable[int] | None = None,
                     mission: str | None = None, reason: str = "", today: date | None = None) -> Saved:
    """Change what is given. `version` is what the user read; None means 'the current one'."""
    today = today or date.today()
    current = store.deliverable(deliverable_id)
    changes: dict = {}
    if title is not None:
        changes["title"] = title
    if due is not None:
        changes["due"] = due if isinstance(due, Due) else resolve_due(due, today)
    if kind is not None:
        changes["kind"] = kind if isinstance(kind, Kind) else parse_kind(kind)
    if status is not None:
        changes["status"] = status if isinstance(status, Status) else parse_status(status)
    if owners is not None:
        changes["owners"] = resolve_owners(store, owners, lead)
    elif lead is not None:
        changes["owners"] = resolve_owners(store, [o.name for o in current.owners], lead)
    if notes is not None:
        changes["notes"] = notes
    if depends_on is not None:
        changes["depends_on"] = list(depends_on)
    if mission is not None:
        changes["mission_id"] = store.mission(mission).id
    saved = store.update_deliverable(deliverable_id, current.version if version is None else version, changes,
                                     reason=reason, today=today)
    return Saved(saved, warnings_for(store, saved))


def complete(store: Store, deliverable_id: int, *, version: int | None = None, on: date | None = None,
             reason: str = "") -> Saved:
    current = store.deliverable(deliverable_id)
    changes = {"status": Status.DONE, **({"completed_on": on} if on else {})}
    saved = store.update_deliverable(deliverable_id, current.version if version is None else version, changes,
                                     reason=reason)
    return Saved(saved, [])


def delete(store: Store, deliverable_id: int, *, version: int | None = None, reason: str = "") -> Deliverable:
    current = store.deliverable(deliverable_id)
    return store.delete_deliverable(deliverable_id, current.version if version is None else version, reason=reason)


def warnings_for(store: Store, d: Deliverable) -> list[str]:
    """Due before something it depends on: allowed, but the user must see it."""
    prerequisites = [(p.id, p.title, p.due.date) for p in store.deliverables_by_ids(list(d.depends_on))]
    return schedule_warnings(d.title, d.due.date, prerequisites)


def build_filter(store: Store | None = None, *, mission: str | None = None, owner: str | None = None,
                 statuses: Sequence[str] = (), kinds: Sequence[str] = (), due_before: str | None = None,
                 due_after: str | None = None, overdue: bool = False, mine: bool = False, text: str = "",
                 open_only: bool = False, include_deleted: bool = False,
                 today: date | None = None) -> DeliverableFilter:
    """A filter from what a user types: dates as phrases, 'mine' as the acting user."""
    today = today or date.today()
    if mine:
        if store is None:
            raise InvalidInput("'mine' needs a database")
        owner = store.find_person(store.actor).name
    return DeliverableFilter(
        mission=mission, owner=owner,
        statuses=tuple(parse_status(s) for s in statuses), kinds=tuple(parse_kind(k) for k in kinds),
        due_before=resolve_due(due_before, today).date if due_before else None,
        due_after=_start_of(due_after, today) if due_after else None,
        overdue_on=today if overdue else None, text=text, open_only=open_only, include_deleted=include_deleted)


def _start_of(text: str, today: date) -> date:
    """'after mai 2023' means from the start of May: a period's first day, not its deadline."""
    due = resolve_due(text, today)
    d = due.date
    starts = {
        Precision.MONTH: d.replace(day=1), Precision.END_OF_MONTH: d.replace(day=1),
        Precision.QUARTER: d.replace(month=d.month - 2, day=1), Precision.HALF: d.replace(month=d.month - 5, day=1),
        Precision.YEAR: d.replace(month=1, day=1),
    }
    return starts.get(due.precision, d)
