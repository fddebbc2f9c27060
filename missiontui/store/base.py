"""The connection every part of the store shares: one lock, one way to write."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path

from missiontui.core.errors import DamagedDatabase, StorageBusy
from missiontui.store.connection import Create, connect
from missiontui.store.migrations import migrate


class StoreBase:
    def __init__(self, path: Path | str, create: Create = Create.IF_MISSING):
        """`create`: may a missing file be created (front ends pass Create.NO for commands that read)."""
        self.path = Path(path)
        self._lock = threading.RLock()  # worker threads share the connection
        self._depth = 0  # nesting of transaction()
        self.conn = connect(self.path, create)
        try:
            with self._lock:
                migrate(self)
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise DamagedDatabase.of("db.damaged_or_foreign", path=self.path, reason=str(exc)) from None
        except BaseException:
            self.conn.close()
            raise

    @cached_property
    def db(self):
        """sqlite-utils' view of the connection, for migrations (imported only when needed: ~35 ms)."""
        from sqlite_utils import Database

        return Database(self.conn)

    def close(self) -> None:
        with self._lock:
            self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @contextmanager
    def _write(self) -> Iterator[None]:
        """One transaction: BEGIN IMMEDIATE takes the write lock first, so a colleague's commit
        between our read and our write makes us wait (busy timeout), never fail half-way.
        Nested inside `transaction()`, it joins the outer one."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise StorageBusy.of("error.storage", reason=str(exc)) from None
            self._depth = 1
            try:
                yield
                self.conn.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                self.conn.rollback()
                raise StorageBusy.of("error.storage", reason=str(exc)) from None
            except BaseException:
                self.conn.rollback()
                raise
            finally:
                self._depth = 0

    def transaction(self):
        """Reads and writes that land together or not at all: a use case reads the current state
        and writes its change set under one write lock, so nobody slips in between."""
        return self._write()

    def _rows(self, sql: str, params=()) -> list[sqlite3.Row]:
        with self._lock:
            cursor = self.conn.execute(sql, params)
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row)) for row in cursor.fetchall()]

    def _one(self, sql: str, params=()):
        rows = self._rows(sql, params)
        return rows[0] if rows else None

    def data_version(self) -> int:
        """Changes whenever another connection commits: how open views notice colleagues."""
        with self._lock:
            return self.conn.execute("PRAGMA data_version").fetchone()[0]
