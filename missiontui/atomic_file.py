"""Replacing a file whole: readers see the old file or the complete new one, never half of it,
and a process killed half-way leaves no temporary file behind for long.

On Linux the new content is written to an unnamed file (O_TMPFILE) in the target's folder, given a
name only once it is complete, and renamed over the target: a killed writer leaves nothing. Where
that is not available the temporary file is named after its process (pid and host), and every
write first removes the ones whose process is gone.
"""

from __future__ import annotations

import os
import re
import socket
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TextIO

PREFIX = ".missiontui-export-"
HOST = re.sub(r"[^A-Za-z0-9.-]", "", socket.gethostname())[:64] or "host"
# .missiontui-export-<pid>@<host>-<8 characters of mkstemp>
_OURS = re.compile(re.escape(PREFIX) + r"(\d+)@(.*)-[a-z0-9_]{8}")
# What versions before 0.2 left: .missiontui-export-<8 characters>, with no owner to ask.
_LEGACY = re.compile(re.escape(PREFIX) + r"[a-z0-9_]{8}")
LEGACY_AGE = 24 * 3600  # seconds; no export takes a day


@contextmanager
def atomic_file(target: Path, *, unnamed: bool = True) -> Iterator[TextIO]:
    """A text file (UTF-8, CRLF kept as written) that replaces `target` when the block ends
    without an exception; on an exception `target` is untouched and nothing is left behind.

    A symbolic link stays one (the file it points to is replaced); a target that is not a regular
    file (/dev/null, /dev/stdout, a named pipe) is written to as it is, never replaced."""
    target = Path(os.path.realpath(target))
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        with open(target, "w", encoding="utf-8", newline="") as out:
            yield out
        return
    folder = target.parent
    remove_stale(folder)
    fd = _unnamed(folder) if unnamed else None
    named = None
    if fd is None:
        try:
            fd, named = tempfile.mkstemp(dir=folder, prefix=f"{PREFIX}{os.getpid()}@{HOST}-")
        except OSError as exc:  # a missing or closed folder: said of the file the user named
            raise OSError(exc.errno, exc.strerror, str(target)) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            if mode is not None:  # keep the old file's permissions (a new one is 0600: colleagues' data)
                os.fchmod(out.fileno(), stat.S_IMODE(mode))
            yield out
            out.flush()
            os.fsync(out.fileno())  # the content is on disk before the name points to it
            if named is None:
                named = _name(out.fileno(), folder)
        os.replace(named, target)
    except BaseException:
        if named is not None:
            Path(named).unlink(missing_ok=True)
        raise


def _unnamed(folder: Path) -> int | None:
    """An O_TMPFILE descriptor in `folder`, or None where the system or the file system lacks it."""
    if not hasattr(os, "O_TMPFILE") or not os.path.isdir("/proc/self/fd"):
        return None
    try:
        return os.open(folder, os.O_TMPFILE | os.O_WRONLY, 0o600)
    except OSError:  # not supported here; the named way says what is wrong, if anything is
        return None


def _name(fd: int, folder: Path) -> str:
    """Give the complete unnamed file a temporary name (linkat through /proc; a link cannot
    replace an existing file, the rename that follows does)."""
    folder_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        while True:
            name = f"{PREFIX}{os.getpid()}@{HOST}-{os.urandom(4).hex()}"
            try:  # a directory fd makes Python call linkat(), which alone follows the /proc link
                os.link(f"/proc/self/fd/{fd}", name, dst_dir_fd=folder_fd, follow_symlinks=True)
                return str(folder / name)
            except FileExistsError:
                continue
    finally:
        os.close(folder_fd)


def remove_stale(folder: Path) -> list[str]:
    """Remove the temporary files of exports whose process is gone (this host's only); returns
    their names. A folder we cannot read or write is left alone: the write itself will say why."""
    removed = []
    try:
        entries = [entry for entry in os.scandir(folder) if entry.name.startswith(PREFIX)]
    except OSError:
        return removed
    for entry in entries:
        ours, stale = _OURS.fullmatch(entry.name), False
        if ours:
            stale = ours.group(2) == HOST and not _alive(int(ours.group(1)))
        else:
            with suppress(OSError):
                stale = bool(_LEGACY.fullmatch(entry.name)) and time.time() - entry.stat().st_mtime > LEGACY_AGE
        if stale:
            with suppress(OSError):
                os.unlink(entry.path)
                removed.append(entry.name)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, and belongs to someone else
        return True
    return True
