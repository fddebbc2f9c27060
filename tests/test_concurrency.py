"""Two colleagues on one database never silently overwrite each other."""

import threading
import time
from datetime import date

import pytest

from missiontui import usecases
from missiontui.core.errors import Conflict
from missiontui.store import Store


def test_second_edit_from_a_stale_read_is_refused(seeded, db_path):
    alice, bob = seeded, Store(db_path, "Bob")
    try:
        read_by_alice = alice.deliverable(11)
        read_by_bob = bob.deliverable(11)
        usecases.edit_deliverable(bob, 11, version=read_by_bob.version, due="fin juillet", reason="agenda",
                                  today=date(2022, 5, 16))
        with pytest.raises(Conflict) as conflict:
            usecases.edit_deliverable(alice, 11, version=read_by_alice.version, title="Point d'étape (modifié)")
        assert conflict.value.current.due.date == date(2022, 7, 31)  # what Bob saved, for the dialog
        kept = alice.deliverable(11)
        assert kept.title == read_by_alice.title and kept.due.date == date(2022, 7, 31)
        assert [h.actor for h in alice.history("deliverable", 11) if h.action == "update"] == ["Bob"]
    finally:
        bob.close()


def test_refused_delete_and_complete_keep_the_colleagues_edit(seeded, db_path):
    with Store(db_path, "Bob") as bob:
        stale = seeded.deliverable(12).version
        usecases.edit_deliverable(bob, 12, notes="relu par Bob")
        with pytest.raises(Conflict):
            usecases.delete(seeded, 12, version=stale)
        with pytest.raises(Conflict):
            usecases.complete(seeded, 12, version=stale)
        assert seeded.deliverable(12).notes == "relu par Bob"


def test_a_writer_waits_for_the_other_instead_of_failing(seeded, db_path):
    bob = Store(db_path, "Bob")
    bob.conn.execute("BEGIN IMMEDIATE")  # Bob is in the middle of a write
    done = threading.Event()
    errors = []

    def alice_edits():
        try:
            usecases.edit_deliverable(seeded, 12, notes="Alice")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        done.set()

    worker = threading.Thread(target=alice_edits)
    worker.start()
    time.sleep(0.3)
    assert not done.is_set()  # waiting on the busy timeout, not failing
    bob.conn.execute("COMMIT")
    worker.join(10)
    bob.close()
    assert not errors and seeded.deliverable(12).notes == "Alice"


def test_data_version_shows_a_colleagues_commit(seeded, db_path):
    before = seeded.data_version()
    with Store(db_path, "Bob") as bob:
        usecases.edit_deliverable(bob, 12, notes="x")
    assert seeded.data_version() != before
