"""Calendars: export and import iCalendar files, serve subscription feeds, manage feed tokens."""

from __future__ import annotations

COMMANDS: list = []
