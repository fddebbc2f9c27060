"""The iCalendar text of each deliverable version, kept so exports and feeds reuse it.

Only a cache: a read-only or busy database simply does not store it, and nothing depends on it
being there."""

from __future__ import annotations

from missiontui.core.errors import StorageBusy
from missiontui.core.model import DeliverableFilter
from missiontui.store.connection import BUSY_TIMEOUT_MS
from missiontui.store.deliverables import _tables, _where

PAGE = 1000


class CalendarCacheMixin:
    def calendar_page(self, flt: DeliverableFilter, variant: str, after: tuple[str, int] | None = None,
                      limit: int = PAGE) -> list[tuple]:
        """Up to `limit` rows after `after` (due, id), in due order: (id, due, status, deleted_at,
        updated_at, cached text or None). Pages, not a cursor, so writes can happen in between."""
        where, params = _where(flt)
        if after is not None:
            where = (where + " AND" if where else "WHERE") + " (d.due, d.id) > (?, ?)"
            params = [*params, *after]
        sql = (f"SELECT d.id, d.due, d.status, d.deleted_at, d.updated_at,"
               f" CASE WHEN c.version = d.version THEN c.body END"
               f" FROM {_tables(flt)}"
               f" LEFT JOIN ical_cache c ON c.deliverable_id = d.id AND c.variant = ?"
               f" {where} ORDER BY d.due, d.id LIMIT {int(limit)}")
        with self._lock:
            return self.conn.execute(sql, [variant, *params]).fetchall()

    def save_calendar_text(self, variant: str, entries: list[tuple[int, int, str]]) -> bool:
        """Store (deliverable_id, version, text); False when the database cannot take it now."""
        if not entries:
            return True
        with self._lock:
            # A cache never waits: with a colleague writing, skip it rather than stall the export.
            self.conn.execute("PRAGMA busy_timeout = 0")
            try:
                with self._write():
                    self.conn.executemany(
                        "INSERT OR REPLACE INTO ical_cache(deliverable_id, variant, version, body)"
                        " VALUES (?, ?, ?, ?)", [(i, variant, v, body) for i, v, body in entries])
            except StorageBusy:  # read-only file, or the write lock is taken
                return False
            finally:
                self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        return True
