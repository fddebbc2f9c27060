"""What every write use case shares: record a change set, rebuild a past state, check the links."""

from __future__ import annotations

from typing import Any

from missiontui.core.changes import ChangeSet, deliverable_state, mission_state, person_state, rebuild
from missiontui.core.errors import Conflict, NotFound, RuleViolation
from missiontui.core.rules import check_no_cycle
from missiontui.store.writes import Applied
from missiontui.usecases.context import Context


def record(ctx: Context, changes: ChangeSet) -> Applied:
    """Write a change set as the acting user, now. Its source defaults to the front end's."""
    if not changes.source and ctx.source:
        changes = ChangeSet(changes.changes, changes.reason, ctx.source, changes.kind, changes.target)
    return ctx.store.apply(changes, actor=ctx.actor, at=ctx.now())


def state_at(ctx: Context, entity: str, entity_id: int, version: int) -> dict[str, Any]:
    """An entity as it was at `version`, rebuilt from its history: the base of a three-way merge."""
    store = ctx.store
    current, now = {
        "deliverable": lambda: _versioned(deliverable_state, store.deliverable(entity_id, include_deleted=True)),
        "mission": lambda: _versioned(mission_state, store.mission_by_id(entity_id)),
        "person": lambda: _versioned(person_state, store.person(entity_id)),
    }[entity]()
    if not 1 <= version <= now:
        raise Conflict.of("error.no_such_version", entity=entity, id=entity_id, version=version)
    return rebuild(current, store.history(entity, entity_id), version)


def _versioned(state_of, record) -> tuple[dict[str, Any], int]:
    return state_of(record), record.version


def check_links(ctx: Context, deliverable_id: int | None, values: dict) -> None:
    """The mission, owners and prerequisites a deliverable names exist, and no dependency loops back."""
    store = ctx.store
    if "mission_id" in values and values["mission_id"] > 0:
        store.mission_by_id(values["mission_id"])
    for owner in values.get("owners", ()):
        if owner.person_id > 0:
            store.person(owner.person_id)
    deps = [d for d in values.get("depends_on", ()) if d > 0]
    if not deps:
        return
    found = {d.id for d in store.deliverables_by_ids(deps) if d.deleted_at is None}
    for dep in deps:
        if dep not in found:
            raise NotFound.of("error.no_dependency", id=dep)
    if deliverable_id is not None:
        if deliverable_id in deps:
            raise RuleViolation.of("error.self_dependency", id=deliverable_id)
        check_no_cycle(store.dependency_edges(), deliverable_id, deps)
