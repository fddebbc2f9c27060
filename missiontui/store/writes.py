"""Writing a change set: its rows and its history in one transaction, or nothing.

The store decides nothing here: the use cases and core have already checked the rules, merged and
normalised every value. This file only turns typed values into columns, swaps placeholder ids for
real ones, and refuses a change whose entity moved on since it was read (optimistic concurrency).
"""

from __future__ import annotations

import json
import sqlite3
from bisect import bisect_right, insort
from itertools import chain
from typing import TYPE_CHECKING

from collections.abc import Iterable, Iterator

from missiontui.core.errors import Conflict, RuleViolation
from missiontui.core.frozen import Frozen, _set
from missiontui.core.ids import secret_digest
from missiontui.core.model import Kind, Precision, Status

if TYPE_CHECKING:
    from missiontui.core.changes import Change, ChangeSet

# core.changes is imported by the functions that write (a command that only reads never needs it).

_TEXT = {member: member.value for enum in (Kind, Precision, Status) for member in enum}  # .value is slow

TABLES = {"deliverable": "deliverable", "mission": "mission", "person": "person", "feed_token": "feed_token"}
BULK = 500  # from this many new deliverables on, they are written a chunk at a time
CHUNK = 20_000  # new deliverables written together: memory stays that of a chunk, whatever the load
ROWS_PER_INSERT = 50  # new deliverables per INSERT statement (see _insert_rows)


class Placeholders:
    """Placeholder id -> the id the store gave. A bulk load's run is kept as a range (its placeholders
    and its ids both consecutive), not as a million dictionary entries."""

    def __init__(self):
        self.single: dict[int, int] = {}
        self.runs: list[tuple[int, int, int]] = []  # (-first placeholder, count, first id), in placeholder order

    def __setitem__(self, placeholder: int, real: int) -> None:
        self.single[placeholder] = real

    def add_run(self, first: int, count: int, first_id: int) -> None:
        """Placeholders first, first - 1, … (count of them) became first_id, first_id + 1, …"""
        insort(self.runs, (-first, count, first_id))

    def get(self, placeholder: int, default=None):
        found = self.single.get(placeholder)
        if found is not None:
            return found
        at = bisect_right(self.runs, (-placeholder, float("inf"))) - 1
        if at >= 0:
            start, count, first_id = self.runs[at]
            if -placeholder < start + count:
                return first_id + (-placeholder - start)
        return default

    def __getitem__(self, placeholder: int) -> int:
        found = self.get(placeholder)
        if found is None:
            raise KeyError(placeholder)
        return found

    def __contains__(self, placeholder: int) -> bool:
        return self.get(placeholder) is not None

    def __len__(self) -> int:
        return len(self.single) + sum(count for _, count, _ in self.runs)

    def created(self, count: int) -> list[int]:
        """The ids given to placeholders -1, -2, … -count (a change set that creates before all else)."""
        return [self[-n] for n in range(1, count + 1)]


class Applied(Frozen):
    __slots__ = ("change_id", "ids")
    change_id: int
    ids: Placeholders  # placeholder -> the id the store gave

    def __init__(self, change_id: int, ids: Placeholders):
        _set(self, "change_id", change_id)
        _set(self, "ids", ids)

    def id_of(self, entity_id: int) -> int:
        return self.ids.get(entity_id, entity_id)


