"""Time zones named by a calendar file, resolved only when a UTC time must be read as a local date.

A time written with TZID is already local: its date is the one the author saw, whatever the zone,
so it needs no resolution at all. Only UTC times (…Z) do, and most files never have any. A name is
tried as an IANA zone (Europe/Paris), then with a vendor prefix removed (/mozilla.org/…/Europe/Paris),
then as a Windows zone (Romance Standard Time, Outlook and Exchange), then through the file's own
VTIMEZONE: its X-LIC-LOCATION, else icalendar builds the zone from its rules (the one thing here
icalendar does better than a few lines of ours).
"""

from __future__ import annotations

import re
from datetime import tzinfo
from zoneinfo import ZoneInfo

_BLOCK = re.compile(rb"^BEGIN:VTIMEZONE\r?$.*?^END:VTIMEZONE\r?$", re.MULTILINE | re.DOTALL | re.IGNORECASE)
_TZID = re.compile(rb"^TZID:(.*?)\r?$", re.MULTILINE | re.IGNORECASE)
_LOCATION = re.compile(rb"^X-LIC-LOCATION:(.*?)\r?$", re.MULTILINE | re.IGNORECASE)


def iana(name: str) -> tzinfo | None:
    """The IANA zone `name` names, also behind a vendor prefix; None if it names none."""
    parts = name.strip().strip("/").split("/")
    for start in range(len(parts)):
        candidate = "/".join(parts[start:])
        if not candidate or len(parts) - start > 3:
            continue
        try:
            return ZoneInfo(candidate)
        except Exception:  # ZoneInfoNotFoundError, ValueError for keys like '..', …
            continue
    return None


class Zones:
    """The zones of one file, looked up by name at most once each."""

    def __init__(self, data: bytes):
        self._data = data
        self._resolved: dict[str, tzinfo | None] = {}
        self._blocks: dict[str, bytes] | None = None

    def defined(self) -> dict[str, bytes]:
        """TZID -> VTIMEZONE text, for every VTIMEZONE in the file (read on first use)."""
        if self._blocks is None:
            self._blocks = {}
            for block in _BLOCK.finditer(self._data):
                tzid = _TZID.search(block.group(0))
                if tzid:
                    self._blocks.setdefault(tzid.group(1).decode("utf-8", "replace").strip(), block.group(0))
        return self._blocks

    def known(self, name: str) -> bool:
        """Whether `name` means something: a zone we know, or one the file defines."""
        return name in self.defined() or self.resolve(name) is not None

    def only(self) -> str | None:
        """The TZID of the file's only VTIMEZONE, if it has exactly one."""
        defined = self.defined()
        return next(iter(defined)) if len(defined) == 1 else None

    def resolve(self, name: str) -> tzinfo | None:
        if name not in self._resolved:
            self._resolved[name] = self._resolve(name)
        return self._resolved[name]

    def _resolve(self, name: str) -> tzinfo | None:
        zone = iana(name)
        if zone is not None:
            return zone
        from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON  # Outlook's names; imported only here

        if name.strip() in WINDOWS_TO_OLSON:
            return iana(WINDOWS_TO_OLSON[name.strip()])
        block = self.defined().get(name)
        if block is None:
            return None
        location = _LOCATION.search(block)
        if location and (zone := iana(location.group(1).decode("utf-8", "replace"))) is not None:
            return zone
        try:
            from icalendar import Calendar

            calendar = Calendar.from_ical(b"BEGIN:VCALENDAR\r\n" + block.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
                                          + b"\r\nEND:VCALENDAR\r\n")  # bytes: a str would be taken for a path
            return calendar.walk("VTIMEZONE")[0].to_tz(lookup_tzid=False)
        except Exception:  # a VTIMEZONE icalendar cannot build: the name stays unknown
            return None
