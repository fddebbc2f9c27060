"""Importing files: iCalendar from any calendar client, or deliverables as JSON (lines, or the array
`list --json` prints). Both make the same `ImportPlan`: the change set to record and a line per item
for the user. Nothing is written by planning; applying is one transaction, all or nothing."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from collections.abc import Iterable
from datetime import date, tzinfo
from pathlib import Path
from typing import Any, BinaryIO

from missiontui.core.choices import read_kind, read_status
from missiontui.core.changes import Change, ChangeSet, deliverable_state, diff
from missiontui.core.dates import parse_due
from missiontui.core.errors import InvalidInput, MissionError
from missiontui.core.ical.reader import CalendarReader, ImportedItem
from missiontui.core.ids import new_uids
from missiontui.core.model import Deliverable, Due, Kind, Owner, Precision, Status
from missiontui.core.rules import deliverable_values, owners_with_lead
from missiontui.usecases.context import Context
from missiontui.usecases.inputs import find_person
from missiontui.usecases.records import check_links, record

MAX_BYTES = 64 * 1024 * 1024  # a calendar of deadlines is a few MB; more is a wrong file
_KINDS = {k.value: k for k in Kind}  # Enum(value) is slow at 100,000 lines; a dict lookup is not
_STATUSES = {s.value: s for s in Status}
_PRECISIONS = {p.value: p for p in Precision}


@dataclass
class ImportPlan:
    changes: list[Change] = field(default_factory=list)
    creates: list[tuple[str, str]] = field(default_factory=list)  # (due or "—", title): what the user is told
    updates: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{len(self.creates)} to create, {len(self.updates)} to update, {self.unchanged} unchanged, "
                f"{len(self.skipped)} skipped")


def read_limited(source: BinaryIO | Path, limit: int = MAX_BYTES) -> bytes:
    """At most `limit` bytes: `import /dev/zero` stops at the limit instead of filling the memory."""
    if isinstance(source, Path):
        with source.open("rb") as handle:
            return read_limited(handle, limit)
    data = source.read(limit + 1)
    if len(data) > limit:
        raise InvalidInput.of("error.file_too_big", limit=limit // 1_048_576)
    return data


def looks_like_json(data: bytes) -> bool:
    return data.removeprefix(b"\xef\xbb\xbf").lstrip()[:1] in (b"{", b"[")  # Notepad starts with a BOM


def looks_like_csv(data: bytes) -> bool:
    """A header line naming the columns (our `list --format csv`, or a spreadsheet saved as CSV)."""
    first = data.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0].lower()
    return not first.startswith(b"begin:") and b"title" in first and (b"," in first or b";" in first)


def plan_import(ctx: Context, data: bytes, *, mission: str | None = None, zone: tzinfo | None = None) -> ImportPlan:
    """What importing `data` would change; nothing is written. Errors block the import."""
    if looks_like_json(data):
        return plan_json(ctx, data, mission=mission)
    if looks_like_csv(data):
        return plan_csv(ctx, data, mission=mission)
    return plan_calendar(ctx, data, mission=mission, zone=zone)


def apply_import(ctx: Context, plan: ImportPlan, *, source: str) -> list[int]:
    """All or nothing: one transaction; a colleague's edit since the plan undoes the whole import.
    Returns the ids of the deliverables created."""
    if plan.errors:
        raise InvalidInput.of("error.import_problem" if len(plan.errors) == 1 else "error.import_problems",
                              count=len(plan.errors))
    applied = record(ctx, ChangeSet(tuple(plan.changes), reason=f"import {source}", source=f"import {source}"))
    return [applied.ids[c.entity_id] for c in plan.changes if not c.before]


# --- iCalendar -----------------------------------------------------------------------------------

def plan_calendar(ctx: Context, data: bytes, *, mission: str | None = None, zone: tzinfo | None = None) -> ImportPlan:
    """Items the reader cannot take are skipped with the reason and do not block the others. `zone`
    is the importer's time zone, for UTC times in files that name none (UTC when not given)."""
    store = ctx.store
    reader = CalendarReader(data, zone=zone)
    plan = ImportPlan(warnings=reader.warnings)  # the same list: the reader fills it as it goes
    default_mission = store.mission(mission).id if mission else None
    missions: dict[str, int] = {}  # one lookup per reference, not per event
    for batch in _batches(reader, 500):  # one UID query per batch; memory stays that of a batch
        existing = store.deliverables_by_uids([item.uid for item in batch])
        for item in batch:
            if item.uid in existing:
                _plan_update(plan, existing[item.uid], item, ctx.today())
            elif item.status is Status.CANCELLED:
                plan.skipped.append(f"'{item.title}': cancelled, nothing to create")
            else:
                _plan_create(ctx, plan, item, default_mission, missions)
    plan.skipped[:0] = reader.skipped
    return plan


