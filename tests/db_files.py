"""For tests about database files: what a file looks like before and after, real damage, and other
processes that hold a lock or write while a command runs (synchronised by pipes, never by sleeps)."""

from __future__ import annotations

import ctypes
import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 1, 2


@dataclass(frozen=True)
class FileState:
    """A file's bytes and modification time, and what its folder holds: 'nothing was written'."""

    data: bytes
    mtime_ns: int
    folder: tuple[str, ...]


def file_state(path: Path) -> FileState:
    return FileState(path.read_bytes(), path.stat().st_mtime_ns, tuple(sorted(os.listdir(path.parent))))


def _as_a_user() -> None:  # pragma: no cover - runs in the child before exec
    """Root ignores file permissions; without these two capabilities it meets them like anyone."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def missiontui(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """The command in a real process that meets file permissions as a user does, even under root."""
    return subprocess.run([sys.executable, "-m", "missiontui", *args], capture_output=True, text=True,
                          timeout=timeout, preexec_fn=_as_a_user if os.geteuid() == 0 else None)


def seeded_copy(path: Path) -> Path:
    """A database holding the two real letters, fully written into the main file (no WAL)."""
    from missiontui.store import Store
    from missiontui.usecases.seeds import load_seeds

    from missiontui.usecases.context import Context

    with Store(path) as store:
        load_seeds(Context(store, "tester"))
    return path


def damage_table(path: Path, table: str) -> None:
    """Overwrite the header of a table's root page: the file opens, reading that table fails."""
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    conn.close()
    with open(path, "r+b") as file:
        file.seek((root - 1) * page_size)
        file.write(b"\xff" * 12)


PYTHON_HOLDER = r"""
import sqlite3, sys
path, how = sys.argv[1], sys.argv[2]
conn = sqlite3.connect(path, isolation_level=None)
if how == "exclusive-mode":  # e.g. a colleague's `sqlite3` shell: PRAGMA locking_mode=EXCLUSIVE
    conn.execute("PRAGMA locking_mode = EXCLUSIVE")
if how == "open":
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
else:
    conn.execute("BEGIN EXCLUSIVE")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
print("ready", flush=True)
for line in sys.stdin:
    if line.startswith("notes "):  # what this colleague's connection reads now
        row = conn.execute("SELECT notes FROM deliverable WHERE id = ?", (int(line.split()[1]),)).fetchone()
        print(row[0] if row else "-", flush=True)
    else:
        break
if conn.in_transaction:
    conn.execute("ROLLBACK")
conn.close()
"""


class OtherProcess:
    """Another program with the database open: `how` is 'exclusive' (BEGIN EXCLUSIVE), 'exclusive-mode'
    (locking_mode=EXCLUSIVE, then BEGIN EXCLUSIVE: nobody can even read), or 'open' (idle, as a
    colleague's app is). Ready when __enter__ returns; released by __exit__."""

    def __init__(self, path: Path, how: str):
        self.path, self.how = path, how

    def __enter__(self):
        self.process = subprocess.Popen([sys.executable, "-c", PYTHON_HOLDER, str(self.path), self.how],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout.readline().strip() == "ready"
        return self

    def notes(self, deliverable_id: int) -> str:
        self.process.stdin.write(f"notes {deliverable_id}\n")
        self.process.stdin.flush()
        return self.process.stdout.readline().rstrip("\n")

    def __exit__(self, *exc):
        self.process.stdin.write("done\n")
        self.process.stdin.close()
        assert self.process.wait(30) == 0
