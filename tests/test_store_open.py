"""Opening databases: new files, pragmas, file mode, damaged and foreign files, upgrades."""

import shutil
import sqlite3
import stat

import pytest

from missiontui.core.errors import DamagedDatabase
from missiontui.core.model import DeliverableFilter
from missiontui.store import Store
from missiontui.store.migrations import SCHEMA_VERSION, schema_version
from tests.conftest import ROOT


def test_new_database_is_private_wal_with_foreign_keys(db_path):
    with Store(db_path) as store:
        assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
        assert schema_version(store.db) == SCHEMA_VERSION


def test_creates_missing_folders(tmp_path):
    path = tmp_path / "a" / "b" / "m.db"
    Store(path).close()
    assert path.exists()


def test_reopening_applies_nothing_twice(db_path):
    Store(db_path).close()
    with Store(db_path) as store:
        names = [r[0] for r in store.conn.execute("SELECT name FROM _sqlite_migrations")]
        assert len(names) == len(set(names)) == SCHEMA_VERSION


@pytest.mark.parametrize("content", [b"this is not a database" * 100, b"SQLite format 3\x00" + b"\xff" * 5000])
def test_damaged_file_is_refused_and_left_untouched(tmp_path, content):
    path = tmp_path / "broken.db"
    path.write_bytes(content)
    with pytest.raises(DamagedDatabase):
        Store(path)
    assert path.read_bytes() == content


def test_truncated_database_is_refused(tmp_path, db_path):
    from missiontui.usecases.context import Context
    from missiontui.usecases.seeds import load_seeds

    with Store(db_path) as store:
        load_seeds(Context(store, "tester"))
    data = db_path.read_bytes()
    broken = tmp_path / "truncated.db"
    broken.write_bytes(data[: len(data) // 3])
    with pytest.raises((DamagedDatabase, sqlite3.DatabaseError)):
        with Store(broken) as store:
            store.deliverables()


def test_another_applications_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices(id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    with pytest.raises(DamagedDatabase, match="not a missiontui one"):
        Store(path)
    assert [r[0] for r in sqlite3.connect(path).execute("SELECT name FROM sqlite_master")] == ["invoices"]


def test_database_from_a_newer_missiontui_is_refused(db_path):
    Store(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute("INSERT INTO _sqlite_migrations(migration_set, name, applied_at) VALUES ('missiontui', '9999_future', 'x')")
    conn.commit()
    conn.close()
    with pytest.raises(DamagedDatabase, match="newer missiontui"):
        Store(db_path)


@pytest.mark.parametrize("version_file", sorted((ROOT / "tests" / "data").glob("schema-v*.db")), ids=lambda p: p.name)
def test_every_released_schema_upgrades_without_loss(tmp_path, version_file):
    copy = tmp_path / version_file.name
    shutil.copy(version_file, copy)
    before = sqlite3.connect(copy)
    titles = before.execute("SELECT id, title, due, deleted_at FROM deliverable ORDER BY id").fetchall()
    history = before.execute("SELECT count(*) FROM history").fetchone()[0]
    before.close()
    with Store(copy) as store:
        assert schema_version(store.db) == SCHEMA_VERSION
        after = store.conn.execute("SELECT id, title, due, deleted_at FROM deliverable ORDER BY id").fetchall()
        assert after == titles
        assert store.conn.execute("SELECT count(*) FROM history").fetchone()[0] == history
        assert store.deliverable(9, include_deleted=True).deleted_at
        assert store.deliverables(DeliverableFilter(text="étape"))
