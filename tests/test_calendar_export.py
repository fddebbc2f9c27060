"""Exporting deadlines as calendars: what Thunderbird, Outlook, Apple, Google and Nextcloud need."""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from missiontui.store import Store
from missiontui.usecases import deliverables, people
from missiontui.usecases.calendars import Scope
from missiontui.usecases.seeds import load_seeds
from missiontui.usecases.context import Context, FixedClock
from tests.conftest import open_as, ROOT, TODAY
from tests.ical_helpers import events, export_text, radicale_accepts, vobject_validates

GOLDEN = ROOT / "tests" / "golden"
FIXED = "2022-05-16T08:00:00.000000Z"


@pytest.fixture
def pinned(store):
    """The seed missions written at a fixed time, so their export is the same bytes on every run."""
    ctx = Context(store, "tester", FixedClock(TODAY, FIXED))
    load_seeds(ctx)
    return ctx


def test_each_deliverable_is_an_all_day_event(seeded):
    cal = events(export_text(seeded, Scope(mission="D-22-010393")))
    assert len(cal) == 4
    checkpoint = cal["D-22-010393/checkpoint@missiontui-seed"]
    assert checkpoint["DTSTART"].dt == date(2022, 6, 30) and checkpoint["DTSTART"].params["VALUE"] == "DATE"
    assert checkpoint["DTEND"].dt == date(2022, 7, 1)
    assert str(checkpoint["SUMMARY"]) == "[D-22-010393] Point d'étape associant Dominique Pon et Laura Létourneau"
    description = str(checkpoint["DESCRIPTION"])
    assert "Thomas Audigé (lead), Dominique Pon, Laura Létourneau" in description
    assert '"d\'ici la fin juin" — end of month' in description
    assert [str(c) for c in checkpoint["CATEGORIES"].cats] == ["D-22-010393", "checkpoint"]
    assert str(checkpoint["TRANSP"]) == "TRANSPARENT" and str(checkpoint["STATUS"]) == "CONFIRMED"
    assert [a["TRIGGER"].dt for a in checkpoint.walk("VALARM")] == [timedelta(days=-7), timedelta(days=-1)]


def test_calendar_header(seeded):
    text = export_text(seeded, Scope(mission="D-22-010393"))
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert "X-WR-CALNAME:missiontui — D-22-010393\r\n" in text and "METHOD:PUBLISH\r\n" in text
    assert text.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_done_deliverables_show_it_and_have_no_alarm(seeded):
    mandate = events(export_text(seeded))["D-22-010393/mandate@missiontui-seed"]
    assert str(mandate["SUMMARY"]).startswith("✓ [D-22-010393]")
    assert not list(mandate.walk("VALARM"))


def test_what_does_not_change_a_deadline_leaves_the_published_bytes_alone(pinned, cli, db_path):
    """Calendars re-read feeds every few hours: reading, reopening, an edit that changes nothing and
    the passing of time (within the alarms' window) must not make them see a change. The expectation
    is the golden file, written when the seeds were reviewed, not another export."""
    expected = (GOLDEN / "D-22-010393.ics").read_bytes().decode("utf-8")
    cli("list", "--json")
    cli("show", "12")
    pinned.clock = FixedClock(TODAY, "2022-05-17T09:00:00.000000Z")  # a write now would show in LAST-MODIFIED
    deliverables.edit_deliverable(pinned, 12, {"notes": pinned.store.deliverable(12).notes})  # the same notes
    pinned.store.close()
    with Store(db_path) as reopened:
        later = Context(reopened, "tester", FixedClock(TODAY, "2022-05-17T16:45:00.000000Z"))
        assert export_text(later, Scope(mission="D-22-010393"), language="fr") == expected


def test_golden_files_of_the_seed_missions(pinned):
    for reference in ("D-22-010393", "STSS-2018-02-09"):
        expected = (GOLDEN / f"{reference}.ics").read_bytes().decode("utf-8")  # CRLF kept as written
        assert export_text(pinned, Scope(mission=reference), language="fr") == expected, reference


