"""Missions: add one from its letter, edit it, close and reopen it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from missiontui.core.changes import Change, ChangeSet, diff, merge, mission_state
from missiontui.core.errors import InvalidInput, MergeConflict, NotFound
from missiontui.core.model import Mission, MissionStatus
from missiontui.core.rules import clean_text, within_the_years
from missiontui.usecases.context import Context
from missiontui.usecases.inputs import find_person, resolve_date
from missiontui.usecases.records import record, state_at

_TEXTS = {"reference": "the mission reference", "title": "the mission title", "authority": "the authority",
          "signatory": "the signatory", "summary": "the summary"}


def mission_values(proposed: Mapping[str, Any]) -> dict[str, Any]:
    """Text trimmed and checked; a reference and a title are required; the letter's date inside the
    supported years."""
    values = dict(proposed)
    for name, what in _TEXTS.items():
        if name in values:
            values[name] = clean_text(values[name] or "", what, required=name in ("reference", "title"))
    if "addressees" in values:
        values["addressees"] = tuple(clean_text(a, "an addressee", required=True) for a in values["addressees"])
    within_the_years(values.get("signed_on"), "signed_on")
    return values


def add_mission(ctx: Context, reference: str, title: str, *, authority: str = "", signatory: str = "",
                addressees: Sequence[str] = (), signed_on: str | date | None = None, summary: str = "",
                lead: str | None = None, reason: str = "") -> Mission:
    store = ctx.store
    with store.transaction():
        values = mission_values({
            "reference": reference, "title": title, "authority": authority, "signatory": signatory,
            "addressees": tuple(addressees), "signed_on": _date(ctx, signed_on), "summary": summary,
            "status": MissionStatus.ACTIVE, "lead_id": find_person(store, lead).id if lead else None})
        _unique_reference(ctx, values["reference"])
        applied = record(ctx, ChangeSet((Change("mission", -1, {}, values),), reason))
        return store.mission_by_id(applied.id_of(-1))


def edit_mission(ctx: Context, reference: str, changes: Mapping[str, Any], *, version: int | None = None,
                 choices: Mapping[str, str] = {}, reason: str = "") -> Mission:
    """Change the fields given (reference, title, authority, signatory, addressees, signed_on,
    summary, status, lead), merged with a colleague's newer version like a deliverable's."""
    store = ctx.store
    with store.transaction():
        current = store.mission(reference)
        now = mission_state(current)
        proposed = mission_values(_typed(ctx, changes))
        if version is not None and version != current.version:
            merged = merge("mission", state_at(ctx, "mission", current.id, version), now, proposed, choices)
            if merged.conflicts:
                error = MergeConflict.of("error.merge_conflict", id=current.reference, title=current.title,
                                         version=version, now=current.version,
                                         fields=", ".join(c.field for c in merged.conflicts))
                error.current, error.conflicts = current, merged.conflicts
                raise error
            proposed = merged.apply
        before, after = diff("mission", now, proposed)
        if not after:
            return current
        if "reference" in after:
            _unique_reference(ctx, after["reference"])
        record(ctx, ChangeSet((Change("mission", current.id, before, after, version=current.version),), reason))
        return store.mission_by_id(current.id)


def close_mission(ctx: Context, reference: str, reason: str = "") -> Mission:
    return edit_mission(ctx, reference, {"status": MissionStatus.CLOSED}, reason=reason)


def reopen_mission(ctx: Context, reference: str, reason: str = "") -> Mission:
    return edit_mission(ctx, reference, {"status": MissionStatus.ACTIVE}, reason=reason)


def _typed(ctx: Context, changes: Mapping[str, Any]) -> dict[str, Any]:
    typed = {}
    for name, value in changes.items():
        if name == "lead":
            typed["lead_id"] = find_person(ctx.store, value).id if value else None
        elif name == "signed_on":
            typed["signed_on"] = _date(ctx, value)
        elif name == "status":
            typed["status"] = value if isinstance(value, MissionStatus) else MissionStatus(value)
        elif name == "addressees":
            typed["addressees"] = tuple(value)
        elif name in ("reference", "title", "authority", "signatory", "summary"):
            typed[name] = value
        else:
            raise ValueError(f"edit_mission does not know the field {name!r}")
    return typed


def _date(ctx: Context, value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return resolve_date(value, ctx.today()) if value.strip() else None


def _unique_reference(ctx: Context, reference: str) -> None:
    try:
        ctx.store.mission(reference)
    except NotFound:
        return
    raise InvalidInput.of("error.mission_exists", reference=reference)
