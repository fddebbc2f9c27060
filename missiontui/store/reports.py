"""Reads the reports need: what the history says about the deliverables of one mission."""

from __future__ import annotations

from missiontui.core.model import HistoryEntry
from missiontui.store import rows


class ReportsMixin:
    def mission_deliverable_history(self, mission_id: int, fields: tuple[str, ...]) -> list[HistoryEntry]:
        """History entries of the given fields for the (not deleted) deliverables of a mission, oldest first.
        One query through the history_entity index, whatever the number of deliverables."""
        marks = ",".join("?" * len(fields))
        return [rows.history(r) for r in self._rows(
            f"""SELECT h.* FROM deliverable d
                JOIN history h ON h.entity = 'deliverable' AND h.entity_id = d.id
                WHERE d.mission_id = ? AND d.deleted_at IS NULL AND h.field IN ({marks})
                ORDER BY h.id""", (mission_id, *fields))]
