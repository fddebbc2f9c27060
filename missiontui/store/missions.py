"""Reading missions: the letters, with their reference, signatory and addressees, and their progress."""

from __future__ import annotations

import json
from datetime import date

from missiontui.core.errors import NotFound
from missiontui.core.model import Mission, MissionSummary
from missiontui.store import rows

_SELECT = "SELECT m.*, p.name AS lead_name FROM mission m LEFT JOIN person p ON p.id = m.lead_id"


class MissionsMixin:
    def mission(self, reference: str) -> Mission:
        row = self._one(_SELECT + " WHERE m.reference = ? COLLATE NOCASE AND m.deleted_at IS NULL", (reference.strip(),))
        if row is None:
            raise NotFound.of("error.no_mission", reference=reference.strip())
        return rows.mission(row)

    def mission_by_id(self, mission_id: int) -> Mission:
        """Deleted or not: deliverables and the history keep pointing at it."""
        row = self._one(_SELECT + " WHERE m.id = ?", (mission_id,))
        if row is None:
            raise NotFound.of("error.no_mission_id", id=mission_id)
        return rows.mission(row)

    def missions(self) -> list[Mission]:
        return [rows.mission(r) for r in self._rows(_SELECT + " WHERE m.deleted_at IS NULL"
                                                    " ORDER BY m.signed_on DESC, m.reference")]

    def mission_ids_by_reference(self, references: list[str]) -> dict[str, int]:
        """The live mission each reference names (as SQLite compares them: case-insensitive), those
        that exist: one query for a bulk load's references, not one each."""
        if not references:
            return {}
        with self._lock:
            return {ref: mission_id for ref, mission_id in self.conn.execute(
                "SELECT value, (SELECT id FROM mission WHERE reference = value COLLATE NOCASE AND deleted_at IS NULL)"
                " FROM json_each(?)", (json.dumps(references),)) if mission_id is not None}

    def mission_ids(self) -> list[int]:
        """Missions in overview order (most recently signed first): cheap, for lazy views."""
        with self._lock:
            return [r[0] for r in self.conn.execute(
                "SELECT id FROM mission WHERE deleted_at IS NULL ORDER BY signed_on DESC, reference")]

    def mission_summaries(self, today: date, ids: list[int] | None = None) -> list[MissionSummary]:
        """Missions with done/total, overdue count and next open deadline (all, or the given ids)."""
        ids = self.mission_ids() if ids is None else ids
        found: dict[int, MissionSummary] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            stats = {s["mission_id"]: s for s in self._rows(
                f"""SELECT mission_id, count(*) AS total, sum(status = 'done') AS done,
                          sum(status IN ('planned','in-progress','blocked') AND due < ?) AS overdue,
                          min(CASE WHEN status IN ('planned','in-progress','blocked') AND due >= ? THEN due END) AS next_due
                   FROM deliverable WHERE deleted_at IS NULL AND mission_id IN ({marks}) GROUP BY mission_id""",
                (today.isoformat(), today.isoformat(), *chunk))}
            for row in self._rows(_SELECT + f" WHERE m.id IN ({marks})", chunk):
                m, s = rows.mission(row), stats.get(row["id"], {})
                next_due, next_title = s.get("next_due"), None
                if next_due:
                    found_title = self._one(
                        "SELECT title FROM deliverable WHERE mission_id = ? AND due = ? AND deleted_at IS NULL"
                        " AND status IN ('planned','in-progress','blocked') ORDER BY id LIMIT 1", (m.id, next_due))
                    next_title = found_title["title"] if found_title else None
                found[m.id] = MissionSummary(m, s.get("total", 0), s.get("done") or 0, s.get("overdue") or 0,
                                             date.fromisoformat(next_due) if next_due else None, next_title)
        return [found[i] for i in ids if i in found]
