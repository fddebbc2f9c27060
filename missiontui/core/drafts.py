"""A mission as it arrives from outside — a letter, a template, a seed file, a colleague's calendar:
its people and deliverables named by keys and names, before anything has an id."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from missiontui.core.model import Due, Kind, Status


@dataclass(frozen=True)
class PersonDraft:
    name: str
    email: str = ""
    role: str = ""
    organisation: str = ""


@dataclass(frozen=True)
class DeliverableDraft:
    key: str  # how other deliverables of the draft name it in `depends_on`
    title: str
    kind: Kind = Kind.OTHER
    due: Due | None = None
    status: Status = Status.PLANNED
    owners: tuple[str, ...] = ()  # names; the lead first unless `lead` says otherwise
    lead: str | None = None
    notes: str = ""
    depends_on: tuple[str, ...] = ()  # keys
    completed_on: date | None = None
    uid: str | None = None


@dataclass(frozen=True)
class MissionDraft:
    reference: str
    title: str
    authority: str = ""
    signatory: str = ""
    addressees: tuple[str, ...] = ()
    signed_on: date | None = None
    summary: str = ""
    lead: str | None = None
    people: tuple[PersonDraft, ...] = ()
    deliverables: tuple[DeliverableDraft, ...] = ()
