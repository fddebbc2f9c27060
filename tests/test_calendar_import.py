"""Importing iCalendar files: untrusted input, all or nothing, and our own exports change nothing."""

import json
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from missiontui.usecases import deliverables
from missiontui.usecases import imports
from missiontui.core.errors import MissionError
from tests.conftest import DATA
from tests.ical_helpers import export_text

TODAY = date(2022, 5, 16)
FOREIGN = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Thunderbird//EN\r\n"
    "BEGIN:VEVENT\r\nUID:thunderbird-1\r\nDTSTAMP:20220501T100000Z\r\nDTSTART;VALUE=DATE:20220715\r\n"
    "SUMMARY:Audition de la DREES\r\nDESCRIPTION:Salle 4\\, bâtiment B\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)


def state(ctx):
    store = ctx.store
    return (len(store.history()), store.count_deliverables(), [(d.id, d.version) for d in store.deliverables()])


def write(tmp_path, text, name="in.ics", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return str(path)


def test_reimporting_our_own_export_changes_nothing(seeded_cli_store, cli, tmp_path):
    store = seeded_cli_store
    path = write(tmp_path, export_text(store, today=TODAY))
    before = state(store)
    result = cli("import", path)
    assert result.code == 0 and "0 to create, 0 to update, 13 unchanged" in result.out
    assert state(store) == before


def test_todo_export_reimports_unchanged(seeded_cli_store, cli, tmp_path):
    path = write(tmp_path, export_text(seeded_cli_store, todo=True))
    assert "13 unchanged" in cli("import", path).out


def test_an_edit_made_in_a_calendar_updates_the_deliverable(seeded_cli_store, cli, tmp_path):
    text = export_text(seeded_cli_store, today=TODAY).replace(
        "DTSTART;VALUE=DATE:20220930\r\nDTEND;VALUE=DATE:20221001", "DTSTART;VALUE=DATE:20221014\r\nDTEND;VALUE=DATE:20221015")
    result = cli("import", write(tmp_path, text, "calendar.ics"))
    assert result.code == 0 and "1 to update" in result.out
    report = seeded_cli_store.store.deliverable(12)
    assert report.due.date == date(2022, 10, 14)
    last = seeded_cli_store.store.history("deliverable", 12)[0]
    assert (list(last.after), last.reason) == (["due"], "import calendar.ics")


def test_a_date_removed_in_a_calendar_leaves_the_deadline_alone(seeded_cli_store, cli, tmp_path):
    text = export_text(seeded_cli_store, today=TODAY).replace(
        "DTSTART;VALUE=DATE:20220930\r\nDTEND;VALUE=DATE:20221001\r\n", "")
    result = cli("import", write(tmp_path, text))
    assert result.code == 0 and "0 to update, 13 unchanged" in result.out
    assert seeded_cli_store.store.deliverable(12).due.date == date(2022, 9, 30)


def test_a_cancellation_from_the_calendar_cancels(seeded_cli_store, cli, tmp_path):
    text = export_text(seeded_cli_store, today=TODAY)
    start = text.index("UID:D-22-010393/decisions@missiontui-seed")
    text = text[:start] + text[start:].replace("STATUS:CONFIRMED", "STATUS:CANCELLED", 1)
    assert cli("import", write(tmp_path, text)).code == 0
    assert seeded_cli_store.store.deliverable(13).status.value == "cancelled"


def test_new_events_need_a_mission_and_keep_their_uid(seeded_cli_store, cli, tmp_path):
    path = write(tmp_path, FOREIGN)
    refused = cli("import", path)
    assert refused.code == 1 and "which mission?" in refused.err and "nothing imported" in refused.err
    created = cli("import", path, "--mission", "D-22-010393")
    assert created.code == 0 and "1 to create" in created.out
    added = seeded_cli_store.store.deliverable_by_uid("thunderbird-1")
    assert (added.title, added.due.date, added.notes) == ("Audition de la DREES", date(2022, 7, 15), "Salle 4, bâtiment B")
    assert "1 unchanged" in cli("import", path, "--mission", "D-22-010393").out


def test_dry_run_writes_nothing(seeded_cli_store, cli, tmp_path):
    before = state(seeded_cli_store)
    result = cli("import", write(tmp_path, FOREIGN), "--mission", "D-22-010393", "--dry-run")
    assert "create  2022-07-15  Audition de la DREES" in result.out and "nothing written" in result.out
    assert state(seeded_cli_store) == before


def test_import_json_report(seeded_cli_store, cli, tmp_path):
    report = cli("import", write(tmp_path, FOREIGN), "-m", "D-22-010393", "--json").json()
    assert report["create"] == ["Audition de la DREES"] and report["applied"] is True


BAD_FILES = {
    "latin-1": ("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART;VALUE=DATE:20220101\r\nSUMMARY:Réunion\r\n"
                "END:VEVENT\r\nEND:VCALENDAR\r\n").encode("latin-1"),
    "not-ical": b"Subject: hello\r\n\r\nthis is an email\r\n",
    "empty": b"",
    "binary": bytes(range(256)) * 10,
    "truncated": FOREIGN[:120].encode(),
    "one-line-path": b"/etc/passwd",
    "huge-line": FOREIGN.replace("Salle 4", "x" * 3_000_000).encode(),
    "wrong-end": FOREIGN.replace("END:VEVENT", "END:VTODO").encode(),
    "nested-event": FOREIGN.replace("SUMMARY:", "BEGIN:VEVENT\r\nEND:VEVENT\r\nSUMMARY:").encode(),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_bad_files_get_a_clear_report_and_write_nothing(seeded_cli_store, cli, tmp_path, name):
    before = state(seeded_cli_store)
    result = cli("import", write(tmp_path, BAD_FILES[name]), "--mission", "D-22-010393")
    assert result.code == 1, result
    assert "missiontui: error:" in result.err and "Traceback" not in result.err + result.out
    assert state(seeded_cli_store) == before


# Issue 12 changed these: one item that does not fit used to fail the whole file; now it is skipped
# with a line saying why, and the rest imports.
EVENT = FOREIGN[FOREIGN.index("BEGIN:VEVENT"):FOREIGN.index("END:VCALENDAR")]


def test_one_bad_event_is_skipped_and_the_good_ones_import(seeded_cli_store, cli, tmp_path):
    good_and_bad = FOREIGN.replace("END:VCALENDAR\r\n", "BEGIN:VEVENT\r\nUID:bad\r\nDTSTART;VALUE=DATE:notadate\r\n"
                                   "SUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    result = cli("import", write(tmp_path, good_and_bad), "--mission", "D-22-010393")
    assert result.code == 0 and "1 to create" in result.out and "1 skipped" in result.out
    assert "skip    'x' (VEVENT at line 11): DTSTART 'notadate' (line 13) is not a date" in result.out
    assert seeded_cli_store.store.deliverable_by_uid("thunderbird-1").title == "Audition de la DREES"
    assert seeded_cli_store.store.deliverable_by_uid("bad") is None


def test_an_impossible_date_skips_only_its_event(seeded_cli_store, cli, tmp_path):
    text = FOREIGN.replace("20220715", "2022-13-45")
    result = cli("import", write(tmp_path, text), "--mission", "D-22-010393")
    assert result.code == 0 and "0 to create" in result.out
    assert "DTSTART '2022-13-45' (line 7) is not a date" in result.out


def test_an_event_without_date_becomes_a_deliverable_to_schedule(seeded_cli_store, cli, tmp_path):
    text = FOREIGN.replace("DTSTART;VALUE=DATE:20220715\r\n", "")
    result = cli("import", write(tmp_path, text), "--mission", "D-22-010393")
    assert result.code == 0 and "1 to create" in result.out and "create  —  Audition de la DREES" in result.out
    added = seeded_cli_store.store.deliverable_by_uid("thunderbird-1")
    assert added.due is None and added.title == "Audition de la DREES"
    listed = cli("list", "--undated", "--json").json()
    assert [d["title"] for d in listed] == ["Audition de la DREES"] and listed[0]["due"] is None


def test_an_event_without_uid_imports_and_a_second_import_changes_nothing(seeded_cli_store, cli, tmp_path):
    path = write(tmp_path, FOREIGN.replace("UID:thunderbird-1\r\n", ""))
    first = cli("import", path, "--mission", "D-22-010393")
    assert first.code == 0 and "1 to create" in first.out
    before = state(seeded_cli_store)
    again = cli("import", path, "--mission", "D-22-010393")
    assert again.code == 0 and "0 to create, 0 to update, 1 unchanged" in again.out
    assert state(seeded_cli_store) == before


def test_a_repeated_uid_keeps_the_first_event(seeded_cli_store, cli, tmp_path):
    twice = FOREIGN.replace("END:VCALENDAR", EVENT.replace("Audition de la DREES", "Autre titre") + "END:VCALENDAR")
    result = cli("import", write(tmp_path, twice), "--mission", "D-22-010393")
    assert result.code == 0 and "1 to create" in result.out
    assert "'Autre titre' (VEVENT at line 11): the same UID as the one at line 4 (kept that one)" in result.out
    assert seeded_cli_store.store.deliverable_by_uid("thunderbird-1").title == "Audition de la DREES"


def test_unknown_time_zone_keeps_the_written_date_with_a_warning(seeded_cli_store, cli, tmp_path):
    text = FOREIGN.replace("DTSTART;VALUE=DATE:20220715", "DTSTART;TZID=Mars/Olympus_Mons:20220715T233000")
    result = cli("import", write(tmp_path, text), "--mission", "D-22-010393")
    assert result.code == 0 and "unknown time zone 'Mars/Olympus_Mons'" in result.err
    assert seeded_cli_store.store.deliverable_by_uid("thunderbird-1").due.date == date(2022, 7, 15)


def test_vtodo_from_a_task_client(seeded_cli_store, cli, tmp_path):
    todo = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//tasks//EN\r\nBEGIN:VTODO\r\nUID:task-1\r\n"
            "DTSTAMP:20220501T100000Z\r\nDUE;VALUE=DATE:20220620\r\nSUMMARY:Relire la note\r\nSTATUS:COMPLETED\r\n"
            "COMPLETED:20220618T090000Z\r\nEND:VTODO\r\nEND:VCALENDAR\r\n")
    assert cli("import", write(tmp_path, todo), "-m", "D-22-010393").code == 0
    task = seeded_cli_store.store.deliverable_by_uid("task-1")
    assert (task.status.value, task.completed_on) == ("done", date(2022, 6, 18))


def test_deleted_deliverables_are_not_brought_back(seeded_cli_store, cli, tmp_path):
    path = write(tmp_path, export_text(seeded_cli_store, today=TODAY))
    deliverables.delete(seeded_cli_store, 12)
    result = cli("import", path)
    assert "deleted in missiontui, not brought back" in result.out
    assert seeded_cli_store.store.deliverable(12, include_deleted=True).deleted_at


@pytest.fixture
def seeded_cli_store(seeded, db_path):
    return seeded


def mutations():
    base = FOREIGN
    return st.one_of(
        st.builds(lambda i, s: base[:i] + s + base[i:], st.integers(0, len(base)), st.text(max_size=20)),
        st.builds(lambda i, j: base[:i] + base[j:], st.integers(0, len(base)), st.integers(0, len(base))),
        st.builds(lambda i, c: base[:i] + c * 3 + base[i + 1:], st.integers(0, len(base) - 1),
                  st.sampled_from([":", ";", "\r\n", "=", '"', "\\", "BEGIN:VEVENT", "END:VCALENDAR", "\x00", "TZID="])),
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=mutations())
def test_mutated_files_never_crash_and_never_write_partially(seeded, text):
    before = state(seeded)
    try:
        plan = imports.plan_import(seeded, text.encode("utf-8", "surrogatepass"), mission="D-22-010393")
        imports.apply_import(seeded, plan, source="fuzz.ics")
    except MissionError:
        assert state(seeded) == before
        return
    after = state(seeded)
    assert after[1] - before[1] == len(plan.creates)
    for change in plan.changes:  # undo, so the next example starts from the same database
        if not change.before:
            deliverables.delete(seeded, seeded.store.deliverable_by_uid(change.uid).id)
            seeded.store.conn.execute("UPDATE deliverable SET uid = uid || '-' || id WHERE uid = ?", (change.uid,))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_are_a_clear_error(data):
    from missiontui.core.ical.reader import read_calendar

    try:
        read_calendar(data)
    except MissionError:
        pass


def test_a_large_import_reports_totals_not_every_line(seeded_cli_store, cli, tmp_path):
    events = "".join(f"BEGIN:VEVENT\r\nUID:bulk-{n}\r\nDTSTAMP:20220501T100000Z\r\nDTSTART;VALUE=DATE:20220715\r\n"
                     f"SUMMARY:Audition {n}\r\nEND:VEVENT\r\n" for n in range(50))
    result = cli("import", write(tmp_path, f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{events}END:VCALENDAR\r\n"),
                 "-m", "D-22-010393")
    assert result.code == 0 and "… and 30 more" in result.out and "50 to create" in result.out
    assert len(result.out.splitlines()) == 22


def test_reimporting_an_export_with_deleted_and_cancelled_deadlines_changes_nothing(seeded_cli_store, cli, tmp_path):
    """Our export publishes deleted deadlines as cancelled (for 90 days): importing it back is a no-op."""
    assert cli("rm", "12", "-r", "abandonné").code == 0
    assert cli("edit", "11", "-s", "cancelled").code == 0
    assert cli("done", "13").code == 0
    for todo in (False, True):
        path = write(tmp_path, export_text(seeded_cli_store, today=TODAY, todo=todo), f"export-{todo}.ics")
        before = state(seeded_cli_store)
        result = cli("import", path)
        assert result.code == 0 and "0 to create, 0 to update, 13 unchanged, 0 skipped" in result.out, result
        assert state(seeded_cli_store) == before
    assert seeded_cli_store.store.deliverable(11).status.value == "cancelled"
    assert seeded_cli_store.store.deliverable(13).status.value == "done"


def test_a_blocked_deadline_exported_as_a_task_comes_back_blocked(seeded_cli_store, cli, tmp_path):
    """Tasks have no 'blocked': we write NEEDS-ACTION, and our own X-MISSIONTUI-STATUS says blocked."""
    assert cli("edit", "12", "-s", "blocked").code == 0
    result = cli("import", write(tmp_path, export_text(seeded_cli_store, today=TODAY, todo=True)))
    assert "13 unchanged" in result.out
    assert seeded_cli_store.store.deliverable(12).status.value == "blocked"


CLIENT_FILES = sorted((DATA / "clients").glob("*.ics"))


@pytest.mark.parametrize("path", CLIENT_FILES, ids=lambda p: p.stem)
def test_client_files_import_and_a_second_import_changes_nothing(seeded_cli_store, cli, path):
    """What each client's file holds (its JSON, written by hand): items that are not cancelled are
    created, those without a date as deliverables to schedule; importing it again is a no-op."""
    items = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))["items"]
    created = [i for i in items if i.get("status") != "cancelled"]
    first = cli("import", str(path), "--mission", "D-22-010393")
    assert first.code == 0, first
    assert f"{len(created)} to create, 0 to update, 0 unchanged, {len(items) - len(created)} skipped" in first.out
    before = state(seeded_cli_store)
    again = cli("import", str(path), "--mission", "D-22-010393")
    assert f"0 to create, 0 to update, {len(created)} unchanged" in again.out
    assert state(seeded_cli_store) == before


def test_an_import_that_meets_a_colleagues_edit_half_way_writes_nothing(seeded, db_path):
    """The file creates an event, then moves the report; Bob edits the report between the plan and
    its application: the whole import is refused, the new event is not left behind."""
    from missiontui.core.errors import Conflict
    from tests.conftest import open_as

    moved = export_text(seeded, today=TODAY).replace(
        "DTSTART;VALUE=DATE:20220930\r\nDTEND;VALUE=DATE:20221001", "DTSTART;VALUE=DATE:20221014\r\nDTEND;VALUE=DATE:20221015")
    new_event = FOREIGN.split("BEGIN:VEVENT", 1)[1].split("END:VCALENDAR")[0]
    text = moved.replace("BEGIN:VEVENT", "BEGIN:VEVENT" + new_event + "BEGIN:VEVENT", 1)  # the new one first
    plan = imports.plan_import(seeded, text.encode(), mission="D-22-010393")
    assert [c.before == {} for c in plan.changes] == [True, False]
    with open_as(db_path, "Bob") as bob:
        deliverables.edit_deliverable(bob, 12, {"notes": "relu par Bob"})
    before = state(seeded)
    with pytest.raises(Conflict):
        imports.apply_import(seeded, plan, source="team.ics")
    assert state(seeded) == before
    assert seeded.store.deliverable_by_uid("thunderbird-1") is None
    assert (seeded.store.deliverable(12).due.date, seeded.store.deliverable(12).notes) == (date(2022, 9, 30), "relu par Bob")
