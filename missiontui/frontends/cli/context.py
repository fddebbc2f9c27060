"""What every command shares: the settings, the use-case context (the database opened on first use)."""

from __future__ import annotations

import functools
from datetime import date
from functools import cached_property

import click

from missiontui.settings import Config, language, load_config
from missiontui.store import Store
from missiontui.store.connection import Create
from missiontui.usecases.context import Clock, Context, open_context


class AppContext:
    def __init__(self, db_path: str | None, lang: str | None):
        self.db_path = db_path
        self.lang_option = lang
        self._ctx: Context | None = None
        self.clock = Clock()
        self.create = Create.NO  # only commands marked @creates_database may create the file

    @cached_property
    def config(self) -> Config:
        return load_config()

    @property
    def language(self) -> str:
        return self.lang_option or language(self.config)

    @property
    def ctx(self) -> Context:
        """What the use cases are given; opening it opens the database (creating it only for the
        commands marked @creates_database)."""
        if self._ctx is None:
            self._ctx = open_context(self.db_path, self.config, source="cli", clock=self.clock, create=self.create)
        return self._ctx

    @property
    def store(self) -> Store:
        """For reading: every change goes through a use case with `ctx`."""
        return self.ctx.store

    def today(self) -> date:
        return self.clock.today()

    def t(self, key: str, **params) -> str:
        """A message of the catalogue in the user's language (human output; JSON never changes)."""
        from missiontui.core.i18n import t

        return t(key, self.language, **params)

    def close(self) -> None:
        if self._ctx is not None:
            self._ctx.close()
            self._ctx = None


pass_app = click.make_pass_decorator(AppContext)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON (schema in README; fields never removed).")

# Ids and counts as SQLite can hold them: `show 99999999999999999999` is "no such deliverable", not a crash.
ID = click.IntRange(1, 2**63 - 1)
LIMIT = click.IntRange(1, 2**31 - 1)


class Word(click.ParamType):
    """A kind or a status as people type it — its value, or its label in English or French ("rapport",
    "fait", "en cours") — given to the command as its value; anything else is a usage error (exit 2)."""

    name = "word"

    def __init__(self, parse, values: list[str]):
        self.parse, self.values = parse, values

    def get_metavar(self, param, ctx=None) -> str:
        return "[" + "|".join(self.values) + "]"

    def convert(self, value, param, ctx):
        from missiontui.core.errors import InvalidInput
        from missiontui.frontends.cli.language import spoken

        try:
            return self.parse(value).value
        except InvalidInput as exc:
            self.fail(exc.localized(spoken), param, ctx)


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
