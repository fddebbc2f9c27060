"""Loading many deliverables at once from JSON: JSON lines, or the array `missiontui list --json` prints.

Every line is checked first (mission, owners, deadline phrase, kind, status, text); any problem
is reported with its line number and nothing is written. Then one transaction inserts them all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

from missiontui.core.dates import parse_due
from missiontui.core.errors import InvalidInput, MissionError
from missiontui.core.model import Due, Kind, Precision, Status
from missiontui.core.rules import clean_text, completion, owners_with_lead
from missiontui.store import Store

# Enum(value) is slow at 100,000 lines; a dict lookup is not (and a KeyError names the bad value).
_KINDS = {k.value: k for k in Kind}
_STATUSES = {s.value: s for s in Status}
_PRECISIONS = {p.value: p for p in Precision}


def _member(table: dict, value, what: str):
    try:
        return table[value]
    except (KeyError, TypeError):
        raise InvalidInput(f"unknown {what} {value!r} (choose from {', '.join(table)})") from None


@dataclass
class BulkPlan:
    items: list[dict] = field(default_factory=list)
    present: int = 0  # uids already in the database
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return f"{len(self.items)} to create, {self.present} already present"


def looks_like_json(data: bytes) -> bool:
    return data.lstrip()[:1] in (b"{", b"[")


def _records(data: bytes):
    text = data.decode("utf-8-sig")
    if text.lstrip().startswith("["):
        try:
            records = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"not valid JSON: {exc.msg} at line {exc.lineno}") from None
        if not isinstance(records, list):
            raise InvalidInput("a JSON file holds an array of deliverables")
        yield from enumerate(records, start=1)
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as exc:
                yield number, InvalidInput(f"not valid JSON ({exc.msg})")


def plan_json(store: Store, data: bytes, *, mission: str | None = None, today: date) -> BulkPlan:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"the file is not UTF-8 text (offset {exc.start})") from None
    plan = BulkPlan()
    missions: dict[str, int] = {}
    people: dict[str, int] = {}
    seen: set[str] = set()

    def mission_id(reference: str) -> int:
        key = reference.casefold()
        if key not in missions:
            missions[key] = store.mission(reference).id
        return missions[key]

    def person_id(name: str) -> int:
        key = name.casefold()
        if key not in people:
            people[key] = store.find_person(name).id
        return people[key]

    for number, record in _records(data):
        try:
            if isinstance(record, Exception):
                raise record
            if not isinstance(record, dict):
                raise InvalidInput("each deliverable is a JSON object")
            uid = record.get("uid")
            if uid is not None and (not isinstance(uid, str) or uid in seen):
                raise InvalidInput("uid must be text, once per file")
            if uid and store.deliverable_by_uid(uid) is not None:
                plan.present += 1
                continue
            plan.items.append(_item(record, mission, mission_id, person_id, today))
            if uid:
                seen.add(uid)
        except (MissionError, TypeError, ValueError, AttributeError) as exc:
            plan.errors.append(f"line {number}: {exc}")
    return plan


def _item(record: dict, default_mission, mission_id, person_id, today: date) -> dict:
    reference = record.get("mission") or default_mission
    if not isinstance(reference, str) or not reference:
        raise InvalidInput("which mission? give 'mission' or --mission")
    due_text = record.get("due")
    if not isinstance(due_text, str):
        raise InvalidInput("'due' is a date or a deadline phrase")
    due = parse_due(due_text, today)
    if record.get("precision") and due.precision is Precision.DAY:
        due = Due(due.date, _member(_PRECISIONS, record["precision"], "precision"), record.get("phrase") or due.phrase)
    elif record.get("phrase"):
        due = Due(due.date, due.precision, str(record["phrase"]))
    owners = record.get("owners") or []
    names = [o["name"] if isinstance(o, dict) else o for o in owners]
    lead = record.get("lead") or next((o["name"] for o in owners if isinstance(o, dict) and o.get("lead")), None)
    status = _member(_STATUSES, record.get("status") or "planned", "status")
    completed = record.get("completed_on")
    return {
        "mission_id": mission_id(reference), "uid": record.get("uid"),
        "title": clean_text(record.get("title") or "", "the title", required=True),
        "kind": _member(_KINDS, record.get("kind") or "other", "kind"), "due": due, "status": status,
        "notes": clean_text(record.get("notes") or "", "the notes"),
        "owners": owners_with_lead([person_id(n) for n in names], person_id(lead) if lead else None),
        "completed_on": completion(status, date.fromisoformat(completed) if completed else None, today),
    }


def apply_json(store: Store, plan: BulkPlan, *, source: str) -> list[int]:
    if plan.errors:
        raise InvalidInput(f"nothing imported: {len(plan.errors)} problem(s)")
    return store.add_deliverables_bulk(plan.items, reason=f"import {source}")
