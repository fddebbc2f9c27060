"""Opening a database file: look at it before SQLite does, refuse what is not ours without writing a
byte to it, then mode 0600, WAL, foreign keys and a busy timeout.

Every refusal is a `DatabaseFileError` whose `problem` names the case (see core/errors.py) and whose
message (catalogue/store.json) is one sentence naming the file.
"""

from __future__ import annotations

import os
import shlex
import sqlite3
import stat
import struct
import threading
from collections import Counter
from pathlib import Path

from missiontui.core.errors import DamagedDatabase, DatabaseFileError, MissingDatabase
from missiontui.core.textsafe import visible
from missiontui.store.modes import Create

BUSY_TIMEOUT_MS = 5000
SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100


# SQLite locks a database with POSIX advisory locks, and those belong to the whole process: closing
# ANY descriptor of the file drops every lock the process holds on it (sqlite.org/howtocorrupt.html,
# 2.2). A colleague's process may then believe it is the last one connected and delete the WAL under
# our open connections (disk I/O errors, or worse). So a file this process already has a connection
# to is never opened and closed again with plain open(): it was looked at when first opened.
_held: Counter = Counter()  # (st_dev, st_ino) -> connections of this process on that file
_held_lock = threading.Lock()


class HeldConnection(sqlite3.Connection):
    """A connection that says when the file is no longer held by this process."""

    held_key: tuple[int, int] | None = None

    def close(self) -> None:
        super().close()
        key, self.held_key = self.held_key, None
        if key is not None:
            with _held_lock:
                _held[key] -= 1
                if _held[key] <= 0:
                    del _held[key]


def _hold(conn: HeldConnection, path: Path) -> None:
    info = path.stat()
    conn.held_key = (info.st_dev, info.st_ino)
    with _held_lock:
        _held[conn.held_key] += 1


def held_here(info: os.stat_result) -> bool:
    with _held_lock:
        return (info.st_dev, info.st_ino) in _held


def connect(path: Path | str, create: Create = Create.NO) -> sqlite3.Connection:
    """A read-write connection in autocommit mode (every write goes through an explicit BEGIN IMMEDIATE)
    on a file that is, or has just become, a missiontui database. Migrations are the caller's job."""
    if str(path) == ":memory:":
        return _configure(sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False))
    path = Path(path)
    new = preflight(path, create)
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                           check_same_thread=False, factory=HeldConnection)
    try:
        if not new:
            from missiontui.store.migrations import refuse_unopenable

            refuse_unopenable(conn, path)  # reads only: a foreign or newer file is left as it was
        _hold(conn, path)
        return _configure(conn)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise file_error(exc, path) from None
    except BaseException:
        conn.close()
        raise


def connect_read_only(path: Path | str) -> sqlite3.Connection:
    """A connection for reading only (backup, check, a file to restore from): no migration, no
    journal mode switch, and it never creates the file. A read-only file or folder is fine here;
    what is not a database is refused as `connect` does.

    Where we may write, SQLite opens it read-write all the same, so that its -wal and -shm files come
    and go as with any colleague's connection (a read-only connection would leave them behind)."""
    path = Path(path)
    preflight(path, Create.NO, write=False)
    writable = os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)
    uri = "file:" + _uri_path(path) + ("?mode=rw" if writable else "?mode=ro")
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                               check_same_thread=False, factory=HeldConnection)
    except sqlite3.DatabaseError as exc:
        raise file_error(exc, path) from None
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # fails now, not later, if unreadable
        _hold(conn, path)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise file_error(exc, path) from None
    return conn


def _configure(conn: sqlite3.Connection) -> sqlite3.Connection:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        conn.execute("PRAGMA journal_mode = WAL")  # outside any transaction, as WAL requires
    conn.execute("PRAGMA synchronous = NORMAL")  # safe with WAL; a crash loses no committed write
    return conn


def preflight(path: Path, create: Create = Create.NO, *, write: bool = True) -> bool:
    """Look at the file with plain reads before SQLite opens it (SQLite would silently turn an empty
    file into a database). Returns True when the file is new: just created, or an empty file that
    `init` adopts. Raises a DatabaseFileError naming the case otherwise."""
    try:
        info = path.stat()
    except FileNotFoundError:
        if create is Create.NO:
            raise MissingDatabase.of("db.missing", path=path, quoted=_quoted(path)) from None
        return _create_private(path) or preflight(path, create, write=write)
    except NotADirectoryError:
        raise DatabaseFileError.of("db.path_through_file", problem="not-a-file", path=path) from None
    except PermissionError:
        raise DatabaseFileError.of("db.folder_closed", problem="unreadable", path=path) from None
    except ValueError:  # a NUL in the name (a config file can hold one; the command line cannot)
        raise DatabaseFileError.of("db.bad_name", problem="not-a-file", path=path) from None
    if not stat.S_ISREG(info.st_mode):
        key = "db.is_folder" if stat.S_ISDIR(info.st_mode) else "db.not_regular"
        raise DatabaseFileError.of(key, problem="not-a-file", path=path)
    if not os.access(path, os.R_OK):
        raise DatabaseFileError.of("db.unreadable", problem="unreadable", path=path)
    if info.st_size == 0:
        if create is not Create.INIT:
            raise DamagedDatabase.of("db.empty", problem="empty", path=path, quoted=_quoted(path))
        if write:
            _refuse_read_only(path)
        return True
    if not held_here(info):  # open here already, and checked then: reading it again would drop SQLite's locks
        with open(path, "rb") as file:
            header = file.read(HEADER_SIZE)
        check_header(path, header, info.st_size)
    if write:
        _refuse_read_only(path)
    return False


