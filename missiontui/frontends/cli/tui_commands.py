"""Opening the TUI: on your database, or on a fresh demo database with the two real letters."""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path

import click

from missiontui.core.textsafe import visible
from missiontui.frontends.cli.context import AppContext, creates_database

# The demo's "today": a Monday in the life of the DNS mission (letter of 21 April 2022). Its mandate
# is done, its checkpoint "d'ici la fin juin" is late, its report "en septembre" is due this Friday,
# its decisions "avant la fin de l'année" are ahead: every state at once.
DEMO_TODAY = date(2022, 9, 26)


def demo_clock():
    """The demo's day, at the time of day it is: the history reads as written that day."""
    from datetime import datetime, timezone

    from missiontui.usecases.context import FixedClock

    class DemoClock(FixedClock):
        def now(self) -> str:
            return f"{self.day.isoformat()}T{datetime.now(timezone.utc):%H:%M:%S.%f}Z"

    return DemoClock(DEMO_TODAY)


def run_tui(app: AppContext, *, demo: bool = False) -> None:
    from missiontui.frontends.tui.app import MissionApp  # textual is imported only here

    MissionApp(app.ctx, language=app.language, demo=demo).run()


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
    """Open the TUI on a fresh database loaded with the two real mission letters, on a day inside
    their life (Monday 26 September 2022, unless $MISSIONTUI_TODAY says otherwise)."""
    from missiontui.usecases.context import Context
    from missiontui.usecases.seeds import load_seeds

    folder = Path(tempfile.mkdtemp(prefix="missiontui-demo-"))
    app.db_path = str(folder / "demo.db")
    if not os.environ.get("MISSIONTUI_TODAY"):
        app.clock = demo_clock()
    ctx = app.ctx  # the letters are loaded by the demo, not by you: your undo starts empty
    load_seeds(Context(ctx.store, "missiontui demo", ctx.clock, ctx.config, source="demo"))
    run_tui(app, demo=True)
    if keep:
        click.echo(app.t("out.demo_kept", path=visible(str(app.db_path))))
    else:
        app.close()
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()


COMMANDS = [tui, demo]
