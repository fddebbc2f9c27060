"""What a sync does to one item, decided from three states: pure, so every case is a plain test.

- `base`: what both sides last agreed on (None: the item was never synced);
- `theirs`: what the server holds now (None: deleted there);
- `yours`: the local state (None: not here; `deleted` True: a local tombstone);

all as local typed values over `sync_fields.MERGED`. Field by field against the base (core.changes.
merge): a field changed on one side takes that side, the same change on both is no conflict, and
different changes are a conflict: the local value stays, the server keeps its own, and neither is
sent until the user chooses (`open` carries the conflicts already waiting, so a sync that finds them
again changes nothing). A delete meets an edit as a conflict on "deleted": a remote delete of an
item changed here, or a local delete of an item changed on the server; a delete of an untouched item
is simply carried to the other side (a tombstone here, DELETE If-Match there).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from missiontui.core.changes import FieldConflict, merge, same
from missiontui.core.sync_fields import MERGED


@dataclass(frozen=True)
class ItemPlan:
    uid: str
    entity: str
    local: dict[str, Any] = field(default_factory=dict)  # fields to write here (a create: the whole state)
    create_local: bool = False
    tombstone: bool = False  # the server deleted it: delete it here (restorable)
    push: str | None = None  # "create", "update" or "delete" on the server
    pushed: dict[str, Any] | None = None  # what the server holds once the push is done
    base: dict[str, Any] | None = None  # the merge base to record now; None with `forget`: drop the record
    base_after_push: dict[str, Any] | None = None
    conflicts: tuple[FieldConflict, ...] = ()
    forget: bool = False  # gone from both sides (or to be sent again as new): no record any more

    @property
    def changes_here(self) -> bool:
        return bool(self.local) or self.create_local or self.tombstone

    @property
    def deletes(self) -> str | None:
        """Which side this plan deletes on: "here", "server" or None."""
        if self.tombstone:
            return "here"
        return "server" if self.push == "delete" else None


def plan_item(entity: str, uid: str, base: Mapping[str, Any] | None, theirs: Mapping[str, Any] | None,
              yours: Mapping[str, Any] | None, open: Mapping[str, FieldConflict] = {}) -> ItemPlan:
    names = MERGED[entity]
    yours_gone = yours is None or bool(yours.get("deleted"))
    mine = _only(yours, names) if yours is not None else None
    if base is None:
        return _unsynced(entity, uid, theirs, mine, yours_gone)
    base = _only(base, names)
    if theirs is None and entity == "mission" and mine is not None:  # the mission's journal went: put it back
        return ItemPlan(uid, entity, push="create", pushed=mine, base=base, base_after_push=mine)
    if theirs is None:
        if yours_gone or _unchanged(base, mine, names):
            return ItemPlan(uid, entity, tombstone=not yours_gone, forget=True)
        return ItemPlan(uid, entity, base=base, conflicts=(FieldConflict("deleted", False, True, False),))
    theirs = _only(theirs, names)
    if yours_gone:
        if entity == "mission":  # a mission is not deleted through the sync: it is unlinked
            return ItemPlan(uid, entity, base=theirs)
        if "deleted" not in open and _unchanged(base, theirs, names):
            return ItemPlan(uid, entity, push="delete", base=base, forget=True)
        return ItemPlan(uid, entity, base=theirs, conflicts=(FieldConflict("deleted", False, False, True),))
    merged = merge(entity, base, theirs, mine)
    local = {name: theirs[name] for name in merged.kept if name in names}
    conflicted = {c.field for c in merged.conflicts}
    held = {name: base.get(name) for name in conflicted}  # the base of a conflicting field waits for the user
    base_now = {**theirs, **held}
    if not merged.apply:
        return ItemPlan(uid, entity, local=local, base=base_now, base_after_push=base_now, conflicts=merged.conflicts)
    pushed = {**theirs, **merged.apply}
    return ItemPlan(uid, entity, local=local, push="update", pushed=pushed, base=base_now,
                    base_after_push={**pushed, **held}, conflicts=merged.conflicts)


def _unsynced(entity: str, uid: str, theirs, mine, yours_gone: bool) -> ItemPlan:
    names = MERGED[entity]
    if theirs is None:
        if mine is None or yours_gone:
            return ItemPlan(uid, entity, forget=True)
        return ItemPlan(uid, entity, push="create", pushed=mine, base_after_push=mine)
    theirs = _only(theirs, names)
    if mine is None:
        return ItemPlan(uid, entity, local=theirs, create_local=True, base=theirs, base_after_push=theirs)
    if yours_gone:  # deleted here, yet on the server with no common past: ask
        return ItemPlan(uid, entity, base=theirs, conflicts=(FieldConflict("deleted", None, False, True),))
    # On both sides with no common past (a re-created link, a write whose answer was lost): equal
    # fields agree, different ones are conflicts.
    merged = merge(entity, {}, theirs, mine)
    held = {c.field: None for c in merged.conflicts}
    base_now = {name: theirs[name] for name in names if name not in held}
    return ItemPlan(uid, entity, base=base_now, base_after_push=base_now, conflicts=merged.conflicts)


def _only(state: Mapping[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {name: state.get(name) for name in names}


def _unchanged(base: Mapping[str, Any], state: Mapping[str, Any], names: tuple[str, ...]) -> bool:
    return all(same(name, base.get(name), state.get(name)) for name in names)


def remote_known(base: Mapping[str, Any], open: Mapping[str, FieldConflict]) -> dict[str, Any] | None:
    """What the server holds when it told us nothing new: the base, with theirs for each open
    conflict; None when the open conflict is its deletion of the item."""
    gone = open.get("deleted")
    if gone is not None and gone.theirs is True:
        return None
    return {**base, **{name: c.theirs for name, c in open.items() if name != "deleted"}}


@dataclass(frozen=True)
class DeleteCount:
    here: int = 0
    server: int = 0

    def exceeds(self, limit: int, percent: int, size: int) -> str | None:
        """Which side would lose more than allowed: more than `limit` items, or more than `percent` %
        of the mission (counted from 2 items: deleting one deliverable is everyday work)."""
        for side, count in (("here", self.here), ("server", self.server)):
            if count > limit or (count >= 2 and count * 100 > percent * max(size, 1)):
                return side
        return None


def count_deletes(plans) -> DeleteCount:
    here = sum(1 for p in plans if p.deletes == "here")
    server = sum(1 for p in plans if p.deletes == "server")
    return DeleteCount(here, server)
