"""Importing files: iCalendar from any calendar client, or deliverables as JSON (lines, or the array
`list --json` prints). Both make the same `ImportPlan`: the change set to record and a line per item
for the user. Nothing is written by planning; applying is one transaction, all or nothing.

JSON lines are planned as they are read: the plan's changes are an iterator that `apply_import`
hands to the store, which writes them a chunk at a time in that one transaction. A million lines
never sit in memory at once; a problem on any line still undoes everything (the store's
transaction is rolled back when the last line has been read)."""

from __future__ import annotations

import gc
import io
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, tzinfo
from pathlib import Path
from typing import Any, BinaryIO

from missiontui.core.choices import read_kind, read_status
from missiontui.core.changes import Change, ChangeSet, deliverable_state, diff
from missiontui.core.dates import parse_due
from missiontui.core.errors import InvalidInput, MissionError
from missiontui.core.ical.reader import CalendarReader, ImportedItem
from missiontui.core.ids import uid_stream
from missiontui.core.model import Deliverable, Due, Kind, Owner, Precision, Status
from missiontui.core.rules import deliverable_values, is_clean, owners_with_lead
from missiontui.core.years import supported_year
from missiontui.usecases.context import Context
from missiontui.usecases.inputs import find_person
from missiontui.usecases.records import record

MAX_BYTES = 64 * 1024 * 1024  # a calendar of deadlines is a few MB; more is a wrong file
MAX_LINE = 1024 * 1024  # one deliverable as JSON is a few hundred bytes
LINES_AT_ONCE = 5_000  # JSON lines checked together: one UID query for them
_KINDS = {k.value: k for k in Kind}  # Enum(value) is slow at 100,000 lines; a dict lookup is not
_STATUSES = {s.value: s for s in Status}
_PRECISIONS = {p.value: p for p in Precision}


class Lines:
    """What the user is told about one kind of item: every item counted, the first `keep` kept
    (None: all of them; a million-line import keeps a screenful)."""

    def __init__(self, keep: int | None = None):
        self.keep = keep
        self.items: list = []
        self.count = 0

    def append(self, item) -> None:
        self.count += 1
        if self.keep is None or len(self.items) < self.keep:
            self.items.append(item)

    def prepend(self, items: list) -> None:
        self.count += len(items)
        self.items[:0] = items if self.keep is None else items[:self.keep]
        if self.keep is not None:
            del self.items[self.keep:]

    def __len__(self) -> int:
        return self.count

    @property
    def full(self) -> bool:
        return self.keep is not None and len(self.items) >= self.keep

    def __iter__(self):
        return iter(self.items)

    def __getitem__(self, index):
        return self.items[index]

    def __bool__(self) -> bool:
        return self.count > 0


@dataclass
class ImportPlan:
    changes: list[Change] | Iterator[Change] = field(default_factory=list)  # JSON lines: read once, by applying
    creates: Lines = field(default_factory=Lines)  # (due or "—", title): what the user is told
    updates: Lines = field(default_factory=Lines)
    unchanged: int = 0
    skipped: Lines = field(default_factory=Lines)
    errors: Lines = field(default_factory=Lines)
    warnings: list[str] = field(default_factory=list)

    @classmethod
    def keeping(cls, keep: int | None) -> ImportPlan:
        return cls(creates=Lines(keep), updates=Lines(keep), skipped=Lines(keep), errors=Lines(keep))

    @property
    def streamed(self) -> bool:
        """Its changes come as the file is read: counts and errors are whole once they have been read."""
        return not isinstance(self.changes, list)

    def drain(self) -> None:
        """Read every line without writing (a dry run of JSON lines): counts and errors become whole."""
        if self.streamed:
            with _collector_paused():
                for _ in self.changes:
                    pass
            self.changes = []

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


def plan_import(ctx: Context, source: bytes | BinaryIO, *, mission: str | None = None, zone: tzinfo | None = None,
                keep: int | None = None) -> ImportPlan:
    """What importing `source` (the bytes, or a file open for reading in binary) would change;
    nothing is written. Errors block the import. `keep`: how many lines of each kind the plan keeps
    for the user (all when None). JSON lines are read while applying (or `drain()`ing) the plan."""
    if isinstance(source, (bytes, bytearray)):
        source = io.BufferedReader(io.BytesIO(source))
    head = source.peek(4096)[:4096]
    if head.lstrip()[:1] == b"{":  # JSON lines, read as they come
        return plan_json_lines(ctx, source, mission=mission, keep=keep)
    data = read_limited(source)
    if looks_like_json(data):
        return plan_json(ctx, data, mission=mission, keep=keep)
    if looks_like_csv(data):
        return plan_csv(ctx, data, mission=mission, keep=keep)
    return plan_calendar(ctx, data, mission=mission, zone=zone, keep=keep)


