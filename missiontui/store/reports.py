"""Reads the reports need: what the history says about the deliverables of one mission."""

from __future__ import annotations

from typing import TYPE_CHECKING

from missiontui.store.history import _SELECT, _records

if TYPE_CHECKING:
    from missiontui.core.changes import Recorded


class ReportsMixin:
    def mission_deliverable_history(self, mission_id: int, fields: tuple[str, ...]) -> list[Recorded]:
        """Changes of the given fields to the (not deleted) deliverables of a mission, oldest first.
        One query through the history_entity index, whatever the number of deliverables."""
        marks = ",".join("?" * len(fields))
        return _records(self._rows(
            f"""{_SELECT} JOIN deliverable d ON h.entity = 'deliverable' AND h.entity_id = d.id
                WHERE d.mission_id = ? AND d.deleted_at IS NULL AND h.field IN ({marks})
                ORDER BY h.change_id, h.entity, h.entity_id, h.id""", (mission_id, *fields)))
