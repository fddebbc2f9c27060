"""Reports: the sponsor's status report of a mission, and the digest of what is due (cron-friendly)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from missiontui.core.errors import InvalidInput
from missiontui.core.textsafe import visible
from missiontui.frontends.cli.context import AppContext, pass_app, today


def _since(value: str | None):
    if not value:
        return None
    from missiontui.usecases import resolve_due

    return resolve_due(value, today()).date


@click.command("report")
@click.argument("reference")
@click.option("-f", "--format", "fmt", type=click.Choice(["html", "markdown", "csv", "xlsx"]), default="html",
              show_default=True)
@click.option("--since", metavar="DATE", help="Count deadline moves from this day (default: the letter's date).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              help="File to write (default: standard output; xlsx needs a file). Markdown and CSV get their "
                   "timeline beside it as NAME.timeline.svg.")
@pass_app
def report(app: AppContext, reference, fmt, since, output):
    """The status report of mission REFERENCE for its sponsor: progress, red/amber/green per deliverable
    (the rule is stated in the report), what is late and why, what is due in 30 days, moved deadlines,
    and a timeline."""
    from missiontui.usecases import reports

    status = reports.status_report(app.store, reference, today=today(), since=_since(since))
    if output == "-":
        if fmt == "xlsx":
            raise InvalidInput("an xlsx report is a file: give one with -o FILE.xlsx")
        sys.stdout.write(reports.render(status, fmt, app.language))
        sys.stdout.flush()
        return
    written = reports.write_report(status, fmt, app.language, Path(output).absolute())
    click.echo("wrote " + ", ".join(visible(str(p)) for p in written), err=True)


COMMANDS = [report]
