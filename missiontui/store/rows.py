"""From SQLite rows to the core's dataclasses."""

from __future__ import annotations

import json
from datetime import date

from missiontui.core.model import (
    Deliverable, Due, HistoryEntry, Kind, Mission, MissionStatus, Owner, Person, Precision, Status,
)

DELIVERABLE_SELECT = """
SELECT d.*, m.reference AS mission_ref,
  (SELECT json_group_array(json_array(o.person_id, p.name, o.lead))
     FROM owner o JOIN person p ON p.id = o.person_id WHERE o.deliverable_id = d.id) AS owners_json,
  (SELECT group_concat(depends_on_id) FROM dependency WHERE deliverable_id = d.id) AS deps
FROM deliverable d JOIN mission m ON m.id = d.mission_id
"""


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def deliverable(row: dict) -> Deliverable:
    owners = tuple(sorted((Owner(pid, name, bool(lead)) for pid, name, lead in json.loads(row["owners_json"] or "[]")),
                          key=lambda o: (not o.lead, o.name.casefold())))
    deps = tuple(sorted(int(x) for x in row["deps"].split(","))) if row["deps"] else ()
    return Deliverable(
        id=row["id"], uid=row["uid"], mission_id=row["mission_id"], mission_ref=row["mission_ref"],
        title=row["title"], kind=Kind(row["kind"]),
        due=Due(date.fromisoformat(row["due"]), Precision(row["precision"]), row["phrase"]),
        status=Status(row["status"]), notes=row["notes"], owners=owners, depends_on=deps,
        completed_on=_date(row["completed_on"]), version=row["version"], sequence=row["sequence"],
        created_at=row["created_at"], updated_at=row["updated_at"], deleted_at=row["deleted_at"],
    )


def mission(row: dict) -> Mission:
    return Mission(
        id=row["id"], reference=row["reference"], title=row["title"], authority=row["authority"],
        signatory=row["signatory"], addressees=tuple(json.loads(row["addressees"] or "[]")),
        signed_on=_date(row["signed_on"]), summary=row["summary"], status=MissionStatus(row["status"]),
        lead=row.get("lead_name") or "", version=row["version"],
    )


def person(row: dict) -> Person:
    return Person(row["id"], row["name"], row["email"], row["role"], row["organisation"])


def history(row: dict) -> HistoryEntry:
    return HistoryEntry(row["id"], row["at"], row["actor"], row["entity"], row["entity_id"], row["action"],
                        row["field"], row["old"], row["new"], row["reason"])
