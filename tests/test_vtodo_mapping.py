"""One deliverable as one VTODO, one mission as one VJOURNAL: what RFC 5545 and issue 10 ask of the
text we write, and what we read back from what task clients leave on a server."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
import vobject
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from missiontui.core.ical.tasks import (MalformedItem, MissionFields, MissionPerson, TaskFields, TaskOwner,
                                        mission_text, mission_uid, read_item, read_mission, read_task, task_text)
from missiontui.core.model import Due, Kind, MissionStatus, Precision, Status
from tests.ical_helpers import radicale_accepts

MOMENT = datetime(2022, 5, 16, 9, 30, tzinfo=timezone.utc)
REPORT = TaskFields(
    uid="0192a5b0-report", title="Rapport final, version « définitive »; relue", mission_ref="D-22-010393",
    due=Due(date(2022, 9, 30), Precision.MONTH, "en septembre 2022"), status=Status.IN_PROGRESS, kind=Kind.REPORT,
    notes="Première ligne\nSeconde ligne, avec virgule; et point-virgule \\ fin",
    owners=(TaskOwner("Audigé, Thomas", "thomas.audige@igas.gouv.fr", True), TaskOwner("Anne Martin")),
    depends_on=("0192a5b0-draft", "0192a5b0-review"), percent=40, categories=("IGAS",), sequence=3,
    last_modified=MOMENT)


def lines(data: bytes) -> list[str]:
    """Unfolded content lines (RFC 5545 3.1)."""
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")


def vtodo(body: str, extra: str = "") -> bytes:
    """A VTODO as another client would write it."""
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN\r\n" + extra
            + "BEGIN:VTODO\r\n" + body.strip().replace("\n", "\r\n") + "\r\nEND:VTODO\r\nEND:VCALENDAR\r\n").encode()


# ---------------------------------------------------------------- what we write


def test_the_vtodo_carries_the_rfc_properties_the_issue_lists():
    text = lines(task_text(REPORT))
    assert "UID:0192a5b0-report" in text
    assert "DUE;VALUE=DATE:20220930" in text  # a date, never a time: it cannot move across time zones
    assert "STATUS:IN-PROCESS" in text
    assert "PERCENT-COMPLETE:40" in text
    assert "SEQUENCE:3" in text
    assert "LAST-MODIFIED:20220516T093000Z" in text and "DTSTAMP:20220516T093000Z" in text
    assert "SUMMARY:Rapport final\\, version « définitive »\\; relue" in text  # TEXT escaping, 3.3.11
    assert "DESCRIPTION:Première ligne\\nSeconde ligne\\, avec virgule\\; et point-virgule \\\\ fin" in text
    assert "RELATED-TO;RELTYPE=DEPENDS-ON:0192a5b0-draft" in text
    assert "RELATED-TO;RELTYPE=DEPENDS-ON:0192a5b0-review" in text


def test_multi_valued_fields_are_one_property_per_value_never_a_comma_list():
    text = lines(task_text(REPORT))
    assert "CATEGORIES:report" in text and "CATEGORIES:IGAS" in text
    owners = [line for line in text if line.startswith("X-MISSIONTUI-OWNER")]
    assert owners == ['X-MISSIONTUI-OWNER;X-EMAIL="thomas.audige@igas.gouv.fr";X-LEAD=TRUE:Audigé\\, Thomas',
                      "X-MISSIONTUI-OWNER:Anne Martin"]
    for line in text:  # a bare comma would be cut by vobject on Radicale
        if line.startswith("X-"):
            assert "," not in line.replace("\\,", ""), line


def test_no_attendee_so_no_server_e_mails_the_owners():
    assert not any(line.startswith(("ATTENDEE", "ORGANIZER")) for line in lines(task_text(REPORT)))


def test_our_own_fields_are_x_properties():
    text = lines(task_text(REPORT))
    for line in ("X-MISSIONTUI-MISSION:D-22-010393", "X-MISSIONTUI-KIND:report", "X-MISSIONTUI-PRECISION:month",
                 "X-MISSIONTUI-PHRASE:en septembre 2022", "X-MISSIONTUI-STATUS:in-progress"):
        assert line in text


@pytest.mark.parametrize("status, ical, percent", [
    (Status.PLANNED, "NEEDS-ACTION", "0"), (Status.IN_PROGRESS, "IN-PROCESS", "50"),
    (Status.BLOCKED, "NEEDS-ACTION", "0"), (Status.DONE, "COMPLETED", "100"), (Status.CANCELLED, "CANCELLED", "0"),
])
def test_status_and_default_percent(status, ical, percent):
    text = lines(task_text(TaskFields(uid="u", title="t", status=status)))
    assert f"STATUS:{ical}" in text and f"PERCENT-COMPLETE:{percent}" in text
    assert f"X-MISSIONTUI-STATUS:{status.value}" in text


def test_done_writes_completed_as_a_utc_date_time_on_the_completion_day():
    text = lines(task_text(TaskFields(uid="u", title="t", status=Status.DONE, completed_on=date(2022, 9, 28))))
    assert "COMPLETED:20220928T120000Z" in text  # RFC 5545 3.8.2.1: COMPLETED is a UTC DATE-TIME


def test_the_text_passes_three_independent_parsers():
    data = task_text(REPORT)
    assert len(list(vobject.readComponents(data.decode(), validate=True))) == 1
    radicale_accepts(data.decode())
    todo = Calendar.from_ical(data).walk("VTODO")[0]
    assert todo["DUE"].dt == date(2022, 9, 30)
    assert [str(o) for o in todo.get("RELATED-TO")] == ["0192a5b0-draft", "0192a5b0-review"]


def test_every_line_is_folded_at_75_octets():
    long = TaskFields(uid="u", title="é" * 200, notes="x" * 500)
    for line in task_text(long).split(b"\r\n"):
        assert len(line) <= 75


def test_vobject_keeps_one_owner_per_property_but_cuts_a_comma_list():
    """Why one property per owner: vobject (Radicale's parser) keeps only the first value of a list."""
    listed = vobject.readOne(vtodo("UID:u\nX-MISSIONTUI-OWNER:Anne,Bob").decode())
    assert [p.value for p in listed.vtodo.contents["x-missiontui-owner"]] == ["Anne"]
    ours = vobject.readOne(task_text(REPORT).decode())
    assert [p.value for p in ours.vtodo.contents["x-missiontui-owner"]] == ["Audigé, Thomas", "Anne Martin"]


# ---------------------------------------------------------------- both ways


def test_what_we_write_reads_back_the_same():
    assert read_task(task_text(REPORT)) == REPORT


texts = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)
owners = st.tuples(texts.filter(lambda s: s.strip() == s and s), st.sampled_from(["", "a@b.fr", "x.y@z.gouv.fr"]),
                   st.booleans()).map(lambda t: TaskOwner(*t))