class WritesMixin:
    def apply(self, changes: ChangeSet, *, actor: str, at: str) -> Applied:
        """Write every change of the set and its history, all or nothing. `changes.changes` may be an
        iterator (a bulk load): it is read once, a chunk at a time, and may raise to undo everything."""
        with self._write():
            change_id = self.conn.execute(
                "INSERT INTO change(at, actor, reason, source, kind, target) VALUES (?, ?, ?, ?, ?, ?)",
                (at, actor, changes.reason, changes.source, changes.kind, changes.target)).lastrowid
            ids = Placeholders()
            created, existing, set_aside = 0, None, []
            for batch in _batches(changes.changes):
                try:
                    if len(batch) >= BULK:
                        if existing is None:
                            existing = self.conn.execute("SELECT count(*) FROM deliverable").fetchone()[0]
                        if not set_aside and created >= CHUNK and 4 * created >= existing:
                            set_aside = self._set_indexes_aside()
                        self._create_deliverables(batch, ids, change_id, at)
                        created += len(batch)
                        continue
                    for change in batch:
                        if change.before:
                            self._update(change, ids, change_id, at)
                        else:
                            self._create(change, ids, change_id, at)
                except sqlite3.IntegrityError as exc:
                    raise RuleViolation.of("error.integrity", reason=str(exc)) from None
            for sql in set_aside:  # rebuilt by sorting once, before COMMIT
                self.conn.execute(sql)
        return Applied(change_id, ids)

    def _set_indexes_aside(self) -> list[str]:
        """A load that outgrows a quarter of the table: drop the plain indexes of the tables it fills
        until it ends (inserting a row in each costs more than building them once at the end: about
        6 of 18 µs a deliverable at 1,000,000). Unique indexes stay: they check as rows come. Returns
        the statements that put them back; a rollback puts them back by itself."""
        found = self.conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('deliverable', 'owner')"
            " AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'").fetchall()
        for name, _ in found:
            self.conn.execute(f'DROP INDEX "{name}"')
        return [sql for _, sql in found]

    # --- creates -------------------------------------------------------------------------------

    def _create(self, change: Change, ids: Placeholders, change_id: int, at: str) -> None:
        entity = change.entity
        values = _columns(entity, _resolved(change.after, ids), at)
        if entity == "deliverable":
            values |= {"uid": change.uid, "created_at": at, "updated_at": at}
        elif entity == "mission":
            values |= {"created_at": at, "updated_at": at}
        elif entity == "person":
            values |= {"created_at": at}
        elif entity == "feed_token":
            values |= {"token": secret_digest(change.secret), "created_at": at}  # never the secret itself
        names = ", ".join(values)
        new_id = self.conn.execute(f"INSERT INTO {TABLES[entity]}({names}) VALUES ({', '.join('?' * len(values))})",
                                   list(values.values())).lastrowid
        ids[change.entity_id] = new_id
        from missiontui.core.changes import encode_state

        after = _resolved(change.after, ids)
        if entity == "deliverable":
            self._set_links(new_id, after)
        self._history(change_id, entity, new_id, "create", "", None, encode_state(entity, _label(entity, after)), 1)

    def _create_deliverables(self, run: list[Change], ids: Placeholders, change_id: int, at: str) -> None:
        """Many new deliverables with a few statements: one executemany per table, and the search
        index and the history (each create: its title) filled by SQLite from the rows just written."""
        start = self.conn.execute("SELECT coalesce(max(id), 0) + 1 FROM deliverable").fetchone()[0]
        # No AUTOINCREMENT and the write lock held: the new ids are start, start + 1, …
        first = run[0].entity_id
        if all(change.entity_id == first - n for n, change in enumerate(run)):
            ids.add_run(first, len(run), start)
        else:
            for n, change in enumerate(run):
                ids[change.entity_id] = start + n
        rows, owners, dependencies = [], [], []
        for new_id, change in enumerate(run, start):
            state = change.after
            if _placeholders_in(state):
                state = _resolved(state, ids)
            due, completed = state["due"], state.get("completed_on")
            rows.append((new_id, change.uid, state["mission_id"], state["title"], _TEXT[state["kind"]],
                         due.date.isoformat() if due else None, _TEXT[due.precision] if due else None,
                         due.phrase if due else "", state.get("recurrence", ""), _TEXT[state["status"]],
                         state.get("notes", ""),
                         completed.isoformat() if completed else None, at, at))
            owners += [(new_id, o.person_id, 1 if o.lead else 0) for o in state.get("owners", ())]
            dependencies += [(new_id, dep) for dep in state.get("depends_on", ())]
        # The search index is filled in one statement instead of a trigger per row (3 s of 6 s at
        # 100k); the trigger is put back, from its own stored SQL, in the same transaction.
        trigger = self.conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'deliverable_fts_insert'").fetchone()[0]
        self.conn.execute("DROP TRIGGER deliverable_fts_insert")
        _insert_rows(self.conn, "INSERT INTO deliverable(id, uid, mission_id, title, kind, due, precision, phrase,"
                     " recurrence, status, notes, completed_on, created_at, updated_at) VALUES ", 14, rows)
        end = start + len(rows)
        self.conn.execute("INSERT INTO deliverable_fts(rowid, title, notes) SELECT id, title, notes"
                          " FROM deliverable WHERE id >= ? AND id < ?", (start, end))
        self.conn.execute(trigger)
        self.conn.executemany("INSERT INTO owner(deliverable_id, person_id, lead) VALUES (?, ?, ?)", owners)
        self.conn.executemany("INSERT INTO dependency(deliverable_id, depends_on_id) VALUES (?, ?)", dependencies)
        # A create's history row holds its title (core.changes.encode_state of the label): SQLite's
        # json_object writes the same text as json.dumps(..., ensure_ascii=False, separators=(",", ":")).
        self.conn.execute(
            "INSERT INTO history(change_id, entity, entity_id, action, field, old, new, version)"
            " SELECT ?, 'deliverable', id, 'create', '', NULL, json_object('title', title), 1"
            " FROM deliverable WHERE id >= ? AND id < ?", (change_id, start, end))

    # --- updates -------------------------------------------------------------------------------

    def _update(self, change: Change, ids: Placeholders, change_id: int, at: str) -> None:
        entity, entity_id = change.entity, ids.get(change.entity_id, change.entity_id)
        after = _resolved(change.after, ids)
        values = _columns(entity, after, at)
        extra = []
        if entity in ("deliverable", "mission"):
            values["updated_at"] = at
        if entity == "deliverable" and change.bumps_sequence:
            extra.append("sequence = sequence + 1")
        versioned = entity != "feed_token"
        if versioned:
            extra.append("version = version + 1")
        assignments = ", ".join([*(f"{column} = ?" for column in values), *extra])
        where, params = "id = ?", [*values.values(), entity_id]
        if versioned:
            where += " AND version = ?"
            params.append(change.version)
        cursor = self.conn.execute(f"UPDATE {TABLES[entity]} SET {assignments} WHERE {where}", params)
        if cursor.rowcount != 1:
            raise Conflict.of("error.changed_meanwhile", entity=entity, id=entity_id)
        if entity == "deliverable":
            self._set_links(entity_id, after)
        version = (change.version or 0) + 1 if versioned else 0
        from missiontui.core.changes import encode

        for name in change.fields:
            self._history(change_id, entity, entity_id, change.action, name, encode(name, change.before.get(name)),
                          encode(name, after[name]), version)

    # --- shared --------------------------------------------------------------------------------

    def _set_links(self, deliverable_id: int, state: dict) -> None:
        if "owners" in state:
            self.conn.execute("DELETE FROM owner WHERE deliverable_id = ?", (deliverable_id,))
            self.conn.executemany("INSERT INTO owner(deliverable_id, person_id, lead) VALUES (?, ?, ?)",
                                  [(deliverable_id, o.person_id, int(o.lead)) for o in state["owners"]])
        if "depends_on" in state:
            self.conn.execute("DELETE FROM dependency WHERE deliverable_id = ?", (deliverable_id,))
            self.conn.executemany("INSERT INTO dependency(deliverable_id, depends_on_id) VALUES (?, ?)",
                                  [(deliverable_id, dep) for dep in state["depends_on"]])

    def _history(self, change_id: int, entity: str, entity_id: int, action: str, field: str, old, new,
                 version: int) -> None:
        self.conn.execute("INSERT INTO history(change_id, entity, entity_id, action, field, old, new, version)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (change_id, entity, entity_id, action, field, old, new,
                                                               version))


