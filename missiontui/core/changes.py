"""Change sets: what one user action changes, field by field, as typed values.

Every write — an edit, an import, a letter, a template, an undo, a sync — is a `ChangeSet`: one or
more `Change`s (one per entity) that land together, with who, when, why and where from. The store
writes a change set and its history in one transaction; the history keeps each changed field's old
and new value as JSON (`encode`/`decode`), so any past state is the current one with the later
changes taken back (`rebuild`) — the merge base of a save that meets a colleague's newer version.
A create records only what names the new entity (its title): the row itself is its first state,
and nothing is stored twice.

A `Change` names its entity by id, or, for an entity created in the same change set, by a negative
placeholder (-1, -2, …) that other changes of the set may use in `mission_id`, `lead_id`, owners and
dependencies; the store swaps in the real ids as it inserts, in order.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from missiontui.core.model import (
    Deliverable, Due, Kind, Mission, MissionStatus, Owner, Person, Precision, Status,
)

# The fields a change can touch, per entity, in the order history and dialogs show them.
FIELDS: dict[str, tuple[str, ...]] = {
    "deliverable": ("mission_id", "title", "kind", "due", "recurrence", "status", "completed_on", "owners",
                    "depends_on", "notes", "deleted"),
    "mission": ("reference", "title", "authority", "signatory", "addressees", "signed_on", "summary", "status",
                "lead_id", "deleted"),
    "person": ("name", "email", "role", "organisation", "deleted"),
    "feed_token": ("scope", "mission_id", "person_id", "label", "revoked"),
}

# What a create records in the history: enough to say what was created.
LABEL = {"deliverable": "title", "mission": "reference", "person": "name", "feed_token": "scope"}

# iCalendar SEQUENCE goes up when a calendar user would see the event change (RFC 5546 §2.1.4).
_SEQUENCE_FIELDS = {"title", "status", "deleted", "recurrence"}


@dataclass(frozen=True)
class Change:
    """One entity's fields before and after. `before` is empty for a create."""

    entity: str
    entity_id: int  # a negative placeholder for an entity this change set creates
    before: Mapping[str, Any]
    after: Mapping[str, Any]
    version: int | None = None  # the version `before` was read at: the store refuses if it moved on
    uid: str | None = None  # a new deliverable's calendar UID
    secret: str | None = None  # a new feed token's secret: stored, never written to the history

    @property
    def action(self) -> str:
        if not self.before:
            return "create"
        if self.after.get("deleted") is True or self.after.get("revoked") is True:
            return "delete"
        if self.after.get("deleted") is False or self.after.get("revoked") is False:
            return "restore"
        return "update"

    @property
    def fields(self) -> list[str]:
        return [f for f in FIELDS[self.entity] if f in self.after]

    @property
    def bumps_sequence(self) -> bool:
        """Whether calendars must see a new SEQUENCE: a new date, title or status, a cancellation."""
        if self.entity != "deliverable" or not self.before:
            return False
        if _SEQUENCE_FIELDS & set(self.after):
            return True
        if "due" in self.after:
            old, new = self.before.get("due"), self.after["due"]
            return (old.date if old else None) != (new.date if new else None)
        return False

    def inverse(self) -> Change:
        """The change that puts `before` back (undo). A create's inverse is a delete."""
        if not self.before:  # a create is undone by a tombstone: what refers to it keeps pointing at it
            if self.entity == "feed_token":
                return Change(self.entity, self.entity_id, {"revoked": False}, {"revoked": True})
            return Change(self.entity, self.entity_id, {"deleted": False}, {"deleted": True})
        return Change(self.entity, self.entity_id, dict(self.after), dict(self.before))


@dataclass(frozen=True)
class ChangeSet:
    """Changes that land together, or not at all, with why and where from."""

    changes: tuple[Change, ...]
    reason: str = ""
    source: str = ""  # "cli", "tui", "import dns.ics", "seed", "sync", …
    kind: str = "do"  # "do", "undo" or "redo"
    target: int | None = None  # the change set an undo/redo acts on

    def __bool__(self) -> bool:
        return bool(self.changes)


