"""The `missiontui` command: the TUI by default, and small scriptable commands with --json.

Every command is a thin layer over `missiontui.usecases`: it parses, calls a use case, prints. Errors a user can cause end as one line on
stderr and a non-zero exit; textual is imported only by the commands that open the TUI.

Start-up is most of what a small command costs, so this module imports click and nothing heavy:
each command's module is imported when that command runs (`COMMANDS` says where it lives), the
database and the settings when a command first asks for them.
"""

from __future__ import annotations

import io
import sys
from importlib import import_module

import click

from missiontui import __version__
from missiontui.frontends.cli import language
from missiontui.frontends.cli.context import AppContext
from missiontui.core.errors import MissionError
from missiontui.core.textsafe import visible
from missiontui.store.errors import DatabaseError, OperationalError

# Each command, and the module of missiontui.frontends.cli that defines it (in its COMMANDS list).
COMMANDS = {
    "add": "deliverable_commands", "edit": "deliverable_commands", "done": "deliverable_commands",
    "rm": "deliverable_commands", "list": "deliverable_commands", "show": "deliverable_commands",
    "history": "history_commands", "undo": "history_commands", "redo": "history_commands",
    "init": "misc_commands", "load-seeds": "misc_commands", "mission": "misc_commands", "people": "misc_commands",
    "date": "misc_commands", "templates": "misc_commands",
    "letter": "letter_commands",
    "export": "calendar_commands", "import": "calendar_commands", "serve": "calendar_commands",
    "feed": "calendar_commands",
    "report": "report_commands", "due": "report_commands", "report-link": "report_link_commands",
    "agenda": "agenda_commands", "sync": "sync_commands",
    "tui": "tui_commands", "demo": "tui_commands",
    "backup": "maintenance_commands", "restore": "maintenance_commands", "check": "maintenance_commands",
}


class LazyGroup(click.Group):
    """A group whose commands are imported when they are used (`--help` lists them all)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in COMMANDS:
            module = import_module(f"missiontui.frontends.cli.{COMMANDS[name]}")
            for command in module.COMMANDS:
                language.translate(command)
                self.add_command(command)
        return self.commands.get(name)


@click.group(cls=LazyGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "db_path", metavar="PATH", envvar="MISSIONTUI_DB",
              help="Database file (default: $MISSIONTUI_DB, the config's 'db', or the data directory).")
@click.option("--lang", type=click.Choice(["en", "fr"]), default=None,
              help="Language of the output, help and errors (default: the config's, else LANG).")
@click.version_option(__version__, prog_name="missiontui")
@click.pass_context
def cli(ctx: click.Context, db_path: str | None, lang: str | None) -> None:
    """missiontui: the deadlines of your lettres de mission, in the terminal and in every calendar.

    Run without a command to open the TUI. `missiontui demo` opens it on the two real letters.
    """
    ctx.obj = AppContext(db_path, lang)
    ctx.call_on_close(ctx.obj.close)
    if ctx.invoked_subcommand is None:
        from missiontui.frontends.cli.tui_commands import run_tui

        run_tui(ctx.obj)


def main(argv: list[str] | None = None) -> None:
    """Entry point: turns every error a user can cause into one sentence, in the user's language, and
    an exit code."""
    args = sys.argv[1:] if argv is None else argv
    lang = language.choose(args)
    language.speak(lang, cli)
    try:
        result = cli.main(args=args, prog_name="missiontui", standalone_mode=False)
    except click.exceptions.Abort:
        from missiontui.core.i18n import t

        click.echo(t("cli.aborted", lang), err=True)
        sys.exit(1)
    except click.ClickException as exc:
        shown = io.StringIO()
        exc.show(file=shown)  # usage, hint and message, as click words them
        click.echo(visible(shown.getvalue(), single_line=False), err=True, nl=False)
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except MissionError as exc:
        _say(exc.localized(lang), lang)
    except OperationalError as exc:  # locked by a long write, read-only file, disk full
        _error("cli.database_busy", lang, reason=str(exc))
    except DatabaseError as exc:
        _error("cli.database_damaged", lang, reason=str(exc))
    except UnicodeError:  # bytes that are not UTF-8 in an argument reach us as lone surrogates
        _error("cli.not_utf8", lang)
    except BrokenPipeError:
        sys.stderr.close()  # `missiontui list | head`: the reader left, nothing to report
        sys.exit(0)
    except OSError as exc:  # a file named on the command line: why, in the user's language, and which
        from missiontui.core.errors import os_reason

        reason = os_reason(exc)
        if exc.filename:
            _error("os.file_error", lang, reason=reason, path=str(exc.filename))
        else:
            _say(reason.text(lang), lang)
    except KeyboardInterrupt:
        sys.exit(130)
    sys.exit(result if isinstance(result, int) else 0)


def _error(key: str, lang: str, **params) -> None:
    from missiontui.core.i18n import t

    _say(t(key, lang, **params), lang)


def _say(message: str, lang: str) -> None:
    """"missiontui: error: …" (exit 1): one line on stderr. Messages quote what others typed (a
    colleague's title in a conflict, a file name): control characters are shown, never sent to the
    terminal."""
    from missiontui.core.i18n import t

    click.echo(t("cli.error", lang, message=visible(message)), err=True)
    sys.exit(1)
