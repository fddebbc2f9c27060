"""Reports: the sponsor's status report of a mission, and the digest of what is due (cron-friendly)."""

from __future__ import annotations

import sys

import click

from missiontui.core.errors import InvalidInput
from missiontui.core.textsafe import visible
from missiontui.frontends.cli.context import AppContext, pass_app
from missiontui.frontends.cli.words import say
from missiontui.usecases.inputs import find_person


def _since(value: str | None, today):
    if not value:
        return None
    from missiontui.usecases.reports import since_day

    return since_day(value, today)


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

    status = reports.status_report(app.store, reference, today=app.today(), since=_since(since, app.today()))
    if output == "-":
        if fmt == "xlsx":
            raise InvalidInput.of("report.xlsx_needs_file")
        sys.stdout.write(reports.render(status, fmt, app.language))
        sys.stdout.flush()
        return
    written = reports.write_report(status, fmt, app.language, output)  # as typed: "out/" names a folder
    click.echo(app.t("out.wrote", files=", ".join(visible(str(p)) for p in written)), err=True)


LATE_EXIT = 3  # `due`: something is late (1 is an error, 2 a mistyped command line)


@click.command("due")
@click.option("--within", default="7d", show_default=True, metavar="N",
              help="How far ahead: days or weeks, like 7d, 10, 2w (j and s work too).")
@click.option("--mine", is_flag=True, help="Only yours.")
@click.option("--owner", metavar="PERSON", help="Only this person's.")
@click.option("-m", "--mission", metavar="REF", help="Only this mission.")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text",
              show_default=True)
@click.option("--mail", is_flag=True, help="Mail each person their own items through the config's [mail] server "
                                           "instead of printing (password: $MISSIONTUI_SMTP_PASSWORD or the keyring).")
@pass_app
def due(app: AppContext, within, mine, owner, mission, fmt, mail):
    """What is late and what is due within N days, across missions. For cron: exit status 0 when nothing
    is late, 3 when something is, 1 on an error (the mail not sent included), 2 for a mistyped command."""
    from missiontui.core.report import digest as render
    from missiontui.usecases import digest as usecase

    days = render.parse_within(within)
    if mine and owner:
        raise InvalidInput.of("digest.mine_and_owner")
    if mine or owner:
        owner = find_person(app.store, app.ctx.actor if mine else owner).name
    team = usecase.digest(app.store, today=app.today(), within_days=days, owner=owner, mission=mission)
    if mail:
        _mail(app, team, owner)
    elif fmt == "json":
        from missiontui.frontends.cli.output import echo_json
        echo_json(render.digest_json(team))
    elif fmt == "markdown":
        click.echo(render.render_markdown(team, app.language, owner), nl=False)
    else:
        click.echo(render.render_text(team, app.language, owner), nl=False)
    if team.late:
        raise click.exceptions.Exit(LATE_EXIT)


def _mail(app: AppContext, team, owner: str | None) -> None:
    from missiontui.usecases import digest as usecase

    settings = usecase.mail_settings(app.config.mail)
    people = app.store.people()
    if owner:
        people = [p for p in people if p.name == owner]
    outgoing, problems = usecase.digest_messages(team, people, settings, app.language)
    delivery = usecase.send(settings, usecase.mail_password(settings), outgoing)
    for item in delivery.sent:
        click.echo(app.t("out.sent_one" if item.items == 1 else "out.sent_many", name=visible(item.person.name),
                         email=visible(item.person.email), count=item.items))
    if not outgoing and not problems:
        click.echo(app.t("out.nothing_to_send"))
    for line in problems + delivery.refused:
        click.echo(f"missiontui: {visible(say(line))}", err=True)
    if problems or delivery.refused:
        raise InvalidInput.of("digest.not_sent", failed=len(problems) + len(delivery.refused),
                              total=len(outgoing) + len(problems))


COMMANDS = [report, due]
