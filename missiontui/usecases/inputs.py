"""From what a user types to typed values: deadlines as phrases, kinds and statuses, colleagues by name."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from missiontui.core.dates import parse_due
from missiontui.core.errors import InvalidInput
from missiontui.core.model import Due, Kind, Owner, Status
from missiontui.core.rules import owners_with_lead
from missiontui.store import Store


def resolve_due(text: str, today: date) -> Due:
    """A deadline as typed ("fin juin", "30/09", "+2w") resolved against today."""
    return parse_due(text, today)


def resolve_date(text: str, today: date) -> date:
    """A day as typed, in the past as well: when it was done or signed, a list's bounds ("hier",
    "le 12 mai dernier"). A deadline refuses past references; these are what the user means."""
    return parse_due(text, today, deadline_only=False).date


def due_or_none(value: str | Due | None, today: date) -> Due | None:
    """A Due, a phrase, or nothing (empty text: no date yet, "to schedule")."""
    if value is None or isinstance(value, Due):
        return value
    return resolve_due(value, today) if value.strip() else None


def parse_kind(text: str | Kind) -> Kind:
    if isinstance(text, Kind):
        return text
    try:
        return Kind(text.strip().lower())
    except ValueError:
        raise InvalidInput.of("error.unknown_kind", value=text, choices=", ".join(k.value for k in Kind)) from None


def parse_status(text: str | Status) -> Status:
    if isinstance(text, Status):
        return text
    try:
        return Status(text.strip().lower().replace("_", "-").replace(" ", "-"))
    except ValueError:
        raise InvalidInput.of("error.unknown_status", value=text,
                              choices=", ".join(s.value for s in Status)) from None


def resolve_owners(store: Store, names: Sequence[str], lead: str | None = None) -> tuple[Owner, ...]:
    """Colleagues named as people type them; the first leads unless `lead` says otherwise."""
    people = [store.find_person(name) for name in names]
    lead_id = store.find_person(lead).id if lead else None
    return owners_with_lead([Owner(p.id, p.name) for p in people], lead_id)
