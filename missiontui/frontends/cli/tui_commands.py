"""Opening the TUI: on your database, or on a fresh demo database with the two real letters."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from missiontui.core.textsafe import visible
from missiontui.frontends.cli.context import AppContext, creates_database


def run_tui(app: AppContext) -> None:
    from missiontui.frontends.tui.app import MissionApp  # textual is imported only here

    MissionApp(app.ctx, language=app.language).run()


@click.command("tui")
@click.pass_obj
def tui(app: AppContext):
    """Open the TUI (the same as running missiontui with no command)."""
    run_tui(app)


@click.command("demo")
@click.option("--keep", is_flag=True, help="Keep the demo database and print where it is.")
@click.pass_obj
@creates_database()
def demo(app: AppContext, keep: bool):
    """Open the TUI on a fresh database loaded with the two real mission letters."""
    from missiontui.usecases.seeds import load_seeds

    folder = Path(tempfile.mkdtemp(prefix="missiontui-demo-"))
    app.db_path = str(folder / "demo.db")
    load_seeds(app.ctx)
    run_tui(app)
    if keep:
        click.echo(f"demo database kept at {visible(str(app.db_path))}")
    else:
        app.close()
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()


COMMANDS = [tui, demo]