# --- a record's state ------------------------------------------------------------------------------

def deliverable_state(d: Deliverable) -> dict[str, Any]:
    return {"mission_id": d.mission_id, "title": d.title, "kind": d.kind, "due": d.due, "recurrence": d.recurrence,
            "status": d.status, "completed_on": d.completed_on, "owners": d.owners, "depends_on": d.depends_on,
            "notes": d.notes, "deleted": d.deleted_at is not None}


def mission_state(m: Mission) -> dict[str, Any]:
    return {"reference": m.reference, "title": m.title, "authority": m.authority, "signatory": m.signatory,
            "addressees": m.addressees, "signed_on": m.signed_on, "summary": m.summary, "status": m.status,
            "lead_id": m.lead_id, "deleted": m.deleted}


def person_state(p: Person) -> dict[str, Any]:
    return {"name": p.name, "email": p.email, "role": p.role, "organisation": p.organisation, "deleted": p.deleted}


def diff(entity: str, current: Mapping[str, Any], proposed: Mapping[str, Any]) -> tuple[dict, dict]:
    """(before, after) of the fields `proposed` changes, in the order of FIELDS."""
    before, after = {}, {}
    for name in FIELDS[entity]:
        if name in proposed and not same(name, current.get(name), proposed[name]):
            before[name], after[name] = current.get(name), proposed[name]
    return before, after


def same(name: str, a: Any, b: Any) -> bool:
    """Equal as the user means it: owners compare by person and lead, whatever order they were given in."""
    if name == "owners":
        return _owner_keys(a) == _owner_keys(b)
    if name in ("depends_on", "addressees") and a is not None and b is not None:
        return (sorted(a) if name == "depends_on" else list(a)) == (sorted(b) if name == "depends_on" else list(b))
    return a == b


def _owner_keys(owners) -> list[tuple[int, bool]]:
    return sorted((o.person_id, o.lead) for o in owners or ())


# --- three-way merge -------------------------------------------------------------------------------

@dataclass(frozen=True)
class FieldConflict:
    field: str
    base: Any
    theirs: Any
    yours: Any


@dataclass(frozen=True)
class Merged:
    """What to write on top of `theirs`, and the fields both sides changed differently."""

    apply: dict[str, Any]
    conflicts: tuple[FieldConflict, ...] = ()
    kept: tuple[str, ...] = ()  # fields only the other side changed: theirs stays


def merge(entity: str, base: Mapping[str, Any], theirs: Mapping[str, Any], yours: Mapping[str, Any],
          choices: Mapping[str, str] = {}) -> Merged:
    """Field by field against the state both sides started from. A field only you changed is applied,
    one only they changed is kept, the same change on both is no conflict, and different changes to
    one field are a conflict unless `choices` says "yours" or "theirs" for it."""
    apply, conflicts, kept = {}, [], []
    for name in FIELDS[entity]:
        theirs_changed = not same(name, base.get(name), theirs.get(name))
        if name not in yours:
            if theirs_changed:
                kept.append(name)
            continue
        mine_changed = not same(name, base.get(name), yours[name])
        if not mine_changed:
            if theirs_changed:
                kept.append(name)
            continue
        if not theirs_changed or same(name, theirs.get(name), yours[name]):
            if not same(name, theirs.get(name), yours[name]):
                apply[name] = yours[name]
            continue
        choice = choices.get(name)
        if choice == "yours":
            apply[name] = yours[name]
        elif choice != "theirs":
            conflicts.append(FieldConflict(name, base.get(name), theirs.get(name), yours[name]))
    return Merged(apply, tuple(conflicts), tuple(kept))


# --- history: values as JSON, and states rebuilt from it -------------------------------------------

def encode(name: str, value: Any, names: Mapping[int, str] = {}) -> str:
    """A field's value as JSON text for the history (`names`: person ids to names, for owners)."""
    return json.dumps(_plain(name, value, names), ensure_ascii=False, separators=(",", ":"))


def encode_state(entity: str, state: Mapping[str, Any], names: Mapping[int, str] = {}) -> str:
    return json.dumps({k: _plain(k, state[k], names) for k in FIELDS[entity] if k in state},
                      ensure_ascii=False, separators=(",", ":"))


