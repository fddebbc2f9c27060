"""Backup, restore and check of a database file: SQLite's online backup, checks that read only, and
a restore that is one transaction for colleagues who have the file open.

Restore does not swap files under SQLite's feet when it can avoid it: when the current database is
sound, the backup's rows replace its rows in ONE write transaction (colleagues' open connections
simply see a new commit; no WAL or SHM file can belong to another file). Only a current file SQLite
cannot use (damaged, truncated, empty) is moved aside with its -wal and -shm, WAL first, and the
restored file renamed into its place.
"""

from __future__ import annotations

import os
import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from missiontui.core.errors import DamagedDatabase, DatabaseFileError, InvalidInput, MissingDatabase
from missiontui.core.textsafe import visible
from missiontui.store.connection import (
    Create, connect, connect_read_only, file_error, shm_path, show, wal_path,
)
from missiontui.store.migrations import SchemaState, apply_migrations, refuse_unopenable, schema_state

INTEGRITY_LIMIT = 100  # messages kept from integrity_check: enough to see the damage, not a flood


# --- backup ---------------------------------------------------------------------------------------

def backup_database(database: Path, target: Path) -> SchemaState:
    """A consistent copy of `database` as it is at one moment, in a new file `target` (mode 0600,
    never overwritten). Colleagues keep reading and writing meanwhile: in WAL mode the copy is one
    read transaction, which blocks no one."""
    with closing(connect_read_only(database)) as source:
        state = refuse_unopenable(source, database)
        refuse_existing(target)
        write_copy(source, target)
    return state


def write_copy(source: sqlite3.Connection, target: Path) -> None:
    """Copy with SQLite's backup API into a private file beside `target`, check it, then link it into
    place: a killed backup leaves no half-written file under the name the user gave."""
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    _create_private(partial)
    try:
        with closing(sqlite3.connect(str(partial), isolation_level=None)) as copy:
            source.backup(copy)  # all pages in one step: one consistent snapshot
            copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
            problems = integrity_problems(copy, quick=True)
        if problems:
            raise DamagedDatabase.of("backup.unverified", problem="damaged", path=target, reason=visible(problems[0]))
        _fsync(partial)
        try:
            os.link(partial, target)  # atomic, and never replaces a file someone else just made
        except FileExistsError:
            refuse_existing(target)
            raise
        _fsync_folder(target.parent)
    finally:
        partial.unlink(missing_ok=True)


def refuse_existing(target: Path) -> None:
    if os.path.lexists(target):
        raise InvalidInput.of("backup.exists", file=show(target))
    if not target.parent.is_dir():
        raise InvalidInput.of("backup.no_folder", folder=show(target.parent))


# --- check ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Orphan:
    """A row that points to a row that does not exist."""

    table: str
    row: str  # the row's key, e.g. "deliverable_id=5, person_id=99"
    column: str
    points_to: str  # the table it should point into
    value: object


@dataclass(frozen=True)
class IndexMismatch:
    """A deliverable whose full-text index entry is not what the table holds."""

    table: str  # the indexed table
    row_id: int
    problem: str  # missing (not indexed), stale (indexed, no such row), different (other words)


@dataclass(frozen=True)
class Findings:
    """What a check found, in SQLite's and our terms; usecases.maintenance turns it into sentences.
    A check that SQLite could not even run (damage) leaves its error in `unreadable`."""

    schema: SchemaState
    integrity: list[str]
    foreign_keys: list[tuple]
    orphans: list[Orphan]
    search_index: list[IndexMismatch]
    unreadable: dict[str, str]  # check name -> SQLite's error


