"""Opening a database file, as a user meets it: a new file, an upgrade, and every file that is not
usable — each refused in one sentence that names the file and the case, with nothing written to it."""

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys

import pytest

from missiontui.core.model import DeliverableFilter
from missiontui.store import Store
from missiontui.store.migrations import SCHEMA_VERSION, schema_version
from tests.conftest import ROOT
from tests.db_files import OtherProcess, damage_table, file_state, missiontui, seeded_copy

DNS = "D-22-010393"


def refused(result, *words: str) -> str:
    """One line on stderr starting 'missiontui: error:', holding every word; exit 1, no traceback."""
    code, err = (result.code, result.err) if hasattr(result, "code") else (result.returncode, result.stderr)
    assert code == 1, err
    assert err.startswith("missiontui: error: ") and err.count("\n") == 1 and "Traceback" not in err, err
    for word in words:
        assert word in err, (word, err)
    return err


# --- a good file --------------------------------------------------------------------------------

def test_new_database_is_private_wal_with_foreign_keys(db_path):
    with Store(db_path) as store:
        assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
        assert schema_version(store.db) == SCHEMA_VERSION


def test_reopening_applies_nothing_twice(db_path):
    Store(db_path).close()
    with Store(db_path) as store:
        names = [r[0] for r in store.conn.execute("SELECT name FROM _sqlite_migrations")]
        assert len(names) == len(set(names)) == SCHEMA_VERSION


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


# --- a command that reads creates nothing (issue 9) --------------------------------------------------

@pytest.mark.parametrize("command", [["list"], ["show", "12"], ["history"], ["mission", "list"], ["people", "list"],
                                     ["export"], ["feed", "list"], ["add", "x", "-m", DNS, "-d", "fin juin"],
                                     ["done", "12"]])
def test_a_command_that_does_not_make_data_creates_nothing(cli, tmp_path, command):
    missing = tmp_path / "no" / "such" / "x.db"
    err = refused(cli(*command, db=missing), f"no database at {missing}", "nothing was created",
                  f"missiontui --db {missing} init")
    assert not (tmp_path / "no").exists()
    assert "no deliverables match" not in err


def test_the_hint_is_a_command_that_works(cli, tmp_path):
    missing = tmp_path / "new folder" / "équipe.db"
    hint = refused(cli("list", db=missing)).split("run: ", 1)[1].strip()
    assert hint == f"missiontui --db '{missing}' init"  # quoted for the shell: the folder has a space
    assert cli("init", db=missing).code == 0
    assert cli("list", db=missing).code == 0


@pytest.mark.parametrize("command", [["init"], ["load-seeds"], ["people", "add", "Claire"],
                                     ["mission", "add", "D-1", "-t", "Une mission"]])
def test_commands_that_make_data_create_the_file_and_its_folder(cli, tmp_path, command):
    path = tmp_path / "new" / "team.db"
    assert cli(*command, db=path).code == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert cli("mission", "list", db=path).code == 0


def test_import_may_create_the_file(cli, tmp_path):
    source = tmp_path / "source.db"
    assert cli("load-seeds", db=source).code == 0
    exported = tmp_path / "dns.json"
    exported.write_text(cli("list", "--json", "-m", DNS, db=source).out)
    target = tmp_path / "copy" / "b.db"
    result = cli("import", str(exported), db=target)
    assert "no database at" not in result.err and target.exists()
    assert "no mission with reference" in result.err  # the letters are not in the new file: nothing imported


# --- files that are not usable -------------------------------------------------------------------------

def test_a_zero_byte_file_is_refused_and_left_empty(cli, tmp_path):
    path = tmp_path / "team.db"
    path.touch()
    before = file_state(path)
    for command in (["list"], ["people", "add", "Claire"], ["load-seeds"]):
        refused(cli(*command, db=path), str(path), "empty file (0 bytes)", f"missiontui --db {path} init")
    assert file_state(path) == before