def _batches(items: Iterable, size: int):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _plan_create(ctx: Context, plan: ImportPlan, item: ImportedItem, default_mission: int | None,
                 missions: dict[str, int]) -> None:
    try:
        reference = item.mission if default_mission is None else None
        if default_mission is None and not reference:
            raise InvalidInput.of("error.import_which_mission", uid=item.uid)
        if reference and reference not in missions:
            missions[reference] = ctx.store.mission(reference).id
        due = Due(item.due, item.precision, item.phrase) if item.due else None  # no date: "to schedule"
        values = deliverable_values({
            "mission_id": default_mission or missions[reference], "title": item.title,
            "kind": item.kind or Kind.OTHER, "due": due, "status": item.status or Status.PLANNED,
            "notes": item.notes, "completed_on": item.completed_on,
            "recurrence": _repeats(item, item.kind or Kind.OTHER)}, None, ctx.today())
    except MissionError as exc:
        plan.errors.append(f"'{item.title[:80]}': {exc}")
        return
    plan.changes.append(Change("deliverable", -len(plan.changes) - 1, {}, values, uid=item.uid))
    plan.creates.append((item.due.isoformat() if item.due else "—", values["title"]))


def _repeats(item: ImportedItem, kind: Kind) -> str:
    """A meeting's RRULE when missiontui can keep it (core/recurrence.py); any other series is one
    item at its first date, as the reader documents."""
    from missiontui.core import recurrence

    if not item.rrule or kind is not Kind.MEETING or item.due is None:
        return ""
    try:
        rule = recurrence.normalise(item.rrule)
        recurrence.check(rule, item.due)
    except MissionError:
        return ""
    return rule


def _plan_update(plan: ImportPlan, existing: Deliverable, item: ImportedItem, today: date) -> None:
    if existing.deleted_at:
        if item.status is not Status.CANCELLED:
            plan.skipped.append(f"#{existing.id} '{existing.title}': deleted in missiontui, not brought back")
        else:
            plan.unchanged += 1
        return
    proposed: dict[str, Any] = {"title": item.title}
    if item.due is not None and (existing.due is None or item.due != existing.due.date):
        # Moved in a calendar: the letter's words and precision no longer describe the new day.
        # (An item without a date leaves the deadline alone: a calendar that drops it is no decision.)
        proposed["due"] = Due(item.due, Precision.DAY, "")
    if item.status is not None:
        proposed["status"] = item.status
        if item.status is Status.DONE and item.completed_on:
            proposed["completed_on"] = item.completed_on
    if item.ours and item.kind is not None:
        proposed["kind"] = item.kind
    current = deliverable_state(existing)
    try:
        before, after = diff("deliverable", current, deliverable_values(proposed, current, today))
    except MissionError as exc:
        plan.errors.append(f"#{existing.id} '{existing.title[:80]}': {exc}")
        return
    if not after:
        plan.unchanged += 1
        return
    plan.changes.append(Change("deliverable", existing.id, before, after, version=existing.version))
    plan.updates.append(f"#{existing.id} {existing.title}: {', '.join(after)}")


# --- JSON ----------------------------------------------------------------------------------------

