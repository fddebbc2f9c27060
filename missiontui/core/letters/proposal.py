"""What reading a letter proposes: a mission and its deliverables, as plain frozen data.

This is the input of `letter --create` (and of the TUI's checklist): every field is what the letter
says, resolved, with the words it came from, so a person can check it before anything is written.
Deliverables point at each other by `key` (unique in one proposal), not by database id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from missiontui.core.model import Due, Kind, Precision, Status


@dataclass(frozen=True)
class LetterDate:
    """The letter's own date: what its relative phrases count from."""

    date: date
    phrase: str  # as written: "Paris, 21 AVR. 2022", "Fait à Lyon, le lundi 3 avril 2023"
    source: str  # "place-line" (a "Paris, le …" line, above the signature too), "date-line",
    #              "heading" ("Lettre de mission du …"), "sentence" ("la présente lettre, en date du …")


@dataclass(frozen=True)
class Reference:
    value: str  # "D-22-010393"
    source: str  # "pegase", "our-reference" (N/Réf., Réf. :), "derived" (none in the letter: made from its date)
    phrase: str  # the words it came from ("Pégase D-22-010393"), "" when derived


@dataclass(frozen=True)
class NamedPerson:
    name: str  # "Thomas Audigé" (capitals undone; a known person's spelling when one matches)
    title: str = ""  # "Chef de l'Inspection générale des affaires sociales"


@dataclass(frozen=True)
class Addressee:
    name: str  # "" when the letter names only the office ("Madame la directrice générale de …")
    title: str

    @property
    def label(self) -> str:
        """"Thomas Audigé, Chef de l'Inspection générale des affaires sociales", as missions store it."""
        return ", ".join(part for part in (self.name, self.title) if part)

    @property
    def owner(self) -> str:
        return self.name or self.title


@dataclass(frozen=True)
class Body:
    """An organisation the letter names: an acronym, its full name when known, or a name alone."""

    acronym: str  # "DGOS"; "" for a body named only in words ("Santé publique France")
    name: str  # "Direction générale de l'offre de soins"; "" when unknown


@dataclass(frozen=True)
class ProposedDeliverable:
    key: str  # unique in the proposal: "mandate", "report", "checkpoint-2"…
    title: str
    kind: Kind
    due: date | None  # None: the letter asks for it without a date (to schedule)
    precision: Precision | None
    phrase: str  # the letter's words for the date ("d'ici la fin juin"; "le moment venu"; "")
    sentence: str  # the letter's sentence that asks for it
    owners: tuple[str, ...]  # names, the lead first; () when the letter names nobody we know
    depends_on: tuple[str, ...] = ()  # keys of deliverables that come first
    status: Status = Status.PLANNED  # DONE for the signed mandate and for events the letter reports
    completed_on: date | None = None
    dated_by: str = "phrase"  # "letter" (the mandate), "phrase", "reference" (another deliverable's date), "none"
    includes: tuple[str, ...] = ()  # undated requests of the letter that this deliverable answers

    @property
    def lead(self) -> str | None:
        return self.owners[0] if self.owners else None

    @property
    def as_due(self) -> Due | None:
        return Due(self.due, self.precision or Precision.DAY, self.phrase) if self.due else None


@dataclass(frozen=True)
class SetAside:
    """A time expression of the letter that is not a deadline, and why."""

    phrase: str
    reason: str  # "past" (a reference to what happened), "letter-date", "document" (a text's date:
    #              "le décret du 20 décembre 2019"), "vague" ("sans délai", "aujourd'hui"), "unreadable"
    sentence: str
    date: date | None = None  # what it refers to, when it names a day


@dataclass(frozen=True)
class MissionProposal:
    reference: Reference
    title: str
    authority: str  # "Ministère des Solidarités et de la Santé"
    signatory: NamedPerson
    addressees: tuple[Addressee, ...]  # in the salutation's order
    signed: LetterDate | None
    counted_from: date  # the letter's date, or the fallback given when it has none
    summary: str
    lead: str  # who leads the mission: the first addressee on the letter
    people: tuple[NamedPerson, ...]  # everyone named: signatory, addressees, people in the text
    bodies: tuple[Body, ...]
    deliverables: tuple[ProposedDeliverable, ...]
    set_aside: tuple[SetAside, ...]

    def deliverable(self, key: str) -> ProposedDeliverable:
        return next(d for d in self.deliverables if d.key == key)
