"""Reading the history: every change set, and each entity's part of it as typed values."""

from __future__ import annotations

from itertools import groupby

from typing import TYPE_CHECKING

from missiontui.store import rows

if TYPE_CHECKING:
    from missiontui.core.changes import Recorded

_SELECT = """SELECT h.id, h.change_id, h.entity, h.entity_id, h.action, h.field, h.old, h.new, h.version,
                    c.at, c.actor, c.reason, c.source, c.kind, c.target
             FROM history h JOIN change c ON c.id = h.change_id"""


def _records(found: list[dict]) -> list[Recorded]:
    return [rows.recorded(list(group))
            for _, group in groupby(found, key=lambda r: (r["change_id"], r["entity"], r["entity_id"]))]


class HistoryMixin:
    def history(self, entity: str | None = None, entity_id: int | None = None, *, limit: int | None = None,
                oldest_first: bool = False) -> list[Recorded]:
        """Changes, newest first (or oldest first: to rebuild a state), of one entity or all."""
        clauses, params = [], []
        if entity:
            clauses.append("h.entity = ?")
            params.append(entity)
        if entity_id is not None:
            clauses.append("h.entity_id = ?")
            params.append(entity_id)
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        if limit is not None:  # the latest `limit` change sets, whole
            with self._lock:
                latest = [r[0] for r in self.conn.execute(
                    f"SELECT DISTINCT h.change_id FROM history h{where} ORDER BY h.change_id DESC LIMIT ?",
                    [*params, int(limit)])]
            if not latest:
                return []
            where += (" AND" if where else " WHERE") + f" h.change_id >= {min(latest)}"
        order = "ASC" if oldest_first else "DESC"
        found = self._rows(f"{_SELECT}{where} ORDER BY h.change_id {order}, h.entity, h.entity_id, h.id", params)
        return _records(found)

    def change(self, change_id: int) -> list[Recorded]:
        """Everything one change set did, in the order it was written."""
        return _records(self._rows(f"{_SELECT} WHERE h.change_id = ? ORDER BY h.id", (change_id,)))

    def actor_changes(self, actor: str, limit: int = 2000) -> list[tuple[int, str, int | None]]:
        """(id, kind, target) of the actor's latest change sets, oldest first: their undo and redo stacks."""
        with self._lock:
            found = self.conn.execute(
                "SELECT id, kind, target FROM change WHERE actor = ? ORDER BY id DESC LIMIT ?", (actor, limit)).fetchall()
        return list(reversed(found))

    def changed_since(self, entity: str, entity_id: int, change_id: int) -> list[Recorded]:
        """What happened to an entity after a given change set (why an undo is refused)."""
        return _records(self._rows(f"{_SELECT} WHERE h.entity = ? AND h.entity_id = ? AND h.change_id > ?"
                                   " ORDER BY h.change_id, h.id", (entity, entity_id, change_id)))
