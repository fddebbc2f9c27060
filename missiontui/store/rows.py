"""From SQLite rows to the core's dataclasses."""

from __future__ import annotations

import json
from datetime import date

from missiontui.core.changes import Recorded, decode, decode_state
from missiontui.core.model import Deliverable, Due, Kind, Mission, MissionStatus, Owner, Person, Precision, Status

DELIVERABLE_SELECT = """
SELECT d.*, m.reference AS mission_ref,
  (SELECT json_group_array(json_array(o.person_id, p.name, o.lead))
     FROM owner o JOIN person p ON p.id = o.person_id WHERE o.deliverable_id = d.id) AS owners_json,
  (SELECT group_concat(depends_on_id) FROM dependency WHERE deliverable_id = d.id) AS deps
FROM deliverable d JOIN mission m ON m.id = d.mission_id
"""


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


# Enum(value) is slow when called 100,000 times; plain dict lookups are not.
_KIND = {k.value: k for k in Kind}
_STATUS = {st.value: st for st in Status}
_PRECISION = {p.value: p for p in Precision}


def deliverable(row: dict) -> Deliverable:
    packed = row["owners_json"]
    owners = () if packed == "[]" or not packed else tuple(
        sorted((Owner(pid, name, bool(lead)) for pid, name, lead in json.loads(packed)), key=Owner.sort_key))
    deps = tuple(sorted(int(x) for x in row["deps"].split(","))) if row["deps"] else ()
    completed, due = row["completed_on"], row["due"]
    return Deliverable(
        id=row["id"], uid=row["uid"], mission_id=row["mission_id"], mission_ref=row["mission_ref"],
        title=row["title"], kind=_KIND[row["kind"]],
        due=Due(date.fromisoformat(due), _PRECISION[row["precision"]], row["phrase"]) if due else None,
        status=_STATUS[row["status"]], notes=row["notes"], owners=owners, depends_on=deps,
        completed_on=date.fromisoformat(completed) if completed else None, version=row["version"],
        sequence=row["sequence"], created_at=row["created_at"], updated_at=row["updated_at"],
        deleted_at=row["deleted_at"], recurrence=row["recurrence"],
    )


def mission(row: dict) -> Mission:
    return Mission(
        id=row["id"], reference=row["reference"], title=row["title"], authority=row["authority"],
        signatory=row["signatory"], addressees=tuple(json.loads(row["addressees"] or "[]")),
        signed_on=_date(row["signed_on"]), summary=row["summary"], status=MissionStatus(row["status"]),
        lead=row.get("lead_name") or "", version=row["version"], lead_id=row["lead_id"],
        deleted=row["deleted_at"] is not None,
    )


def person(row: dict) -> Person:
    return Person(row["id"], row["name"], row["email"], row["role"], row["organisation"], row["version"],
                  row["deleted_at"] is not None)


def recorded(rows: list[dict]) -> Recorded:
    """One entity's part of one change, from its history rows (one per field; one for a create)."""
    first = rows[0]
    entity = first["entity"]
    if first["action"] == "create" and not first["field"]:
        before, after = {}, decode_state(entity, first["new"])
    else:
        before = {r["field"]: decode(entity, r["field"], r["old"]) for r in rows}
        after = {r["field"]: decode(entity, r["field"], r["new"]) for r in rows}
    return Recorded(first["change_id"], first["at"], first["actor"], entity, first["entity_id"], first["action"],
                    before, after, first["version"], first["reason"], first["source"], first["kind"], first["target"],
                    tuple(r["id"] for r in rows))