fields = st.builds(
    TaskFields, uid=st.from_regex(r"[A-Za-z0-9-]{1,30}", fullmatch=True),
    title=texts.filter(lambda s: s.strip() == s and s), due=st.none() | st.builds(
        Due, st.dates(date(2000, 1, 1), date(2099, 12, 31)), st.sampled_from(list(Precision)), texts.map(str.strip)),
    status=st.sampled_from(list(Status)), kind=st.none() | st.sampled_from(list(Kind)),
    notes=st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x00\x7f\x0b\x0c\x1c\x1d\x1e"
                                "\x1f\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18"
                                "\x19\x1a\x1b\t"), max_size=60),
    owners=st.lists(owners, max_size=3, unique_by=lambda o: o.name).map(tuple),
    depends_on=st.lists(st.from_regex(r"[a-z0-9-]{1,20}", fullmatch=True), max_size=3, unique=True).map(tuple),
    percent=st.integers(0, 100), sequence=st.integers(0, 1000), mission_ref=st.from_regex(r"[A-Z0-9-]{1,15}",
                                                                                          fullmatch=True),
    last_modified=st.datetimes(datetime(2000, 1, 1), datetime(2099, 1, 1)).map(
        lambda d: d.replace(microsecond=0, tzinfo=timezone.utc)),
)


@settings(max_examples=150, deadline=None)
@given(fields)
def test_any_deliverable_survives_the_round_trip(f):
    if f.status is not Status.DONE:
        f = TaskFields(**{**f.__dict__, "completed_on": None})
    assert read_task(task_text(f)) == f


# ---------------------------------------------------------------- what other clients leave


