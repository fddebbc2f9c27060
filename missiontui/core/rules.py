"""Domain rules, checked before anything is written. Each raises RuleViolation or returns warnings."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from missiontui.core import recurrence
from missiontui.core.errors import InvalidInput, RuleViolation
from missiontui.core.model import Due, Kind, Owner, Status
from missiontui.core.years import FIRST, LAST, supported_year

MAX_TEXT = 20_000  # a title or a note longer than this is a paste accident, not a deadline


def clean_text(value: str, what: str, *, required: bool = False) -> str:
    """Text as the user typed it, trimmed; NUL bytes are refused (SQLite and terminals mangle them)."""
    if not isinstance(value, str):
        raise InvalidInput.of("error.not_text", what=what)
    value = value.strip()
    if required and not value:
        raise InvalidInput.of("error.empty", what=what)
    if "\x00" in value:
        raise InvalidInput.of("error.nul", what=what)
    if len(value) > MAX_TEXT:
        raise InvalidInput.of("error.too_long", what=what, limit=MAX_TEXT)
    return value


# The date a field holds, named in the refusal of one outside the supported years.
_OUTSIDE_THE_YEARS = {"due": "years.due", "completed_on": "years.completed_on", "signed_on": "years.signed_on"}


def within_the_years(day: date | None, field: str) -> date | None:
    """A deadline, a completion date or a letter's date inside the supported years (core/years.py),
    whatever brought it: a phrase, an ISO date, a JSON or CSV line, a calendar file or server.
    9999-12-31 has no next day: every report, export and feed would fail on it."""
    if day is not None and not supported_year(day.year):
        raise InvalidInput.of(_OUTSIDE_THE_YEARS[field], day=day.isoformat(), first=FIRST, last=LAST)
    return day


def is_clean(value: str) -> bool:
    """Whether clean_text keeps `value` as it is (a machine-made file's text is): a bulk load then
    need not call it."""
    return value == value.strip() and "\x00" not in value and len(value) <= MAX_TEXT


def owners_with_lead(owners: Iterable[Owner], lead_id: int | None = None) -> tuple[Owner, ...]:
    """Owners without repeats; exactly one lead when there are owners: the one named, else the one
    marked lead, else the first."""
    owners = tuple(owners)
    if _normalised(owners, lead_id):  # already so (a bulk load checks each row twice): nothing to build
        return owners
    unique = list({o.person_id: o for o in owners}.values())
    marked = [o.person_id for o in unique if o.lead]
    if lead_id is None and len(marked) > 1:
        raise RuleViolation.of("error.one_lead")
    if lead_id is not None and lead_id not in {o.person_id for o in unique}:
        raise RuleViolation.of("error.lead_not_owner")
    lead_id = lead_id if lead_id is not None else (marked[0] if marked else unique[0].person_id if unique else None)
    return tuple(o if o.lead == (o.person_id == lead_id) else Owner(o.person_id, o.name, not o.lead) for o in unique)


def _normalised(owners: tuple[Owner, ...], lead_id: int | None) -> bool:
    """No repeat and exactly one lead — the named one, if one is named (or no owner at all)."""
    if not owners:
        return lead_id is None
    if len(owners) == 1:
        return owners[0].lead and (lead_id is None or owners[0].person_id == lead_id)
    leads = [o.person_id for o in owners if o.lead]
    return (len(leads) == 1 and (lead_id is None or leads[0] == lead_id)
            and len({o.person_id for o in owners}) == len(owners))


# What a new deliverable is when nothing else is said.
DELIVERABLE_DEFAULTS: dict[str, Any] = {
    "kind": Kind.OTHER, "due": None, "recurrence": "", "status": Status.PLANNED, "completed_on": None, "owners": (),
    "depends_on": (), "notes": "", "deleted": False,
}


def deliverable_values(proposed: Mapping[str, Any], current: Mapping[str, Any] | None, today: date) -> dict:
    """The proposed fields made valid, the same way for one edit and for a bulk load: text trimmed
    and checked, dates inside the supported years, one lead, dependencies once each, and a completion date exactly when done
    (today unless given; kept while it stays done)."""
    values = dict(proposed) if current is not None else {**DELIVERABLE_DEFAULTS, **proposed}
    if "title" in values:
        values["title"] = clean_text(values["title"], "the title", required=True)
    if "notes" in values:
        values["notes"] = clean_text(values["notes"], "the notes")
    due = values.get("due")
    if due is not None:
        within_the_years(due.date, "due")
        phrase = clean_text(due.phrase, "the due phrase")
        if phrase != due.phrase:
            values["due"] = Due(due.date, due.precision, phrase)
    if "owners" in values:
        values["owners"] = owners_with_lead(values["owners"])
    _check_recurrence(values, current or {})
    if "depends_on" in values:
        values["depends_on"] = tuple(sorted(set(values["depends_on"])))
    before = current or {}
    status = values.get("status", before.get("status"))
    within_the_years(values.get("completed_on"), "completed_on")
    if status is Status.DONE:
        given = values.get("completed_on")
        kept = before.get("completed_on") if before.get("status") is Status.DONE else None
        values["completed_on"] = given or kept or today
    elif values.get("completed_on") is not None:
        raise RuleViolation.of("error.completion_not_done")
    elif before.get("completed_on") is not None or "status" in values:
        values["completed_on"] = None
    return values


def _check_recurrence(values: dict, before: Mapping[str, Any]) -> None:
    """Only a meeting repeats, from a date that is one of its occurrences (core/recurrence.py)."""
    if "recurrence" in values:
        values["recurrence"] = recurrence.normalise(values["recurrence"])
    if not {"recurrence", "due", "kind"} & set(values):
        return
    rule = values.get("recurrence", before.get("recurrence", ""))
    if not rule:
        return
    if values.get("kind", before.get("kind")) is not Kind.MEETING:
        raise RuleViolation.of("recurrence.only_meetings")
    due = values["due"] if "due" in values else before.get("due")
    recurrence.check(rule, due.date if due else None)


def find_cycle(edges: Mapping[int, Iterable[int]], node: int, depends_on: Iterable[int]) -> list[int] | None:
    """The path back to `node` if it were to depend on `depends_on`, else None."""
    graph = {k: set(v) for k, v in edges.items()}
    graph[node] = set(depends_on)
    stack = [(dep, [node, dep]) for dep in graph[node]]
    seen = set()
    while stack:
        current, path = stack.pop()
        if current == node:
            return path
        if current in seen:
            continue
        seen.add(current)
        stack.extend((nxt, path + [nxt]) for nxt in graph.get(current, ()))
    return None


def check_no_cycle(edges: Mapping[int, Iterable[int]], node: int, depends_on: Iterable[int]) -> None:
    depends_on = list(depends_on)
    if node in depends_on:
        raise RuleViolation.of("error.self_dependency", id=node)
    cycle = find_cycle(edges, node, depends_on)
    if cycle:
        raise RuleViolation.of("error.cycle", path=" → ".join(f"#{n}" for n in cycle))


def schedule_warnings(title: str, due: date | None, prerequisites: Iterable[tuple[int, str, date | None]]) -> list[str]:
    """Warnings the user should see (not errors): due before something it depends on."""
    if due is None:
        return []
    return [
        f"'{title}' is due {due.isoformat()}, before #{dep_id} '{dep_title}' it depends on ({dep_due.isoformat()})"
        for dep_id, dep_title, dep_due in prerequisites
        if dep_due is not None and dep_due > due
    ]