def test_init_turns_a_file_made_by_touch_into_a_database(cli, tmp_path):
    path = tmp_path / "team.db"
    path.touch()
    assert cli("init", db=path).code == 0
    assert cli("load-seeds", db=path).code == 0
    assert len(cli("mission", "list", "--json", db=path).json()) == 2


@pytest.mark.parametrize("content, words", [
    (b"x", ["too short to hold a database header (1 of 100 bytes"]),
    (b"this is not a database" * 100, ["is not an SQLite database"]),
    (b"SQLite format 3\x00" + b"\xff" * 5000, ["is damaged", "header is invalid"]),
], ids=["one byte", "text", "bad header"])
def test_a_file_that_is_not_a_database_is_refused_untouched(cli, tmp_path, content, words):
    path = tmp_path / "broken.db"
    path.write_bytes(content)
    before = file_state(path)
    for command in (["list"], ["init"], ["load-seeds"]):
        refused(cli(*command, db=path), str(path), *words)
    assert file_state(path) == before


def test_a_database_whose_schema_page_is_damaged_is_refused_untouched(cli, tmp_path):
    path = seeded_copy(tmp_path / "m.db")
    data = bytearray(path.read_bytes())
    data[100:112] = b"\xff" * 12  # the b-tree header of page 1: the list of tables
    path.write_bytes(bytes(data))
    before = file_state(path)
    refused(cli("list", db=path), str(path), "is damaged", "restore a backup")
    assert file_state(path) == before


def test_a_database_with_a_damaged_table_says_so_in_one_line(cli, tmp_path):
    path = seeded_copy(tmp_path / "m.db")
    damage_table(path, "deliverable")
    refused(cli("list", db=path), "damaged")
    assert cli("check", db=path).code == 1


@pytest.mark.parametrize("keep", [1 / 3, 0.99], ids=["a third", "all but the end"])
def test_a_truncated_database_is_refused_untouched(cli, tmp_path, keep):
    whole = seeded_copy(tmp_path / "whole.db").read_bytes()
    path = tmp_path / "m.db"
    path.write_bytes(whole[: int(len(whole) * keep)])
    before = file_state(path)
    for command in (["list"], ["load-seeds"]):
        refused(cli(*command, db=path), str(path), "is truncated", f"{len(whole)}")
    assert file_state(path) == before


def test_another_programs_database_is_refused_before_anything_is_changed(cli, tmp_path):
    path = tmp_path / "invoices.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices(id INTEGER PRIMARY KEY, amount REAL)")
    conn.execute("INSERT INTO invoices(amount) VALUES (12.5)")
    conn.commit()
    conn.close()
    before = file_state(path)
    for command in (["list"], ["init"], ["load-seeds"]):
        refused(cli(*command, db=path), str(path), "another program", "invoices", "not a missiontui one")
    assert file_state(path) == before  # same bytes: still in its own journal mode, not switched to WAL
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_a_database_from_a_newer_missiontui_is_refused_untouched(cli, tmp_path):
    path = seeded_copy(tmp_path / "m.db")
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO _sqlite_migrations(migration_set, name, applied_at) "
                 "VALUES ('missiontui', '9999_future', 'x')")
    conn.commit()
    conn.close()
    before = file_state(path)
    refused(cli("list", db=path), str(path), "newer missiontui", "9999_future", "upgrade missiontui")
    assert file_state(path) == before


def test_a_folder_given_as_the_database_is_refused(cli, tmp_path):
    refused(cli("list", db=tmp_path), str(tmp_path), "is a folder")


def test_a_file_where_a_folder_should_be_is_refused(cli, tmp_path):
    (tmp_path / "x").write_text("notes")
    refused(cli("init", db=tmp_path / "x" / "m.db"), "a folder in its path is a file")
    assert (tmp_path / "x").read_text() == "notes"