def plan_json(ctx: Context, data: bytes, *, mission: str | None = None) -> ImportPlan:
    """Every line checked first (mission, owners, deadline phrase, kind, status, text); any problem
    is reported with its line number and blocks the import."""
    return _plan_records(ctx, _records(data), mission)


def plan_csv(ctx: Context, data: bytes, *, mission: str | None = None) -> ImportPlan:
    """A CSV with a header line, the columns of `list --format csv` (only `title` is required, with
    `mission` unless --mission names it): each row checked as a JSON object would be."""
    return _plan_records(ctx, _csv_records(data), mission)


def _plan_records(ctx: Context, records: list[tuple[int, Any]], mission: str | None) -> ImportPlan:
    store, today = ctx.store, ctx.today()
    plan = ImportPlan()
    uids = [r.get("uid") for _, r in records if isinstance(r, dict) and isinstance(r.get("uid"), str)]
    present = store.deliverables_by_uids(uids)
    missions: dict[str, int] = {}
    people: dict[str, Owner] = {}
    seen: set[str] = set()

    def mission_id(reference: str) -> int:
        key = reference.casefold()
        if key not in missions:
            missions[key] = store.mission(reference).id
        return missions[key]

    def owner(name: str) -> Owner:
        key = name.casefold()
        if key not in people:
            person = find_person(store, name)
            people[key] = Owner(person.id, person.name)
        return people[key]

    fresh = iter(new_uids(len(records)))
    for number, record_ in records:
        try:
            if isinstance(record_, Exception):
                raise record_
            if not isinstance(record_, dict):
                raise InvalidInput.of("error.json_not_object")
            uid = record_.get("uid")
            if uid is not None and (not isinstance(uid, str) or not uid.strip() or uid in seen):
                raise InvalidInput.of("error.json_uid")
            if uid in present:
                plan.skipped.append(f"line {number}: UID {uid} is already here")
                continue
            values = _json_values(record_, mission, mission_id, owner, today)
            check_links(ctx, None, values)
        except (MissionError, TypeError, ValueError, AttributeError, OverflowError) as exc:
            plan.errors.append(f"line {number}: {exc}")
            continue
        if uid:
            seen.add(uid)
        plan.changes.append(Change("deliverable", -len(plan.changes) - 1, {}, values, uid=uid or next(fresh)))
        plan.creates.append((values["due"].date.isoformat() if values["due"] else "—", values["title"]))
    return plan


