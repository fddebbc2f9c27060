"""Domain rules, checked before anything is written. Each raises RuleViolation or returns warnings."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from missiontui.core.errors import InvalidInput, RuleViolation
from missiontui.core.model import Status

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


def owners_with_lead(owner_ids: list[int], lead_id: int | None) -> list[tuple[int, bool]]:
    """Owners without repeats; exactly one lead when there are owners (the first, unless named)."""
    unique = list(dict.fromkeys(owner_ids))
    if lead_id is not None and lead_id not in unique:
        raise RuleViolation.of("error.lead_not_owner")
    lead_id = lead_id if lead_id is not None else (unique[0] if unique else None)
    return [(pid, pid == lead_id) for pid in unique]


def completion(status: Status, completed_on: date | None, today: date) -> date | None:
    """A done deliverable has a completion date (today unless given); any other status has none."""
    if status is Status.DONE:
        return completed_on or today
    if completed_on is not None:
        raise RuleViolation.of("error.completion_not_done")
    return None


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


def schedule_warnings(title: str, due: date, prerequisites: Iterable[tuple[int, str, date]]) -> list[str]:
    """Warnings the user should see (not errors): due before something it depends on."""
    return [
        f"'{title}' is due {due.isoformat()}, before #{dep_id} '{dep_title}' it depends on ({dep_due.isoformat()})"
        for dep_id, dep_title, dep_due in prerequisites
        if dep_due > due
    ]