def test_moving_a_deadline_keeps_the_uid_and_raises_sequence(seeded):
    before = events(export_text(seeded))["D-22-010393/report@missiontui-seed"]
    seeded.clock = FixedClock(TODAY, "2030-01-01T10:00:00.000000Z")
    deliverables.edit_deliverable(seeded, 12, {"due": "fin octobre 2022"}, reason="calendrier")
    after = events(export_text(seeded))["D-22-010393/report@missiontui-seed"]
    assert after["SEQUENCE"] == before["SEQUENCE"] + 1
    assert after["DTSTART"].dt == date(2022, 10, 31)
    assert after["LAST-MODIFIED"].dt > before["LAST-MODIFIED"].dt
    assert after["DTSTAMP"].dt == after["LAST-MODIFIED"].dt


def test_notes_change_no_sequence_but_title_does(seeded):
    base = events(export_text(seeded))["D-22-010393/report@missiontui-seed"]["SEQUENCE"]
    deliverables.edit_deliverable(seeded, 12, {"notes": "relecture"})
    assert events(export_text(seeded))["D-22-010393/report@missiontui-seed"]["SEQUENCE"] == base
    deliverables.edit_deliverable(seeded, 12, {"title": "Rapport"})
    assert events(export_text(seeded))["D-22-010393/report@missiontui-seed"]["SEQUENCE"] == base + 1


def test_deleted_and_cancelled_are_published_as_cancelled_for_90_days(seeded):
    """Deleted and cancelled on 16 May 2022 (late in the evening, UTC): published as cancelled up to
    and including 14 August (90 days later), gone from 15 August. The day is the writer's clock,
    never the machine's: the test holds in every time zone."""
    seeded.clock = FixedClock(TODAY, "2022-05-16T23:30:00.000000Z")
    deliverables.delete(seeded, 12, reason="abandon")
    deliverables.edit_deliverable(seeded, 13, {"status": "cancelled"})
    for day in (TODAY, date(2022, 8, 14)):
        cal = events(export_text(seeded, today=day))
        assert str(cal["D-22-010393/report@missiontui-seed"]["STATUS"]) == "CANCELLED"
        assert str(cal["D-22-010393/decisions@missiontui-seed"]["STATUS"]) == "CANCELLED"
        assert not list(cal["D-22-010393/report@missiontui-seed"].walk("VALARM"))
    later = events(export_text(seeded, today=date(2022, 8, 15)))
    assert "D-22-010393/report@missiontui-seed" not in later
    assert "D-22-010393/decisions@missiontui-seed" not in later
    assert "D-22-010393/checkpoint@missiontui-seed" in later


def test_owners_with_email_become_organizer_never_attendee_in_a_publish_feed(seeded):
    people.add_person(seeded, "Marie Curie", email="marie@example.org")
    deliverables.edit_deliverable(seeded, 12, {"owners": ["Marie Curie", "Thomas Audigé"]})
    text = export_text(seeded)
    report = events(text)["D-22-010393/report@missiontui-seed"]
    assert str(report["ORGANIZER"]) == "mailto:marie@example.org" and report["ORGANIZER"].params["CN"] == "Marie Curie"
    assert "ATTENDEE" not in text


def test_todo_export_for_task_clients(seeded, tmp_path):
    people.add_person(seeded, "Marie Curie", email="marie@example.org")
    deliverables.edit_deliverable(seeded, 12, {"owners": ["Marie Curie"], "status": "in-progress"})
    text = export_text(seeded, todo=True)
    todos = events(text, "VTODO")
    assert len(todos) == 13 and "BEGIN:VEVENT" not in text and "METHOD" not in text
    report = todos["D-22-010393/report@missiontui-seed"]
    assert report["DUE"].dt == date(2022, 9, 30)
    assert (str(report["STATUS"]), int(report["PERCENT-COMPLETE"])) == ("IN-PROCESS", 50)
    assert str(report["ATTENDEE"]) == "mailto:marie@example.org"
    mandate = todos["D-22-010393/mandate@missiontui-seed"]
    assert str(mandate["STATUS"]) == "COMPLETED" and mandate["COMPLETED"].dt.date() == date(2022, 4, 21)
    assert vobject_validates(text) == 13
    radicale_accepts(text)


def test_independent_parsers_accept_the_export(seeded, tmp_path):
    seeded.clock = FixedClock(TODAY, "2022-05-16T08:00:00.000000Z")
    deliverables.delete(seeded, 12)
    text = export_text(seeded, today=TODAY)
    assert vobject_validates(text) == 13
    radicale_accepts(text)


