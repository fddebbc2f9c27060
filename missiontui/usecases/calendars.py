"""Calendar use cases: export a scope, plan and apply an import, render a subscription feed."""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from email.utils import format_datetime
from pathlib import Path
from typing import TextIO

from missiontui import __version__
from missiontui.atomic_file import atomic_file
from missiontui.core.errors import InvalidInput, MissionError
from missiontui.core.ical.writer import ExportOptions, write_calendar
from missiontui.core.ical.reader import ImportedItem, read_calendar
from missiontui.core.model import Deliverable, DeliverableFilter, Due, Kind, Precision, Status
from missiontui.core.rules import clean_text
from missiontui.store import Store
from missiontui.store.tokens import FeedToken


@dataclass(frozen=True)
class Scope:
    """What a calendar holds: one mission, one person's deliverables, or everything."""

    mission: str | None = None
    owner: str | None = None

    def filter(self) -> DeliverableFilter:
        return DeliverableFilter(mission=self.mission, owner=self.owner, include_deleted=True)

    def name(self) -> str:
        return "missiontui" + (f" — {self.mission}" if self.mission else "") + (f" — {self.owner}" if self.owner else "")


def export_calendar(store: Store, out: TextIO, scope: Scope, *, today: date, language: str = "en",
                    reminders: tuple[int, ...] = (7, 1), todo: bool = False) -> int:
    """Write the scope's calendar to `out` as it is read, a page at a time; returns how many
    deliverables it holds. Memory stays flat however many there are."""
    if scope.mission:
        store.mission(scope.mission)  # a clear error for a wrong reference
    if scope.owner:
        store.find_person(scope.owner)
    options = ExportOptions(today=today, calendar_name=scope.name(), reminders=reminders, todo=todo,
                            language=language)
    with store.calendar_rows(scope.filter()) as pages:
        return write_calendar(out, pages, options)


def export_to_file(store: Store, target: Path, scope: Scope, **options) -> int:
    """Export into `target` atomically: `target` is always the old file or the complete new one.

    The calendar is written to a temporary file beside it, renamed over it at the end. On Linux the
    temporary file has no name until then (O_TMPFILE, linked in place when complete), so even a
    killed export leaves nothing behind; elsewhere it is a named file, and an export removes the
    ones that killed exports left (their process is gone)."""
    with atomic_file(target) as out:
        return export_calendar(store, out, scope, **options)


# --- feeds ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FeedVersion:
    etag: str
    last_modified: str  # an HTTP date


def feed_scope(token: FeedToken) -> Scope:
    return Scope(mission=token.mission_ref, owner=token.person_name)


def feed_version(store: Store, token: FeedToken, *, today: date, language: str,
                 reminders: tuple[int, ...]) -> FeedVersion:
    """Cheap (one aggregate query): enough to answer 304 without building the feed."""
    count, last, versions = store.fingerprint(feed_scope(token).filter())
    key = f"{token.id}|{count}|{last}|{versions}|{today}|{language}|{reminders}|{__version__}"
    stamp = datetime.fromisoformat(last.replace("Z", "+00:00")) if last else datetime(2000, 1, 1, tzinfo=timezone.utc)
    return FeedVersion('"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"', format_datetime(stamp, usegmt=True))


class FeedVersions:
    """feed_version, remembered until the database changes: 200 calendars polling at once cost one
    aggregate query instead of 200 (each scans the feed's scope: ~20 ms at 100,000 deliverables)."""

    def __init__(self, store: Store):
        self.store = store
        self._lock = threading.Lock()  # one computes, the others wait and reuse (the store runs one query at a time)
        self._marker, self._known = None, {}

    def __call__(self, token: FeedToken, *, today: date, language: str, reminders: tuple[int, ...]) -> FeedVersion:
        key = (token.id, today, language, reminders)
        with self._lock:
            marker = self.store.change_marker()  # read before the version: a later change is never hidden
            if marker != self._marker:
                self._marker, self._known = marker, {}
            if key not in self._known:
                self._known[key] = feed_version(self.store, token, today=today, language=language, reminders=reminders)
            return self._known[key]


def feed_url(base: str, token: FeedToken) -> str:
    return f"{base.rstrip('/')}/feeds/{token.token}.ics"


