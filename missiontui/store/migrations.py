"""Versioned schema migrations: one file in db/migrations per version, one transaction each.

A migration is an SQL script, or a Python file with `migrate(db)` (sqlite-utils Database) when it
must convert data SQL alone cannot (0003 turns display strings in the history into typed values)."""

from __future__ import annotations

import importlib.util
import sqlite3
from pathlib import Path

from missiontui.core.errors import DamagedDatabase
from missiontui.paths import shipped_db_dir


def _migration_files() -> list[Path]:
    folder = shipped_db_dir() / "migrations"
    return sorted([*folder.glob("[0-9][0-9][0-9][0-9]_*.sql"), *folder.glob("[0-9][0-9][0-9][0-9]_*.py")])


SCHEMA_VERSION = len(_migration_files())


def _statements(script: str):
    """Split a script into statements (triggers hold semicolons); executescript would COMMIT."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            if pending.strip():
                yield pending
            pending = ""
    if pending.strip() and not pending.strip().startswith("--"):
        yield pending


def _migrations():
    from sqlite_utils.migrations import Migrations

    migrations = Migrations("missiontui")
    for path in _migration_files():
        migrations(name=path.stem)(_python_migration(path) if path.suffix == ".py" else _sql_migration(path))
    return migrations


def _sql_migration(path: Path):
    script = path.read_text(encoding="utf-8")

    def apply(db):
        for statement in _statements(script):
            db.execute(statement)
    return apply


def _python_migration(path: Path):
    spec = importlib.util.spec_from_file_location(f"missiontui_migration_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.migrate


def schema_version(db) -> int:
    return len(_migrations().applied(db))


def _applied_names(conn) -> set[str] | None:
    """The migrations recorded in the file, read with plain SQL (None: no record table yet)."""
    try:
        return {row[0] for row in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = 'missiontui'")}
    except sqlite3.OperationalError:
        return None


def migrate(store) -> None:
    """Bring the database to the current schema. A newer database than this code is refused.
    The usual case, nothing to do, costs one query and no sqlite-utils import."""
    applied = _applied_names(store.conn)
    known = {path.stem for path in _migration_files()}
    if applied is not None and applied == known:
        return
    db = store.db
    migrations = _migrations()
    applied = {m.name for m in migrations.applied(db)}
    known = {path.stem for path in _migration_files()}
    if applied - known:
        raise DamagedDatabase(
            f"this database was written by a newer missiontui (schema {', '.join(sorted(applied - known))}); "
            "upgrade missiontui to open it"
        )
    if not applied and _has_foreign_tables(db):
        raise DamagedDatabase("this file is an SQLite database, but not a missiontui one")
    if not migrations.pending(db):
        return
    # One write lock around the lot, so two colleagues opening a new file don't both migrate it;
    # each migration still runs in its own savepoint and is recorded with it. Foreign keys are off
    # meanwhile (a migration may rebuild a referenced table, the way SQLite documents) and every
    # reference is checked before COMMIT.
    db.execute("PRAGMA foreign_keys = OFF")
    try:
        db.execute("BEGIN IMMEDIATE")
        try:
            migrations.apply(db)
            broken = db.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise DamagedDatabase(f"the upgrade would leave {len(broken)} broken reference(s); nothing was changed")
            db.execute("COMMIT")
        except BaseException:
            db.conn.rollback()
            raise
    finally:
        db.execute("PRAGMA foreign_keys = ON")


def _has_foreign_tables(db) -> bool:
    return any(not name.startswith(("_sqlite", "sqlite_")) for name in db.table_names())
