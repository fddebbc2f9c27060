"""Two colleagues on one database never silently overwrite each other: a save that meets a newer
version merges field by field, and a field both changed differently is refused until someone chooses."""

import linecache
import sys
import threading
import time
from datetime import date

import pytest

from missiontui.core.errors import MergeConflict
from missiontui.usecases import deliverables
from tests.conftest import open_as


def test_a_stale_edit_of_other_fields_keeps_both(seeded, db_path):
    read_by_alice = seeded.store.deliverable(11)
    with open_as(db_path, "Bob") as bob:
        deliverables.edit_deliverable(bob, 11, {"due": "fin juillet"}, version=read_by_alice.version, reason="agenda")
    saved = deliverables.edit_deliverable(seeded, 11, {"title": "Point d'étape (modifié)"},
                                          version=read_by_alice.version)
    assert saved.deliverable.title == "Point d'étape (modifié)"
    assert saved.deliverable.due.date == date(2022, 7, 31)  # Bob's move is kept
    assert saved.kept == ("due",)


def test_the_same_field_changed_differently_is_refused_naming_it(seeded, db_path):
    read = seeded.store.deliverable(11)
    with open_as(db_path, "Bob") as bob:
        deliverables.edit_deliverable(bob, 11, {"due": "fin juillet", "notes": "Bob"})
    with pytest.raises(MergeConflict) as refused:
        deliverables.edit_deliverable(seeded, 11, {"due": "mi-juillet", "title": "Point"}, version=read.version)
    conflict, = refused.value.conflicts
    assert (conflict.field, conflict.base.date, conflict.theirs.date, conflict.yours.date) == (
        "due", date(2022, 6, 30), date(2022, 7, 31), date(2022, 7, 15))
    kept = seeded.store.deliverable(11)
    assert (kept.title, kept.due.date, kept.notes) == (read.title, date(2022, 7, 31), "Bob")  # nothing written
    mine = deliverables.edit_deliverable(seeded, 11, {"due": "mi-juillet", "title": "Point"}, version=read.version,
                                         choices={"due": "yours"})
    assert (mine.deliverable.title, mine.deliverable.due.date, mine.deliverable.notes) == (
        "Point", date(2022, 7, 15), "Bob")


def test_choosing_theirs_keeps_the_colleagues_value(seeded, db_path):
    read = seeded.store.deliverable(12)
    with open_as(db_path, "Bob") as bob:
        deliverables.edit_deliverable(bob, 12, {"title": "Rapport (Bob)"})
    saved = deliverables.edit_deliverable(seeded, 12, {"title": "Rapport (Alice)", "notes": "Alice"},
                                          version=read.version, choices={"title": "theirs"})
    assert (saved.deliverable.title, saved.deliverable.notes) == ("Rapport (Bob)", "Alice")


def test_the_same_change_on_both_sides_is_no_conflict(seeded, db_path):
    read = seeded.store.deliverable(12)
    with open_as(db_path, "Bob") as bob:
        deliverables.edit_deliverable(bob, 12, {"status": "in-progress"})
    saved = deliverables.edit_deliverable(seeded, 12, {"status": "in-progress"}, version=read.version)
    assert saved.deliverable.status.value == "in-progress" and saved.change_id is None


def test_a_stale_delete_or_complete_keeps_the_colleagues_edit(seeded, db_path):
    stale = seeded.store.deliverable(12).version
    with open_as(db_path, "Bob") as bob:
        deliverables.edit_deliverable(bob, 12, {"notes": "relu par Bob"})
    deliverables.complete(seeded, 12, version=stale)
    deliverables.delete(seeded, 12, version=stale)
    tomb = seeded.store.deliverable(12, include_deleted=True)
    assert (tomb.notes, tomb.status.value, tomb.deleted_at is not None) == ("relu par Bob", "done", True)


def test_a_stale_edit_is_merged_against_the_deliverables_own_past_not_its_missions(ctx, db_path):
    """Mission #1 and deliverable #1 are different things that share a number. The mission renamed,
    a colleague's note on the deliverable, then an edit of the deliverable's title from the version
    read before the note: only the note changed since, so the title is saved and the note kept."""
    from missiontui.usecases import missions

    missions.add_mission(ctx, "M-1", "Mission d'origine")
    read = deliverables.add_deliverable(ctx, mission="M-1", title="Rapport").deliverable
    assert (read.id, ctx.store.mission("M-1").id) == (1, 1)
    missions.edit_mission(ctx, "M-1", {"title": "Mission renommée"})
    with open_as(db_path, "Bob") as bob:
        deliverables.edit_deliverable(bob, read.id, {"notes": "relu par Bob"})
    saved = deliverables.edit_deliverable(ctx, read.id, {"title": "Rapport final"}, version=read.version)
    assert (saved.deliverable.title, saved.deliverable.notes, saved.kept) == ("Rapport final", "relu par Bob",
                                                                               ("notes",))


def test_a_writer_waits_for_the_other_instead_of_failing(seeded, db_path):
    with open_as(db_path, "Bob") as bob:
        bob.store.conn.execute("BEGIN IMMEDIATE")  # Bob is in the middle of a write
        errors = []

        def alice_edits():
            try:
                deliverables.edit_deliverable(seeded, 12, {"notes": "Alice"})
            except Exception as exc:  # pragma: no cover - reported below
                errors.append(exc)

        worker = threading.Thread(target=alice_edits)
        worker.start()
        wait_for(lambda: asking_for_the_write_lock(worker), "Alice's edit waits for Bob's lock")
        assert worker.is_alive() and not errors  # waiting, neither failed nor done
        bob.store.conn.execute("COMMIT")
        worker.join(10)
    assert not errors and seeded.store.deliverable(12).notes == "Alice"


def asking_for_the_write_lock(thread: threading.Thread) -> bool:
    """The thread is inside SQLite's BEGIN IMMEDIATE (the line the store runs it on): it waits for
    the lock another connection holds. Read from the thread's own stack: no delay is guessed."""
    frame = sys._current_frames().get(thread.ident)
    return frame is not None and "BEGIN IMMEDIATE" in linecache.getline(frame.f_code.co_filename, frame.f_lineno)


def wait_for(condition, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"never happened: {what}"
        time.sleep(0.001)  # polling a condition, not waiting for it to happen by itself


def test_data_version_shows_a_colleagues_commit(seeded, db_path):
    before = seeded.store.data_version()
    with open_as(db_path, "Bob") as bob:
        deliverables.edit_deliverable(bob, 12, {"notes": "x"})
    assert seeded.store.data_version() != before
