"""What every use case is given: the store, who is acting, a clock, the settings."""

from __future__ import annotations

import os
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from missiontui.core.errors import InvalidInput
from missiontui.core.frozen import Frozen, _set
from missiontui.settings import Config, acting_user, load_config
from missiontui.store.modes import Create

if TYPE_CHECKING:
    from missiontui.store import Store


class Clock:
    """Today and now, read at each use: an app left open past midnight knows the new day.
    $MISSIONTUI_TODAY (YYYY-MM-DD) pins the day for demos and tests."""

    def today(self) -> date:
        pinned = os.environ.get("MISSIONTUI_TODAY")
        if not pinned:
            return date.today()
        try:
            return date.fromisoformat(pinned)
        except ValueError:
            raise InvalidInput.of("error.bad_today", value=pinned) from None

    def now(self) -> str:
        """The time of a write, in UTC, as the history and calendars record it."""
        return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class FixedClock(Frozen, Clock):
    """A clock that does not move: golden files, tests, and the demo's pinned day."""

    __slots__ = ("day", "time")
    day: date
    time: str

    def __init__(self, day: date, time: str = ""):
        _set(self, "day", day)
        _set(self, "time", time)

    def today(self) -> date:
        return self.day

    def now(self) -> str:
        return self.time or super().now()


class Context:
    """A plain class, not a dataclass: it is on the path of every command (see core/frozen.py)."""

    def __init__(self, store: Store, actor: str, clock: Clock | None = None, config: Config | None = None,
                 source: str = ""):
        self.store = store
        self.actor = actor
        self.clock = clock if clock is not None else Clock()
        self.config = config if config is not None else Config()
        self.source = source  # which front end acts: "cli", "tui", "serve", "sync"…

    def __replace__(self, **changes) -> Context:
        """The same context with a different store, actor or source (see core.frozen.replace)."""
        fields = {"store": self.store, "actor": self.actor, "clock": self.clock, "config": self.config,
                  "source": self.source}
        return Context(**(fields | changes))

    def __repr__(self) -> str:
        return f"Context(store={self.store!r}, actor={self.actor!r}, source={self.source!r})"

    def today(self) -> date:
        return self.clock.today()

    def now(self) -> str:
        return self.clock.now()

    def close(self) -> None:
        self.store.close()


def database_path(db: str | Path | None, config: Config) -> Path:
    """--db, else $MISSIONTUI_DB, else the config's `db`, else the data directory."""
    from missiontui.paths import default_db_path

    if db:
        return Path(db).expanduser()
    if os.environ.get("MISSIONTUI_DB") or not config.db:
        return default_db_path()
    return Path(config.db).expanduser()


def open_context(db: str | Path | None = None, config: Config | None = None, *, source: str = "",
                 clock: Clock | None = None, create: Create = Create.NO) -> Context:
    """Open the database for the use cases. Only what makes data passes `create` (init:
    Create.INIT); a command that reads creates nothing and says which file is missing."""
    from missiontui.store import Store

    config = config or load_config()
    return Context(Store(database_path(db, config), create), acting_user(config), clock or Clock(), config, source)
