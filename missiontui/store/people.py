"""Reading people: who owns deliverables, and how much each has on their plate."""

from __future__ import annotations

from missiontui.core.errors import NotFound
from missiontui.core.model import Person
from missiontui.store import rows


class PeopleMixin:
    def person(self, person_id: int) -> Person:
        row = self._one("SELECT * FROM person WHERE id = ?", (person_id,))
        if row is None:
            raise NotFound.of("error.no_person_id", id=person_id)
        return rows.person(row)

    def find_person(self, name_or_email: str) -> Person:
        """By name or email, case-insensitive: the way people type a colleague."""
        key = name_or_email.strip()
        row = (self._one("SELECT * FROM person WHERE name = ? COLLATE NOCASE AND deleted_at IS NULL", (key,))
               or self._one("SELECT * FROM person WHERE email <> '' AND email = ? COLLATE NOCASE"
                            " AND deleted_at IS NULL", (key,)))
        if row is None:
            raise NotFound.of("error.unknown_person", name=key)
        return rows.person(row)

    def people(self) -> list[Person]:
        return [rows.person(r) for r in self._rows(
            "SELECT * FROM person WHERE deleted_at IS NULL ORDER BY name COLLATE NOCASE")]

    def people_workload(self, today: str) -> list[dict]:
        """Each person with their open deliverables and next deadline (the People view)."""
        return self._rows(
            """SELECT p.id, p.name, p.role, p.organisation,
                      count(d.id) AS open, sum(d.due < ?) AS overdue, min(d.due) AS next_due
               FROM person p
               LEFT JOIN owner o ON o.person_id = p.id
               LEFT JOIN deliverable d ON d.id = o.deliverable_id AND d.deleted_at IS NULL
                    AND d.status IN ('planned', 'in-progress', 'blocked')
               WHERE p.deleted_at IS NULL
               GROUP BY p.id ORDER BY p.name COLLATE NOCASE""", (today,))