def check_database(database: Path) -> Findings:
    """Every check, reading only (no migration, no WAL switch): DatabaseFileError if the file cannot
    even be opened as a database. One damaged table does not stop the other checks."""
    with closing(connect_read_only(database)) as conn:
        try:
            state = schema_state(conn)
        except sqlite3.DatabaseError as exc:
            raise file_error(exc, database) from None
        unreadable: dict[str, str] = {}

        def attempt(name, run, empty):
            try:
                return run()
            except sqlite3.DatabaseError as exc:
                unreadable[name] = str(exc)
                return empty

        integrity = attempt("integrity", lambda: integrity_problems(conn), [])
        keys = attempt("foreign_keys", lambda: [tuple(row) for row in conn.execute("PRAGMA foreign_key_check")], [])
        if state.status in ("foreign", "newer", "blank"):
            return Findings(state, integrity, keys, [], [], unreadable)
        orphans = attempt("orphans", lambda: find_orphans(conn, unreadable), [])
        mismatches = attempt("search_index", lambda: search_index_mismatches(conn), [])
        return Findings(state, integrity, keys, orphans, mismatches, unreadable)


def integrity_problems(conn: sqlite3.Connection, quick: bool = False) -> list[str]:
    pragma = "quick_check" if quick else "integrity_check"
    found = [row[0] for row in conn.execute(f"PRAGMA {pragma}({INTEGRITY_LIMIT})")]
    return [] if found == ["ok"] else found


# Rows that point to other rows without a FOREIGN KEY SQLite could check: the history log names
# its entity by kind and id.
HISTORY_ENTITIES = {"mission": "mission", "deliverable": "deliverable", "person": "person"}


def find_orphans(conn: sqlite3.Connection, unreadable: dict[str, str] | None = None) -> list[Orphan]:
    """Every declared reference (owners, dependencies, missions' leads, feeds, cache) and the history's
    entity pointers whose target row does not exist. A reference SQLite cannot read (damage) is
    noted in `unreadable` and the others are still looked at."""
    tables = _tables(conn)
    found: list[Orphan] = []

    def look(table, column, target, sql, params, describe):
        try:
            for row in conn.execute(sql, params):
                found.append(Orphan(table, describe(row), column, target, row[-1]))
        except sqlite3.DatabaseError as exc:
            if unreadable is None:
                raise
            unreadable.setdefault("orphans", f"{table}.{column}: {exc}")

    for table in tables:
        key = _key_columns(conn, table)
        for ref in conn.execute(f"PRAGMA foreign_key_list({_quote(table)})").fetchall():
            parent, column, parent_column = ref[2], ref[3], ref[4] or "rowid"
            if parent not in tables:
                continue
            sql = (f"SELECT {', '.join(_quote(k) for k in key)}, t.{_quote(column)} FROM {_quote(table)} AS t "
                   f"WHERE t.{_quote(column)} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {_quote(parent)} AS p "
                   f"WHERE p.{_quote(parent_column)} = t.{_quote(column)}) ORDER BY 1")
            look(table, column, parent, sql, (), lambda row, key=key: _describe(key, row[:-1]))
    if "history" in tables:
        for entity, target in HISTORY_ENTITIES.items():
            if target not in tables:
                continue
            sql = (f"SELECT h.id, h.entity_id FROM history AS h WHERE h.entity = ? AND NOT EXISTS "
                   f"(SELECT 1 FROM {_quote(target)} AS x WHERE x.id = h.entity_id) ORDER BY h.id")
            look("history", "entity_id", target, sql, (entity,), lambda row: f"id={row[0]}")
    return found


