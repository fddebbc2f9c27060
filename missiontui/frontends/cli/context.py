"""What every command shares: the config, the database (opened on first use), today's date."""

from __future__ import annotations

import functools
import os
from datetime import date
from functools import cached_property

import click

from missiontui.settings import Config, language, load_config
from missiontui.core.errors import InvalidInput
from missiontui.store import Store
from missiontui.store.connection import Create


def today() -> date:
    """Today, or $MISSIONTUI_TODAY (YYYY-MM-DD) so demos and tests can pin the date."""
    pinned = os.environ.get("MISSIONTUI_TODAY")
    if not pinned:
        return date.today()
    try:
        return date.fromisoformat(pinned)
    except ValueError:
        raise InvalidInput(f"MISSIONTUI_TODAY must be a date like 2022-05-16, not '{pinned}'") from None


class AppContext:
    def __init__(self, db_path: str | None, lang: str | None):
        self.db_path = db_path
        self.lang_option = lang
        self._store: Store | None = None
        self.create = Create.NO  # only commands marked @creates_database may create the file

    @cached_property
    def config(self) -> Config:
        return load_config()

    @property
    def language(self) -> str:
        return self.lang_option or language(self.config)

    @property
    def store(self) -> Store:
        if self._store is None:
            from missiontui.usecases import open_store

            self._store = open_store(self.db_path, self.config, self.create)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


pass_app = click.make_pass_decorator(AppContext)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON (schema in README; fields never removed).")


def creates_database(create: Create = Create.IF_MISSING):
    """Mark a command that makes data: it may create a missing database file (`init` passes
    Create.INIT: it also turns an empty file into a database). Put it just above the function."""

    def mark(command):
        @functools.wraps(command)
        def run(*args, **kwargs):
            click.get_current_context().find_object(AppContext).create = create
            return command(*args, **kwargs)

        return run

    return mark