def test_reminders_follow_the_config(cli, tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text("reminders = [14, 3, 0]\n")
    monkeypatch.setenv("MISSIONTUI_CONFIG", str(config))
    cli("load-seeds")
    result = cli("export", "-m", "D-22-010393")
    checkpoint = events(result.out)["D-22-010393/checkpoint@missiontui-seed"]
    assert [a["TRIGGER"].dt for a in checkpoint.walk("VALARM")] == [timedelta(days=-14), timedelta(days=-3), timedelta(0)]


def test_cli_export_to_a_file_and_its_errors(cli, tmp_path):
    cli("load-seeds")
    target = tmp_path / "out.ics"
    result = cli("export", "--mine", "-o", str(target))
    assert result.code == 0 and "exported 2 deadline(s)" in result.err
    assert set(events(target.read_text(encoding="utf-8"))) == {"D-22-010393/checkpoint@missiontui-seed",
                                                               "D-22-010393/report@missiontui-seed"}
    assert cli("export", "-m", "NOPE", "-o", str(target)).code == 1
    assert len(events(target.read_text(encoding="utf-8"))) == 2  # the failed export left the file alone
    missing = cli("export", "-o", str(tmp_path / "no" / "such" / "dir.ics"))
    assert missing.code == 1 and missing.err.startswith("missiontui: error:")


TITLE = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=300).filter(lambda s: s.strip() and "\x00" not in s)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=TITLE, notes=st.text(max_size=300).filter(lambda s: "\x00" not in s))
def test_any_title_round_trips_through_icalendar(seeded, title, notes):
    saved = deliverables.add_deliverable(seeded, mission="D-22-010393", title=title, due="fin juin", notes=notes)
    event = events(export_text(seeded, Scope(mission="D-22-010393")))[saved.deliverable.uid]
    printable = "".join(c for c in saved.deliverable.title if (c >= " " or c in "\n\t") and c != "\x7f")
    printable = printable.replace("\r\n", "\n").replace("\r", "\n")
    assert str(event["X-MISSIONTUI-TITLE"]) == printable
    assert str(event["SUMMARY"]) == f"[D-22-010393] {printable}"
    deliverables.delete(seeded, saved.deliverable.id)


def test_cached_text_gives_the_same_bytes_and_follows_edits(seeded):
    cold = export_text(seeded)
    cached = seeded.store.conn.execute("SELECT count(*) FROM ical_cache").fetchone()[0]
    assert cached == 13 and export_text(seeded) == cold
    deliverables.edit_deliverable(seeded, 12, {"title": "Rapport remis"})
    warm = export_text(seeded)
    assert "[D-22-010393] Rapport remis" in warm and warm != cold
    assert export_text(seeded, language="fr") != warm  # another variant, its own text


def test_export_never_waits_for_a_colleagues_write_lock(seeded, db_path):
    """Bob holds the write lock and lets go after a second. Had the export's cache write waited
    for the lock (the busy timeout is 5 s), it would have succeeded then: the cache stays empty."""
    import threading

    with open_as(db_path, "Bob") as bob:
        bob.store.conn.execute("BEGIN IMMEDIATE")
        release = threading.Timer(1.0, lambda: bob.store.conn.execute("ROLLBACK"))
        release.start()
        text = export_text(seeded)
        release.join()
    assert text.count("BEGIN:VEVENT") == 13
    assert seeded.store.conn.execute("SELECT count(*) FROM ical_cache").fetchone()[0] == 0
    export_text(seeded)  # with the lock free, the texts are kept
    assert seeded.store.conn.execute("SELECT count(*) FROM ical_cache").fetchone()[0] == 13


def test_cancelling_or_completing_raises_sequence_so_calendars_take_the_change(seeded):
    """RFC 5545 §3.8.7.4: SEQUENCE grows with each significant revision — a cancellation is one (a
    client that sees the same SEQUENCE keeps the event it has)."""
    uid = "D-22-010393/decisions@missiontui-seed"
    first = events(export_text(seeded))[uid]
    deliverables.edit_deliverable(seeded, 13, {"status": "cancelled"})
    cancelled = events(export_text(seeded))[uid]
    assert (cancelled["SEQUENCE"], str(cancelled["STATUS"])) == (first["SEQUENCE"] + 1, "CANCELLED")
    deliverables.edit_deliverable(seeded, 13, {"status": "done"})
    done = events(export_text(seeded))[uid]
    assert done["SEQUENCE"] == first["SEQUENCE"] + 2 and str(done["SUMMARY"]).startswith("✓ ")
