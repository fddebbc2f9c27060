"""Reading the history log (it is written by every write, in the same transaction)."""

from __future__ import annotations

from missiontui.core.model import HistoryEntry
from missiontui.store import rows


class HistoryMixin:
    def history(self, entity: str | None = None, entity_id: int | None = None,
                limit: int | None = None) -> list[HistoryEntry]:
        """Newest first."""
        clauses, params = [], []
        if entity:
            clauses.append("entity = ?")
            params.append(entity)
        if entity_id is not None:
            clauses.append("entity_id = ?")
            params.append(entity_id)
        sql = "SELECT * FROM history" + (" WHERE " + " AND ".join(clauses) if clauses else "") + " ORDER BY id DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [rows.history(r) for r in self._rows(sql, params)]
