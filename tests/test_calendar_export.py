"""Exporting deadlines as calendars: what Thunderbird, Outlook, Apple, Google and Nextcloud need."""

import contextlib
import io
import os
import signal
import stat
import subprocess
import sys
import time
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from missiontui.usecases import deliverables, people
from missiontui.atomic_file import HOST
from missiontui.usecases.calendars import Scope, export_calendar, export_to_file
from missiontui.usecases.context import Context, FixedClock
from missiontui.usecases.seeds import load_seeds
from missiontui.store import Store
from tests.conftest import ROOT, TODAY, add_many, open_as
from tests.ical_helpers import events, export_text, radicale_accepts, vobject_validates

GOLDEN = ROOT / "tests" / "golden"
FIXED = "2022-05-16T08:00:00.000000Z"


@pytest.fixture
def pinned(db_path):
    """The seed missions written at a fixed time, so their export is the same bytes on every run."""
    with Store(db_path) as store:
        ctx = Context(store, "tester", FixedClock(TODAY, FIXED))
        load_seeds(ctx)
        yield ctx


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
    assert result.code == 0 and "exported 2 deadlines" in result.err
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


def test_an_export_is_one_moment_of_the_database_while_a_colleague_writes(seeded, db_path):
    """Bob moves deadlines while the export is half-way: the calendar holds every deliverable once,
    as it was when the export began (reading page after page would write a moved one twice)."""

    add_many(seeded, "D-22-010393", 5000, title="Étape {n}", first_due=date(2030, 1, 1), uid=lambda n: f"bulk-{n}@test")
    first, last = seeded.store.deliverable_by_uid("bulk-0@test"), seeded.store.deliverable_by_uid("bulk-4999@test")

    class BobWritesAfterTheFirstPage(io.StringIO):
        moved = False

        def write(self, text):
            if "BEGIN:VEVENT" in text and not self.moved:
                self.moved = True
                with open_as(db_path, "Bob") as bob:
                    deliverables.edit_deliverable(bob, first.id, {"due": "2040-01-01"}, reason="plus tard")
                    deliverables.edit_deliverable(bob, last.id, {"due": "2020-01-01"}, reason="plus tôt")
            return super().write(text)

    out = BobWritesAfterTheFirstPage(newline="")
    export_calendar(seeded.store, out, Scope(), today=date(2022, 5, 16))
    text = out.getvalue()
    assert out.moved and text.count("BEGIN:VEVENT") == 5013
    assert text.count("UID:bulk-0@test\r\n") == 1 and text.count("UID:bulk-4999@test\r\n") == 1
    cal = events(text)
    assert cal["bulk-0@test"]["DTSTART"].dt == date(2030, 1, 1)  # as it was when the export began
    assert cal["bulk-4999@test"]["DTSTART"].dt == date(2030, 1, 1) + timedelta(days=4999)
    assert events(export_text(seeded))["bulk-0@test"]["DTSTART"].dt == date(2040, 1, 1)  # the next one sees it


def test_an_export_writes_nothing_so_a_colleagues_write_lock_never_stops_it(seeded, db_path):
    """Bob holds the write lock for the whole export: an export that wrote anything (a cache, a
    stamp) would wait for it and fail after the busy timeout."""
    before = seeded.store.conn.execute("PRAGMA data_version").fetchone()[0]
    with Store(db_path) as bob:
        bob.conn.execute("BEGIN IMMEDIATE")
        try:
            text = export_text(seeded)
        finally:
            bob.conn.execute("ROLLBACK")
    assert text.count("BEGIN:VEVENT") == 13
    assert seeded.store.conn.execute("PRAGMA data_version").fetchone()[0] == before


