"""One deliverable as one VTODO, one mission as one VJOURNAL: the CalDAV item mapping, both ways, pure.

What a CalDAV collection holds must survive two kinds of strangers:
- servers: Radicale parses with vobject, which cuts a comma-separated X- value to its first value
  (so every multi-valued field is one property per value, never a comma list) and both Radicale
  and Xandikos re-order properties (so nothing here depends on order);
- task clients (Thunderbird, Apple Reminders, Nextcloud Tasks, DAVx5 with jtx Board or OpenTasks)
  rewrite the whole item and may drop the X- properties they do not know. A property missing on
  the server is therefore *absent*, not a deletion: `TaskFields.present` says which of our own
  properties the item still carried, and the merge ignores the rest.

No ATTENDEE: servers that do implicit scheduling (Nextcloud, SOGo) would e-mail every owner.
The kind also goes to CATEGORIES, which task clients show and keep, so it survives a client that
drops our X- properties. A DUE with a time keeps the calendar date its author saw: the date in its
TZID, the floating date as written, the UTC date for a UTC time (the author's zone is unknown).

Mission metadata travels as a VJOURNAL in the same collection: Xandikos refuses dead properties
(PROPPATCH answers 403), and an item has an ETag, so a colleague's concurrent edit of the mission
is detected (412) like any deliverable's instead of being overwritten. Task clients show VTODO
only; jtx Board shows journals, where this one reads as the mission's title and summary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from missiontui.core.errors import InvalidInput
from missiontui.core.ical.lean_item import Property, lean_component
from missiontui.core.ical.writer import PRODID, escape_text, fold
from missiontui.core.model import Due, Kind, MissionStatus, Precision, Status

# The iCalendar STATUS of each of our statuses (RFC 5545 3.8.1.11). VTODO has no "blocked":
# X-MISSIONTUI-STATUS carries it, and is believed only while STATUS still says what we wrote.
TODO_STATUS = {Status.PLANNED: "NEEDS-ACTION", Status.IN_PROGRESS: "IN-PROCESS", Status.BLOCKED: "NEEDS-ACTION",
               Status.DONE: "COMPLETED", Status.CANCELLED: "CANCELLED"}
STATUS_OF_TODO = {"NEEDS-ACTION": Status.PLANNED, "IN-PROCESS": Status.IN_PROGRESS, "COMPLETED": Status.DONE,
                  "CANCELLED": Status.CANCELLED}
DEFAULT_PERCENT = {Status.PLANNED: 0, Status.IN_PROGRESS: 50, Status.BLOCKED: 0, Status.DONE: 100,
                   Status.CANCELLED: 0}

X = "X-MISSIONTUI-"
# Our own properties, named by the field they carry (the names `present` uses).
OWN = {"mission": X + "MISSION", "kind": X + "KIND", "precision": X + "PRECISION", "phrase": X + "PHRASE",
       "status": X + "STATUS", "owners": X + "OWNER"}
MISSION_MARK = X + "ITEM"  # on the mission's VJOURNAL: "mission"
# Who last wrote the item with missiontui, stamped with the LAST-MODIFIED they wrote: believed only
# while LAST-MODIFIED is still that one (another client's later edit changes it, and keeps our line).
EDITOR = X + "EDITOR"

# Properties task_text writes; on a rewrite they replace the old ones, everything else is kept.
_TASK_PROPS = frozenset({"UID", "DTSTAMP", "LAST-MODIFIED", "SEQUENCE", "SUMMARY", "DUE", "DTSTART", "DURATION",
                         "STATUS", "PERCENT-COMPLETE", "COMPLETED", "DESCRIPTION", "CATEGORIES", "RELATED-TO",
                         EDITOR, *OWN.values()})

MAX_ITEM_BYTES = 1024 * 1024  # a deliverable is a few hundred bytes; a megabyte is not one


class MalformedItem(InvalidInput):
    """An item on the server that is not a task or mission we can read: skipped and listed, never fatal."""


@dataclass(frozen=True)
class TaskOwner:
    name: str
    email: str = ""
    lead: bool = False


@dataclass(frozen=True)
class TaskFields:
    """A deliverable as its VTODO says it. `present` names our own properties the item carried
    (see OWN; "depends_on" too): a field whose name is missing there was dropped by some client,
    and its value here (empty) says nothing about our data."""

    uid: str
    title: str
    due: Due | None = None  # None: an undated task (typed in a client without a due date)
    status: Status = Status.PLANNED
    kind: Kind | None = None
    notes: str = ""
    owners: tuple[TaskOwner, ...] = ()
    depends_on: tuple[str, ...] = ()  # UIDs
    completed_on: date | None = None
    percent: int | None = None
    categories: tuple[str, ...] = ()  # besides the kind: what users and other clients put there
    sequence: int = 0
    mission_ref: str | None = None
    last_modified: datetime | None = None  # UTC
    present: frozenset[str] = field(default_factory=lambda: frozenset({*OWN, "depends_on"}))
    editor: str = ""  # who last wrote it with missiontui, if nobody changed it since ("": unknown)


@dataclass(frozen=True)
class MissionPerson:
    name: str
    email: str = ""
    role: str = ""
    organisation: str = ""


@dataclass(frozen=True)
class MissionFields:
    """A mission as its VJOURNAL says it: everything a colleague's empty database needs."""

    uid: str
    reference: str
    title: str
    authority: str = ""
    signatory: str = ""
    addressees: tuple[str, ...] = ()
    signed_on: date | None = None
    summary: str = ""
    status: MissionStatus = MissionStatus.ACTIVE
    lead: str = ""
    people: tuple[MissionPerson, ...] = ()
    sequence: int = 0
    last_modified: datetime | None = None
    editor: str = ""


