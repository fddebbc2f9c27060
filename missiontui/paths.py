"""Where things live: the shipped db/ folder, the user's database and config."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def shipped_db_dir() -> Path:
    """db/ (migrations, seeds): inside the wheel as missiontui/db, at the repository top in a checkout."""
    for candidate in (PACKAGE / "db", PACKAGE.parent / "db"):
        if (candidate / "migrations").is_dir():
            return candidate
    raise FileNotFoundError("missiontui is installed without its db/ folder (migrations and seeds)")


def default_db_path() -> Path:
    """$MISSIONTUI_DB, else the platform's data directory (XDG on Linux)."""
    if os.environ.get("MISSIONTUI_DB"):
        return Path(os.environ["MISSIONTUI_DB"]).expanduser()
    from platformdirs import user_data_path

    return user_data_path("missiontui", appauthor=False) / "missiontui.db"


def config_path() -> Path:
    if os.environ.get("MISSIONTUI_CONFIG"):
        return Path(os.environ["MISSIONTUI_CONFIG"]).expanduser()
    from platformdirs import user_config_path

    return user_config_path("missiontui", appauthor=False) / "config.toml"
