"""Deliverables: every write checks the version it was read at, and records what changed and why."""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterable
from datetime import date

from missiontui.core.errors import Conflict, InvalidInput, NotFound, RuleViolation
from missiontui.core.model import Deliverable, DeliverableFilter, Due, Kind, Status
from missiontui.core.rules import check_no_cycle, clean_text, completion
from missiontui.store import rows

OPEN = ("planned", "in-progress", "blocked")
ORDERS = {
    "due": "d.due {dir}, d.id {dir}",
    "title": "d.title COLLATE NOCASE {dir}, d.id {dir}",
    "kind": "d.kind {dir}, d.due, d.id",
    "status": "d.status {dir}, d.due, d.id",
    "mission": "m.reference COLLATE NOCASE {dir}, d.due, d.id",
    "owner": "(SELECT p.name FROM owner o JOIN person p ON p.id = o.person_id"
             " WHERE o.deliverable_id = d.id AND o.lead) COLLATE NOCASE {dir}, d.due, d.id",
    "id": "d.id {dir}",
}


def new_uids(count: int) -> list[str]:
    """Unique ids for calendars (RFC 5545 UID): time-ordered so the unique index grows at its end,
    with 64 random bits so two colleagues' machines never collide."""
    stamp, salt = time.time_ns() // 1000, secrets.token_hex(8)
    return [f"{stamp:x}-{n:x}-{salt}@missiontui" for n in range(count)]


def fts_query(text: str) -> str:
    """User text as an FTS5 query that means only itself: every word quoted, matched as a prefix."""
    return " ".join('"' + word.replace('"', '""') + '"*' for word in text.split())