def mission_uid(reference: str) -> str:
    """The same on every replica, so two colleagues who publish one mission meet on one item (412)."""
    return "missiontui-mission-" + re.sub(r"[^A-Za-z0-9._-]", "_", reference)


# ---------------------------------------------------------------- writing


_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def _text(value: str) -> str:
    return escape_text(_CONTROLS.sub("", value))


def _param(value: str) -> str:
    """A quoted parameter value; DQUOTE and controls cannot appear in one (RFC 5545 3.2)."""
    return '"' + "".join(c for c in value if c != '"' and c >= " " and c != "\x7f") + '"'


def _utc(moment: datetime | None) -> str:
    moment = moment or datetime(1970, 1, 1, tzinfo=timezone.utc)
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc)
    return f"{moment:%Y%m%dT%H%M%S}Z"


def _task_lines(f: TaskFields) -> list[str]:
    stamp = _utc(f.last_modified)
    lines = [f"UID:{_text(f.uid)}", f"DTSTAMP:{stamp}", f"LAST-MODIFIED:{stamp}", f"SEQUENCE:{f.sequence}",
             "SUMMARY:" + _text(f.title)]
    if f.due is not None:
        lines.append(f"DUE;VALUE=DATE:{f.due.date:%Y%m%d}")
    percent = f.percent if f.percent is not None else DEFAULT_PERCENT[f.status]
    lines += [f"STATUS:{TODO_STATUS[f.status]}", f"PERCENT-COMPLETE:{max(0, min(100, percent))}"]
    if f.status is Status.DONE and f.completed_on:
        lines.append(f"COMPLETED:{f.completed_on:%Y%m%d}T120000Z")  # noon UTC: the same date in every zone
    if f.notes:
        lines.append("DESCRIPTION:" + _text(f.notes))
    categories = ([f.kind.value] if f.kind else []) + [c for c in f.categories if not f.kind or c != f.kind.value]
    lines += ["CATEGORIES:" + _text(c) for c in categories]  # one per property: no comma list to cut
    lines += [f"RELATED-TO;RELTYPE=DEPENDS-ON:{_text(uid)}" for uid in f.depends_on]
    if f.mission_ref is not None:
        lines.append(OWN["mission"] + ":" + _text(f.mission_ref))
    if f.kind is not None:
        lines.append(OWN["kind"] + ":" + f.kind.value)
    if f.due is not None:
        lines += [OWN["precision"] + ":" + f.due.precision.value, OWN["phrase"] + ":" + _text(f.due.phrase)]
    lines.append(OWN["status"] + ":" + f.status.value)
    for owner in f.owners:
        params = (f";X-EMAIL={_param(owner.email)}" if owner.email else "") + (";X-LEAD=TRUE" if owner.lead else "")
        lines.append(OWN["owners"] + params + ":" + _text(owner.name))
    return lines + _editor_line(f.editor, stamp)


def _editor_line(editor: str, stamp: str) -> list[str]:
    return [f"{EDITOR};X-AT={stamp}:{_text(editor)}"] if editor.strip() else []


def _calendar(component: str, lines: list[str], kept: str = "") -> bytes:
    body = "".join(fold(line) for line in lines)
    return (f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{fold('PRODID:' + PRODID)}BEGIN:{component}\r\n{body}{kept}"
            f"END:{component}\r\nEND:VCALENDAR\r\n").encode("utf-8")


