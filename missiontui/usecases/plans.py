"""Creating a whole mission at once — its people, the mission, its deliverables with their owners and
dependencies — as one change set: seeds, letters, templates and a colleague's calendar all use it."""

from __future__ import annotations

from missiontui.core.changes import Change, ChangeSet
from missiontui.core.drafts import MissionDraft
from missiontui.core.errors import InvalidInput, NotFound, RuleViolation
from missiontui.core.ids import new_uids
from missiontui.core.model import Mission, MissionStatus, Owner
from missiontui.core.rules import clean_text, deliverable_values
from missiontui.usecases.context import Context
from missiontui.usecases.missions import mission_values
from missiontui.usecases.people import person_values
from missiontui.usecases.records import record


def mission_changes(ctx: Context, draft: MissionDraft) -> list[Change]:
    """The changes that create `draft`: people not known yet, the mission, then its deliverables."""
    store, today = ctx.store, ctx.today()
    changes: list[Change] = []
    people: dict[str, tuple[int, str]] = {}  # casefolded name -> (id or placeholder, name)
    placeholder = 0

    def person(name: str, draft_person=None) -> tuple[int, str]:
        nonlocal placeholder
        key = clean_text(name, "a person's name", required=True).casefold()
        if key not in people:
            try:
                found = store.find_person(name)
                people[key] = (found.id, found.name)
            except NotFound:
                placeholder -= 1
                values = person_values({"name": name, "email": getattr(draft_person, "email", ""),
                                        "role": getattr(draft_person, "role", ""),
                                        "organisation": getattr(draft_person, "organisation", "")})
                changes.append(Change("person", placeholder, {}, values))
                people[key] = (placeholder, values["name"])
        return people[key]

    for p in draft.people:
        person(p.name, p)
    try:
        store.mission(draft.reference)
    except NotFound:
        pass
    else:
        raise InvalidInput.of("error.mission_exists", reference=draft.reference)
    placeholder -= 1
    mission_id = placeholder
    changes.append(Change("mission", mission_id, {}, mission_values({
        "reference": draft.reference, "title": draft.title, "authority": draft.authority,
        "signatory": draft.signatory, "addressees": draft.addressees, "signed_on": draft.signed_on,
        "summary": draft.summary, "status": MissionStatus.ACTIVE,
        "lead_id": person(draft.lead)[0] if draft.lead else None})))
    keys: dict[str, int] = {}
    uids = new_uids(len(draft.deliverables))
    for d, uid in zip(draft.deliverables, uids):
        placeholder -= 1
        own_id = placeholder  # person() below takes the next placeholders for owners not known yet
        if d.key in keys:
            raise RuleViolation.of("error.duplicate_key", key=d.key)
        keys[d.key] = own_id
        owners = [Owner(*person(name)) for name in d.owners]
        lead = person(d.lead)[0] if d.lead else None
        if lead is not None and lead not in {o.person_id for o in owners}:
            owners.append(Owner(*person(d.lead)))
        owners = [Owner(o.person_id, o.name, o.person_id == lead) if lead is not None else o for o in owners]
        try:
            depends_on = tuple(keys[k] for k in d.depends_on)
        except KeyError as exc:
            raise RuleViolation.of("error.unknown_key", key=exc.args[0]) from None
        values = deliverable_values({
            "mission_id": mission_id, "title": d.title, "kind": d.kind, "due": d.due, "status": d.status,
            "notes": d.notes, "owners": tuple(owners), "depends_on": depends_on, "completed_on": d.completed_on},
            None, today)
        changes.append(Change("deliverable", own_id, {}, values, uid=d.uid or uid))
    return changes


def create_mission(ctx: Context, draft: MissionDraft, *, reason: str = "", source: str = "") -> Mission:
    """The whole mission in one transaction, recorded as one change set (one undo)."""
    with ctx.store.transaction():
        changes = mission_changes(ctx, draft)
        applied = record(ctx, ChangeSet(tuple(changes), reason=reason, source=source))
        mission_id = next(c.entity_id for c in changes if c.entity == "mission")
        return ctx.store.mission_by_id(applied.id_of(mission_id))
