"""Red, amber or green: the rule a sponsor reads at the top of the report, and the code that applies it.

    Red    the deadline has passed and it is not done; or it is blocked with 14 days or less to go.
    Amber  blocked with more than 14 days to go; or it waits on a deliverable that is late;
           or it is due within 14 days and not started (still "planned").
    Green  everything else still to do: in progress, or more than 14 days to go.
    Done and cancelled deliverables are not coloured.

The clauses are tried in that order; the first that applies gives the colour and the reason shown.
"""

from __future__ import annotations

from enum import Enum

from missiontui.core.model import Deliverable, Status

SOON_DAYS = 14


class Rag(str, Enum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    DONE = "done"
    CANCELLED = "cancelled"


# Each clause of the rule, in the order it is tried: (key, colour). The words are in words.py.
RULE_KEYS = ("late", "blocked_soon", "blocked", "waits_on_late", "not_started_soon", "on_track", "done", "cancelled")


def assess(d: Deliverable, today, *, waits_on_late: bool = False) -> tuple[Rag, str]:
    """The colour of `d` on `today` and the clause of the rule that gave it."""
    if d.status is Status.DONE:
        return Rag.DONE, "done"
    if d.status is Status.CANCELLED:
        return Rag.CANCELLED, "cancelled"
    left = d.days_left(today)
    if left < 0:
        return Rag.RED, "late"
    if d.status is Status.BLOCKED:
        return (Rag.RED, "blocked_soon") if left <= SOON_DAYS else (Rag.AMBER, "blocked")
    if waits_on_late:
        return Rag.AMBER, "waits_on_late"
    if d.status is Status.PLANNED and left <= SOON_DAYS:
        return Rag.AMBER, "not_started_soon"
    return Rag.GREEN, "on_track"
