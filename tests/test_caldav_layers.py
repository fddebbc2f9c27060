"""The sync transport is a front end: it talks to the server and to core, never to SQLite or the store."""

from pathlib import Path

from tests.test_layers import imports_of

SYNC = Path(__file__).resolve().parent.parent / "missiontui" / "sync"


def test_sync_imports_neither_sqlite_nor_the_store():
    files = list(SYNC.rglob("*.py"))
    assert files
    for path in files:
        for name in imports_of(path):
            assert not name.startswith(("sqlite", "missiontui.store", "sqlite_utils")), (path, name)


def test_the_vtodo_mapping_is_pure():
    for name in imports_of(SYNC.parent / "core" / "ical" / "tasks.py"):
        assert not name.startswith(("sqlite", "missiontui.store", "missiontui.sync", "caldav", "niquests")), name