def task_text(fields: TaskFields, keep: bytes | str | None = None) -> bytes:
    """The VTODO of `fields`, as a whole iCalendar object for a PUT.

    With `keep` (the item as last fetched from the server, or its `foreign_lines`), every property and
    subcomponent we do not own survives the rewrite: another client's alarm, subtask link or X-APPLE-* stays."""
    kept = keep if isinstance(keep, str) else foreign_lines(keep) if keep else ""
    return _calendar("VTODO", _task_lines(fields), kept)


def mission_text(fields: MissionFields) -> bytes:
    """The mission's VJOURNAL: SUMMARY and DESCRIPTION read naturally in a journal client."""
    stamp = _utc(fields.last_modified)
    lines = [f"UID:{_text(fields.uid)}", f"DTSTAMP:{stamp}", f"LAST-MODIFIED:{stamp}", f"SEQUENCE:{fields.sequence}",
             "SUMMARY:" + _text(fields.title)]
    if fields.signed_on:
        lines.append(f"DTSTART;VALUE=DATE:{fields.signed_on:%Y%m%d}")
    if fields.summary:
        lines.append("DESCRIPTION:" + _text(fields.summary))
    lines += [MISSION_MARK + ":mission", X + "REFERENCE:" + _text(fields.reference),
              X + "AUTHORITY:" + _text(fields.authority), X + "SIGNATORY:" + _text(fields.signatory),
              X + "LEAD:" + _text(fields.lead), X + "STATUS:" + fields.status.value]
    lines += [X + "ADDRESSEE:" + _text(a) for a in fields.addressees]
    for p in fields.people:
        params = "".join(f";X-{key}={_param(value)}" for key, value in
                         (("EMAIL", p.email), ("ROLE", p.role), ("ORGANISATION", p.organisation)) if value)
        lines.append(X + "PERSON" + params + ":" + _text(p.name))
    return _calendar("VJOURNAL", lines + _editor_line(fields.editor, stamp))


# ---------------------------------------------------------------- reading


def _component(data: bytes):
    """The one VTODO or VJOURNAL of a CalDAV item, or MalformedItem with the reason."""
    if not isinstance(data, bytes | bytearray):
        raise TypeError("an item is bytes")
    if len(data) > MAX_ITEM_BYTES:
        raise MalformedItem(f"the item is {len(data)} bytes, far more than a task")
    try:
        text = bytes(data).removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        raise MalformedItem("the item is not UTF-8 text") from None
    if not text.lstrip().upper().startswith("BEGIN:VCALENDAR"):
        raise MalformedItem("the item is not iCalendar (no BEGIN:VCALENDAR)")
    lean = lean_component(text)  # an item in our own shape: read in microseconds (see lean_item.py)
    if lean is not None:
        return lean
    from icalendar import Calendar  # 80 ms to import: only when an item is read

    try:
        calendar = Calendar.from_ical(text.encode("utf-8"))  # bytes: a one-line str would be a file path
        found = [c for c in calendar.subcomponents if c.name in ("VTODO", "VJOURNAL", "VEVENT")]
    except Exception as exc:  # icalendar raises ValueError, TypeError, KeyError, ... on bad input
        raise MalformedItem(f"the item is not valid iCalendar ({_short(exc)})") from None
    if not found:
        raise MalformedItem("the item holds no task")
    uids = {str(c.get("UID", "")) for c in found}
    if len(uids) > 1:
        raise MalformedItem("the item holds components with different UIDs")
    master = next((c for c in found if c.get("RECURRENCE-ID") is None), found[0])
    if master.name == "VEVENT":
        raise MalformedItem("the item is an event, not a task")
    return master


def _short(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 160 else text[:159] + "…"


def _all(comp, name: str) -> list:
    value = comp.get(name)
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


_ESCAPED = re.compile(r"\\([\\;,nN])")


def _value(prop) -> str:
    """The text of a property. icalendar unescapes the TEXT it knows but keeps unknown X- values raw."""
    if type(prop) is Property:  # the lean reader's: already unescaped
        return str.__str__(prop)
    from icalendar.prop import vUnknown

    if isinstance(prop, vUnknown):
        return _ESCAPED.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), str(prop))
    return str(prop)


def _str(comp, name: str) -> str | None:
    values = _all(comp, name)
    return _value(values[0]) if values else None


