"""Where the CalDAV password comes from: the OS keyring, an environment variable, or a 0600 file.

Never from the database or the config file itself, never printed. The caller names the sources
(the config's `[sync]` section will); the first one that holds a password wins, in the order
environment, file, keyring: what was set for this run or named in the config is the user's explicit
choice and beats an older keyring entry (and a script never waits on a keyring that prompts). `keyring` is optional: without it (or without a usable backend, as on
a server with no desktop session) that source is simply empty.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from missiontui.core.errors import MissionError

KEYRING_SERVICE = "missiontui-caldav"


class CredentialsError(MissionError):
    pass


@dataclass(frozen=True)
class Password:
    """A secret that does not show itself: its repr and str never hold the value."""

    value: str
    source: str  # "keyring", "environment" or "file": safe to show

    def __repr__(self) -> str:
        return f"Password(<hidden>, source={self.source!r})"

    __str__ = __repr__


def find_password(user: str, *, keyring_service: str | None = KEYRING_SERVICE, env_var: str | None = None,
                  file: str | os.PathLike | None = None, environ: dict | None = None) -> Password:
    """The password of `user` from the first source that has one; CredentialsError when none has."""
    environ = os.environ if environ is None else environ
    if env_var and environ.get(env_var):
        return Password(environ[env_var], "environment")
    if file:
        return Password(read_password_file(Path(file)), "file")
    if keyring_service:
        secret = _from_keyring(keyring_service, user)
        if secret:
            return Password(secret, "keyring")
    raise CredentialsError.of("sync.no_password", user=user, service=keyring_service or KEYRING_SERVICE,
                              env=env_var or "MISSIONTUI_SYNC_PASSWORD")


def _from_keyring(service: str, user: str) -> str | None:
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:
        return None
    try:
        return keyring.get_password(service, user)
    except (KeyringError, RuntimeError, OSError):  # no backend on this machine, a locked or broken one
        return None


def read_password_file(path: Path) -> str:
    """The first line of a file that only its owner can read (like ssh with a private key)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        raise CredentialsError.of("sync.file_missing", path=str(path)) from None
    except OSError as exc:
        raise CredentialsError.of("sync.file_unreadable", path=str(path), reason=exc.strerror or "error") from None
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode  # of the file we opened, not of a name that may change meanwhile
        if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise CredentialsError.of("sync.file_open", path=str(path), mode=f"{stat.S_IMODE(mode):04o}")
        data = handle.read(64 * 1024)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise CredentialsError.of("sync.file_unreadable", path=str(path), reason="not UTF-8 text") from None
    secret = text.splitlines()[0] if text.splitlines() else ""
    if not secret:
        raise CredentialsError.of("sync.file_empty", path=str(path))
    return secret
