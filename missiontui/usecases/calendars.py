"""Calendar use cases: export a scope, render a subscription feed (imports: usecases/imports.py)."""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from datetime import date, datetime, timezone
from email.utils import format_datetime
from pathlib import Path
from typing import TextIO

from missiontui import __version__
from missiontui.atomic_file import atomic_file
from missiontui.core.ical.writer import Exported, ExportOptions, write_calendar
from missiontui.core.model import DeliverableFilter
from missiontui.store import Store
from missiontui.store.tokens import FeedToken


@dataclass(frozen=True)
class Scope:
    """What a calendar holds: one mission, one person's deliverables, or everything."""

    mission: str | None = None
    owner: str | None = None

    def filter(self) -> DeliverableFilter:
        """Deleted ones too (published as cancelled); never one with no date yet: it has no day to be on."""
        return DeliverableFilter(mission=self.mission, owner=self.owner, include_deleted=True, dated=True)

    def name(self) -> str:
        return "missiontui" + (f" — {self.mission}" if self.mission else "") + (f" — {self.owner}" if self.owner else "")


def export_calendar(store: Store, out: TextIO, scope: Scope, *, today: date, language: str = "en",
                    reminders: tuple[int, ...] = (7, 1), todo: bool = False) -> Exported:
    """Write the scope's calendar to `out` as it is read, a page at a time; says how many
    deadlines and cancellations it holds. Memory stays flat however many there are."""
    if scope.mission:
        store.mission(scope.mission)  # a clear error for a wrong reference
    if scope.owner:
        store.find_person(scope.owner)
    options = ExportOptions(today=today, calendar_name=scope.name(), reminders=reminders, todo=todo,
                            language=language)
    with store.calendar_rows(scope.filter()) as pages:
        return write_calendar(out, pages, options)


def export_to_file(store: Store, target: Path, scope: Scope, **options) -> Exported:
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
