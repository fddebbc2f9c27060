"""People who own deliverables: add and edit them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from missiontui.core.changes import Change, ChangeSet, diff, merge, person_state
from missiontui.core.errors import InvalidInput, MergeConflict, NotFound
from missiontui.core.model import Person
from missiontui.core.rules import clean_text
from missiontui.usecases.context import Context
from missiontui.usecases.inputs import find_person
from missiontui.usecases.records import record, state_at

_TEXTS = {"name": "a person's name", "email": "email", "role": "role", "organisation": "organisation"}


def person_values(proposed: Mapping[str, Any]) -> dict[str, Any]:
    return {name: clean_text(value or "", _TEXTS[name], required=name == "name") for name, value in proposed.items()}


def add_person(ctx: Context, name: str, email: str = "", role: str = "", organisation: str = "",
               reason: str = "") -> Person:
    store = ctx.store
    with store.transaction():
        values = person_values({"name": name, "email": email, "role": role, "organisation": organisation})
        _unique_name(ctx, values["name"])
        applied = record(ctx, ChangeSet((Change("person", -1, {}, values),), reason))
        return store.person(applied.id_of(-1))


def edit_person(ctx: Context, who: str | int, changes: Mapping[str, Any], *, version: int | None = None,
                choices: Mapping[str, str] = {}, reason: str = "") -> Person:
    """Change a person's name, email, role or organisation. `who` is their name or email as typed, or
    their id (a form keeps the id: a colleague may rename them meanwhile). From an older `version`,
    the change is merged with a colleague's newer one, field by field, like a deliverable's."""
    store = ctx.store
    with store.transaction():
        current = store.person(who) if isinstance(who, int) else find_person(store, who)
        unknown = set(changes) - set(_TEXTS)
        if unknown:
            raise ValueError(f"edit_person does not know {sorted(unknown)}")
        now, proposed = person_state(current), person_values(changes)
        if version is not None and version != current.version:
            merged = merge("person", state_at(ctx, "person", current.id, version), now, proposed, choices)
            if merged.conflicts:
                error = MergeConflict.of("error.person_merge_conflict", name=current.name, version=version,
                                         now=current.version, fields=", ".join(c.field for c in merged.conflicts))
                error.current, error.conflicts = current, merged.conflicts
                raise error
            proposed = merged.apply
        before, after = diff("person", now, proposed)
        if not after:
            return current
        if "name" in after and after["name"].casefold() != current.name.casefold():
            _unique_name(ctx, after["name"])
        record(ctx, ChangeSet((Change("person", current.id, before, after, version=current.version),), reason))
        return store.person(current.id)


def _unique_name(ctx: Context, name: str) -> None:
    try:
        ctx.store.find_person(name)
    except NotFound:
        return
    raise InvalidInput.of("error.person_exists", name=name)
