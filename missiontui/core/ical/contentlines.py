"""RFC 5545 content lines, read lean: unfolding, name/parameters/value, TEXT and DATE/DATE-TIME values.

Only what the reader needs, written for speed (a 10,000-event file has ~300,000 lines): the bytes are
decoded a chunk at a time, so memory holds one chunk of text, never the whole file twice. Lines end
with CRLF or LF (many clients write LF); a line starting with a space or a tab continues the one
before (RFC 5545 3.1).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone

from missiontui.core.errors import InvalidInput

CHUNK = 1 << 20  # bytes decoded at a time; UTF-8 never puts 0x0A inside a character, so cutting at LF is safe

# a name, then either ':' and the value, or ';' and the parameters, ':' and the value
CONTENT_LINE = re.compile(r"([A-Za-z0-9-]+)(?::(.*)|;(.*))", re.DOTALL)
# parameters run to the first colon outside double quotes
PARAMETERS = re.compile(r'((?:[^":]|"[^"]*")*):')
_PARAM = re.compile(r'([A-Za-z0-9-]+)=((?:"[^"]*"|[^";])*)')
_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})", re.ASCII)  # ASCII: other scripts' digits are no iCalendar date
_DATE_TIME = re.compile(r"(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z?)", re.ASCII)
_DURATION = re.compile(r"([+-]?)P(?:(\d+)W|(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?)", re.ASCII)
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_LIST_ITEM = re.compile(r"((?:[^\\,]|\\.)*)(?:,|$)", re.DOTALL)


def logical_lines(data: bytes) -> Iterator[tuple[int, str]]:
    """(number of its first physical line, unfolded line) for every content line of `data`; blank lines
    are skipped.

    The bytes are decoded as UTF-8 a chunk at a time. Some writers fold a line in the middle of a
    multi-byte character (RFC 5545 3.1 asks readers to cope): a chunk that is not valid UTF-8 is read
    with its stray bytes kept aside, and each of its lines must become valid once unfolded."""
    start, size, number = 0, len(data), 0
    pending, pending_at, pending_dirty = "", 0, False
    while start < size:
        end = data.rfind(b"\n", start, start + CHUNK) if start + CHUNK < size else size - 1
        if end < start:  # one line longer than a chunk
            end = data.find(b"\n", start + CHUNK)
            end = size - 1 if end < 0 else end
        chunk = data[start:end + 1]
        start = end + 1
        try:
            text, dirty = chunk.decode("utf-8"), False
        except UnicodeDecodeError:
            text, dirty = chunk.decode("utf-8", "surrogateescape"), True
        lines = text.replace("\r\n", "\n").split("\n")
        if text.endswith("\n"):
            lines.pop()
        for line in lines:
            number += 1
            if not line:  # blank: not a content line; a continuation after it still continues the line before
                continue
            if line[:1] in _FOLD:
                if pending_at:
                    pending += line[1:]
                    pending_dirty = pending_dirty or dirty
                    continue
                line = line.lstrip(" \t")  # a continuation with nothing before it: a line of its own
            if pending:
                yield pending_at, (_valid(pending, pending_at) if pending_dirty else pending)
            pending, pending_at, pending_dirty = line, number, dirty
    if pending:
        yield pending_at, (_valid(pending, pending_at) if pending_dirty else pending)


def _valid(line: str, number: int) -> str:
    """A line of a chunk that was not valid UTF-8: valid once unfolded, or the file is not UTF-8."""
    raw = line.encode("utf-8", "surrogateescape")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput.of("ical.not_utf8", byte=raw[exc.start], line=number) from None


_FOLD = (" ", "\t")


def split(line: str) -> tuple[str, str, str] | None:
    """(NAME upper-cased, parameter text, value), or None when `line` is not a content line."""
    match = CONTENT_LINE.match(line)
    if match is None:
        return None
    name, value, rest = match.groups()
    if rest is None:
        return name.upper(), "", value
    params = PARAMETERS.match(rest)
    if params is None:
        return None
    return name.upper(), params.group(1), rest[params.end():]


def name_of(line: str) -> str:
    """The name a damaged line seems to carry ('SUMMARY=x' -> 'SUMMARY'), for saying which one it is."""
    match = re.match(r"[A-Za-z0-9-]+", line)
    return match.group(0).upper() if match else ""


def parameters(text: str) -> dict[str, str]:
    """Parameter NAME -> value (quotes removed); what cannot be read is left out."""
    if not text:
        return {}
    found = {}
    for name, value in _PARAM.findall(text):
        if len(value) >= 2 and value[0] == '"' and value[-1] == '"':
            value = value[1:-1]
        found.setdefault(name.upper(), value)
    return found


def unescape(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): \\n is a newline; \\\\, \\; and \\, stand for themselves."""
    if "\\" not in value:
        return value
    return _ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def text_list(value: str) -> list[str]:
    """A comma-separated list of TEXT values (CATEGORIES), each unescaped; empty ones dropped."""
    if "\\" not in value:
        return [part.strip() for part in value.split(",") if part.strip()]
    return [unescape(part).strip() for part in _LIST_ITEM.findall(value)[:-1] if part.strip()]


def date_value(value: str) -> date | datetime | None:
    """A DATE (a date), a DATE-TIME (a naive datetime, or aware in UTC when it ends with Z), or None.

    Which form it is comes from the value itself, not from VALUE=: clients that write
    VALUE=DATE with a time (or the reverse) still mean the calendar date they wrote."""
    value = value.strip()
    try:
        if len(value) == 8:
            match = _DATE.fullmatch(value)
            return date(int(match[1]), int(match[2]), int(match[3])) if match else None
        match = _DATE_TIME.fullmatch(value)
        if match is None:
            return None
        second = min(int(match[6]), 59)  # 60 is a leap second
        return datetime(int(match[1]), int(match[2]), int(match[3]), int(match[4]), int(match[5]), second,
                        tzinfo=timezone.utc if match[7] else None)
    except ValueError:  # month 13, 30 February, hour 25...
        return None


def duration_value(value: str) -> timedelta | None:
    """A DURATION (RFC 5545 3.3.6: P2D, PT1H30M, P1W, -PT15M), or None when it is not one."""
    value = value.strip()
    match = _DURATION.fullmatch(value)
    if match is None or value.rstrip("T").endswith("P"):
        return None
    sign, weeks, days, hours, minutes, seconds = match.groups()
    try:
        length = timedelta(weeks=int(weeks or 0), days=int(days or 0), hours=int(hours or 0),
                           minutes=int(minutes or 0), seconds=int(seconds or 0))
    except OverflowError:
        return None
    return -length if sign == "-" else length