def test_a_nul_in_the_configured_file_name_is_refused_in_one_line(cli, tmp_path, monkeypatch):
    """A shell cannot pass a NUL, but TOML can write one ("\\u0000"): it was a ValueError traceback."""
    config = tmp_path / "config.toml"
    config.write_text('db = "team\\u0000.db"\n', encoding="utf-8")
    monkeypatch.setenv("MISSIONTUI_CONFIG", str(config))
    monkeypatch.delenv("MISSIONTUI_DB")
    monkeypatch.chdir(tmp_path)
    before = sorted(os.listdir(tmp_path))
    refused(cli("list", db=None), "team\\x00.db cannot be a file name: it holds a NUL character")
    assert sorted(os.listdir(tmp_path)) == before


# --- every way in, not only `list` ----------------------------------------------------------------

def unusable(kind: str, folder) -> tuple:
    """(a file as a user might point missiontui at, the words its refusal must say)."""
    path = folder / f"{kind}.db"
    if kind == "empty":
        path.touch()
        return path, "empty file (0 bytes)"
    if kind == "one byte":
        path.write_bytes(b"x")
        return path, "too short to hold a database header"
    if kind == "truncated":
        whole = seeded_copy(folder / "whole.db").read_bytes()
        path.write_bytes(whole[: len(whole) // 2])
        return path, "is truncated"
    if kind == "newer schema":
        seeded_copy(path)
    conn = sqlite3.connect(path)
    if kind == "foreign":
        conn.execute("CREATE TABLE invoices(id INTEGER PRIMARY KEY, amount REAL)")
    else:
        conn.execute("INSERT INTO _sqlite_migrations(migration_set, name, applied_at) "
                     "VALUES ('missiontui', '9999_x', 'x')")
    conn.commit()
    conn.close()
    return path, "another program" if kind == "foreign" else "newer missiontui"


KINDS = ["empty", "one byte", "truncated", "foreign", "newer schema"]
WAYS_IN = [["agenda"], ["due"], ["undo"], ["export", "-o", "out.ics"], ["backup", "copy.db"], ["feed", "add"],
           ["import", "in.json"], ["mission", "add", "X-1", "-t", "Mission"], ["report", DNS]]


@pytest.mark.parametrize("kind", KINDS)
def test_every_command_refuses_an_unusable_file_in_one_line_and_writes_nothing(cli, tmp_path, monkeypatch, kind):
    path, words = unusable(kind, tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in.json").write_text(json.dumps({"mission": DNS, "title": "Livrable", "due": "fin juin"}))
    before = file_state(path)
    for command in WAYS_IN:
        refused(cli(*command, db=path), str(path), words)
    assert file_state(path) == before and not (tmp_path / "out.ics").exists() and not (tmp_path / "copy.db").exists()
    checked = cli("check", db=path)  # the command made for a doubtful file reports instead of refusing
    assert checked.code == 1 and f"problem: {path}" in checked.out and "1 problem found" in checked.out
    assert file_state(path) == before


@pytest.mark.parametrize("kind", KINDS)
def test_the_tui_refuses_an_unusable_file_before_it_takes_the_terminal(tmp_path, kind):
    path, words = unusable(kind, tmp_path)
    before = file_state(path)
    result = missiontui("--db", str(path), timeout=60)  # no command: the TUI, had the file been opened
    refused(result, str(path), words)
    assert "\x1b[" not in result.stdout and result.stdout == "" and file_state(path) == before


# --- permissions: run as a user (root ignores them) --------------------------------------------------

def test_a_read_only_file_is_refused_as_such(tmp_path):
    path = seeded_copy(tmp_path / "m.db")
    path.chmod(0o444)
    before = file_state(path)
    for command in (["list"], ["done", "12"]):
        refused(missiontui("--db", str(path), *command), str(path), "is read-only for you")
    assert file_state(path) == before


def test_a_database_in_a_read_only_folder_is_refused_as_such(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    path = seeded_copy(folder / "m.db")
    folder.chmod(0o555)
    try:
        before = file_state(path)
        refused(missiontui("--db", str(path), "list"), f"the folder {folder} is read-only for you", "m.db-wal")
        assert file_state(path) == before
    finally:
        folder.chmod(0o755)


def test_a_database_behind_a_closed_folder_is_refused_as_such_and_check_names_the_case(tmp_path):
    closed = tmp_path / "closed"
    closed.mkdir()
    path = seeded_copy(closed / "m.db")
    closed.chmod(0o000)
    try:
        refused(missiontui("--db", str(path), "list"), str(path), "a folder above it is closed to you")
        checked = missiontui("--db", str(path), "check", "--json")
        assert checked.returncode == 1 and json.loads(checked.stdout)["file_problem"] == "unreadable"
    finally:
        closed.chmod(0o755)


def test_check_names_a_folder_given_as_the_database(tmp_path):
    checked = missiontui("--db", str(tmp_path), "check", "--json")
    assert checked.returncode == 1 and json.loads(checked.stdout)["file_problem"] == "not-a-file"


def test_creating_a_database_in_a_read_only_folder_is_refused_as_such(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o555)
    try:
        refused(missiontui("--db", str(folder / "m.db"), "init"), f"cannot create {folder / 'm.db'}",
                f"the folder {folder} is read-only")
        assert os.listdir(folder) == []
    finally:
        folder.chmod(0o755)


# --- another program holds a lock ------------------------------------------------------------------

def test_a_database_locked_exclusively_by_another_program_is_reported_as_locked(tmp_path):
    path = seeded_copy(tmp_path / "m.db")
    with OtherProcess(path, "exclusive-mode"):
        before = file_state(path)
        refused(missiontui("--db", str(path), "list"), str(path), "locked by another program", "nothing was changed")
        assert file_state(path) == before


def test_a_colleagues_long_write_lets_others_read_and_refuses_their_writes_cleanly(tmp_path):
    path = seeded_copy(tmp_path / "m.db")
    expected = json.loads(missiontui("--db", str(path), "list", "--json").stdout)
    with OtherProcess(path, "exclusive"):
        before = file_state(path)
        listed = missiontui("--db", str(path), "list", "--json")
        assert listed.returncode == 0 and json.loads(listed.stdout) == expected  # WAL: colleagues still read
        refused(missiontui("--db", str(path), "done", "12"), "nothing was changed")
        assert file_state(path) == before
    with Store(path) as store:
        assert store.deliverable(12).status.value != "done"


# --- several connections in one process (the TUI has two, the feed server one per thread) ----------

COLLEAGUE_WRITES = ("import sqlite3, sys; c = sqlite3.connect(sys.argv[1], isolation_level=None); "
                    "c.execute(\"UPDATE deliverable SET notes = 'Bob' WHERE id = 12\"); c.close()")


def test_opening_a_second_connection_keeps_the_first_ones_locks(tmp_path):
    """POSIX locks belong to the process: a plain open()/close() of the file, done to look at its
    header before a second connection, used to drop the first connection's locks. A colleague closing
    then believed nobody else was connected and deleted the WAL under our feet (disk I/O errors)."""
    path = seeded_copy(tmp_path / "m.db")
    with Store(path) as writer, Store(path) as reader:  # what the TUI opens
        assert reader.deliverable(12).notes != "Bob"
        subprocess.run([sys.executable, "-c", COLLEAGUE_WRITES, str(path)], check=True)
        assert (tmp_path / "m.db-wal").exists(), "the colleague's close removed the WAL we still use"
        assert reader.deliverable(12).notes == "Bob"
        with writer.transaction():
            writer.conn.execute("UPDATE deliverable SET notes = 'Alice' WHERE id = 12")
        assert reader.deliverable(12).notes == "Alice"
    assert not (tmp_path / "m.db-wal").exists()  # the last one out cleans up, as SQLite should