def _records(data: bytes) -> list[tuple[int, Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput.of("error.not_utf8", offset=exc.start) from None
    if text.lstrip().startswith("["):
        try:
            records = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InvalidInput.of("error.bad_json", reason=exc.msg, line=exc.lineno) from None
        except RecursionError:  # 100,000 '[' in a row
            raise InvalidInput.of("error.json_too_deep") from None
        if not isinstance(records, list):
            raise InvalidInput.of("error.json_not_array")
        return list(enumerate(records, start=1))
    found: list[tuple[int, Any]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                found.append((number, json.loads(line)))
            except json.JSONDecodeError as exc:
                found.append((number, InvalidInput.of("error.bad_json_line", reason=exc.msg)))
            except RecursionError:
                found.append((number, InvalidInput.of("error.json_too_deep")))
    return found


_CSV_FIELDS = {"uid", "mission", "title", "kind", "due", "precision", "phrase", "status", "owners", "lead", "notes",
               "completed_on"}
_CSV_IGNORED = {"id", "depends_on", "version", "sequence", "created_at", "updated_at", "deleted"}  # ours, not data
_GUARDED = ("'=", "'+", "'-", "'@")  # our export's guard against spreadsheet formulas


def _csv_records(data: bytes) -> list[tuple[int, Any]]:
    """(line number, the row as a JSON-like object): owners split on ";", empty cells left out (an
    empty phrase is no phrase), and the apostrophe our export puts before = + - @ taken off, so an
    export comes back as it was."""
    import csv
    import io

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput.of("error.not_utf8", offset=exc.start) from None
    header = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";" if header.count(";") > header.count(",") else ",")
    try:
        names = [name.strip().lower() for name in next(reader)]
        unknown = [n for n in names if n and n not in _CSV_FIELDS | _CSV_IGNORED]
        if unknown or "title" not in names:
            raise InvalidInput.of("error.csv_columns", unknown=", ".join(unknown) or "—",
                                  known=", ".join(sorted(_CSV_FIELDS)))
        found: list[tuple[int, Any]] = []
        number = reader.line_num
        for row in reader:
            if any(cell.strip() for cell in row):
                found.append((number + 1, _csv_row(names, row)))
            number = reader.line_num
    except csv.Error as exc:
        raise InvalidInput.of("error.bad_csv", line=reader.line_num, reason=str(exc)) from None
    return found


def _csv_row(names: list[str], row: list[str]):
    if len(row) > len(names):
        return InvalidInput.of("error.csv_cells", count=len(row), columns=len(names))
    record: dict[str, Any] = {}
    for name, cell in zip(names, row):
        if name in _CSV_FIELDS and (cell.strip() or name == "phrase"):  # an empty phrase: none, not the date
            record[name] = cell[1:] if cell.startswith(_GUARDED) else cell
    if "owners" in record:
        record["owners"] = [name.strip() for name in record["owners"].split(";") if name.strip()]
    return record


def _text(record: dict, name: str, default: str = "") -> str:
    value = record.get(name)
    if value is None:
        return default
    if not isinstance(value, str):
        raise InvalidInput.of("error.json_field_text", field=name)
    return value


def _member(table: dict, value, what: str, read=None):
    """`value` as stored ("in-progress"), else as `read` understands it (a French label: "en cours")."""
    try:
        return table[value]
    except (KeyError, TypeError):
        found = read(value) if read is not None and isinstance(value, str) else None
        if found is None:
            raise InvalidInput.of("error.json_choice", what=what, value=str(value)[:40],
                                  choices=", ".join(table)) from None
        return found


def _json_values(record: dict, default_mission, mission_id, owner, today: date) -> dict:
    reference = record.get("mission") or default_mission
    if not isinstance(reference, str) or not reference.strip():
        raise InvalidInput.of("error.json_which_mission")
    due_text = record.get("due")
    if due_text is None:
        due = None
    elif not isinstance(due_text, str):
        raise InvalidInput.of("error.json_due")
    else:
        due = parse_due(due_text, today) if due_text.strip() else None
    if due is not None:
        phrase = _text(record, "phrase", due.phrase)
        precision = _member(_PRECISIONS, record["precision"], "precision") if record.get("precision") else due.precision
        due = Due(due.date, precision, phrase)
    owners = record.get("owners") or []
    if not isinstance(owners, list):
        raise InvalidInput.of("error.json_owners")
    names = []
    for o in owners:
        name = o.get("name") if isinstance(o, dict) else o
        if not isinstance(name, str) or not name.strip():
            raise InvalidInput.of("error.json_owners")
        names.append(name)
    lead = record.get("lead") or next((o.get("name") for o in owners if isinstance(o, dict) and o.get("lead")), None)
    if lead is not None and not isinstance(lead, str):
        raise InvalidInput.of("error.json_owners")
    completed = record.get("completed_on")
    if completed is not None and not isinstance(completed, str):
        raise InvalidInput.of("error.json_date", field="completed_on")
    return deliverable_values({
        "mission_id": mission_id(reference), "title": _text(record, "title"),
        "kind": _member(_KINDS, record.get("kind") or "other", "kind", read_kind), "due": due,
        "status": _member(_STATUSES, record.get("status") or "planned", "status", read_status),
        "notes": _text(record, "notes"),
        "owners": owners_with_lead([owner(n) for n in names], owner(lead).person_id if lead else None),
        "depends_on": (), "completed_on": date.fromisoformat(completed) if completed else None,
        "recurrence": _text(record, "recurrence")}, None, today)