def _enum(kind, value: str | None):
    try:
        return kind(value.strip().lower()) if value else None
    except ValueError:
        return None


def _date_of(prop) -> date:
    """The calendar date the author saw: in the value's own zone (TZID), as written (floating, DATE),
    or in UTC for a UTC time (the author's zone is not in the item)."""
    value = prop.dt
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raise MalformedItem("a date in the item is not a date")


def _moment(comp, name: str) -> datetime | None:
    prop = comp.get(name)
    if prop is None:
        return None
    try:
        value = prop.dt
    except Exception:
        return None
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc) if value.tzinfo else value.replace(tzinfo=timezone.utc)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=timezone.utc)
    return None


def _due(comp, present: set[str]) -> Due | None:
    if comp.get("DUE") is not None:
        day = _date_of(comp["DUE"])
    elif comp.get("DTSTART") is not None:
        day = _date_of(comp["DTSTART"])
        duration = comp.get("DURATION")
        if duration is not None and isinstance(duration.dt, timedelta):
            start = comp["DTSTART"].dt
            day = (start + duration.dt).date() if isinstance(start, datetime) else day + timedelta(days=duration.dt.days)
    else:
        return None
    precision = _enum(Precision, _str(comp, OWN["precision"]))
    phrase = _str(comp, OWN["phrase"])
    return Due(day, precision or Precision.DAY, phrase or "")


def read_task(data: bytes) -> TaskFields:
    """The fields of a VTODO as any client may have left it; MalformedItem when it is not one."""
    comp = _component(data)
    if comp.name != "VTODO":
        raise MalformedItem(f"the item is a {comp.name}, not a task")
    return _task(comp)


def _task(comp) -> TaskFields:
    try:
        uid = (_str(comp, "UID") or "").strip()
        if not uid:
            raise MalformedItem("the task has no UID")
        present = {name for name, prop in OWN.items() if comp.get(prop) is not None}
        depends = [_value(r).strip() for r in _all(comp, "RELATED-TO")
                   if str(r.params.get("RELTYPE", "PARENT")).upper() == "DEPENDS-ON" and _value(r).strip()]
        if "mission" in present:  # our marker proves our properties survived: one missing means empty
            present |= {*OWN, "depends_on"}
        elif depends:
            present.add("depends_on")
        due = _due(comp, present)
        ical_status = (_str(comp, "STATUS") or "NEEDS-ACTION").strip().upper()
        status = STATUS_OF_TODO.get(ical_status, Status.PLANNED)
        ours = _enum(Status, _str(comp, OWN["status"]))
        if ours is not None and TODO_STATUS[ours] == ical_status:  # e.g. blocked: only while STATUS agrees
            status = ours
        completed = comp.get("COMPLETED")
        completed_on = _date_of(completed) if completed is not None else None
        if comp.get("COMPLETED") is not None and ical_status == "NEEDS-ACTION" and comp.get("STATUS") is None:
            status = Status.DONE  # some clients mark completion with COMPLETED alone
        categories = [c for prop in _all(comp, "CATEGORIES") for c in _category_values(prop)]
        kind = _enum(Kind, _str(comp, OWN["kind"])) or next(
            (k for c in categories if (k := _enum(Kind, c)) is not None), None)
        percent = comp.get("PERCENT-COMPLETE")
        owners = tuple(TaskOwner(_value(o).strip(), str(o.params.get("X-EMAIL", "")).strip(),
                                 str(o.params.get("X-LEAD", "")).upper() == "TRUE")
                       for o in _all(comp, OWN["owners"]) if _value(o).strip())
        sequence = comp.get("SEQUENCE")
        return TaskFields(
            uid=uid, title=(_str(comp, "SUMMARY") or "").strip(), due=due, status=status, kind=kind,
            notes=_str(comp, "DESCRIPTION") or "", owners=owners, depends_on=tuple(dict.fromkeys(depends)),
            completed_on=completed_on, percent=_int(percent),
            categories=tuple(c for c in dict.fromkeys(categories) if not kind or c.lower() != kind.value),
            sequence=_int(sequence) or 0, mission_ref=_str(comp, OWN["mission"]),
            last_modified=_moment(comp, "LAST-MODIFIED") or _moment(comp, "DTSTAMP"), present=frozenset(present),
            editor=_editor(comp))
    except MalformedItem:
        raise
    except Exception as exc:  # a value icalendar could not type (a DUE that is no date, ...)
        raise MalformedItem(f"the task is not valid iCalendar ({_short(exc)})") from None


