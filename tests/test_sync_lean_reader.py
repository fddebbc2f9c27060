"""The lean reader of our own items (core/ical/lean_item.py) says exactly what icalendar says, on every
item it accepts: random tasks and missions as we write them, re-ordered and re-folded as the servers
give them back, and items it must leave to icalendar."""

from __future__ import annotations

import random
from datetime import date, datetime, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from missiontui.core.ical import tasks
from missiontui.core.ical.lean_item import lean_component
from missiontui.core.ical.tasks import (MalformedItem, MissionFields, MissionPerson, TaskFields, TaskOwner,
                                        mission_text, read_item, task_text)
from missiontui.core.model import Due, Kind, MissionStatus, Precision, Status

text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r"), max_size=40)
name = st.text(st.characters(whitelist_categories=("L", "Zs"), whitelist_characters=",;:'-"), min_size=1,
               max_size=20).filter(str.strip)
day = st.dates(date(2000, 1, 1), date(2040, 12, 31))
moment = st.datetimes(datetime(2000, 1, 1), datetime(2040, 1, 1)).map(
    lambda m: m.replace(microsecond=0, tzinfo=timezone.utc))

task_fields = st.builds(
    TaskFields, uid=name, title=name, due=st.none() | st.builds(Due, day, st.sampled_from(Precision), text),
    status=st.sampled_from(Status), kind=st.none() | st.sampled_from(Kind), notes=text,
    owners=st.lists(st.builds(TaskOwner, name, st.emails() | st.just(""), st.booleans()), max_size=3).map(tuple),
    depends_on=st.lists(name, max_size=3).map(tuple), completed_on=st.none() | day,
    percent=st.none() | st.integers(0, 100), categories=st.lists(name, max_size=2).map(tuple),
    sequence=st.integers(0, 50), mission_ref=st.none() | name, last_modified=moment, editor=st.just("") | name)

mission_fields = st.builds(
    MissionFields, uid=name, reference=name, title=name, authority=text, signatory=text,
    addressees=st.lists(name, max_size=3).map(tuple), signed_on=st.none() | day, summary=text,
    status=st.sampled_from(MissionStatus), lead=text,
    people=st.lists(st.builds(MissionPerson, name, st.emails() | st.just(""), text, text), max_size=3).map(tuple),
    sequence=st.integers(0, 50), last_modified=moment, editor=st.just("") | name)


def with_icalendar(data: bytes, monkeypatch):
    with monkeypatch.context() as m:
        m.setattr(tasks, "lean_component", lambda _text: None)
        try:
            return read_item(data)
        except MalformedItem as exc:
            return ("malformed", str(exc))


def either(data: bytes):
    try:
        return read_item(data)
    except MalformedItem as exc:
        return ("malformed", str(exc))


def as_a_server_returns_it(data: bytes, seed: int) -> bytes:
    """Properties sorted (both servers do), some lines folded at other places, LF line ends on some."""
    lines = data.decode().replace("\r\n ", "").split("\r\n")
    head, body = lines[:lines.index("BEGIN:VTODO" if "BEGIN:VTODO" in lines else "BEGIN:VJOURNAL") + 1], []
    rest = lines[len(head):]
    end = rest.index("END:VTODO" if "END:VTODO" in rest else "END:VJOURNAL")
    body, tail = sorted(rest[:end]), rest[end:]
    rng = random.Random(seed)
    folded = []
    for line in head + body + tail:
        if len(line) > 20 and rng.random() < 0.3:
            cut = rng.randrange(5, len(line) - 1)
            folded.append(line[:cut] + "\r\n " + line[cut:])
        else:
            folded.append(line)
    return "\r\n".join(folded).encode()


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(fields=task_fields, seed=st.integers(0, 1000))
def test_a_task_reads_the_same_both_ways(fields, seed, monkeypatch):
    for data in (task_text(fields), as_a_server_returns_it(task_text(fields), seed)):
        assert either(data) == with_icalendar(data, monkeypatch)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(fields=mission_fields)
def test_a_mission_reads_the_same_both_ways(fields, monkeypatch):
    data = mission_text(fields)
    assert either(data) == with_icalendar(data, monkeypatch)


def test_the_lean_reader_takes_our_ordinary_items():
    """Not vacuous: the items a sync meets every day go the fast way."""
    fields = TaskFields(uid="1a2b-0-c3@missiontui", title="Note de cadrage, v2; relue", mission_ref="D-22-010393",
                        due=Due(date(2022, 5, 31), Precision.END_OF_MONTH, "fin mai"), kind=Kind.OTHER,
                        owners=(TaskOwner("Martin, Anne", "a.martin@igas.gouv.fr", True),), notes="Ligne 1\nLigne 2",
                        percent=0, last_modified=datetime(2022, 5, 16, tzinfo=timezone.utc), editor="Thomas Audigé")
    assert lean_component(task_text(fields).decode()) is not None
    assert read_item(task_text(fields)) == fields


@pytest.mark.parametrize("change", [
    lambda t: t.replace("END:VTODO", "BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-P1D\r\nEND:VALARM\r\nEND:VTODO"),
    lambda t: t.replace("DUE;VALUE=DATE:20220531", "DUE;TZID=Europe/Paris:20220531T180000"),
    lambda t: t.replace("END:VTODO", "X-APPLE-SORT-ORDER:12\r\nEND:VTODO"),
    lambda t: t.replace("SUMMARY:Note", "SUMMARY:Note \\\\ n"),
    lambda t: t.replace("END:VCALENDAR", "BEGIN:VTODO\r\nUID:other\r\nEND:VTODO\r\nEND:VCALENDAR"),
    lambda t: t.replace("SEQUENCE:0", "SEQUENCE:zero"),
    lambda t: t.replace("DUE;VALUE=DATE:20220531", "DUE;VALUE=DATE:20221331"),
])
def test_anything_unusual_is_left_to_icalendar(change, monkeypatch):
    fields = TaskFields(uid="u", title="Note", due=Due(date(2022, 5, 31)), mission_ref="D-22",
                        last_modified=datetime(2022, 5, 16, tzinfo=timezone.utc))
    data = change(task_text(fields).decode())
    assert lean_component(data) is None
    assert either(data.encode()) == with_icalendar(data.encode(), monkeypatch)
