"""Messages of the command line in its user's language: `say("key", **params)` for click's own
refusals (BadParameter, UsageError) and the lines a command prints, from the catalogue like
every other message."""

from __future__ import annotations

import click

from missiontui.core.errors import MissionError
from missiontui.core.i18n import Phrase, t


def language() -> str:
    """The language of the command being run (--lang, LANG or the config); English outside one, or
    when the config itself cannot be read (that error is reported on its own)."""
    from missiontui.frontends.cli.context import AppContext

    context = click.get_current_context(silent=True)
    app = context.find_object(AppContext) if context else None
    if app is None:
        from missiontui.frontends.cli.language import spoken

        return spoken
    try:
        return app.language
    except MissionError:
        return "en"


def say(key: str | Phrase, /, **params) -> str:
    """The message `key` (or a Phrase a use case returned) in the command line's language."""
    if isinstance(key, Phrase):
        return key.text(language())
    return t(key, language(), **params)