def search_index_mismatches(conn: sqlite3.Connection) -> list[IndexMismatch]:
    """Each external-content FTS5 index compared with its table. A fresh index is built from the
    table in memory (same columns, same tokenizer); then, cheaply, the rows' token counts and each
    term's document and occurrence counts are compared, and only the terms that differ are compared
    document by document. (FTS5's own integrity-check ignores the table before SQLite 3.44.) A change
    that only reorders the same words is not seen."""
    found: list[IndexMismatch] = []
    for name, sql in conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%fts5%'"
    ).fetchall():
        content = _option(sql, "content")
        if not content:
            continue  # an index that holds its own text cannot drift from anything
        rowid = _option(sql, "content_rowid") or "rowid"
        tokenize = _option(sql, "tokenize")
        columns = ", ".join(_quote(row[1]) for row in conn.execute(f"PRAGMA table_info({_quote(name)})"))
        scratch = ("fresh_index", "fresh_terms", "live_terms", "fresh_rows", "live_rows")
        for table in scratch:
            conn.execute(f"DROP TABLE IF EXISTS temp.{table}")
        conn.execute(f"CREATE VIRTUAL TABLE temp.fresh_index USING fts5({columns}"
                     + (f", tokenize={_literal(tokenize)}" if tokenize else "") + ")")
        conn.execute(f"INSERT INTO temp.fresh_index(rowid, {columns}) SELECT {_quote(rowid)}, {columns} "
                     f"FROM main.{_quote(content)}")
        for vocab, schema, table in (("fresh", "temp", "fresh_index"), ("live", "main", name)):
            for kind in ("instance", "row"):
                conn.execute(f"CREATE VIRTUAL TABLE temp.{vocab}_{'terms' if kind == 'instance' else 'rows'} "
                             f"USING fts5vocab({schema}, {_quote(table)}, {kind})")
        differing = set()
        docsize = f"{name}_docsize"
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (docsize,)).fetchone():
            differing |= {row[0] for row in conn.execute(
                f"SELECT id FROM (SELECT id, sz FROM main.{_quote(docsize)} EXCEPT SELECT id, sz FROM "
                f"temp.fresh_index_docsize) UNION SELECT id FROM (SELECT id, sz FROM temp.fresh_index_docsize "
                f"EXCEPT SELECT id, sz FROM main.{_quote(docsize)})")}
        terms = _json_text([row[0] for row in conn.execute(
            "SELECT term FROM (SELECT * FROM temp.live_rows EXCEPT SELECT * FROM temp.fresh_rows) "
            "UNION SELECT term FROM (SELECT * FROM temp.fresh_rows EXCEPT SELECT * FROM temp.live_rows)")])
        if terms != "[]":
            only = "WHERE term IN (SELECT value FROM json_each(?))"
            differing |= {row[0] for row in conn.execute(
                f"SELECT doc FROM (SELECT * FROM temp.live_terms {only} EXCEPT SELECT * FROM temp.fresh_terms {only}) "
                f"UNION SELECT doc FROM (SELECT * FROM temp.fresh_terms {only} EXCEPT "
                f"SELECT * FROM temp.live_terms {only})", (terms,) * 4)}
        if differing:
            ids = _json_list(differing)
            present = {row[0] for row in conn.execute(
                f"SELECT {_quote(rowid)} FROM main.{_quote(content)} WHERE {_quote(rowid)} IN "
                "(SELECT value FROM json_each(?))", (ids,))}
            indexed = {row[0] for row in conn.execute(
                "SELECT DISTINCT doc FROM temp.live_terms WHERE doc IN (SELECT value FROM json_each(?))", (ids,))}
            for row_id in sorted(differing):
                problem = "stale" if row_id not in present else "missing" if row_id not in indexed else "different"
                found.append(IndexMismatch(content, row_id, problem))
        for table in reversed(scratch):
            conn.execute(f"DROP TABLE temp.{table}")
    return found


def _option(sql: str, name: str) -> str | None:
    match = re.search(rf"\b{name}\s*=\s*(?:'((?:[^']|'')*)'|\"([^\"]*)\"|([\w]+))", sql, re.IGNORECASE)
    if not match:
        return None
    quoted, double, bare = match.groups()
    return quoted.replace("''", "'") if quoted is not None else double if double is not None else bare


# --- restore --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Restored:
    database: Path
    source: Path
    kept_aside: Path | None  # the previous database, None when there was none
    in_place: bool  # True: one transaction in the open database; False: the file was replaced
    missions: int
    deliverables: int


