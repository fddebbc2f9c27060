"""Settings: flags > environment > the config file (TOML) > defaults, validated once at load.

The file's shape is declared below (`SCHEMA`): a typo or a wrong type is reported with the file,
the section and the key — never ignored. Secrets are never in it: a password comes from the OS
keyring, an environment variable or a 0600 file named here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

from missiontui.core.errors import InvalidInput
from missiontui.paths import config_path

LANGUAGES = ("en", "fr")


@dataclass(frozen=True)
class SyncSettings:
    url: str = ""  # where your calendars live, e.g. https://cloud.example.org/remote.php/dav/calendars/alice/
    user: str = ""  # the server login; empty: a server without authentication
    password_env: str = ""  # the environment variable holding the password (else MISSIONTUI_SYNC_PASSWORD)
    password_file: str = ""  # a file (mode 0600) holding the password
    keyring: bool = True  # look in the OS keyring
    keyring_service: str = "missiontui-caldav"  # `keyring set missiontui-caldav USER`
    interval_minutes: int = 0  # background sync while the TUI is open; 0: only when asked
    allow_http: bool = False  # plain HTTP beyond this machine
    delete_threshold: int = 10  # a sync that would delete more than this many items asks first…
    delete_percent: int = 20  # …or more than this share of a mission (from 2 items on)
    timeout: int = 30  # seconds to wait for the server
    ca_bundle: str = ""  # a certificate authority to trust besides the system's (a ministry's own)
    backups_kept: int = 5  # database backups taken before a sync changes local data


@dataclass(frozen=True)
class Config:
    user: str = ""
    language: str = ""
    db: str = ""
    reminders: tuple[int, ...] = (7, 1)  # days before a deadline, for calendar alarms
    feed_base_url: str = ""  # how colleagues reach `missiontui serve`, e.g. https://feeds.example.org
    keymap: tuple[tuple[str, str], ...] = ()  # binding id -> keys, e.g. ("app.undo", "ctrl+u")
    sync: SyncSettings = SyncSettings()
    mail: dict = field(default_factory=dict)  # the [mail] table: its meaning is checked by usecases.digest
    source: Path | None = field(default=None, compare=False)


SECTIONS = {"sync": SyncSettings}


def load_config(path: Path | None = None) -> Config:
    path = path or config_path()
    if not path.exists():
        return Config()
    import tomllib  # ~3 ms: only when there is a file to read

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInput.of("error.config_toml", path=str(path), reason=str(exc)) from None
    values: dict = {}
    for key, value in data.items():
        if key in SECTIONS:
            values[key] = _section(path, key, SECTIONS[key], value)
        elif key == "keymap":
            values[key] = _keymap(path, value)
        elif key == "mail":
            if not isinstance(value, dict):
                raise InvalidInput.of("error.config_section", path=str(path), key=key)
            values[key] = value
        elif key in ("user", "language", "db", "feed_base_url"):
            values[key] = _typed(path, "", key, value, str)
        elif key == "reminders":
            if not isinstance(value, list) or not all(type(r) is int and 0 <= r <= 365 for r in value):
                raise InvalidInput.of("error.config_reminders", path=str(path))
            values[key] = tuple(value)
        else:
            raise InvalidInput.of("error.config_unknown", path=str(path), key=key,
                                  known=", ".join(["user", "language", "db", "reminders", "feed_base_url", "keymap",
                                                   "mail", *SECTIONS]))
    if _holds_credentials(values["sync"].url if "sync" in values else ""):
        raise InvalidInput.of("error.config_url_credentials", path=str(path), key="sync.url")
    if values.get("language", "en") not in LANGUAGES:
        raise InvalidInput.of("error.config_language", path=str(path), choices=", ".join(LANGUAGES))
    return Config(**values, source=path)


def _holds_credentials(url: str) -> bool:
    """user:password@host: a password must never sit in a file (a malformed URL is said at sync)."""
    from urllib.parse import urlsplit

    try:
        return "@" in urlsplit(url).netloc
    except ValueError:
        return False


def _section(path: Path, name: str, kind, value):
    if not isinstance(value, dict):
        raise InvalidInput.of("error.config_section", path=str(path), key=name)
    known = {f.name: f.type for f in fields(kind)}
    for key in value:
        if key not in known:
            raise InvalidInput.of("error.config_unknown", path=str(path), key=f"{name}.{key}", known=", ".join(known))
    return kind(**{key: _typed(path, name, key, v, {"str": str, "int": int, "bool": bool}[known[key]])
                   for key, v in value.items()})


def _typed(path: Path, section: str, key: str, value, kind):
    if type(value) is not kind:
        raise InvalidInput.of("error.config_type", path=str(path), key=f"{section}.{key}" if section else key,
                              kind={str: "text", int: "a whole number", bool: "true or false"}[kind])
    return value


def _keymap(path: Path, value) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) and v.strip()
                                              for k, v in value.items()):
        raise InvalidInput.of("error.config_keymap", path=str(path))
    return tuple(value.items())


def acting_user(config: Config) -> str:
    """Who is acting: $MISSIONTUI_USER, else the config file, else the OS login."""
    name = os.environ.get("MISSIONTUI_USER") or config.user
    if name:
        return name
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"


def language(config: Config) -> str:
    """The config's language, else the locale's (LC_ALL, LC_MESSAGES, LANG), else English."""
    if config.language:
        return config.language
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    import locale

    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    return "fr" if loc.lower().startswith("fr") else "en"