def _insert_rows(conn: sqlite3.Connection, head: str, width: int, rows: list[tuple]) -> None:
    """`rows` written ROWS_PER_INSERT to a statement (`head` ends with VALUES). Run once per row, the
    deliverable table's CHECK (kind IN (...)) lists cost SQLite more than the row itself: at 100k
    rows, 0.85 s one row a statement, 0.49 s fifty."""
    one = "(" + ", ".join("?" * width) + ")"
    whole = len(rows) - len(rows) % ROWS_PER_INSERT
    if whole:
        conn.executemany(head + ", ".join([one] * ROWS_PER_INSERT),
                         (list(chain.from_iterable(rows[at:at + ROWS_PER_INSERT]))
                          for at in range(0, whole, ROWS_PER_INSERT)))
    if whole < len(rows):
        conn.execute(head + ", ".join([one] * (len(rows) - whole)), list(chain.from_iterable(rows[whole:])))


def _label(entity: str, state: dict) -> dict:
    """What a create's history row keeps: the row itself holds the rest (see core/changes.py)."""
    from missiontui.core.changes import LABEL

    return {LABEL[entity]: state[LABEL[entity]]}


def _batches(changes: Iterable[Change]) -> Iterator[list[Change]]:
    """Runs of new deliverables, CHUNK at most, each other change alone: in order, read as they come."""
    run: list[Change] = []
    for change in changes:
        if change.entity == "deliverable" and not change.before:
            run.append(change)
            if len(run) == CHUNK:
                yield run
                run = []
            continue
        if run:
            yield run
            run = []
        yield [change]
    if run:
        yield run


def _placeholders_in(state) -> bool:
    """Whether a new deliverable names an entity created earlier in its own change set."""
    return (state["mission_id"] < 0 or any(o.person_id < 0 for o in state.get("owners", ()))
            or any(dep < 0 for dep in state.get("depends_on", ())))


def _resolved(state, ids: Placeholders) -> dict:
    """Placeholder ids (negative) of entities created earlier in the same change set, made real."""
    out = dict(state)
    for name in ("mission_id", "lead_id", "person_id"):
        if isinstance(out.get(name), int) and out[name] < 0:
            out[name] = ids[out[name]]
    if "depends_on" in out:
        out["depends_on"] = tuple(ids.get(d, d) for d in out["depends_on"])
    if "owners" in out:
        out["owners"] = tuple(type(o)(ids.get(o.person_id, o.person_id), o.name, o.lead) for o in out["owners"])
    return out


def _columns(entity: str, state: dict, at: str) -> dict:
    """Typed values as the columns that hold them."""
    from missiontui.core.changes import FIELDS

    columns = {}
    for name in FIELDS[entity]:
        if name not in state or name in ("owners", "depends_on"):
            continue
        value = state[name]
        if name == "due":
            columns |= {"due": value.date.isoformat(), "precision": value.precision.value, "phrase": value.phrase} \
                if value else {"due": None, "precision": None, "phrase": ""}
        elif name == "deleted":
            columns["deleted_at"] = at if value else None
        elif name == "revoked":
            columns["revoked_at"] = at if value else None
        elif name == "addressees":
            columns["addressees"] = json.dumps(list(value), ensure_ascii=False)
        elif hasattr(value, "value"):  # an enum
            columns[name] = value.value
        elif hasattr(value, "isoformat"):
            columns[name] = value.isoformat()
        else:
            columns[name] = value
    return columns