def test_the_calendar_text_cache_is_gone_from_older_databases(tmp_path):
    """Schema 4 drops schema 2's text cache (it tripled the database): a database holding one
    loses it on opening, and exports as before, its feed token still working."""
    import shutil

    path = tmp_path / "v2.db"
    shutil.copy(ROOT / "tests" / "data" / "schema-v2.db", path)
    with Store(path) as store:
        tables = {row[0] for row in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "ical_cache" not in tables
        assert [t.label for t in store.feed_tokens()] == ["tous"]  # tests/data/README.md: the other was revoked
        cal = events(export_text(Context(store, "tester"), language="fr", today=date(2026, 11, 22)))
        checkpoint, deleted = store.deliverable(11).uid, store.deliverable(9, include_deleted=True).uid
    # tests/data/README.md: the 13 seeds, #14 and #15 added; #9 deleted, published as cancelled
    assert len(cal) == 15
    assert str(cal[checkpoint]["SUMMARY"]) == "[D-22-010393] Point d'étape associant Dominique Pon et Laura Létourneau"
    assert cal[checkpoint]["DTSTART"].dt == date(2022, 6, 30)
    assert str(cal[deleted]["STATUS"]) == "CANCELLED"


# --- a killed export -----------------------------------------------------------------------------

KILL_SCRIPT = """
import sys
from datetime import date
from missiontui.atomic_file import atomic_file
from missiontui.store import Store
from missiontui.usecases.calendars import Scope, export_calendar, export_to_file

db, target, way = sys.argv[1:]
with Store(db) as store:
    if way == "unnamed":
        export_to_file(store, target, Scope(), today=date(2022, 5, 16))
    else:
        with atomic_file(target, unnamed=False) as out:
            export_calendar(store, out, Scope(), today=date(2022, 5, 16))
"""


@pytest.fixture(scope="module")
def big_db(tmp_path_factory):
    """20,000 deliverables: an export long enough (a few tenths of a second) to be killed half-way."""

    path = tmp_path_factory.mktemp("big") / "big.db"
    with Store(path) as store:
        ctx = Context(store, "tester")
        load_seeds(ctx)
        add_many(ctx, "D-22-010393", 20_000, title="Étape {n} — relecture croisée", first_due=date(2023, 1, 1),
                 days_apart=lambda n: n % 2000, notes="Voir le compte rendu du comité.")
    return path


def _spin_until(condition, process, what: str):
    """Wait for `condition` by polling it (yielding the CPU, no sleep); fail if the export ends first."""
    deadline = time.monotonic() + 120
    while not condition():
        assert process.poll() is None, f"the export ended before {what}"
        assert time.monotonic() < deadline, f"no {what} in 120 s"
        os.sched_yield()


def _kill_mid_export(big_db, target, way: str, started) -> None:
    process = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, str(big_db), str(target), way], cwd=ROOT)
    try:
        _spin_until(lambda: started(process.pid), process, "temporary file with data")
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(30)
    assert process.returncode == -signal.SIGKILL  # killed half-way, not finished


OLD = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"


@pytest.mark.skipif(not hasattr(os, "O_TMPFILE"), reason="O_TMPFILE is Linux's; the named way is tested below")
def test_a_killed_export_leaves_the_old_file_and_nothing_else(big_db, tmp_path):
    """On Linux the temporary file has no name until it is complete: SIGKILL half-way leaves the
    folder as it was."""
    target = tmp_path / "équipe.ics"
    target.write_bytes(OLD.encode())

    def writing_unnamed(pid):  # /proc/PID/fd shows an O_TMPFILE file as "<folder>/#<inode> (deleted)"
        for fd in os.listdir(f"/proc/{pid}/fd"):
            with contextlib.suppress(OSError):
                link = os.readlink(f"/proc/{pid}/fd/{fd}")
                if link.startswith(f"{tmp_path}/#") and os.stat(f"/proc/{pid}/fd/{fd}").st_size > 0:
                    return True
        return False

    _kill_mid_export(big_db, target, "unnamed", writing_unnamed)
    assert os.listdir(tmp_path) == ["équipe.ics"] and target.read_bytes() == OLD.encode()
    with Store(big_db) as store:  # and the next export works
        assert export_to_file(store, target, Scope(mission="STSS-2018-02-09"), today=date(2022, 5, 16)).deadlines == 9
    assert os.listdir(tmp_path) == ["équipe.ics"] and len(events(target.read_text(encoding="utf-8"))) == 9


