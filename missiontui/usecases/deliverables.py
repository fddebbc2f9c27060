"""Deliverables: add, edit (merged field by field with a colleague's newer version), complete,
delete, restore. Inputs are what users type (a deadline phrase, a colleague's name)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from missiontui.core.recurrence import following as next_occurrence, on_or_after
from missiontui.core.cascade import moved, shift_of, slips
from missiontui.core.i18n import t
from missiontui.core.changes import Change, ChangeSet, FieldConflict, deliverable_state, diff, merge
from missiontui.core.errors import MergeConflict, NotFound
from missiontui.core.ids import new_uids
from missiontui.core.model import Deliverable, Due, Kind, Precision, Status
from missiontui.core.rules import deliverable_values, owners_with_lead, schedule_warnings
from missiontui.settings import language
from missiontui.usecases.context import Context
from missiontui.usecases.inputs import due_or_none, find_person, parse_kind, parse_status, resolve_owners
from missiontui.usecases.records import check_links, record, state_at


@dataclass(frozen=True)
class Saved:
    deliverable: Deliverable
    warnings: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()  # fields a colleague changed meanwhile, kept as they left them
    change_id: int | None = None  # None: nothing changed
    # What slips if this slips: dependents now due before it, each with the date the same shift gives
    # them; moved in the same change set when `cascaded`, else only said.
    slipped: tuple[tuple[Deliverable, Due], ...] = ()
    cascaded: bool = False
    occurrence: date | None = None  # a repeating meeting: the occurrence just completed (`due` is the next)


def add_deliverable(ctx: Context, *, mission: str, title: str, due: str | Due | None = None,
                    kind: str | Kind = Kind.OTHER, owners: Sequence[str] = (), lead: str | None = None,
                    status: str | Status = Status.PLANNED, notes: str = "", depends_on: Iterable[int] = (),
                    completed_on: date | None = None, recurrence: str = "", reason: str = "") -> Saved:
    store, today = ctx.store, ctx.today()
    with store.transaction():
        proposed = {"mission_id": store.mission(mission).id, "title": title, "kind": parse_kind(kind),
                    "due": due_or_none(due, today), "status": parse_status(status), "notes": notes,
                    "owners": resolve_owners(store, owners, lead), "depends_on": tuple(depends_on),
                    "completed_on": completed_on, "recurrence": recurrence}
        values = deliverable_values(proposed, None, today)
        check_links(ctx, None, values)
        applied = record(ctx, ChangeSet((Change("deliverable", -1, {}, values, uid=new_uids(1)[0]),), reason))
        saved = store.deliverable(applied.id_of(-1))
    return Saved(saved, warnings_for(ctx, saved), change_id=applied.change_id)


def edit_deliverable(ctx: Context, deliverable_id: int, changes: Mapping[str, Any], *, version: int | None = None,
                     choices: Mapping[str, str] = {}, reason: str = "", cascade: bool = False) -> Saved:
    """Change the fields given in `changes` (title, due, kind, status, owners + lead, notes,
    depends_on, mission, completed_on, deleted), as typed by the user.

    `version` is the version the user read (None: the current one). If a colleague saved since, the
    edit is merged against that version: their fields stay, yours apply, and a field you both
    changed differently raises MergeConflict until `choices` says "yours" or "theirs" for it.

    A deadline moved later may leave dependents due before it (`Saved.slipped`); with `cascade`
    they move by the same shift in the same change set: one reason, one undo."""
    store, today = ctx.store, ctx.today()
    with store.transaction():
        current = store.deliverable(deliverable_id, include_deleted=True)
        if current.deleted_at and changes.get("deleted") is not False:
            raise NotFound.of("error.no_deliverable", id=deliverable_id)
        now = deliverable_state(current)
        proposed, kept = _typed(ctx, current, changes), ()
        if version is not None and version != current.version:
            base = state_at(ctx, "deliverable", deliverable_id, version)
            merged = merge("deliverable", base, now, proposed, choices)
            if merged.conflicts:
                raise _conflict(current, version, merged.conflicts)
            proposed, kept = merged.apply, merged.kept
        values = deliverable_values(proposed, now, today)
        before, after = diff("deliverable", now, values)
        if not after:
            return Saved(current, warnings_for(ctx, current), kept)
        check_links(ctx, deliverable_id, after)
        slipped = _slipped(ctx, current, values.get("due", current.due))
        moves = tuple(Change("deliverable", d.id, {"due": d.due}, {"due": due}, version=d.version)
                      for d, due in slipped) if cascade else ()
        applied = record(ctx, ChangeSet(
            (Change("deliverable", deliverable_id, before, after, version=current.version), *moves), reason))
        saved = store.deliverable(deliverable_id, include_deleted=True)
    return Saved(saved, warnings_for(ctx, saved), kept, applied.change_id, slipped, bool(moves))


def what_slips(ctx: Context, deliverable_id: int, due: str | Due | None) -> tuple[tuple[Deliverable, Due], ...]:
    """Before saving: the dependents that moving `deliverable_id` to `due` would leave due before it,
    each with the date the same shift gives it (what `edit_deliverable(..., cascade=True)` moves)."""
    current = ctx.store.deliverable(deliverable_id)
    return _slipped(ctx, current, due_or_none(due, ctx.today()))


def _slipped(ctx: Context, current: Deliverable, new: Due | None) -> tuple[tuple[Deliverable, Due], ...]:
    shift = shift_of(current.due, new)
    if not shift:
        return ()
    edges = ctx.store.dependency_edges()
    dependents: dict[int, set[int]] = {}
    for d, prerequisites in edges.items():
        for p in prerequisites:
            dependents.setdefault(p, set()).add(d)
    reachable, queue = set(), [current.id]
    while queue:  # only the chain below this deliverable is read
        for d in dependents.get(queue.pop(), ()):
            if d not in reachable:
                reachable.add(d)
                queue.append(d)
    found = {d.id: d for d in ctx.store.deliverables_by_ids(sorted(reachable)) if d.deleted_at is None}
    movable = {i for i, d in found.items() if d.status.is_open and d.due is not None}
    days = slips(current.id, new.date, shift, edges, {i: d.due.date if d.due else None for i, d in found.items()},
                 movable)
    out = []
    for i, day in days.items():
        d = found[i]
        if d.recurrence:  # a repeating meeting goes to the first occurrence its rule allows from then
            day = on_or_after(d.recurrence, d.due.date, day)
        if day is not None:
            out.append((d, moved(day)))
    return tuple(out)


def complete(ctx: Context, deliverable_id: int, *, on: date | None = None, version: int | None = None,
             reason: str = "") -> Saved:
    """Mark done. A repeating meeting with occurrences left moves to the next one instead: the
    completed occurrence is the reason of that change, so the history lists each."""
    with ctx.store.transaction():
        current = ctx.store.deliverable(deliverable_id)
        following = next_occurrence(current.recurrence, current.due.date) \
            if current.recurrence and current.due and current.status.is_open else None
        if following is None:
            return edit_deliverable(ctx, deliverable_id, {"status": Status.DONE, "completed_on": on},
                                    version=version, reason=reason)
        day, rule = following
        said = t("recurrence.occurrence_done", language(ctx.config), day=current.due.date.isoformat(),
                 on=(on or ctx.today()).isoformat(), next=day.isoformat())
        saved = edit_deliverable(ctx, deliverable_id, {"due": Due(day, Precision.DAY, ""), "recurrence": rule},
                                 version=version, reason=f"{reason} ({said})" if reason else said)
        return replace(saved, occurrence=current.due.date)


def delete(ctx: Context, deliverable_id: int, *, version: int | None = None, reason: str = "") -> Saved:
    """A tombstone, not a DELETE: calendar feeds must still publish the cancellation."""
    return edit_deliverable(ctx, deliverable_id, {"deleted": True}, version=version, reason=reason)


def restore(ctx: Context, deliverable_id: int, *, reason: str = "") -> Saved:
    current = ctx.store.deliverable(deliverable_id, include_deleted=True)
    if current.deleted_at is None:
        raise NotFound.of("error.not_deleted", id=deliverable_id)
    return edit_deliverable(ctx, deliverable_id, {"deleted": False}, reason=reason)


def warnings_for(ctx: Context, d: Deliverable) -> tuple[str, ...]:
    """Due before something it depends on: allowed, but the user must see it."""
    prerequisites = [(p.id, p.title, p.due.date if p.due else None)
                     for p in ctx.store.deliverables_by_ids(list(d.depends_on))]
    return tuple(schedule_warnings(d.title, d.due.date if d.due else None, prerequisites))


def _typed(ctx: Context, current: Deliverable, changes: Mapping[str, Any]) -> dict[str, Any]:
    """The given fields as typed values: phrases resolved, names found, references checked."""
    store, today = ctx.store, ctx.today()
    typed: dict[str, Any] = {}
    for name, value in changes.items():
        if name == "lead":
            continue
        if name == "due":
            typed["due"] = due_or_none(value, today)
        elif name == "kind":
            typed["kind"] = parse_kind(value)
        elif name == "status":
            typed["status"] = parse_status(value)
        elif name == "owners":
            typed["owners"] = resolve_owners(store, value, changes.get("lead"))
        elif name == "mission":
            typed["mission_id"] = store.mission(value).id
        elif name == "depends_on":
            typed["depends_on"] = tuple(int(x) for x in value)
        elif name in ("title", "notes", "completed_on", "deleted", "mission_id", "recurrence"):
            typed[name] = value
        else:
            raise ValueError(f"edit_deliverable does not know the field {name!r}")
    if changes.get("lead") and "owners" not in changes:
        typed["owners"] = owners_with_lead(current.owners, find_person(store, changes["lead"]).id)
    return typed


def _conflict(current: Deliverable, version: int, conflicts: tuple[FieldConflict, ...]) -> MergeConflict:
    error = MergeConflict.of("error.merge_conflict", id=current.id, title=current.title, version=version,
                             now=current.version, fields=", ".join(c.field for c in conflicts))
    error.current, error.conflicts = current, conflicts
    return error