def test_a_task_typed_in_thunderbird_without_a_due_date_is_undated_and_carries_none_of_our_fields():
    item = read_task(vtodo("""
CREATED:20220601T080000Z
LAST-MODIFIED:20220601T080000Z
DTSTAMP:20220601T080000Z
UID:c2f0a1a4-tb
SUMMARY:Relancer la DGS
"""))
    assert item.due is None and item.title == "Relancer la DGS" and item.status is Status.PLANNED
    assert item.present == frozenset()  # no kind, owners... to take from it: absent, not empty
    assert item.kind is None and item.owners == () and item.mission_ref is None


def test_a_client_that_drops_our_properties_leaves_them_absent_not_empty():
    rewritten = b"\r\n".join(line for line in task_text(REPORT).split(b"\r\n") if not line.startswith(b"X-"))
    item = read_task(rewritten)
    assert item.present == {"depends_on"}  # RELATED-TO is standard: clients keep it
    assert item.owners == () and item.mission_ref is None
    assert item.kind is Kind.REPORT  # from CATEGORIES, which clients show and keep
    assert item.due == Due(date(2022, 9, 30))  # the date survives; precision and phrase are absent
    assert item.status is Status.IN_PROGRESS and item.title == REPORT.title


def test_our_marker_proves_an_empty_owner_list_is_real():
    item = read_task(task_text(TaskFields(uid="u", title="t", mission_ref="D-1")))
    assert {"owners", "depends_on", "mission"} <= item.present and item.owners == ()


@pytest.mark.parametrize("due, expected", [
    ("DUE;TZID=Europe/Paris:20220930T235900", date(2022, 9, 30)),  # 21:59 UTC: still the 30th in Paris
    ("DUE;TZID=Pacific/Auckland:20221001T080000", date(2022, 10, 1)),  # 19:00 UTC on the 30th
    ("DUE:20220930T233000", date(2022, 9, 30)),  # floating: as written
    ("DUE:20220930T233000Z", date(2022, 9, 30)),  # UTC: the author's zone is not in the item
    ("DUE;VALUE=DATE:20220930", date(2022, 9, 30)),
    ("DTSTART;VALUE=DATE:20220901\nDURATION:P29D", date(2022, 9, 30)),  # RFC 5545: due = start + duration
    ("DTSTART;VALUE=DATE:20220915", date(2022, 9, 15)),  # the only date the task has
])
def test_a_due_with_a_time_keeps_the_date_its_author_saw(due, expected):
    zones = ("BEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\nBEGIN:DAYLIGHT\r\nDTSTART:19810329T020000\r\nTZOFFSETFROM:+0100"
             "\r\nTZOFFSETTO:+0200\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\nBEGIN:STANDARD\r\n"
             "DTSTART:19961027T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nRRULE:FREQ=YEARLY;BYMONTH=10;"
             "BYDAY=-1SU\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n")
    item = read_task(vtodo(f"UID:u\nSUMMARY:t\n{due}", extra=zones))
    assert item.due.date == expected and item.due.precision is Precision.DAY


def test_blocked_holds_only_while_status_says_what_we_wrote():
    blocked = task_text(TaskFields(uid="u", title="t", status=Status.BLOCKED))
    assert read_task(blocked).status is Status.BLOCKED
    completed_elsewhere = blocked.replace(b"STATUS:NEEDS-ACTION", b"STATUS:COMPLETED")
    assert read_task(completed_elsewhere).status is Status.DONE


@pytest.mark.parametrize("body, status", [
    ("STATUS:COMPLETED\nCOMPLETED:20220930T101500Z", Status.DONE),
    ("COMPLETED:20220930T101500Z", Status.DONE),  # completion without STATUS (older Apple Reminders)
    ("STATUS:IN-PROCESS", Status.IN_PROGRESS),
    ("STATUS:CANCELLED", Status.CANCELLED),
    ("", Status.PLANNED),  # no STATUS: needs action
    ("STATUS:WHATEVER", Status.PLANNED),
])
def test_status_from_other_clients(body, status):
    assert read_task(vtodo(f"UID:u\nSUMMARY:t\n{body}")).status is status


def test_completed_from_another_client_gives_the_completion_date():
    item = read_task(vtodo("UID:u\nSUMMARY:t\nSTATUS:COMPLETED\nCOMPLETED:20220930T101500Z"))
    assert item.completed_on == date(2022, 9, 30)


def test_categories_in_one_comma_list_are_read_too():
    item = read_task(vtodo("UID:u\nSUMMARY:t\nCATEGORIES:Decision,Urgent\nCATEGORIES:IGAS"))
    assert item.kind is Kind.DECISION and item.categories == ("Urgent", "IGAS")


