"""Undo and redo: any change set, several steps deep, itself recorded in the history.

Each user has their own stacks, derived from the history (so they survive restarts and work the
same from the CLI and the TUI): a new change clears what could be redone. An undo puts back the
fields a change set changed — only if nobody has changed them since; otherwise it is refused with
who changed what, and nothing is written."""

from __future__ import annotations

from dataclasses import dataclass

from missiontui.core.changes import (
    Blocked, ChangeSet, Recorded, deliverable_state, mission_state, person_state, revert,
)
from missiontui.core.errors import Conflict, InvalidInput
from missiontui.usecases.context import Context
from missiontui.usecases.records import record


@dataclass(frozen=True)
class Reverted:
    target: int  # the change set undone or redone
    change_id: int  # the change set that did it
    records: tuple[Recorded, ...]  # what the target had changed


def stacks(ctx: Context) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(undo, redo) stacks of the acting user: (change set, the change set whose effect is in place
    — or, for redo, the undo that removed it), the top last."""
    undo: list[tuple[int, int]] = []
    redo: list[tuple[int, int]] = []
    for change_id, kind, target in ctx.store.actor_changes(ctx.actor):
        if kind == "do":
            undo.append((change_id, change_id))
            redo.clear()
        elif kind == "undo":
            undo = [entry for entry in undo if entry[0] != target]
            redo.append((target, change_id))
        else:
            redo = [entry for entry in redo if entry[0] != target]
            undo.append((target, change_id))
    return undo, redo


def undo(ctx: Context, *, reason: str = "") -> Reverted:
    undo_stack, _ = stacks(ctx)
    if not undo_stack:
        raise InvalidInput.of("error.nothing_to_undo")
    target, applied_by = undo_stack[-1]
    return _revert(ctx, target, applied_by, "undo", reason)


def redo(ctx: Context, *, reason: str = "") -> Reverted:
    _, redo_stack = stacks(ctx)
    if not redo_stack:
        raise InvalidInput.of("error.nothing_to_redo")
    target, undone_by = redo_stack[-1]
    return _revert(ctx, target, undone_by, "redo", reason)


def _revert(ctx: Context, target: int, source_change: int, kind: str, reason: str) -> Reverted:
    store = ctx.store
    with store.transaction():
        records = store.change(source_change)
        current, versions = _now(ctx, records)
        result = revert(records, current, versions, kind=kind, target=target, reason=reason)
        if not isinstance(result, ChangeSet):
            raise _blocked(ctx, kind, source_change, result)
        applied = record(ctx, result)
        return Reverted(target, applied.change_id, tuple(store.change(target)))


def _now(ctx: Context, records: list[Recorded]):
    """Each entity the change touched, as it is now, and its version."""
    store = ctx.store
    current, versions = {}, {}
    deliverable_ids = [r.entity_id for r in records if r.entity == "deliverable"]
    for d in store.deliverables_by_ids(deliverable_ids):
        current[("deliverable", d.id)], versions[("deliverable", d.id)] = deliverable_state(d), d.version
    for r in records:
        key = (r.entity, r.entity_id)
        if r.entity == "mission":
            m = store.mission_by_id(r.entity_id)
            current[key], versions[key] = mission_state(m), m.version
        elif r.entity == "person":
            p = store.person(r.entity_id)
            current[key], versions[key] = person_state(p), p.version
        elif r.entity == "feed_token":
            token = next((t for t in store.feed_tokens(include_revoked=True, kind=None) if t.id == r.entity_id), None)
            if token is not None:
                current[key] = {"revoked": token.revoked_at is not None}
    return current, versions


def _blocked(ctx: Context, kind: str, change_id: int, blocked: list[Blocked]) -> Conflict:
    """One sentence: what moved on since, who moved it and when."""
    parts = []
    for b in blocked[:5]:
        if not b.fields:
            parts.append(f"{b.entity} #{b.entity_id}")
            continue
        later = ctx.store.changed_since(b.entity, b.entity_id, change_id)
        by = next((r for r in later if set(r.after) & set(b.fields)), None)
        who = f" ({by.actor}, {by.at[:16].replace('T', ' ')} UTC)" if by else ""
        parts.append(f"{b.entity} #{b.entity_id} {', '.join(b.fields)}{who}")
    return Conflict.of(f"error.{kind}_blocked", what="; ".join(parts))