def check_restorable(source: Path) -> sqlite3.Connection:
    """A read-only connection on a sound missiontui database this version can open, or a refusal
    saying what is wrong with it. Nothing is written anywhere."""
    try:
        conn = connect_read_only(source)
    except DatabaseFileError as exc:
        raise _cannot_restore_from(exc, source) from None
    try:
        try:
            state = refuse_unopenable(conn, source)
        except DatabaseFileError as exc:
            raise _cannot_restore_from(exc, source) from None
        if state.status == "blank":
            raise InvalidInput.of("restore.blank", file=show(source))
        problems = integrity_problems(conn)
        if problems:
            raise DamagedDatabase.of("restore.from.damaged", problem="damaged", path=source,
                                     detail=f" ({visible(problems[0])})")
        if conn.execute("PRAGMA foreign_key_check").fetchone():
            raise DamagedDatabase.of("restore.dangling", problem="damaged", path=source)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise _cannot_restore_from(file_error(exc, source), source, str(exc)) from None
    except BaseException:
        conn.close()
        raise
    return conn


# What is wrong with a file to restore from, said as such (the opening messages suggest restoring):
# one message restore.from.PROBLEM each in catalogue/store.json.
SOURCE_PROBLEMS = ("missing", "empty", "not-a-file", "not-a-database", "damaged", "truncated", "unreadable", "locked",
                   "foreign", "newer-schema")


def _cannot_restore_from(exc: DatabaseFileError, source: Path, detail: str = "") -> DatabaseFileError:
    if exc.problem in SOURCE_PROBLEMS:
        return type(exc).of(f"restore.from.{exc.problem}", problem=exc.problem, path=source,
                            detail=f" ({visible(detail)})" if detail else "")
    return type(exc).of("restore.from_other", problem=exc.problem, path=source, reason=exc.phrase())


def restore_database(database: Path, source: Path, aside: Path, work: Path) -> Restored:
    """Replace what `database` holds by what `source` holds, keeping the current state in `aside`.
    `work` is a free name beside the database for the checked copy. All checks come first."""
    with closing(check_restorable(source)) as checked:
        work.parent.mkdir(parents=True, exist_ok=True)  # restoring into a new place makes it
        write_copy(checked, work)
    try:
        with closing(sqlite3.connect(str(work), isolation_level=None)) as copy:
            apply_migrations(copy, work)  # an older backup arrives at the current schema
            copy.execute("PRAGMA journal_mode = DELETE")
        try:
            live = connect(database, Create.NO)
        except MissingDatabase:
            database.parent.mkdir(parents=True, exist_ok=True)
            _replace_file(database, work, None)
            return _restored(database, source, None, False)
        except DamagedDatabase:
            _replace_file(database, work, aside)
            return _restored(database, source, aside, False)
        with closing(live):
            try:
                apply_migrations(live, database)
                sound = not integrity_problems(live, quick=True)
            except sqlite3.DatabaseError:
                sound = False
            if sound:
                _replace_rows(live, database, work, aside)
                return _restored(database, source, aside, True)
        _replace_file(database, work, aside)
        return _restored(database, source, aside, False)
    finally:
        work.unlink(missing_ok=True)


def _restored(database: Path, source: Path, aside: Path | None, in_place: bool) -> Restored:
    with closing(connect_read_only(database)) as conn:
        missions, deliverables = conn.execute(
            "SELECT (SELECT count(*) FROM mission), (SELECT count(*) FROM deliverable WHERE deleted_at IS NULL)"
        ).fetchone()
    return Restored(database, source, aside, in_place, missions, deliverables)


