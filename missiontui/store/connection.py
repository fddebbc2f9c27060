"""Opening a database file safely: mode 0600, WAL, foreign keys, a busy timeout, migrations."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from missiontui.core.errors import DamagedDatabase

BUSY_TIMEOUT_MS = 5000


def connect(path: Path | str) -> sqlite3.Connection:
    """A connection in autocommit mode: every write goes through an explicit BEGIN IMMEDIATE."""
    path = Path(path)
    if str(path) != ":memory:":
        path.parent.mkdir(parents=True, exist_ok=True)
        _create_private(path)
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                               check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            conn.execute("PRAGMA journal_mode = WAL")  # outside any transaction, as WAL requires
        conn.execute("PRAGMA synchronous = NORMAL")  # safe with WAL; a crash loses no committed write
    except sqlite3.DatabaseError as exc:
        raise DamagedDatabase(f"{path} is not a usable missiontui database ({exc})") from None
    return conn


def _create_private(path: Path) -> None:
    """Create the file with mode 0600 before SQLite does, so colleagues' data is not world-readable."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    os.close(fd)