def webcal_url(url: str) -> str:
    return "webcal://" + url.split("://", 1)[1] if "://" in url else url


# --- import --------------------------------------------------------------------------------------

@dataclass
class ImportPlan:
    creates: list[ImportedItem] = field(default_factory=list)
    updates: list[tuple[Deliverable, dict, ImportedItem]] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    mission_ids: dict = field(default_factory=dict)

    def summary(self) -> str:
        return (f"{len(self.creates)} to create, {len(self.updates)} to update, {self.unchanged} unchanged, "
                f"{len(self.skipped)} skipped")


def plan_import(store: Store, data: bytes, *, mission: str | None = None, today: date) -> ImportPlan:
    """What importing `data` would change; nothing is written. Errors in `plan.errors` block the import."""
    parsed = read_calendar(data)
    plan = ImportPlan(errors=list(parsed.errors), warnings=list(parsed.warnings))
    default_mission = store.mission(mission) if mission else None
    seen: set[str] = set()
    mission_ids: dict[str, int] = {}  # one lookup per reference, not per event
    for item in parsed.items:
        if item.uid in seen:
            plan.errors.append(f"UID {item.uid} appears twice (repeating events are not deadlines)")
            continue
        seen.add(item.uid)
        existing = store.deliverable_by_uid(item.uid)
        if existing is not None:
            _plan_update(plan, existing, item, today)
            continue
        if item.status is Status.CANCELLED:
            plan.skipped.append(f"'{item.title}': cancelled, nothing to create")
            continue
        try:
            clean_text(item.title, "the title", required=True)
            clean_text(item.notes, "the description")
        except InvalidInput as exc:
            plan.errors.append(f"'{item.title[:80]}': {exc}")
            continue
        reference = default_mission.reference if default_mission else item.mission
        if not reference:
            plan.errors.append(f"'{item.title}' ({item.uid}): which mission? name one with --mission")
            continue
        try:
            if reference not in mission_ids:
                mission_ids[reference] = store.mission(reference).id
            plan.mission_ids[item.uid] = mission_ids[reference]
        except MissionError as exc:
            plan.errors.append(f"'{item.title}': {exc}")
            continue
        plan.creates.append(item)
    return plan


def _plan_update(plan: ImportPlan, existing: Deliverable, item: ImportedItem, today: date) -> None:
    if existing.deleted_at:
        if item.status is not Status.CANCELLED:
            plan.skipped.append(f"#{existing.id} '{existing.title}': deleted in missiontui, not brought back")
        else:
            plan.unchanged += 1
        return
    changes: dict = {}
    if item.title != existing.title:
        changes["title"] = item.title
    if item.due != existing.due.date:
        changes["due"] = Due(item.due, item.precision if item.ours else Precision.DAY, item.phrase if item.ours else "")
    if item.status is not None and item.status is not existing.status:
        changes["status"] = item.status
        if item.status is Status.DONE:
            changes["completed_on"] = item.completed_on or today
    if item.ours and item.kind is not None and item.kind is not existing.kind:
        changes["kind"] = item.kind
    if changes:
        plan.updates.append((existing, changes, item))
    else:
        plan.unchanged += 1


def apply_import(store: Store, plan: ImportPlan, *, source: str, today: date) -> None:
    """All or nothing: one transaction; a conflict with a colleague's edit undoes the whole import."""
    if plan.errors:
        raise InvalidInput(f"nothing imported: {len(plan.errors)} problem(s) in the file")
    reason = f"import {source}"
    with store.transaction():
        store.add_deliverables_bulk([{
            "mission_id": plan.mission_ids[item.uid], "uid": item.uid, "title": clean_text(item.title, "the title"),
            "kind": item.kind or Kind.OTHER, "due": Due(item.due, item.precision, clean_text(item.phrase, "the phrase")),
            "status": item.status or Status.PLANNED, "notes": clean_text(item.notes, "the notes"), "owners": [],
            "completed_on": (item.completed_on or today) if item.status is Status.DONE else None,
        } for item in plan.creates], reason=reason)
        for existing, changes, _item in plan.updates:
            store.update_deliverable(existing.id, existing.version, changes, reason=reason, today=today)