def test_the_next_export_removes_what_a_killed_export_left(big_db, tmp_path):
    """Where files must be named from the start, SIGKILL leaves one (named after its process): the
    next export into that folder removes it, and leaves alone a live export's and other files."""
    target = tmp_path / "équipe.ics"
    target.write_bytes(OLD.encode())

    def temporaries():
        return [p for p in tmp_path.iterdir() if p.name.startswith(".missiontui-export-")]

    _kill_mid_export(big_db, target, "named", lambda pid: any(p.stat().st_size > 0 for p in temporaries()))
    [left] = temporaries()
    assert target.read_bytes() == OLD.encode() and left.stat().st_size > 0
    live = tmp_path / f".missiontui-export-{os.getpid()}@{HOST}-abcd1234"  # this process: alive
    live.write_text("an export under way")
    other = tmp_path / ".missiontui-exports-are-mine"
    other.write_text("not ours")
    legacy, recent = tmp_path / ".missiontui-export-k2x9_q0z", tmp_path / ".missiontui-export-a8b7c6d5"
    legacy.write_text("left by 0.1.0 two days ago")  # before 0.2 temporary files named no process
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(legacy, (two_days_ago, two_days_ago))
    recent.write_text("perhaps an export of 0.1.0 under way")
    with Store(big_db) as store:
        export_to_file(store, target, Scope(mission="STSS-2018-02-09"), today=date(2022, 5, 16))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([target.name, live.name, other.name, recent.name])
    assert len(events(target.read_text(encoding="utf-8"))) == 9


def test_export_into_a_link_or_a_device_keeps_it_what_it_is(seeded, tmp_path):
    """`-o /dev/null` or a named pipe is written to, not replaced by a regular file (0.1.0 replaced
    /dev/null itself when run as root); a symbolic link stays a link to the new calendar."""
    folder = tmp_path / "out"
    folder.mkdir()
    real = folder / "calendars" / "équipe.ics"
    real.parent.mkdir()
    real.write_text(OLD)
    os.chmod(real, 0o644)
    link = folder / "current.ics"
    link.symlink_to(real)
    assert export_to_file(seeded.store, link, Scope(mission="D-22-010393"), today=date(2022, 5, 16)).deadlines == 4
    assert link.is_symlink() and len(events(real.read_text(encoding="utf-8"))) == 4
    assert real.stat().st_mode & 0o777 == 0o644  # a web server that read the old file reads the new one

    pipe = folder / "pipe"
    os.mkfifo(pipe)
    reader = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)  # a reader is there; 4 events fit in the pipe
    try:
        assert export_to_file(seeded.store, pipe, Scope(mission="D-22-010393"), today=date(2022, 5, 16)).deadlines == 4
        received = os.read(reader, 1 << 20)
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode) and len(events(received.decode())) == 4
    assert sorted(p.name for p in folder.iterdir()) == ["calendars", "current.ics", "pipe"]


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


def test_a_double_quote_in_a_name_never_breaks_the_quoted_parameter_it_goes_in(seeded):
    """RFC 5545 3.2: a parameter value is quoted and cannot hold a DQUOTE. A colleague named with
    quotes stays one CN, and every line still parses (mutation testing showed nothing checked it)."""
    people.add_person(seeded, 'Jean "JJ" Dupont', email="jj@example.org")
    saved = deliverables.add_deliverable(seeded, mission="D-22-010393", title="Note", due="2022-07-01",
                                         owners=['Jean "JJ" Dupont'])
    text = export_text(seeded)
    assert 'ORGANIZER;CN="Jean JJ Dupont":mailto:jj@example.org\r\n' in text.replace("\r\n ", "")
    organizer = events(text)[saved.deliverable.uid]["ORGANIZER"]
    assert organizer.params["CN"] == "Jean JJ Dupont" and str(organizer) == "mailto:jj@example.org"


def test_our_export_imported_into_a_colleagues_database_puts_each_item_in_its_mission(seeded, cli, tmp_path):
    """Our own calendar carries each deliverable's mission and plain title (X-MISSIONTUI-*): imported
    with no -m, an item lands in its mission, its title without the "[REF] " the calendar shows."""
    saved = deliverables.add_deliverable(seeded, mission="STSS-2018-02-09", title="Annexe chiffrée", due="2022-10-03")
    calendar = tmp_path / "team.ics"
    calendar.write_text(export_text(seeded), encoding="utf-8", newline="")
    colleague = tmp_path / "colleague.db"
    assert cli("load-seeds", db=colleague).code == 0
    result = cli("import", str(calendar), "--json", db=colleague)
    assert result.code == 0, result.err
    assert len(result.json()["created"]) == 1  # the seeds are there already: the same UIDs, nothing new
    landed = [d for d in cli("list", "-m", "STSS-2018-02-09", "--json", db=colleague).json()
              if d["uid"] == saved.deliverable.uid]
    assert [(d["title"], d["due"]) for d in landed] == [("Annexe chiffrée", "2022-10-03")]
