"""Reads the agenda and the month calendar need: ids with their due dates."""

from __future__ import annotations

from datetime import date

from missiontui.core.model import DeliverableFilter
from missiontui.store.deliverables import _tables, _where


class AgendaMixin:
    def due_dates(self, flt: DeliverableFilter = DeliverableFilter()) -> list[tuple[int, date]]:
        """(id, due) of the dated deliverables a filter selects, soonest first: what a range of days
        holds, grouped by day by the caller. Ids and dates only: cheap at 100,000 rows."""
        where, params = _where(flt)
        where = (where + " AND " if where else "WHERE ") + "d.due IS NOT NULL"
        with self._lock:
            return [(row[0], date.fromisoformat(row[1])) for row in self.conn.execute(
                f"SELECT d.id, d.due FROM {_tables(flt)} {where} ORDER BY d.due, d.id", params)]
