"""`missiontui backup [FILE]`: a sound, private, self-contained copy, taken while colleagues work."""

import re
import shutil
import sqlite3
import stat
import subprocess
import sys

import pytest

from missiontui.usecases import deliverables
from tests.conftest import DATA
from tests.conftest import open_as
from tests.db_files import damage_table, file_state, seeded_copy


@pytest.fixture
def seeded_path(db_path):
    return seeded_copy(db_path)


def listing(cli, path):
    """What a user sees of a database: every deliverable (deleted ones too), missions, history."""
    return (cli("list", "--json", "--deleted", db=path).json() + cli("list", "--json", db=path).json(),
            cli("mission", "list", "--json", db=path).json(), cli("history", "--json", db=path).json())


def test_backup_with_no_file_writes_a_dated_private_copy_beside_the_database(cli, seeded_path):
    result = cli("backup", "--json")
    assert result.code == 0
    done = result.json()
    backup = seeded_path.parent / done["backup"].rsplit("/", 1)[-1]
    assert done["database"] == str(seeded_path) and done["backup"] == str(backup)
    assert re.fullmatch(r"missions-backup-\d{8}T\d{6}Z\.db", backup.name)
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert done["bytes"] == backup.stat().st_size and done["schema_version"] >= 2
    assert listing(cli, backup) == listing(cli, seeded_path)


def test_two_backups_in_the_same_second_do_not_collide(cli, seeded_path):
    first, second = cli("backup", "--json").json()["backup"], cli("backup", "--json").json()["backup"]
    assert first != second


def test_the_backup_is_one_self_contained_file(cli, seeded_path, tmp_path):
    target = tmp_path / "elsewhere" / "copy.db"
    target.parent.mkdir()
    result = cli("backup", str(target))
    assert result.code == 0 and result.out.startswith(f"backed up {seeded_path} to {target} (")
    assert sorted(p.name for p in target.parent.iterdir()) == ["copy.db"]  # no -wal, no leftover
    moved = tmp_path / "moved.db"
    shutil.move(target, moved)  # carried around alone, it is still whole
    assert sqlite3.connect(moved).execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert cli("check", db=moved).code == 0


def test_the_backup_holds_commits_still_in_the_wal(cli, seeded_path, tmp_path):
    with open_as(seeded_path, "Colleague") as colleague:  # open: its last commit stays in missions.db-wal
        deliverables.edit_deliverable(colleague, 12, {"notes": "dernière modification"})
        plain_copy = tmp_path / "plain-copy.db"
        shutil.copy(seeded_path, plain_copy)  # what copying the file alone would keep
        assert cli("backup", str(tmp_path / "b.db")).code == 0
    assert cli("show", "12", "--json", db=plain_copy).json()["notes"] != "dernière modification"
    assert cli("show", "12", "--json", db=tmp_path / "b.db").json()["notes"] == "dernière modification"


def test_an_existing_file_is_never_overwritten(cli, seeded_path, tmp_path):
    target = tmp_path / "precious.db"
    target.write_text("last month's backup")
    before = file_state(target)
    result = cli("backup", str(target))
    assert result.code == 1 and f"{target} already exists" in result.err
    assert file_state(target) == before


def test_a_missing_folder_is_reported_and_not_created(cli, seeded_path, tmp_path):
    result = cli("backup", str(tmp_path / "nope" / "b.db"))
    assert result.code == 1 and f"the folder {tmp_path / 'nope'} does not exist" in result.err
    assert not (tmp_path / "nope").exists()


def test_backup_of_a_missing_database_creates_nothing(cli, tmp_path):
    missing = tmp_path / "none" / "m.db"
    result = cli("backup", db=missing)
    assert result.code == 1 and f"no database at {missing}" in result.err
    assert not (tmp_path / "none").exists()


def test_backup_of_a_damaged_database_says_so_and_leaves_no_file(cli, seeded_path):
    damage_table(seeded_path, "deliverable")
    before = file_state(seeded_path)
    result = cli("backup")
    assert result.code == 1 and "damaged" in result.err and "Traceback" not in result.err
    assert file_state(seeded_path).data == before.data
    assert [p.name for p in seeded_path.parent.iterdir() if "backup" in p.name] == []  # no copy, no partial


def test_backup_does_not_upgrade_an_older_database(cli, tmp_path):
    old = tmp_path / "v1.db"
    shutil.copy(DATA / "schema-v1.db", old)
    before = file_state(old)
    done = cli("backup", "--json", db=old).json()
    assert done["schema_version"] == 1
    assert file_state(old).data == before.data


WRITER = r"""
import select, sys
from missiontui.store import Store
from missiontui.usecases.context import Context
from missiontui.usecases.deliverables import edit_deliverable

ctx = Context(Store(sys.argv[1]), "Colleague")
n = 0
while not select.select([sys.stdin], [], [], 0)[0]:  # until told to stop
    n += 1
    edit_deliverable(ctx, 12, {"notes": f"edit {n}"})
    print(n, flush=True)
ctx.close()
"""


def test_backup_while_a_colleague_writes_is_a_consistent_moment(seeded_path, tmp_path):
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(seeded_path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "1"  # the colleague has committed, and goes on
        target = tmp_path / "during.db"
        backup = subprocess.run([sys.executable, "-m", "missiontui", "--db", str(seeded_path), "backup",
                                 str(target)], capture_output=True, text=True, timeout=60)
        assert backup.returncode == 0, backup.stderr
        written = [int(writer.stdout.readline()) for _ in range(3)]  # still writing after the backup
    finally:
        writer.stdin.write("stop\n")
        writer.stdin.close()
        rest = [int(line) for line in writer.stdout]
        assert writer.wait(60) == 0  # never refused, never "database is locked"
    total = (rest or written)[-1]
    with open_as(target, "Colleague") as copy:
        notes = copy.store.deliverable(12).notes
        edits = [h for h in copy.store.history("deliverable", 12) if h.actor == "Colleague"]
    k = int(notes.removeprefix("edit "))
    assert 1 <= k < total
    assert len(edits) == k  # each edit is there with its history entry, or neither is
    assert subprocess.run([sys.executable, "-m", "missiontui", "--db", str(target), "check"],
                          capture_output=True, timeout=60).returncode == 0


def test_a_read_only_database_can_still_be_backed_up_and_checked(tmp_path):
    from tests.db_files import missiontui

    folder = tmp_path / "archive"
    folder.mkdir()
    path = seeded_copy(folder / "m.db")
    expected = missiontui("--db", str(path), "list", "--json").stdout
    path.chmod(0o444)
    out = tmp_path / "copies"
    out.mkdir()
    before = file_state(path)
    made = missiontui("--db", str(path), "backup", str(out / "copy.db"))
    assert made.returncode == 0, made.stderr
    assert missiontui("--db", str(path), "check").returncode == 0
    folder.chmod(0o555)  # and in a folder nobody may write to
    try:
        checked = missiontui("--db", str(path), "check")
        assert checked.returncode == 0, checked.stdout + checked.stderr
    finally:
        folder.chmod(0o755)
    after = file_state(path)
    assert (after.data, after.mtime_ns) == (before.data, before.mtime_ns)  # SQLite may leave its -shm beside
    assert missiontui("--db", str(out / "copy.db"), "list", "--json").stdout == expected
