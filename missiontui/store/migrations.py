"""Versioned schema migrations: one file in db/migrations per version, one transaction each.

A migration is an SQL script, or a Python file with `migrate(db)` (sqlite-utils Database) when it
must convert data SQL alone cannot (0003 turns display strings in the history into typed values)."""

from __future__ import annotations

import importlib.util
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from missiontui.core.errors import DatabaseFileError
from missiontui.core.textsafe import visible
from missiontui.paths import shipped_db_dir


def _migration_files() -> list[Path]:
    folder = shipped_db_dir() / "migrations"
    return sorted([*folder.glob("[0-9][0-9][0-9][0-9]_*.sql"), *folder.glob("[0-9][0-9][0-9][0-9]_*.py")])


KNOWN_MIGRATIONS = tuple(path.stem for path in _migration_files())  # read once: every open compares
SCHEMA_VERSION = len(KNOWN_MIGRATIONS)


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


@dataclass(frozen=True)
class SchemaState:
    """What a file holds, read with plain SQL and without writing: which of our migrations it has."""

    applied: frozenset[str]  # missiontui migrations recorded in the file
    known: tuple[str, ...]  # the migrations this version of missiontui ships
    tables: tuple[str, ...]  # every table but SQLite's own

    @property
    def status(self) -> str:
        """blank (no table yet), foreign, newer, older (upgraded at the next open) or current."""
        if not self.applied:
            return "foreign" if any(not t.startswith("_sqlite") for t in self.tables) else "blank"
        if self.applied - set(self.known):
            return "newer"
        return "current" if self.applied == set(self.known) else "older"

    @property
    def version(self) -> int:
        return len(self.applied & set(self.known))

    @property
    def newer(self) -> list[str]:
        return sorted(self.applied - set(self.known))


def schema_state(conn) -> SchemaState:
    tables = tuple(row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
        " ORDER BY name"))
    applied = _applied_names(conn) if "_sqlite_migrations" in tables else None
    return SchemaState(frozenset(applied or ()), KNOWN_MIGRATIONS, tables)


def refuse_unopenable(conn, path: Path) -> SchemaState:
    """Refuse, before anything is written, a file this version must not touch."""
    state = schema_state(conn)
    if state.status == "foreign":
        shown = ", ".join(state.tables[:5]) + (", …" if len(state.tables) > 5 else "")
        raise DatabaseFileError.of("db.foreign", problem="foreign", path=path, tables=visible(shown))
    if state.status == "newer":
        raise DatabaseFileError.of("db.newer", problem="newer-schema", path=path,
                                   schema=visible(", ".join(state.newer)))
    return state


def _applied_names(conn) -> set[str] | None:
    """The migrations recorded in the file, read with plain SQL (None: no record table yet)."""
    try:
        return {row[0] for row in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = 'missiontui'")}
    except sqlite3.OperationalError:
        return None


def migrate(store) -> None:
    """Bring the store's database to the current schema. A newer or foreign file is refused.
    The usual case, nothing to do, costs one query and no sqlite-utils import."""
    apply_migrations(store.conn, store.path, lambda: store.db)


def apply_migrations(conn, path: Path, database=None) -> None:
    """Migrate any connection (the store's, or a copy about to be restored); `database` gives the
    sqlite-utils view of `conn` when the caller already has one."""
    applied = _applied_names(conn)
    if applied is not None and applied == set(KNOWN_MIGRATIONS):
        return
    refuse_unopenable(conn, path)
    if database is None:
        from sqlite_utils import Database

        db = Database(conn)
    else:
        db = database()
    migrations = _migrations()
    if not migrations.pending(db):
        return
    # One write lock around the lot, so two colleagues opening a new file don't both migrate it;
    # each migration still runs in its own savepoint and is recorded with it. Foreign keys are off
    # meanwhile (a migration may rebuild a referenced table, the way SQLite documents) and every
    # reference is checked before COMMIT.
    db.execute("PRAGMA foreign_keys = OFF")
    try:
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            from missiontui.store.connection import file_error

            raise file_error(exc, path) from None
        try:
            migrations.apply(db)
            broken = db.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise DatabaseFileError.of("db.upgrade_broken", problem="damaged", path=path, count=len(broken))
            db.execute("COMMIT")
        except BaseException:
            db.conn.rollback()
            raise
    finally:
        db.execute("PRAGMA foreign_keys = ON")
