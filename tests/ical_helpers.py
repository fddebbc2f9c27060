"""Reading exports back with independent parsers: icalendar, vobject, and Radicale's validator."""

from __future__ import annotations

import io
from datetime import date

import vobject
from icalendar import Calendar

from missiontui.usecases.calendars import Scope, export_calendar


def export_text(ctx, scope=Scope(), *, today=date(2022, 5, 16), language="en", reminders=(7, 1), todo=False) -> str:
    buffer = io.StringIO(newline="")
    export_calendar(ctx.store, buffer, scope, today=today, language=language, reminders=reminders, todo=todo)
    return buffer.getvalue()


def events(text: str, kind: str = "VEVENT") -> dict:
    """UID -> component, parsed by icalendar (from bytes, as it must be)."""
    calendar = Calendar.from_ical(text.encode("utf-8"))
    return {str(c["UID"]): c for c in calendar.walk(kind)}


def vobject_validates(text: str) -> int:
    count = 0
    for cal in vobject.readComponents(text, validate=True):
        count += len(cal.contents.get("vevent", [])) + len(cal.contents.get("vtodo", []))
    return count


def radicale_accepts(text: str) -> None:
    """Radicale's own check of a calendar uploaded as a whole collection (what --verify-item runs)."""
    from radicale import item as radicale_item

    components = radicale_item.read_components(text)
    tag = radicale_item.predict_tag_of_whole_collection(components)
    assert tag == "VCALENDAR"
    radicale_item.check_and_sanitize_items(components, is_collection=True, tag=tag, max_vevent_rrule_occurrence=400)


def component(d, options) -> str:
    """One deliverable as the export writes it (VEVENT, or VTODO with options.todo), for round trips."""
    from missiontui.core.ical.writer import CalendarRow, EventFormatter

    row = CalendarRow(d.uid, d.title, d.mission_ref, d.kind.value, d.due.date.isoformat(), d.due.precision.value,
                      d.due.phrase, d.status.value, d.notes, d.completed_on.isoformat() if d.completed_on else None,
                      d.sequence, d.created_at, d.updated_at, d.deleted_at,
                      tuple((o.name, o.lead, "") for o in sorted(d.owners, key=lambda o: o.sort_key())),
                      d.recurrence)
    return EventFormatter(options)(row)
