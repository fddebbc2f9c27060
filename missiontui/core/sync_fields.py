"""Between a CalDAV item's fields (core.ical.tasks) and a local state (core.changes typed values), pure.

Both directions go through the merge base (what both sides last agreed on), because a server item
says less than our database when a task client rewrote it:

- a property of ours that is missing (a client dropped it) is not a deletion: the field keeps its
  base value (`TaskFields.present` says which were there);
- a DUE moved by a client that kept our precision and phrase lines (it does not know them) is a plain
  day: the old phrase would lie about the new date. When missiontui wrote the item last (its EDITOR
  stamp is still valid) its lines are believed;
- STATUS says less than ours (no "blocked"): a blocked deliverable stays blocked while the client's
  STATUS still reads what we wrote for it.

People are named by name (and email) on the server and by id here; deliverables by UID there and by
id here: the caller passes the lookups, and a name nobody here has yet gets a placeholder id, created
in the same change set.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from missiontui.core.ical.tasks import (TODO_STATUS, MissionFields, MissionPerson, TaskFields, TaskOwner,
                                        mission_uid)
from missiontui.core.model import Due, Kind, MissionStatus, Owner, Precision, Status

# The fields each side merges; "deleted" and a deliverable's mission are handled apart (a delete is
# not an edit, and an item lives in its mission's collection).
MERGED = {
    "deliverable": ("title", "kind", "due", "status", "completed_on", "owners", "depends_on", "notes"),
    "mission": ("reference", "title", "authority", "signatory", "addressees", "signed_on", "summary", "status",
                "lead_id"),
}

PersonOf = Callable[[str, str], int]  # (name, email) -> person id, or a placeholder for a new one


def task_state(remote: TaskFields, base: Mapping[str, Any] | None, person_of: PersonOf,
               id_of_uid: Mapping[str, int]) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The local state a server task stands for, and the dependency UIDs nobody here knows (left out)."""
    base = base or {}
    present = remote.present
    state: dict[str, Any] = {"title": remote.title, "notes": remote.notes}
    state["kind"] = remote.kind or base.get("kind") or Kind.OTHER
    state["due"] = _due(remote, base.get("due"))
    status = remote.status
    old = base.get("status")
    if "status" not in present and old is not None and TODO_STATUS[old] == TODO_STATUS[status]:
        status = old  # our X- status was dropped; STATUS still says what we wrote for it
    state["status"] = status
    if status is Status.DONE:
        state["completed_on"] = remote.completed_on or (base.get("completed_on") if old is Status.DONE else None)
    else:
        state["completed_on"] = None
    if "owners" in present:
        state["owners"] = tuple(Owner(person_of(o.name, o.email), o.name, o.lead) for o in remote.owners)
    else:
        state["owners"] = tuple(base.get("owners", ()))
    unknown: tuple[str, ...] = ()
    if "depends_on" in present:
        state["depends_on"] = tuple(sorted({id_of_uid[u] for u in remote.depends_on if u in id_of_uid}))
        unknown = tuple(u for u in remote.depends_on if u not in id_of_uid)
    else:
        state["depends_on"] = tuple(base.get("depends_on", ()))
    return state, unknown


def _due(remote: TaskFields, old: Due | None) -> Due | None:
    due = remote.due
    if due is None:
        return None  # DUE is a standard property: a client without it made the task undated
    if old is None:
        return due
    if "precision" not in remote.present:  # our lines were dropped: only the day is known
        return old if due.date == old.date else Due(due.date, Precision.DAY, "")
    if due.date != old.date and not remote.editor and (due.precision, due.phrase) == (old.precision, old.phrase):
        return Due(due.date, Precision.DAY, "")  # a client moved the day and left our words behind
    return due


def mission_state(remote: MissionFields, person_of: PersonOf) -> dict[str, Any]:
    email = next((p.email for p in remote.people if p.name.casefold() == remote.lead.casefold()), "")
    return {"reference": remote.reference, "title": remote.title, "authority": remote.authority,
            "signatory": remote.signatory, "addressees": tuple(remote.addressees), "signed_on": remote.signed_on,
            "summary": remote.summary, "status": remote.status,
            "lead_id": person_of(remote.lead, email) if remote.lead.strip() else None}


def task_fields(state: Mapping[str, Any], *, uid: str, mission_ref: str, emails: Mapping[int, str],
                uid_of_id: Mapping[int, str], extra: Mapping[str, Any], sequence: int, editor: str,
                now: datetime) -> TaskFields:
    """The server task for a local state. What the server held that we do not merge (a client's
    percentage while the status is the one it saw, its categories) is written back as it was."""
    status = state["status"]
    percent = extra.get("percent") if extra.get("status") == TODO_STATUS[status] else None
    owners = sorted(state.get("owners", ()), key=lambda o: (not o.lead, o.name.casefold(), o.person_id))
    return TaskFields(
        uid=uid, title=state["title"], due=state.get("due"), status=status, kind=state.get("kind"),
        notes=state.get("notes", ""),
        owners=tuple(TaskOwner(o.name, emails.get(o.person_id, ""), o.lead) for o in owners),
        depends_on=tuple(uid_of_id[i] for i in state.get("depends_on", ()) if i in uid_of_id),
        completed_on=state.get("completed_on"), percent=percent, categories=tuple(extra.get("categories", ())),
        sequence=max(sequence, int(extra.get("sequence", 0))), mission_ref=mission_ref, last_modified=now,
        editor=editor)


def mission_fields(state: Mapping[str, Any], *, uid: str | None, lead: str, people: tuple[MissionPerson, ...],
                   sequence: int, editor: str, now: datetime) -> MissionFields:
    return MissionFields(
        uid=uid or mission_uid(state["reference"]), reference=state["reference"], title=state["title"],
        authority=state.get("authority", ""), signatory=state.get("signatory", ""),
        addressees=tuple(state.get("addressees", ())), signed_on=state.get("signed_on"),
        summary=state.get("summary", ""), status=state.get("status") or MissionStatus.ACTIVE, lead=lead,
        people=people, sequence=sequence, last_modified=now, editor=editor)


def server_extra(remote: TaskFields | MissionFields, kept: str) -> dict[str, Any]:
    """What to keep of a server item besides our fields, to write it back unchanged."""
    if isinstance(remote, MissionFields):
        return {"sequence": remote.sequence}
    extra: dict[str, Any] = {"sequence": remote.sequence, "status": TODO_STATUS[remote.status]}
    if remote.percent is not None:
        extra["percent"] = remote.percent
    if remote.categories:
        extra["categories"] = list(remote.categories)
    if kept:
        extra["kept"] = kept
    return extra