def check_header(path: Path, header: bytes, size: int) -> None:
    """SQLite's file header (sqlite.org/fileformat.html): magic, page size, payload fractions, and the
    page count that tells a truncated file."""
    if len(header) < HEADER_SIZE:
        raise DamagedDatabase.of("db.too_short", problem="not-a-database", path=path, size=size)
    if header[:16] != SQLITE_MAGIC:
        raise DamagedDatabase.of("db.not_sqlite", problem="not-a-database", path=path)
    raw_page_size, write_version, read_version = struct.unpack(">HBB", header[16:20])
    page_size = 65536 if raw_page_size == 1 else raw_page_size
    if (page_size < 512 or page_size & (page_size - 1) or write_version not in (1, 2)
            or read_version not in (1, 2) or header[21:24] != b"\x40\x20\x20"):
        raise DamagedDatabase.of("db.bad_header", problem="damaged", path=path)
    change_counter, page_count = struct.unpack(">II", header[24:32])
    (valid_for,) = struct.unpack(">I", header[92:96])
    expected = page_count * page_size
    # The page count is trusted only when SQLite wrote it (valid_for); a WAL still to be applied may
    # legitimately grow the file, so a file with a pending WAL is left to SQLite.
    if page_count and valid_for == change_counter and size < expected and not _pending_wal(path):
        raise DamagedDatabase.of("db.truncated", problem="truncated", path=path, size=size, expected=expected)


def _pending_wal(path: Path) -> bool:
    try:
        return wal_path(path).stat().st_size > 0
    except OSError:
        return False


def wal_path(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def shm_path(path: Path) -> Path:
    return path.with_name(path.name + "-shm")


def _refuse_read_only(path: Path) -> None:
    if not os.access(path, os.W_OK):
        raise DatabaseFileError.of("db.read_only_file", problem="read-only-file", path=path)
    folder = path.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        raise DatabaseFileError.of("db.read_only_folder", problem="read-only-folder", path=path, folder=show(folder),
                                   wal=show(Path(path.name + "-wal")), shm=show(Path(path.name + "-shm")),
                                   name=show(Path(path.name)))


def _create_private(path: Path) -> bool:
    """Create the file with mode 0600 before SQLite does, so colleagues' data is not world-readable.
    False if someone else created it first (then it is looked at like any existing file)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        if path.exists():
            return False
        raise DatabaseFileError.of("db.cannot_create_through_file", problem="not-a-file", path=path) from None
    except NotADirectoryError:
        raise DatabaseFileError.of("db.cannot_create_through_file", problem="not-a-file", path=path) from None
    except PermissionError:
        folder = next(p for p in path.parents if os.path.exists(p))
        raise DatabaseFileError.of("db.cannot_create_read_only", problem="read-only-folder", path=path,
                                   folder=show(folder)) from None
    os.close(fd)
    return True


def file_error(exc: sqlite3.DatabaseError, path: Path) -> DatabaseFileError:
    """What an SQLite error met while opening means for the user."""
    code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
    if code == sqlite3.SQLITE_BUSY:
        return DatabaseFileError.of("db.locked", problem="locked", path=path, seconds=BUSY_TIMEOUT_MS // 1000)
    if code == sqlite3.SQLITE_READONLY:
        return DatabaseFileError.of("db.cannot_write", problem="read-only-file", path=path, reason=str(exc))
    if code == sqlite3.SQLITE_CANTOPEN:
        return DatabaseFileError.of("db.cannot_open", problem="unreadable", path=path, reason=str(exc))
    return DamagedDatabase.of("db.damaged", problem="damaged", path=path, reason=str(exc))


def _quoted(path: Path) -> str:
    """The path as a shell command names it, shown safely."""
    return visible(shlex.quote(str(path)))


def show(path: Path) -> str:
    """A path as the terminal may print it (a file name can hold control characters)."""
    return visible(str(path))


def _uri_path(path: Path) -> str:
    from urllib.parse import quote

    return quote(str(path.absolute()))
