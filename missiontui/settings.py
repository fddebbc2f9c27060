"""The user's config file (TOML), validated at load so a typo is reported, not ignored."""

from __future__ import annotations

import getpass
import locale
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from missiontui.core.errors import InvalidInput
from missiontui.paths import config_path

LANGUAGES = ("en", "fr")


@dataclass(frozen=True)
class Config:
    user: str = ""
    language: str = ""
    db: str = ""
    reminders: tuple[int, ...] = (7, 1)  # days before a deadline, for calendar alarms
    feed_base_url: str = ""  # how colleagues reach `missiontui serve`, e.g. https://feeds.example.org
    mail: dict = field(default_factory=dict)  # the [mail] table, checked by usecases.digest.mail_settings
    source: Path | None = field(default=None, compare=False)


_KEYS = {"user": str, "language": str, "db": str, "reminders": list, "feed_base_url": str, "mail": dict}


def load_config(path: Path | None = None) -> Config:
    path = path or config_path()
    if not path.exists():
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"config file {path} is not valid TOML: {exc}") from None
    for key, value in data.items():
        if key not in _KEYS:
            raise InvalidInput(f"config file {path}: unknown setting '{key}' (known: {', '.join(_KEYS)})")
        if not isinstance(value, _KEYS[key]):
            raise InvalidInput(f"config file {path}: '{key}' must be a {_KEYS[key].__name__}")
    if data.get("language", "en") not in LANGUAGES:
        raise InvalidInput(f"config file {path}: language must be one of {', '.join(LANGUAGES)}")
    reminders = data.get("reminders", [7, 1])
    if not all(isinstance(r, int) and 0 <= r <= 365 for r in reminders):
        raise InvalidInput(f"config file {path}: reminders are whole numbers of days from 0 to 365")
    return Config(data.get("user", ""), data.get("language", ""), data.get("db", ""), tuple(reminders),
                  data.get("feed_base_url", ""), data.get("mail", {}), path)


def acting_user(config: Config) -> str:
    """Who is acting: $MISSIONTUI_USER, else the config file, else the OS login."""
    name = os.environ.get("MISSIONTUI_USER") or config.user
    if name:
        return name
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
    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    return "fr" if loc.lower().startswith("fr") else "en"