class DeliverablesMixin:
    # --- reading ------------------------------------------------------------------------------

    def deliverable(self, deliverable_id: int, *, include_deleted: bool = False) -> Deliverable:
        row = self._one(rows.DELIVERABLE_SELECT + " WHERE d.id = ?", (deliverable_id,))
        if row is None or (row["deleted_at"] and not include_deleted):
            raise NotFound.of("error.no_deliverable", id=deliverable_id)
        return rows.deliverable(row)

    def deliverable_by_uid(self, uid: str) -> Deliverable | None:
        row = self._one(rows.DELIVERABLE_SELECT + " WHERE d.uid = ?", (uid,))
        return rows.deliverable(row) if row else None

    def deliverable_ids(self, flt: DeliverableFilter = DeliverableFilter(), order: str = "due",
                        descending: bool = False) -> list[int]:
        """Ids in display order: cheap even at 100,000 rows, so views fetch only what they show."""
        where, params = _where(flt)
        sql = (f"SELECT d.id FROM {_tables(flt, order)} {where}"
               f" ORDER BY {_order(order, descending)}")
        with self._lock:
            return [r[0] for r in self.conn.execute(sql, params)]

    def deliverables_by_ids(self, ids: list[int]) -> list[Deliverable]:
        found: dict[int, Deliverable] = {}
        for start in range(0, len(ids), 500):  # SQLite limits the number of parameters
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self._rows(rows.DELIVERABLE_SELECT + f" WHERE d.id IN ({marks})", chunk):
                found[row["id"]] = rows.deliverable(row)
        return [found[i] for i in ids if i in found]

    def deliverables(self, flt: DeliverableFilter = DeliverableFilter(), order: str = "due",
                     descending: bool = False, limit: int | None = None) -> list[Deliverable]:
        where, params = _where(flt)
        sql = rows.DELIVERABLE_SELECT + f" {where} ORDER BY {_order(order, descending)}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [rows.deliverable(r) for r in self._rows(sql, params)]

    def fingerprint(self, flt: DeliverableFilter = DeliverableFilter()) -> tuple[int, str, int]:
        """(count, last change, sum of versions) of what a filter selects: changes with any write to it."""
        where, params = _where(flt)
        row = self._one(f"SELECT count(*) AS n, max(d.updated_at) AS last, total(d.version) AS versions"
                        f" FROM {_tables(flt)} {where}", params)
        return row["n"], row["last"] or "", int(row["versions"])

    def count_deliverables(self, flt: DeliverableFilter = DeliverableFilter()) -> int:
        where, params = _where(flt)
        return self._one(f"SELECT count(*) AS n FROM {_tables(flt)} {where}", params)["n"]

    def dependency_edges(self) -> dict[int, set[int]]:
        edges: dict[int, set[int]] = {}
        for row in self._rows("SELECT deliverable_id, depends_on_id FROM dependency"):
            edges.setdefault(row["deliverable_id"], set()).add(row["depends_on_id"])
        return edges

    # --- writing ------------------------------------------------------------------------------

    def add_deliverable(self, mission_id: int, title: str, kind: Kind, due: Due, *,
                        status: Status = Status.PLANNED, notes: str = "",
                        owners: Iterable[tuple[int, bool]] = (), depends_on: Iterable[int] = (),
                        completed_on: date | None = None, uid: str | None = None,
                        today: date | None = None, reason: str = "") -> Deliverable:
        title = clean_text(title, "the title", required=True)
        notes = clean_text(notes, "the notes")
        owners, depends_on = list(owners), sorted(set(depends_on))
        completed_on = completion(status, completed_on, today or date.today())
        with self._write() as now:
            self._check_refs(mission_id, [pid for pid, _ in owners], depends_on)
            cursor = self.conn.execute(
                "INSERT INTO deliverable(uid, mission_id, title, kind, due, precision, phrase, status, notes,"
                " completed_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (uid or new_uids(1)[0], mission_id, title, kind.value, due.date.isoformat(),
                 due.precision.value, clean_text(due.phrase, "the due phrase"), status.value, notes,
                 completed_on.isoformat() if completed_on else None, now, now))
            new_id = cursor.lastrowid
            self._set_owners(new_id, owners)
            self._set_dependencies(new_id, depends_on)
            self._log(now, "deliverable", new_id, "create", "title", None, title, reason)
        return self.deliverable(new_id)

    def add_deliverables_bulk(self, items: list[dict], *, reason: str = "") -> list[int]:
        """Many new deliverables in one transaction with a few executemany calls (imports of 100k rows).
        Each item holds already validated values: mission_id, title, kind, due, status, notes,
        owners [(person_id, lead)], completed_on, uid; optionally depends_on, ids smaller than the
        item's own (existing deliverables or earlier items), so no cycle can form."""
        uids = new_uids(len(items))
        with self._write() as now:
            start = self._one("SELECT coalesce(max(id), 0) AS top FROM deliverable")["top"] + 1
            # No AUTOINCREMENT and the write lock held: the new ids are start, start + 1, ...
            # The search index is filled in one statement instead of a trigger per row (3 s of 6 s
            # at 100k); the trigger is put back, from its own stored SQL, in the same transaction.
            trigger = self._one("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'deliverable_fts_insert'")
            self.conn.execute("DROP TRIGGER deliverable_fts_insert")
            self.conn.executemany(
                "INSERT INTO deliverable(id, uid, mission_id, title, kind, due, precision, phrase, status, notes,"
                " completed_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(start + n, i.get("uid") or uids[n], i["mission_id"], i["title"], i["kind"].value,
                  i["due"].date.isoformat(), i["due"].precision.value, i["due"].phrase, i["status"].value, i["notes"],
                  i["completed_on"].isoformat() if i["completed_on"] else None, now, now)
                 for n, i in enumerate(items)])
            self.conn.execute("INSERT INTO deliverable_fts(rowid, title, notes) SELECT id, title, notes"
                              " FROM deliverable WHERE id >= ?", (start,))
            self.conn.execute(trigger["sql"])
            self.conn.executemany("INSERT INTO owner(deliverable_id, person_id, lead) VALUES (?, ?, ?)",
                                  [(start + n, pid, int(lead)) for n, i in enumerate(items) for pid, lead in i["owners"]])
            depends = [(start + n, dep) for n, i in enumerate(items) for dep in i.get("depends_on", ())]
            if any(dep >= own for own, dep in depends):
                raise RuleViolation("in a bulk load, a deliverable can only depend on one loaded before it")
            self.conn.executemany("INSERT INTO dependency(deliverable_id, depends_on_id) VALUES (?, ?)", depends)
            self.conn.executemany(
                "INSERT INTO history(at, actor, entity, entity_id, action, field, old, new, reason)"
                " VALUES (?, ?, 'deliverable', ?, 'create', 'title', NULL, ?, ?)",
                [(now, self.actor, start + n, i["title"], reason) for n, i in enumerate(items)])
        return list(range(start, start + len(items)))

    def update_deliverable(self, deliverable_id: int, expected_version: int, changes: dict,
                           *, reason: str = "", today: date | None = None) -> Deliverable:
        """Apply `changes` if nobody changed the deliverable since `expected_version`; else Conflict."""
        unknown = set(changes) - {"title", "kind", "due", "status", "notes", "owners", "depends_on",
                                  "completed_on", "mission_id"}
        if unknown:
            raise InvalidInput(f"cannot change {', '.join(sorted(unknown))}")
        with self._write() as now:
            current = self._current(deliverable_id, expected_version)
            new = self._changed_values(current, changes, today or date.today())
            if not new:
                return current
            self._check_refs(new.get("mission_id", current.mission_id),
                             [pid for pid, _ in new.get("owners", [])], new.get("depends_on", []))
            if "depends_on" in new:
                check_no_cycle(self.dependency_edges(), deliverable_id, new["depends_on"])
            self._apply(current, new, now, reason)
        return self.deliverable(deliverable_id)

    def delete_deliverable(self, deliverable_id: int, expected_version: int, *, reason: str = "") -> Deliverable:
        """A tombstone, not a DELETE: calendar feeds must still publish the cancellation."""
        with self._write() as now:
            current = self._current(deliverable_id, expected_version)
            self.conn.execute("UPDATE deliverable SET deleted_at = ?, updated_at = ?, version = version + 1,"
                              " sequence = sequence + 1 WHERE id = ?", (now, now, deliverable_id))
            self._log(now, "deliverable", deliverable_id, "delete", "", current.title, None, reason)
        return self.deliverable(deliverable_id, include_deleted=True)

    def restore_deliverable(self, deliverable_id: int, *, reason: str = "") -> Deliverable:
        with self._write() as now:
            row = self._one("SELECT deleted_at FROM deliverable WHERE id = ?", (deliverable_id,))
            if row is None or not row["deleted_at"]:
                raise NotFound.of("error.not_deleted", id=deliverable_id)
            self.conn.execute("UPDATE deliverable SET deleted_at = NULL, updated_at = ?, version = version + 1,"
                              " sequence = sequence + 1 WHERE id = ?", (now, deliverable_id))
            self._log(now, "deliverable", deliverable_id, "restore", "", None, None, reason)
        return self.deliverable(deliverable_id)

    # --- helpers ------------------------------------------------------------------------------

    def _current(self, deliverable_id: int, expected_version: int) -> Deliverable:
        current = self.deliverable(deliverable_id)
        if current.version != expected_version:
            raise Conflict(f"#{deliverable_id} '{current.title}' was changed by someone else since you read it "
                           f"(version {expected_version}, now {current.version}); nothing was saved", current)
        return current

    def _changed_values(self, current: Deliverable, changes: dict, today: date) -> dict:
        new: dict = {}
        if "title" in changes:
            new["title"] = clean_text(changes["title"], "the title", required=True)
        if "notes" in changes:
            new["notes"] = clean_text(changes["notes"], "the notes")
        if "kind" in changes:
            new["kind"] = Kind(changes["kind"])
        if "due" in changes:
            due: Due = changes["due"]
            new["due"] = Due(due.date, due.precision, clean_text(due.phrase, "the due phrase"))
        if "mission_id" in changes:
            new["mission_id"] = int(changes["mission_id"])
        if "owners" in changes:
            new["owners"] = sorted((int(pid), bool(lead)) for pid, lead in changes["owners"])
        if "depends_on" in changes:
            new["depends_on"] = sorted({int(x) for x in changes["depends_on"]})
        status = Status(changes.get("status", current.status))
        completed = changes.get("completed_on", current.completed_on if status is Status.DONE else None)
        if status is Status.DONE and current.status is not Status.DONE and "completed_on" not in changes:
            completed = today
        new["status"], new["completed_on"] = status, completion(status, completed, today)
        old = {"title": current.title, "notes": current.notes, "kind": current.kind, "due": current.due,
               "mission_id": current.mission_id, "status": current.status, "completed_on": current.completed_on,
               "owners": sorted((o.person_id, o.lead) for o in current.owners),
               "depends_on": sorted(current.depends_on)}
        return {k: v for k, v in new.items() if old[k] != v}

    def _apply(self, current: Deliverable, new: dict, now: str, reason: str) -> None:
        columns = {
            "title": lambda v: {"title": v}, "notes": lambda v: {"notes": v}, "kind": lambda v: {"kind": v.value},
            "status": lambda v: {"status": v.value}, "mission_id": lambda v: {"mission_id": v},
            "completed_on": lambda v: {"completed_on": v.isoformat() if v else None},
            "due": lambda v: {"due": v.date.isoformat(), "precision": v.precision.value, "phrase": v.phrase},
        }
        values: dict = {}
        for field, value in new.items():
            if field in columns:
                values.update(columns[field](value))
        date_moved = "due" in new and new["due"].date != current.due.date
        bump = 1 if {"title", "status"} & set(new) or date_moved else 0
        assignments = ", ".join(f"{col} = ?" for col in values)
        self.conn.execute(
            f"UPDATE deliverable SET {assignments}{', ' if assignments else ''}version = version + 1,"
            f" sequence = sequence + ?, updated_at = ? WHERE id = ?",
            (*values.values(), bump, now, current.id))
        if "owners" in new:
            self._set_owners(current.id, new["owners"])
        if "depends_on" in new:
            self._set_dependencies(current.id, new["depends_on"])
        for field, value in new.items():
            self._log(now, "deliverable", current.id, "update", field,
                      self._describe(field, _old_value(current, field)), self._describe(field, value), reason)

    def _describe(self, field: str, value) -> str | None:
        """History shows values as people read them."""
        if value is None:
            return None
        if field == "due":
            return value.date.isoformat() + (f" ({value.phrase})" if value.phrase else "")
        if field == "owners":
            names = {r["id"]: r["name"] for r in self._rows(
                f"SELECT id, name FROM person WHERE id IN ({','.join('?' * len(value))})", [p for p, _ in value])}
            ordered = sorted(value, key=lambda o: (not o[1], names.get(o[0], "").casefold()))
            return ", ".join(names.get(pid, f"#{pid}") + (" (lead)" if lead else "") for pid, lead in ordered)
        if field == "depends_on":
            return ", ".join(f"#{d}" for d in value)
        if field == "mission_id":
            return self.mission_by_id(value).reference
        return getattr(value, "value", None) or (value.isoformat() if isinstance(value, date) else str(value))

    def _check_refs(self, mission_id: int, person_ids: list[int], depends_on: list[int]) -> None:
        if not self._one("SELECT 1 FROM mission WHERE id = ?", (mission_id,)):
            raise NotFound.of("error.no_mission_id", id=mission_id)
        for pid in person_ids:
            if not self._one("SELECT 1 FROM person WHERE id = ?", (pid,)):
                raise RuleViolation.of("error.no_person_id", id=pid)
        for dep in depends_on:
            if not self._one("SELECT 1 FROM deliverable WHERE id = ? AND deleted_at IS NULL", (dep,)):
                raise NotFound.of("error.no_dependency", id=dep)

    def _set_owners(self, deliverable_id: int, owners: list[tuple[int, bool]]) -> None:
        if sum(1 for _, lead in owners if lead) > 1:
            raise RuleViolation.of("error.one_lead")
        self.conn.execute("DELETE FROM owner WHERE deliverable_id = ?", (deliverable_id,))
        self.conn.executemany("INSERT INTO owner(deliverable_id, person_id, lead) VALUES (?, ?, ?)",
                              [(deliverable_id, pid, int(lead)) for pid, lead in owners])

    def _set_dependencies(self, deliverable_id: int, depends_on: list[int]) -> None:
        self.conn.execute("DELETE FROM dependency WHERE deliverable_id = ?", (deliverable_id,))
        self.conn.executemany("INSERT INTO dependency(deliverable_id, depends_on_id) VALUES (?, ?)",
                              [(deliverable_id, dep) for dep in depends_on])