def test_a_parent_relation_is_not_a_dependency():
    item = read_task(vtodo("UID:u\nSUMMARY:t\nRELATED-TO:parent-uid\nRELATED-TO;RELTYPE=DEPENDS-ON:dep-uid"))
    assert item.depends_on == ("dep-uid",)


def test_rewriting_keeps_what_other_clients_added():
    from_apple = task_text(REPORT).replace(
        b"END:VTODO", b"X-APPLE-SORT-ORDER:123456\r\nRELATED-TO;RELTYPE=PARENT:parent-1\r\nBEGIN:VALARM\r\n"
                      b"ACTION:DISPLAY\r\nTRIGGER:-PT1H\r\nDESCRIPTION:Rappel\r\nEND:VALARM\r\nEND:VTODO")
    moved = TaskFields(**{**REPORT.__dict__, "title": "Rapport final", "due": Due(date(2022, 10, 15))})
    text = lines(task_text(moved, keep=from_apple))
    assert "X-APPLE-SORT-ORDER:123456" in text and "TRIGGER:-PT1H" in text
    assert [line for line in text if line.startswith("SUMMARY")] == ["SUMMARY:Rapport final"]
    assert [line for line in text if line.startswith("DUE")] == ["DUE;VALUE=DATE:20221015"]
    # RELATED-TO is ours to write: the parent link of another client is a RELATED-TO too
    assert read_task(task_text(moved, keep=from_apple)) == moved


# ---------------------------------------------------------------- what we refuse


@pytest.mark.parametrize("data, reason", [
    (b"\xff\xfeB\x00E\x00", "not UTF-8"),
    (b"<html>502 Bad Gateway</html>", "not iCalendar"),
    (vtodo("SUMMARY:no uid"), "no UID"),
    (vtodo("UID:u\nSUMMARY:t\nDUE:not-a-date"), "not valid iCalendar"),
    (vtodo("UID:u\nSUMMARY:t").replace(b"VTODO", b"VEVENT"), "an event"),
    (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "no task"),
    (b"BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nUID:u\r\n", "not valid iCalendar"),
])
def test_a_malformed_item_is_one_sentence(data, reason):
    with pytest.raises(MalformedItem) as raised:
        read_item(data)
    assert reason in str(raised.value) and "\n" not in str(raised.value)


# ---------------------------------------------------------------- the mission


DNS = MissionFields(
    uid=mission_uid("D-22-010393"), reference="D-22-010393",
    title="Mission relative à la stratégie nationale de santé, volet « numérique »",
    authority="Ministre des solidarités et de la santé", signatory="Olivier Véran",
    addressees=("Cheffe de l'IGAS", "Inspecteur général, IGF"), signed_on=date(2022, 3, 2),
    summary="Évaluer; proposer.\nRemettre le rapport en septembre.", status=MissionStatus.ACTIVE, lead="Thomas Audigé",
    people=(MissionPerson("Thomas Audigé", "thomas.audige@igas.gouv.fr", "inspecteur, pilote", "IGAS"),
            MissionPerson("Anne Martin")), sequence=2, last_modified=MOMENT)


def test_the_mission_reads_back_complete():
    assert read_mission(mission_text(DNS)) == DNS
    assert read_item(mission_text(DNS)) == DNS


def test_the_mission_is_a_journal_entry_not_a_task():
    text = lines(mission_text(DNS))
    assert "BEGIN:VJOURNAL" in text and not any("VTODO" in line for line in text)
    assert "DTSTART;VALUE=DATE:20220302" in text
    assert [line for line in text if line.startswith("X-MISSIONTUI-ADDRESSEE")] == [
        "X-MISSIONTUI-ADDRESSEE:Cheffe de l'IGAS", "X-MISSIONTUI-ADDRESSEE:Inspecteur général\\, IGF"]
    radicale_accepts(mission_text(DNS).decode())


def test_a_journal_entry_of_another_client_is_not_a_mission():
    journal = vtodo("UID:j\nSUMMARY:Compte rendu").replace(b"VTODO", b"VJOURNAL")
    with pytest.raises(MalformedItem, match="journal entry"):
        read_item(journal)


def test_mission_uid_is_the_same_on_every_replica_and_a_safe_name():
    assert mission_uid("D-22-010393") == "missiontui-mission-D-22-010393"
    assert mission_uid("N°2022/14 bis") == "missiontui-mission-N_2022_14_bis"
