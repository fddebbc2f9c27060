"""Missions, deliverables and people: frozen value classes and the enums that type them.

They behave as frozen dataclasses (fields compared, hashed and shown in order; no assignment) but
are written out (`core/frozen.py`): every command loads this module, and dataclasses would cost it
a few milliseconds of start-up."""

from __future__ import annotations

from datetime import date
from enum import Enum

from missiontui.core.frozen import Frozen, _set


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


class Due(Frozen):
    """A resolved deadline: the date, how precise it is, and the words it came from."""

    __slots__ = ("date", "precision", "phrase")
    date: date
    precision: Precision
    phrase: str

    def __init__(self, date: date, precision: Precision = Precision.DAY, phrase: str = ""):
        _set(self, "date", date)
        _set(self, "precision", precision)
        _set(self, "phrase", phrase)


class Person(Frozen):
    __slots__ = ("id", "name", "email", "role", "organisation", "version", "deleted")
    id: int
    name: str
    email: str
    role: str
    organisation: str
    version: int
    deleted: bool

    def __init__(self, id: int, name: str, email: str = "", role: str = "", organisation: str = "", version: int = 1,
                 deleted: bool = False):
        _set(self, "id", id)
        _set(self, "name", name)
        _set(self, "email", email)
        _set(self, "role", role)
        _set(self, "organisation", organisation)
        _set(self, "version", version)
        _set(self, "deleted", deleted)


class Owner(Frozen):
    """A person who owns a deliverable; two owners are the same person and role whatever the name says
    (a colleague may have renamed them since)."""

    __slots__ = ("person_id", "name", "lead")
    _compared = ("person_id", "lead")
    person_id: int
    name: str
    lead: bool

    def __init__(self, person_id: int, name: str, lead: bool = False):
        _set(self, "person_id", person_id)
        _set(self, "name", name)
        _set(self, "lead", lead)

    def sort_key(self) -> tuple:
        """The order owners are shown and stored in: the lead first, then by name."""
        return (not self.lead, self.name.casefold(), self.person_id)


class Mission(Frozen):
    __slots__ = ("id", "reference", "title", "authority", "signatory", "addressees", "signed_on", "summary", "status",
                 "lead", "version", "lead_id", "deleted")
    id: int
    reference: str
    title: str
    authority: str
    signatory: str
    addressees: tuple[str, ...]
    signed_on: date | None
    summary: str
    status: MissionStatus
    lead: str
    version: int
    lead_id: int | None
    deleted: bool

    def __init__(self, id: int, reference: str, title: str, authority: str = "", signatory: str = "",
                 addressees: tuple[str, ...] = (), signed_on: date | None = None, summary: str = "",
                 status: MissionStatus = MissionStatus.ACTIVE, lead: str = "", version: int = 1,
                 lead_id: int | None = None, deleted: bool = False):
        _set(self, "id", id)
        _set(self, "reference", reference)
        _set(self, "title", title)
        _set(self, "authority", authority)
        _set(self, "signatory", signatory)
        _set(self, "addressees", addressees)
        _set(self, "signed_on", signed_on)
        _set(self, "summary", summary)
        _set(self, "status", status)
        _set(self, "lead", lead)
        _set(self, "version", version)
        _set(self, "lead_id", lead_id)
        _set(self, "deleted", deleted)


class MissionSummary(Frozen):
    """A mission with the figures the overview shows."""

    __slots__ = ("mission", "total", "done", "overdue", "next_due", "next_title")
    mission: Mission
    total: int
    done: int
    overdue: int
    next_due: date | None
    next_title: str | None

    def __init__(self, mission: Mission, total: int, done: int, overdue: int, next_due: date | None,
                 next_title: str | None):
        _set(self, "mission", mission)
        _set(self, "total", total)
        _set(self, "done", done)
        _set(self, "overdue", overdue)
        _set(self, "next_due", next_due)
        _set(self, "next_title", next_title)


class Deliverable(Frozen):
    __slots__ = ("id", "uid", "mission_id", "mission_ref", "title", "kind", "due", "status", "notes", "owners",
                 "depends_on", "completed_on", "version", "sequence", "created_at", "updated_at", "deleted_at",
                 "recurrence")
    id: int
    uid: str
    mission_id: int
    mission_ref: str
    title: str
    kind: Kind
    due: Due | None  # None: no date yet, "to schedule"
    status: Status
    notes: str
    owners: tuple[Owner, ...]
    depends_on: tuple[int, ...]
    completed_on: date | None
    version: int
    sequence: int
    created_at: str
    updated_at: str
    deleted_at: str | None
    recurrence: str  # an RRULE ("FREQ=MONTHLY;BYDAY=1TU"): `due` is the next occurrence; "" if it does not repeat

    def __init__(self, id: int, uid: str, mission_id: int, mission_ref: str, title: str, kind: Kind,
                 due: Due | None, status: Status, notes: str = "", owners: tuple[Owner, ...] = (),
                 depends_on: tuple[int, ...] = (), completed_on: date | None = None, version: int = 1,
                 sequence: int = 0, created_at: str = "", updated_at: str = "", deleted_at: str | None = None,
                 recurrence: str = ""):
        _set(self, "id", id)
        _set(self, "uid", uid)
        _set(self, "mission_id", mission_id)
        _set(self, "mission_ref", mission_ref)
        _set(self, "title", title)
        _set(self, "kind", kind)
        _set(self, "due", due)
        _set(self, "status", status)
        _set(self, "notes", notes)
        _set(self, "owners", owners)
        _set(self, "depends_on", depends_on)
        _set(self, "completed_on", completed_on)
        _set(self, "version", version)
        _set(self, "sequence", sequence)
        _set(self, "created_at", created_at)
        _set(self, "updated_at", updated_at)
        _set(self, "deleted_at", deleted_at)
        _set(self, "recurrence", recurrence)

    @property
    def lead(self) -> Owner | None:
        return next((o for o in self.owners if o.lead), None)

    def days_left(self, today: date) -> int | None:
        return (self.due.date - today).days if self.due else None

    def is_overdue(self, today: date) -> bool:
        return self.status.is_open and self.due is not None and self.due.date < today


class DeliverableFilter(Frozen):
    """What a list shows; every front end builds one of these and the store turns it into SQL."""

    __slots__ = ("mission", "owner", "statuses", "kinds", "due_before", "due_after", "overdue_on", "text", "open_only",
                 "include_deleted", "dated")
    mission: str | None  # mission reference
    owner: str | None  # person name (case-insensitive)
    statuses: tuple[Status, ...]
    kinds: tuple[Kind, ...]
    due_before: date | None  # inclusive
    due_after: date | None  # inclusive
    overdue_on: date | None  # open and due before this day
    text: str  # full-text search, taken literally
    open_only: bool
    include_deleted: bool
    dated: bool | None  # True: only those with a date, False: only those to schedule

    def __init__(self, mission: str | None = None, owner: str | None = None, statuses: tuple[Status, ...] = (),
                 kinds: tuple[Kind, ...] = (), due_before: date | None = None, due_after: date | None = None,
                 overdue_on: date | None = None, text: str = "", open_only: bool = False,
                 include_deleted: bool = False, dated: bool | None = None):
        _set(self, "mission", mission)
        _set(self, "owner", owner)
        _set(self, "statuses", statuses)
        _set(self, "kinds", kinds)
        _set(self, "due_before", due_before)
        _set(self, "due_after", due_after)
        _set(self, "overdue_on", overdue_on)
        _set(self, "text", text)
        _set(self, "open_only", open_only)
        _set(self, "include_deleted", include_deleted)
        _set(self, "dated", dated)
