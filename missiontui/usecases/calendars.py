"""Calendar use cases: export a scope, render a subscription feed (imports: usecases/imports.py)."""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, timezone
from email.utils import format_datetime
from pathlib import Path
from typing import TextIO

from missiontui import __version__
from missiontui.core.ical.writer import (
    CALENDAR_END, ExportOptions, calendar_header, component, is_published, variant, words,
)
from missiontui.core.model import DeliverableFilter, Status
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
                    reminders: tuple[int, ...] = (7, 1), todo: bool = False) -> int:
    """Write the scope's calendar to `out`, a page at a time; returns how many deliverables it holds.

    Each deliverable's text is reused from the cache when its version has not changed since it was
    last written (the issue's "serialise once per version"): a warm export of 100,000 deliverables
    only copies text. Misses are built, written, and stored for next time."""
    if scope.mission:
        store.mission(scope.mission)  # a clear error for a wrong reference
    if scope.owner:
        store.find_person(scope.owner)
    options = ExportOptions(today=today, calendar_name=scope.name(), reminders=reminders, todo=todo,
                            language=language, emails={p.id: p.email for p in store.people() if p.email})
    key, prepared, flt = variant(options), words(options), scope.filter()
    out.write(calendar_header(options))
    count, after, cache_open = 0, None, True
    while page := store.calendar_page(flt, key, after):
        after = (page[-1][1], page[-1][0])
        shown = [row for row in page if is_published(_STATUS[row[2]], row[3], row[4], today)]
        built = {d.id: d for d in store.deliverables_by_ids([row[0] for row in shown if row[5] is None])}
        fresh = []
        for deliverable_id, _due, _status, _deleted, _updated, text in shown:
            if text is None:
                d = built[deliverable_id]
                text = component(d, options, prepared)
                fresh.append((deliverable_id, d.version, text))
            out.write(text)
        count += len(shown)
        if cache_open:
            cache_open = store.save_calendar_text(key, fresh)
    out.write(CALENDAR_END)
    return count


_STATUS = {s.value: s for s in Status}


def export_to_file(store: Store, target: Path, scope: Scope, **options) -> int:
    """Export into `target` through a temporary file renamed at the end: a failed export (a wrong
    reference, a full disk) never leaves half a calendar where the old one was."""
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".missiontui-export-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            count = export_calendar(store, out, scope, **options)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return count


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


def feed_url(base: str, token: FeedToken) -> str:
    return f"{base.rstrip('/')}/feeds/{token.token}.ics"


def webcal_url(url: str) -> str:
    return "webcal://" + url.split("://", 1)[1] if "://" in url else url
