"""From what a user types to typed values: deadlines as phrases, kinds and statuses, colleagues by name."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from missiontui.core.choices import fold, read_kind, read_status
from missiontui.core.errors import InvalidInput, NotFound
from missiontui.core.model import Due, Kind, Owner, Person, Status

if TYPE_CHECKING:
    from missiontui.store import Store


def resolve_due(text: str, today: date) -> Due:
    """A deadline as typed ("fin juin", "30/09", "+2w") resolved against today."""
    from missiontui.core.dates import parse_due  # the phrase parser loads when a phrase is given

    return parse_due(text, today)


def resolve_date(text: str, today: date) -> date:
    """A day as typed, in the past as well: when it was done or signed, a list's bounds ("hier",
    "le 12 mai dernier"), a day to count from (`--ref`: "2022-04-21", "21/04/2022", "21 avril 2022").
    A deadline refuses past references; these are what the user means."""
    from missiontui.core.dates import parse_due

    return parse_due(text, today, deadline_only=False).date


def due_or_none(value: str | Due | None, today: date) -> Due | None:
    """A Due, a phrase, or nothing (empty text: no date yet, "to schedule")."""
    if value is None or isinstance(value, Due):
        return value
    return resolve_due(value, today) if value.strip() else None


def parse_kind(text: str | Kind) -> Kind:
    """"report", "rapport", "Point d'étape"…: the value or its label in either language."""
    if isinstance(text, Kind):
        return text
    kind = read_kind(text)
    if kind is None:
        raise InvalidInput.of("error.unknown_kind", value=text, choices=", ".join(k.value for k in Kind))
    return kind


def parse_status(text: str | Status) -> Status:
    """"done", "fait", "en cours", "in_progress"…: the value or its label in either language."""
    if isinstance(text, Status):
        return text
    status = read_status(text)
    if status is None:
        raise InvalidInput.of("error.unknown_status", value=text, choices=", ".join(s.value for s in Status))
    return status


def find_person(store: Store, text: str) -> Person:
    """A colleague as people type them: the name or email, else the first name or the start of the
    name when only one person has it ("Thomas", "thom", "Agnes" for Agnès). Several: one sentence
    naming them."""
    try:
        return store.find_person(text)
    except NotFound:
        pass
    key = fold(text)
    people = store.people() if key else []
    for matches in ([p for p in people if fold(p.name) == key],
                    [p for p in people if fold(p.name).split(" ")[0] == key],
                    [p for p in people if fold(p.name).startswith(key)]):
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise InvalidInput.of("error.ambiguous_person", name=text.strip(),
                                  candidates=", ".join(p.name for p in matches[:6]))
    raise NotFound.of("error.unknown_person", name=text.strip())


def resolve_owners(store: Store, names: Sequence[str], lead: str | None = None) -> tuple[Owner, ...]:
    """Colleagues named as people type them; the first leads unless `lead` says otherwise."""
    from missiontui.core.rules import owners_with_lead

    people = [find_person(store, name) for name in names]
    lead_id = find_person(store, lead).id if lead else None
    return owners_with_lead([Owner(p.id, p.name) for p in people], lead_id)