def _replace_rows(conn: sqlite3.Connection, database: Path, restored: Path, aside: Path) -> None:
    """One write transaction: take the write lock, copy the current state aside (with the lock held,
    no colleague can commit in between), then every table's rows replaced by the backup's. Triggers
    are set aside meanwhile (they would index rows twice) and search indexes rebuilt."""
    conn.execute("ATTACH DATABASE ? AS restored", (str(restored),))
    try:
        schema = "SELECT type, name, tbl_name, sql FROM {}.sqlite_master WHERE name NOT LIKE 'sqlite%' ORDER BY 1, 2"
        if conn.execute(schema.format("main")).fetchall() != conn.execute(schema.format("restored")).fetchall():
            raise InvalidInput.of("restore.tables_differ", file=show(database))
        # Foreign keys are checked once, over the whole result, before COMMIT: checked row by row,
        # each deleted or inserted deliverable would scan the unindexed depends_on_id (minutes at 100k).
        conn.execute("PRAGMA foreign_keys = OFF")  # outside any transaction, as SQLite requires
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            conn.execute("PRAGMA foreign_keys = ON")
            raise file_error(exc, database) from None
        try:
            with closing(sqlite3.connect(str(database), timeout=5)) as reader:
                write_copy(reader, aside)
            triggers = conn.execute("SELECT name, sql FROM main.sqlite_master WHERE type = 'trigger'").fetchall()
            for name, _ in triggers:
                conn.execute(f"DROP TRIGGER main.{_quote(name)}")
            for table in _copyable_tables(conn):
                columns = ", ".join(_quote(row[1]) for row in conn.execute(f"PRAGMA main.table_info({_quote(table)})"))
                conn.execute(f"DELETE FROM main.{_quote(table)}")
                conn.execute(f"INSERT INTO main.{_quote(table)} ({columns}) SELECT {columns} "
                             f"FROM restored.{_quote(table)}")
            for _, sql in triggers:
                conn.execute(sql)
            for (index,) in conn.execute("SELECT name FROM main.sqlite_master WHERE type = 'table' "
                                         "AND sql LIKE 'CREATE VIRTUAL TABLE%fts5%'").fetchall():
                conn.execute(f"INSERT INTO main.{_quote(index)}({_quote(index)}) VALUES ('rebuild')")
            if conn.execute("PRAGMA main.foreign_key_check").fetchone():
                raise DamagedDatabase.of("restore.rows_dangling", problem="damaged", path=restored)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            aside.unlink(missing_ok=True)  # the database is as it was: nothing to keep aside
            raise
        finally:
            conn.execute("PRAGMA foreign_keys = ON")
    finally:
        conn.execute("DETACH DATABASE restored")


def _copyable_tables(conn: sqlite3.Connection) -> list[str]:
    """Tables holding rows: not virtual tables nor their shadow tables (rebuilt), not the schema."""
    names = []
    for row in conn.execute("PRAGMA main.table_list"):
        name, kind = row[1], row[2]
        if kind == "table" and name not in ("sqlite_schema", "sqlite_master", "sqlite_temp_master"):
            names.append(name)
    present = {row[0] for row in conn.execute("SELECT name FROM restored.sqlite_master WHERE type = 'table'")}
    return [n for n in names if n in present]


def _replace_file(database: Path, restored: Path, aside: Path | None) -> None:
    """For a current file SQLite cannot use: its -wal and -shm go aside FIRST (a WAL left beside the
    restored file would be applied to it), then the file itself, then the restored file takes its
    name. The restored file keeps the old file's permissions."""
    mode = None
    if aside is not None and database.exists():
        mode = database.stat().st_mode & 0o777
        for companion in (wal_path, shm_path):
            if companion(database).exists():
                os.rename(companion(database), companion(aside))
        os.rename(database, aside)
    if mode is not None:
        os.chmod(restored, mode)
    os.rename(restored, database)
    _fsync_folder(database.parent)


# --- small helpers --------------------------------------------------------------------------------

def _tables(conn: sqlite3.Connection) -> list[str]:
    return [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' "
        "AND name NOT LIKE 'sqlite%' ORDER BY name")]


def _key_columns(conn: sqlite3.Connection, table: str) -> list[str]:
    info = conn.execute(f"PRAGMA table_info({_quote(table)})").fetchall()
    keyed = sorted((row[5], row[1]) for row in info if row[5])
    return [name for _, name in keyed] or ["rowid"]


def _describe(columns: list[str], values) -> str:
    return ", ".join(f"{c}={v}" for c, v in zip(columns, values))


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _json_list(ids) -> str:
    return "[" + ",".join(str(int(i)) for i in ids) + "]"


def _json_text(values) -> str:
    import json

    return json.dumps(list(values), ensure_ascii=False)


def _create_private(path: Path) -> None:
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    """A rename is durable once its folder is synced."""
    try:
        _fsync(folder)
    except OSError:  # some filesystems refuse to sync a folder; the rename itself is still atomic
        pass