def apply_import(ctx: Context, plan: ImportPlan, *, source: str) -> list[int]:
    """All or nothing: one transaction; a colleague's edit since the plan undoes the whole import,
    and so does a problem found on any line of a streamed plan. Returns the ids of the deliverables
    created (when the plan keeps every line; a streamed plan keeping a screenful returns none)."""
    if plan.errors:
        raise InvalidInput.of("error.import_problem" if len(plan.errors) == 1 else "error.import_problems",
                              count=len(plan.errors))
    if plan.streamed:
        creates = plan.creates
        with _collector_paused():
            applied = record(ctx, ChangeSet(_unless_problems(plan), reason=f"import {source}",
                                            source=f"import {source}"))
        plan.changes = []
        return applied.ids.created(len(creates)) if creates.keep is None else []
    applied = record(ctx, ChangeSet(tuple(plan.changes), reason=f"import {source}", source=f"import {source}"))
    return [applied.ids[c.entity_id] for c in plan.changes if not c.before]


@contextmanager
def _collector_paused():
    """Python's cycle collector ran every few rows of a bulk load (~10% of it): a load keeps a
    chunk's worth of objects and makes no cycles, so the collector waits until it ends."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _unless_problems(plan: ImportPlan) -> Iterator[Change]:
    """The streamed changes; once the last line is read, a problem anywhere undoes what was written."""
    yield from plan.changes
    if plan.errors:
        raise InvalidInput.of("error.import_problems", count=len(plan.errors))


# --- iCalendar -----------------------------------------------------------------------------------

def plan_calendar(ctx: Context, data: bytes, *, mission: str | None = None, zone: tzinfo | None = None,
                  keep: int | None = None) -> ImportPlan:
    """Items the reader cannot take are skipped with the reason and do not block the others. `zone`
    is the importer's time zone, for UTC times in files that name none (UTC when not given)."""
    store = ctx.store
    reader = CalendarReader(data, zone=zone)
    plan = ImportPlan.keeping(keep)
    plan.warnings = reader.warnings  # the same list: the reader fills it as it goes
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
    plan.skipped.prepend(reader.skipped)
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

def plan_json(ctx: Context, data: bytes, *, mission: str | None = None, keep: int | None = None) -> ImportPlan:
    """Every record checked first (mission, owners, deadline phrase, kind, status, text); any problem
    is reported with its line number and blocks the import. The whole file is read now."""
    plan = ImportPlan.keeping(keep)
    plan.changes = list(_json_changes(ctx, plan, _records(data), mission))
    return plan


def plan_csv(ctx: Context, data: bytes, *, mission: str | None = None, keep: int | None = None) -> ImportPlan:
    """A CSV with a header line, the columns of `list --format csv` (only `title` is required, with
    `mission` unless --mission names it): each row checked as a JSON object would be."""
    plan = ImportPlan.keeping(keep)
    plan.changes = list(_json_changes(ctx, plan, _csv_records(data), mission))
    return plan


def plan_json_lines(ctx: Context, source: BinaryIO, *, mission: str | None = None,
                    keep: int | None = None) -> ImportPlan:
    """JSON lines, checked as they are read: `plan.changes` is an iterator (see the module's doc)."""
    plan = ImportPlan.keeping(keep)
    plan.changes = _json_changes(ctx, plan, _numbered_lines(source), mission)
    return plan


def _json_changes(ctx: Context, plan: ImportPlan, records: Iterable[tuple[int, Any]],
                  mission: str | None) -> Iterator[Change]:
    """One create per good record, LINES_AT_ONCE records at a time (one UID query for them). After
    the first problem nothing more is yielded (the import will not happen) but every line is checked."""
    store, today = ctx.store, ctx.today()
    missions: dict[str, int] = {}
    people: dict[str, Owner] = {}
    seen: set[str] = set()
    fresh = uid_stream()
    placeholder = 0

    def mission_id(reference: str) -> int:
        key = reference.casefold()
        if key not in missions:
            missions[key] = store.mission(reference).id
        return missions[key]

    def owner(name: str, lead: bool = False) -> Owner:
        key = (name.casefold(), lead)
        if key not in people:
            person = find_person(store, name)
            people[key] = Owner(person.id, person.name, lead)
        return people[key]

    plain = _PlainLines(mission, missions, owner, today)
    for batch in _batches(records, LINES_AT_ONCE):
        present = store.existing_uids([r.get("uid") for _, r in batch
                                       if isinstance(r, dict) and isinstance(r.get("uid"), str)])
        references = [r.get("mission") or mission for _, r in batch if isinstance(r, dict)]  # any JSON value
        unknown = list({ref for ref in references if isinstance(ref, str) and ref.casefold() not in missions})
        for ref, found in store.mission_ids_by_reference(unknown).items():  # one query, not one per mission
            missions[ref.casefold()] = found
        for number, record_ in batch:
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
                # Missions and owners come from lookups by reference and name: they exist.
                values = plain.values(record_) or _json_values(record_, mission, mission_id, owner, today)
            except (MissionError, TypeError, ValueError, AttributeError, OverflowError) as exc:
                plan.errors.append(f"line {number}: {exc}")
                continue
            if uid:
                seen.add(uid)
            if plan.creates.full:  # a million lines keep a screenful: count the rest
                plan.creates.count += 1
            else:
                plan.creates.append((values["due"].date.isoformat() if values["due"] else "—", values["title"]))
            if not plan.errors:
                placeholder -= 1
                yield Change("deliverable", placeholder, {}, values, uid=uid or next(fresh))