def _editor(comp) -> str:
    """The name on our EDITOR line if its stamp is still the item's LAST-MODIFIED, else ""."""
    values = _all(comp, EDITOR)
    if not values:
        return ""
    stamp = str(values[0].params.get("X-AT", "")).strip()
    written = _moment(comp, "LAST-MODIFIED")
    if not stamp or written is None or stamp != _utc(written):
        return ""
    return _value(values[0]).strip()


def _category_values(prop) -> list[str]:
    cats = getattr(prop, "cats", None)
    values = cats if cats is not None else str(prop).split(",")
    return [str(v).strip() for v in values if str(v).strip()]


def _int(prop) -> int | None:
    if prop is None:
        return None
    try:
        return int(prop)
    except (TypeError, ValueError):
        return None


def read_mission(data: bytes) -> MissionFields:
    """The mission of its VJOURNAL; MalformedItem when the item is not one."""
    comp = _component(data)
    if comp.name != "VJOURNAL" or (_str(comp, MISSION_MARK) or "").strip().lower() != "mission":
        raise MalformedItem("the item is not a missiontui mission")
    return _mission(comp)


def _mission(comp) -> MissionFields:
    try:
        reference = (_str(comp, X + "REFERENCE") or "").strip()
        if not reference:
            raise MalformedItem("the mission has no reference")
        signed = comp.get("DTSTART")
        people = tuple(MissionPerson(_value(p).strip(), str(p.params.get("X-EMAIL", "")),
                                     str(p.params.get("X-ROLE", "")), str(p.params.get("X-ORGANISATION", "")))
                       for p in _all(comp, X + "PERSON") if _value(p).strip())
        return MissionFields(
            uid=(_str(comp, "UID") or "").strip() or mission_uid(reference), reference=reference,
            title=(_str(comp, "SUMMARY") or "").strip(), authority=_str(comp, X + "AUTHORITY") or "",
            signatory=_str(comp, X + "SIGNATORY") or "",
            addressees=tuple(_value(a) for a in _all(comp, X + "ADDRESSEE") if _value(a).strip()),
            signed_on=_date_of(signed) if signed is not None else None, summary=_str(comp, "DESCRIPTION") or "",
            status=_enum(MissionStatus, _str(comp, X + "STATUS")) or MissionStatus.ACTIVE,
            lead=_str(comp, X + "LEAD") or "", people=people, sequence=_int(comp.get("SEQUENCE")) or 0,
            last_modified=_moment(comp, "LAST-MODIFIED") or _moment(comp, "DTSTAMP"), editor=_editor(comp))
    except MalformedItem:
        raise
    except Exception as exc:
        raise MalformedItem(f"the mission is not valid iCalendar ({_short(exc)})") from None


def read_item(data: bytes) -> TaskFields | MissionFields:
    """What a collection member is: a deliverable's task or the mission; MalformedItem otherwise."""
    comp = _component(data)
    if comp.name == "VJOURNAL":
        if (_str(comp, MISSION_MARK) or "").strip().lower() != "mission":
            raise MalformedItem("the item is a journal entry, not a task")
        return _mission(comp)
    return _task(comp)


def foreign_lines(data: bytes, *, read: bool = False) -> str:
    """Every content line of the old VTODO that task_text does not write, folded as it was, and
    its subcomponents (alarms) whole. Read as text: re-serialising through a parser would change them.
    `read`: the caller has already read the item as a task (the sync has), so it is not parsed again."""
    try:
        if not read:
            _component(data)  # only a readable task is worth keeping from
        text = bytes(data).removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except (MalformedItem, UnicodeDecodeError):
        return ""
    out, depth, keeping, inside = [], 0, False, False
    for line in re.split(r"\r\n|\n|\r", text):
        if line[:1] in (" ", "\t"):  # a folded continuation belongs to the line before
            if keeping:
                out.append(line + "\r\n")
            continue
        upper = line.upper()
        if upper.startswith("BEGIN:"):
            depth += 1
            inside = inside or (depth == 2 and upper[6:].strip() == "VTODO")
        if inside and depth >= 2:
            name = re.split("[;:]", line, maxsplit=1)[0].upper()
            keeping = depth > 2 or name not in _TASK_PROPS | {"BEGIN", "END"}
            if keeping:
                out.append(line + "\r\n")
        else:
            keeping = False
        if upper.startswith("END:"):
            if depth == 2 and inside:
                return "".join(out)
            depth -= 1
    return "".join(out)
