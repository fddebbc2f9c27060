"""Reading deliverables: lists in any order and filter, one by id or UID, the dependency graph."""

from __future__ import annotations

import json

from missiontui.core.errors import InvalidInput, NotFound
from missiontui.core.model import Deliverable, DeliverableFilter
from missiontui.store import rows

OPEN = ("planned", "in-progress", "blocked")
ORDERS = {  # deliverables without a date come last in every order: they are "to schedule"
    "due": "d.due {dir} NULLS LAST, d.id {dir}",
    "title": "d.title COLLATE NOCASE {dir}, d.id {dir}",
    "kind": "d.kind {dir}, d.due NULLS LAST, d.id",
    "status": "d.status {dir}, d.due NULLS LAST, d.id",
    "mission": "m.reference COLLATE NOCASE {dir}, d.due NULLS LAST, d.id",
    "owner": "(SELECT p.name FROM owner o JOIN person p ON p.id = o.person_id"
             " WHERE o.deliverable_id = d.id AND o.lead) COLLATE NOCASE {dir}, d.due NULLS LAST, d.id",
    "id": "d.id {dir}",
}


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

    def deliverables_by_uids(self, uids: list[str]) -> dict[str, Deliverable]:
        """Those of `uids` that exist, deleted or not: one query, however many UIDs."""
        if not uids:
            return {}
        found = self._rows(rows.DELIVERABLE_SELECT + " WHERE d.uid IN (SELECT value FROM json_each(?))",
                           (json.dumps(uids),))
        return {row["uid"]: rows.deliverable(row) for row in found}

    def existing_uids(self, uids: list[str]) -> set[str]:
        """Which of `uids` are taken (deleted deliverables included): one query on the UID index."""
        if not uids:
            return set()
        with self._lock:
            return {r[0] for r in self.conn.execute(
                "SELECT uid FROM deliverable WHERE uid IN (SELECT value FROM json_each(?))", (json.dumps(uids),))}

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


def _tables(flt: DeliverableFilter, order: str = "") -> str:
    """The mission table joins in only when the order needs it: joined for a filter, SQLite walked
    every deliverable in due order looking each one's mission up (~1 s at 100k) rather than sort a
    mission's few rows."""
    if order == "mission":
        return "deliverable d JOIN mission m ON m.id = d.mission_id"
    return "deliverable d"


def _order(order: str, descending: bool) -> str:
    if order not in ORDERS:
        raise InvalidInput.of("error.unknown_sort", order=order, choices=", ".join(ORDERS))
    return ORDERS[order].format(dir="DESC" if descending else "ASC")


def _where(flt: DeliverableFilter) -> tuple[str, list]:
    clauses, params = [], []
    if not flt.include_deleted:
        clauses.append("d.deleted_at IS NULL")
    if flt.mission:  # the mission's ids first, then its rows through the deliverable_mission index
        clauses.append("d.mission_id IN (SELECT id FROM mission WHERE reference = ? COLLATE NOCASE)")
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
    if flt.dated is not None:
        clauses.append("d.due IS NOT NULL" if flt.dated else "d.due IS NULL")
    query = fts_query(flt.text or "")
    if query:
        clauses.append("d.id IN (SELECT rowid FROM deliverable_fts WHERE deliverable_fts MATCH ?)")
        params.append(query)
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params