def _old_value(current: Deliverable, field: str):
    if field == "owners":
        return sorted((o.person_id, o.lead) for o in current.owners)
    if field == "depends_on":
        return sorted(current.depends_on)
    return getattr(current, field)


def _tables(flt: DeliverableFilter, order: str = "") -> str:
    """The mission table joins in only when a filter or the order needs it (it costs ~150 ms at 100k)."""
    if flt.mission or order == "mission":
        return "deliverable d JOIN mission m ON m.id = d.mission_id"
    return "deliverable d"


def _order(order: str, descending: bool) -> str:
    if order not in ORDERS:
        raise InvalidInput(f"cannot sort by '{order}' (choose from {', '.join(ORDERS)})")
    return ORDERS[order].format(dir="DESC" if descending else "ASC")


def _where(flt: DeliverableFilter) -> tuple[str, list]:
    clauses, params = [], []
    if not flt.include_deleted:
        clauses.append("d.deleted_at IS NULL")
    if flt.mission:
        clauses.append("m.reference = ? COLLATE NOCASE")
        params.append(flt.mission.strip())
    if flt.owner:
        clauses.append("EXISTS (SELECT 1 FROM owner o JOIN person p ON p.id = o.person_id"
                       " WHERE o.deliverable_id = d.id AND (p.name = ? COLLATE NOCASE OR"
                       " (p.email <> '' AND p.email = ? COLLATE NOCASE)))")
        params += [flt.owner.strip()] * 2
    if flt.statuses:
        clauses.append(f"d.status IN ({','.join('?' * len(flt.statuses))})")
        params += [s.value for s in flt.statuses]
    if flt.kinds:
        clauses.append(f"d.kind IN ({','.join('?' * len(flt.kinds))})")
        params += [k.value for k in flt.kinds]
    if flt.due_before:
        clauses.append("d.due <= ?")
        params.append(flt.due_before.isoformat())
    if flt.due_after:
        clauses.append("d.due >= ?")
        params.append(flt.due_after.isoformat())
    if flt.overdue_on:
        clauses.append(f"d.due < ? AND d.status IN {OPEN}")
        params.append(flt.overdue_on.isoformat())
    if flt.open_only:
        clauses.append(f"d.status IN {OPEN}")
    query = fts_query(flt.text or "")
    if query:
        clauses.append("d.id IN (SELECT rowid FROM deliverable_fts WHERE deliverable_fts MATCH ?)")
        params.append(query)
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params