def decode(entity: str, name: str, text: str | None) -> Any:
    return None if text is None else _typed(entity, name, json.loads(text))


def decode_state(entity: str, text: str) -> dict[str, Any]:
    return {k: _typed(entity, k, v) for k, v in json.loads(text).items() if k in FIELDS[entity]}


def _plain(name: str, value: Any, names: Mapping[int, str]) -> Any:
    if value is None or isinstance(value, bool):
        return value
    if name == "due":
        return {"date": value.date.isoformat(), "precision": value.precision.value, "phrase": value.phrase}
    if name == "owners":
        return [[o.person_id, o.name or names.get(o.person_id, ""), o.lead] for o in sorted(value, key=Owner.sort_key)]
    if name in ("depends_on", "addressees"):
        return list(value)
    if isinstance(value, (Kind, Status, MissionStatus)):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return value


def _typed(entity: str, name: str, value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return value
    if name == "due":
        return Due(date.fromisoformat(value["date"]), Precision(value["precision"]), value.get("phrase", ""))
    if name == "owners":
        return tuple(sorted((Owner(pid, person_name, bool(lead)) for pid, person_name, lead in value), key=Owner.sort_key))
    if name == "depends_on":
        return tuple(sorted(int(x) for x in value))
    if name == "addressees":
        return tuple(value)
    if name == "kind":
        return Kind(value)
    if name == "status":
        return MissionStatus(value) if entity == "mission" else Status(value)
    if name in ("completed_on", "signed_on"):
        return date.fromisoformat(value)
    return value


@dataclass(frozen=True)
class Recorded:
    """One entity's change as the history holds it: the typed before/after and who, when, why."""

    change_id: int
    at: str
    actor: str
    entity: str
    entity_id: int
    action: str
    before: dict[str, Any]
    after: dict[str, Any]
    version: int  # the entity's version once this change was made
    reason: str = ""
    source: str = ""
    kind: str = "do"
    target: int | None = None
    row_ids: tuple[int, ...] = ()  # the history rows, one per field in `after` (one for a create)


def rebuild(current: Mapping[str, Any], records: Iterable[Recorded], version: int) -> dict[str, Any]:
    """An entity as it was at `version`: its current state with every later change taken back."""
    state = dict(current)
    for record in sorted(records, key=lambda r: r.version, reverse=True):
        if record.version <= version:
            break
        state.update(record.before)
    return state


@dataclass(frozen=True)
class Blocked:
    """Why one entity's part of a change cannot be reverted: it is gone, or these fields moved on."""

    entity: str
    entity_id: int
    fields: tuple[str, ...] = ()  # empty: the entity no longer exists, or cannot be un-created


def revert(records: list[Recorded], current: Mapping[tuple[str, int], Mapping[str, Any]],
           versions: Mapping[tuple[str, int], int], *, kind: str, target: int,
           reason: str = "") -> ChangeSet | list[Blocked]:
    """The change set that puts back what `records` (one change set) changed — or, if anybody has
    changed those fields since (a colleague built on it), what blocks it: an undo never silently
    reverts someone else's work. `current`/`versions`: each touched entity as it is now."""
    blocked, changes = [], []
    for record in records:
        key = (record.entity, record.entity_id)
        now = current.get(key)
        try:
            inverse = Change(record.entity, record.entity_id, record.before, record.after).inverse()
        except ValueError:
            blocked.append(Blocked(record.entity, record.entity_id))
            continue
        if now is None:
            blocked.append(Blocked(record.entity, record.entity_id))
            continue
        moved = tuple(name for name, value in inverse.before.items() if not same(name, now.get(name), value))
        if moved:
            blocked.append(Blocked(record.entity, record.entity_id, moved))
            continue
        changes.append(Change(inverse.entity, inverse.entity_id, inverse.before, inverse.after,
                              version=versions.get(key)))
    if blocked:
        return blocked
    return ChangeSet(tuple(changes), reason=reason, kind=kind, target=target)
