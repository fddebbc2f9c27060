"""Missions, deliverables and people: plain frozen dataclasses and the enums that type them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum


class Precision(str, Enum):
    """How precisely a deadline was given; the due date is always the last day it allows."""

    DAY = "day"
    EARLY_MONTH = "early-month"
    MID_MONTH = "mid-month"
    END_OF_MONTH = "end-of-month"
    MONTH = "month"
    SEASON = "season"
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"


class Kind(str, Enum):
    MANDATE = "mandate"
    CHECKPOINT = "checkpoint"
    REPORT = "report"
    DECISION = "decision"
    MEETING = "meeting"
    OTHER = "other"


class Status(str, Enum):
    PLANNED = "planned"
    IN_PROGRESS = "in-progress"
    DONE = "done"
    BLOCKED = "blocked"
    CANCELLED = "cancelled"

    @property
    def is_open(self) -> bool:
        return self in (Status.PLANNED, Status.IN_PROGRESS, Status.BLOCKED)


class MissionStatus(str, Enum):
    ACTIVE = "active"
    CLOSED = "closed"


@dataclass(frozen=True)
class Due:
    """A resolved deadline: the date, how precise it is, and the words it came from."""

    date: date
    precision: Precision = Precision.DAY
    phrase: str = ""


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    email: str = ""
    role: str = ""
    organisation: str = ""
    version: int = 1
    deleted: bool = False


@dataclass(frozen=True)
class Owner:
    """A person who owns a deliverable; two owners are the same person and role whatever the name says
    (a colleague may have renamed them since)."""

    person_id: int
    name: str = field(compare=False)
    lead: bool = False

    def sort_key(self) -> tuple:
        """The order owners are shown and stored in: the lead first, then by name."""
        return (not self.lead, self.name.casefold(), self.person_id)


@dataclass(frozen=True)
class Mission:
    id: int
    reference: str
    title: str
    authority: str = ""
    signatory: str = ""
    addressees: tuple[str, ...] = ()
    signed_on: date | None = None
    summary: str = ""
    status: MissionStatus = MissionStatus.ACTIVE
    lead: str = ""
    version: int = 1
    lead_id: int | None = None
    deleted: bool = False


@dataclass(frozen=True)
class MissionSummary:
    """A mission with the figures the overview shows."""

    mission: Mission
    total: int
    done: int
    overdue: int
    next_due: date | None
    next_title: str | None


@dataclass(frozen=True)
class Deliverable:
    id: int
    uid: str
    mission_id: int
    mission_ref: str
    title: str
    kind: Kind
    due: Due | None  # None: no date yet, "to schedule"
    status: Status
    notes: str = ""
    owners: tuple[Owner, ...] = ()
    depends_on: tuple[int, ...] = ()
    completed_on: date | None = None
    version: int = 1
    sequence: int = 0
    created_at: str = ""
    updated_at: str = ""
    deleted_at: str | None = None
    recurrence: str = ""  # an RRULE ("FREQ=MONTHLY;BYDAY=1TU"): `due` is the next occurrence; "" if it does not repeat

    @property
    def lead(self) -> Owner | None:
        return next((o for o in self.owners if o.lead), None)

    def days_left(self, today: date) -> int | None:
        return (self.due.date - today).days if self.due else None

    def is_overdue(self, today: date) -> bool:
        return self.status.is_open and self.due is not None and self.due.date < today


@dataclass(frozen=True)
class DeliverableFilter:
    """What a list shows; every front end builds one of these and the store turns it into SQL."""

    mission: str | None = None  # mission reference
    owner: str | None = None  # person name (case-insensitive)
    statuses: tuple[Status, ...] = ()
    kinds: tuple[Kind, ...] = ()
    due_before: date | None = None  # inclusive
    due_after: date | None = None  # inclusive
    overdue_on: date | None = None  # open and due before this day
    text: str = ""  # full-text search, taken literally
    open_only: bool = False
    include_deleted: bool = False
    dated: bool | None = None  # True: only those with a date, False: only those to schedule