def _numbered_lines(source: BinaryIO) -> Iterator[tuple[int, Any]]:
    """(line number, parsed object or the error it raised) for each non-blank line, read one at a time."""
    offset = 0
    for number in range(1, 1 << 62):
        line = source.readline(MAX_LINE + 1)
        if not line:
            return
        if len(line) > MAX_LINE and not line.endswith(b"\n"):
            raise InvalidInput.of("error.json_line_too_long", line=number, limit=MAX_LINE // 1_048_576)
        try:
            text = line.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidInput.of("error.not_utf8", offset=offset + exc.start) from None
        offset += len(line)
        if text.strip():
            yield number, _parsed(text)


def _parsed(line: str):
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        return InvalidInput.of("error.bad_json_line", reason=exc.msg)
    except RecursionError:
        return InvalidInput.of("error.json_too_deep")


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
    return [(number, _parsed(line)) for number, line in enumerate(text.splitlines(), start=1) if line.strip()]


def _owners(names: list[str], lead: str | None, owner) -> tuple[Owner, ...]:
    """The owners named, the lead marked (the one named, else the first): the form the rules keep."""
    lead_id = owner(lead).person_id if lead else owner(names[0]).person_id if names else None
    return owners_with_lead([owner(n, owner(n).person_id == lead_id) for n in names], lead_id)


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
    """The full checks of one JSON record: every field read as a person may write it, then the rules."""
    reference = record.get("mission") or default_mission
    if not isinstance(reference, str) or not reference.strip():
        raise InvalidInput.of("error.json_which_mission")
    due = _json_due(record.get("due"), record.get("precision"), record.get("phrase"), today)
    names, lead = _json_owner_names(record.get("owners"), record.get("lead"))
    completed = record.get("completed_on")
    if completed is not None and not isinstance(completed, str):
        raise InvalidInput.of("error.json_date", field="completed_on")
    return deliverable_values({
        "mission_id": mission_id(reference), "title": _text(record, "title"),
        "kind": _member(_KINDS, record.get("kind") or "other", "kind", read_kind), "due": due,
        "status": _member(_STATUSES, record.get("status") or "planned", "status", read_status),
        "notes": _text(record, "notes"),
        "owners": _owners(names, lead, owner),
        "depends_on": (), "completed_on": date.fromisoformat(completed) if completed else None,
        "recurrence": _text(record, "recurrence")}, None, today)


def _json_due(due_text, precision, phrase, today: date) -> Due | None:
    """A record's deadline from its "due", "precision" and "phrase" (any JSON values)."""
    if due_text is None:
        return None
    if not isinstance(due_text, str):
        raise InvalidInput.of("error.json_due")
    due = parse_due(due_text, today) if due_text.strip() else None
    if due is None:
        return None
    if phrase is None:
        phrase = due.phrase
    elif not isinstance(phrase, str):
        raise InvalidInput.of("error.json_field_text", field="phrase")
    precision = _member(_PRECISIONS, precision, "precision") if precision else due.precision
    if phrase != due.phrase or precision is not due.precision:
        due = Due(due.date, precision, phrase)
    return due


def _json_owner_names(owners, lead) -> tuple[list[str], str | None]:
    """The names in a record's "owners" and the lead's (any JSON values): "lead", else the first marked."""
    owners = owners or []
    if not isinstance(owners, list):
        raise InvalidInput.of("error.json_owners")
    names, marked = [], None
    for o in owners:
        name = o.get("name") if isinstance(o, dict) else o
        if not isinstance(name, str) or not name.strip():
            raise InvalidInput.of("error.json_owners")
        names.append(name)
        if marked is None and isinstance(o, dict) and o.get("lead"):
            marked = name
    lead = lead or marked
    if lead is not None and not isinstance(lead, str):
        raise InvalidInput.of("error.json_owners")
    return names, lead


_NOT_PLAIN = object()  # this line, deadline or owner list takes the full checks
_UNSEEN = object()
_REMEMBERED = 10_000  # distinct deadlines kept; past that, forgotten (memory stays flat)


class _PlainLines:
    """The fast path of a bulk load, for lines as a machine writes them (`list --json`, a script):
    a mission already looked up, text already trimmed, kind and status as stored, no recurrence, a
    completion date given exactly when done, owners with one ticked lead. Such a line's values are
    built here, where the rules would change nothing, without the full checks' calls per field
    (about 10 µs a line against 3: most of a load's checking). Its deadline still comes from the
    full checks, once per distinct value (a load has thousands, not a million); its owners from the
    same lookups by name. Any other line gets None and takes the full checks, which also word its
    error: for the lines taken here, the values are those the full checks give (the tests compare)."""

    def __init__(self, default_mission: str | None, missions: dict[str, int], owner, today: date):
        self.default_mission, self.missions, self.owner, self.today = default_mission, missions, owner, today
        self.dues: dict[tuple, Any] = {}

    def values(self, record: dict) -> dict | None:
        get = record.get
        reference = get("mission") or self.default_mission
        mission_id = self.missions.get(reference.casefold()) if type(reference) is str else None
        title, notes = get("title"), get("notes")
        if notes is None:
            notes = ""
        kind, status = get("kind") or "other", get("status") or "planned"
        kind = _KINDS.get(kind) if type(kind) is str else None
        status = _STATUSES.get(status) if type(status) is str else None
        recurrence, completed = get("recurrence"), get("completed_on")
        if (mission_id is None or type(title) is not str or not title or not is_clean(title)
                or type(notes) is not str or not is_clean(notes) or kind is None or status is None
                or recurrence not in (None, "")):
            return None
        if status is Status.DONE:
            if type(completed) is not str or not completed:  # none given: the rules say today
                return None
            try:
                completed = date.fromisoformat(completed)
            except ValueError:
                return None
            if not supported_year(completed.year):  # the full checks refuse it, and say so
                return None
        elif completed is not None:  # the rules refuse it: let the full checks say so
            return None
        due = self._due(get("due"), get("precision"), get("phrase"))
        owners = self._owner_list(get("owners"), get("lead"))
        if due is _NOT_PLAIN or owners is _NOT_PLAIN:
            return None
        # The keys in the order deliverable_values gives them (its defaults first).
        return {"kind": kind, "due": due, "recurrence": "", "status": status, "completed_on": completed,
                "owners": owners, "depends_on": (), "notes": notes, "deleted": False, "mission_id": mission_id,
                "title": title}

    def _due(self, due_text, precision, phrase):
        if due_text is None:
            return None
        if type(due_text) is not str or not _str_or_none(precision) or not _str_or_none(phrase):
            return _NOT_PLAIN  # only text is remembered (1 and True are the same key in a dict)
        key = (due_text, precision, phrase)
        found = self.dues.get(key, _UNSEEN)
        if found is _UNSEEN:
            try:
                found = _json_due(due_text, precision, phrase, self.today)
                if found is not None and (not is_clean(found.phrase) or not supported_year(found.date.year)):
                    found = _NOT_PLAIN
            except (MissionError, TypeError, ValueError, AttributeError, OverflowError):
                found = _NOT_PLAIN
            _remember(self.dues, key, found)
        return found

    def _owner_list(self, owners, lead):
        """Owners named by distinct people, exactly one marked lead ("lead", if given, names that one):
        the full checks would keep each as named, so the lookups' owners are the answer."""
        if not owners:
            return () if lead is None else _NOT_PLAIN
        if type(owners) is not list:
            return _NOT_PLAIN
        found, marked = [], None
        try:
            for o in owners:
                name = o.get("name") if type(o) is dict else None
                if type(name) is not str or not name.strip():
                    return _NOT_PLAIN
                is_lead = bool(o.get("lead"))
                if is_lead:
                    if marked is not None:
                        return _NOT_PLAIN
                    marked = name
                found.append(self.owner(name, is_lead))
        except MissionError:  # nobody, or several people, by that name: the full checks say which
            return _NOT_PLAIN
        if marked is None or (lead is not None and lead != marked):
            return _NOT_PLAIN
        if len(found) > 1 and len({o.person_id for o in found}) < len(found):
            return _NOT_PLAIN  # two names for one person
        return tuple(found)


def _str_or_none(value) -> bool:
    return value is None or type(value) is str


def _remember(table: dict, key, value) -> None:  # a cache of bounded size
    if len(table) >= _REMEMBERED:
        table.clear()
    table[key] = value
