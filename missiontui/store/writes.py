"""Writing a change set: its rows and its history in one transaction, or nothing.

The store decides nothing here: the use cases and core have already checked the rules, merged and
normalised every value. This file only turns typed values into columns, swaps placeholder ids for
real ones, and refuses a change whose entity moved on since it was read (optimistic concurrency).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from missiontui.core.changes import FIELDS, LABEL, Change, ChangeSet, encode, encode_state
from missiontui.core.errors import Conflict, RuleViolation

TABLES = {"deliverable": "deliverable", "mission": "mission", "person": "person", "feed_token": "feed_token"}
BULK = 500  # from this many new deliverables on, the search index is filled in one statement


@dataclass(frozen=True)
class Applied:
    change_id: int
    ids: dict[int, int]  # placeholder -> the id the store gave

    def id_of(self, entity_id: int) -> int:
        return self.ids.get(entity_id, entity_id)


class WritesMixin:
    def apply(self, changes: ChangeSet, *, actor: str, at: str) -> Applied:
        """Write every change of the set and its history, all or nothing."""
        with self._write():
            change_id = self.conn.execute(
                "INSERT INTO change(at, actor, reason, source, kind, target) VALUES (?, ?, ?, ?, ?, ?)",
                (at, actor, changes.reason, changes.source, changes.kind, changes.target)).lastrowid
            ids: dict[int, int] = {}
            pending = list(changes.changes)
            while pending:
                run = _creates_run(pending)
                if len(run) >= BULK:
                    self._create_deliverables(run, ids, change_id, at)
                    pending = pending[len(run):]
                    continue
                change = pending.pop(0)
                try:
                    if change.before:
                        self._update(change, ids, change_id, at)
                    else:
                        self._create(change, ids, change_id, at)
                except sqlite3.IntegrityError as exc:
                    raise RuleViolation.of("error.integrity", reason=str(exc)) from None
        return Applied(change_id, ids)

    # --- creates -------------------------------------------------------------------------------

    def _create(self, change: Change, ids: dict[int, int], change_id: int, at: str) -> None:
        entity = change.entity
        values = _columns(entity, _resolved(change.after, ids), at)
        if entity == "deliverable":
            values |= {"uid": change.uid, "created_at": at, "updated_at": at}
        elif entity == "mission":
            values |= {"created_at": at, "updated_at": at}
        elif entity == "person":
            values |= {"created_at": at}
        elif entity == "feed_token":
            values |= {"token": change.secret, "created_at": at}
        names = ", ".join(values)
        new_id = self.conn.execute(f"INSERT INTO {TABLES[entity]}({names}) VALUES ({', '.join('?' * len(values))})",
                                   list(values.values())).lastrowid
        ids[change.entity_id] = new_id
        after = _resolved(change.after, ids)
        if entity == "deliverable":
            self._set_links(new_id, after)
        self._history(change_id, entity, new_id, "create", "", None, encode_state(entity, _label(entity, after)), 1)

    def _create_deliverables(self, run: list[Change], ids: dict[int, int], change_id: int, at: str) -> None:
        """Many new deliverables with a few executemany calls (imports of 100,000 rows)."""
        start = self.conn.execute("SELECT coalesce(max(id), 0) + 1 FROM deliverable").fetchone()[0]
        # No AUTOINCREMENT and the write lock held: the new ids are start, start + 1, …
        for n, change in enumerate(run):
            ids[change.entity_id] = start + n
        states = [_resolved(change.after, ids) for change in run]
        rows = []
        for n, (change, state) in enumerate(zip(run, states)):
            values = _columns("deliverable", state, at)
            rows.append((start + n, change.uid, values["mission_id"], values["title"], values["kind"], values["due"],
                         values["precision"], values["phrase"], values.get("recurrence", ""), values["status"],
                         values["notes"], values["completed_on"], at, at))
        # The search index is filled in one statement instead of a trigger per row (3 s of 6 s at
        # 100k); the trigger is put back, from its own stored SQL, in the same transaction.
        trigger = self.conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'deliverable_fts_insert'").fetchone()[0]
        self.conn.execute("DROP TRIGGER deliverable_fts_insert")
        self.conn.executemany(
            "INSERT INTO deliverable(id, uid, mission_id, title, kind, due, precision, phrase, recurrence, status,"
            " notes, completed_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        self.conn.execute("INSERT INTO deliverable_fts(rowid, title, notes) SELECT id, title, notes"
                          " FROM deliverable WHERE id >= ?", (start,))
        self.conn.execute(trigger)
        self.conn.executemany("INSERT INTO owner(deliverable_id, person_id, lead) VALUES (?, ?, ?)",
                              [(start + n, o.person_id, int(o.lead)) for n, s in enumerate(states)
                               for o in s.get("owners", ())])
        self.conn.executemany("INSERT INTO dependency(deliverable_id, depends_on_id) VALUES (?, ?)",
                              [(start + n, dep) for n, s in enumerate(states) for dep in s.get("depends_on", ())])
        self.conn.executemany(
            "INSERT INTO history(change_id, entity, entity_id, action, field, old, new, version)"
            " VALUES (?, 'deliverable', ?, 'create', '', NULL, ?, 1)",
            [(change_id, start + n, encode_state("deliverable", _label("deliverable", s))) for n, s in enumerate(states)])

    # --- updates -------------------------------------------------------------------------------

    def _update(self, change: Change, ids: dict[int, int], change_id: int, at: str) -> None:
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


def _label(entity: str, state: dict) -> dict:
    """What a create's history row keeps: the row itself holds the rest (see core/changes.py)."""
    return {LABEL[entity]: state[LABEL[entity]]}


def _creates_run(pending: list[Change]) -> list[Change]:
    """The new deliverables at the head of `pending` (a bulk load is one long run of them)."""
    run = []
    for change in pending:
        if change.entity != "deliverable" or change.before:
            break
        run.append(change)
    return run


def _resolved(state, ids: dict[int, int]) -> dict:
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
