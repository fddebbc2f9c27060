"""The language the CLI speaks — `--lang`, else the config's `language`, else LANG / LC_* — for its
output, its help and its errors, click's own words included (JSON output never changes).

Help texts stay written in English beside their commands; their French is catalogue data looked up
by the English text (`cli.help.*`, `cli.opt.*`), so a help text changed in English falls back to
English until its translation follows (a test names those). click's words (`click.*`) replace the
gettext function click's modules call. Nothing here is read unless French is spoken."""

from __future__ import annotations

import os

HELP_FAMILIES = ("cli.help.", "cli.opt.")  # families of keys read at run time, by their English text
CLICK_FAMILY = "click."
HELP_OPTION = "Show this message and exit."  # click's words for -h
_CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types", "utils")

spoken = "en"


def choose(argv: list[str]) -> str:
    """--lang (wherever it is on the line), else the config's language, else the locale's."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        value = argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else arg[7:] if arg.startswith("--lang=") else None
        if value in ("en", "fr"):
            return value
    from missiontui.core.errors import MissionError
    from missiontui.settings import Config, language, load_config

    try:
        config = load_config()
    except MissionError:  # said properly when a command opens it; the help still shows
        config = Config()
    if config.language == "" and not any(os.environ.get(v) for v in ("LC_ALL", "LC_MESSAGES", "LANG")):
        return "en"  # no locale at all: skip asking the C library
    return language(config)


def speak(lang: str, root) -> None:
    """Put the help of every command under `root`, and click's own words, in `lang` (again in English
    after French: tests run both in one process)."""
    global spoken
    if lang == spoken:
        return
    spoken = lang
    import importlib

    words = _words(CLICK_FAMILY, lang)
    for name in _CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            original = _original(module, "_")
            module._ = (lambda message: words.get(message, message)) if words else original
        if hasattr(module, "ngettext"):
            module.ngettext = _plural(words, _original(module, "ngettext"))
    _translate_help(root, {**words, **_words(HELP_FAMILIES, lang)})


def _words(families, lang: str) -> dict[str, str]:
    if lang == "en":
        return {}
    from missiontui.core.i18n import catalogue

    return {entry["en"]: entry[lang] for key, entry in catalogue().items()
            if key.startswith(families) and lang in entry}


def _original(module, name: str):
    """click's own function, kept aside the first time it is replaced."""
    return module.__dict__.setdefault(f"_missiontui_{name}", getattr(module, name))


def _plural(words: dict[str, str], original):
    if not words:
        return original

    def ngettext(singular: str, plural: str, n: int) -> str:
        chosen = singular if n == 1 else plural
        return words.get(chosen, chosen)

    return ngettext


def _translate_help(command, words: dict[str, str]) -> None:
    """Every help text of the command tree in the words given (the English kept aside)."""
    import click

    original = command.__dict__.setdefault("_missiontui_help", command.help)
    command.help = words.get(_flat(original), original) if original else original
    for param in command.params:
        if isinstance(param, click.Option):
            english = param.__dict__.setdefault("_missiontui_help", param.help)
            param.help = words.get(_flat(english), english) if english else english
    if getattr(command, "_help_option", None) is not None:  # made once, in the language of that moment
        command._help_option.help = words.get(HELP_OPTION, HELP_OPTION)
    for sub in getattr(command, "commands", {}).values():
        _translate_help(sub, words)


def _flat(text: str) -> str:
    """A help text as the catalogue holds it: paragraphs kept, lines of a paragraph joined."""
    import inspect

    return "\n\n".join(" ".join(p.split()) for p in inspect.cleandoc(text).split("\n\n"))


def help_texts(root) -> list[str]:
    """Every help text of the tree, as the catalogue holds them (for the test that they are all translated)."""
    import click

    found = [_flat(root.__dict__.get("_missiontui_help", root.help))] if root.help else []
    for param in root.params:
        english = param.__dict__.get("_missiontui_help", getattr(param, "help", None))
        if isinstance(param, click.Option) and english:
            found.append(_flat(english))
    for sub in getattr(root, "commands", {}).values():
        found += help_texts(sub)
    return found
