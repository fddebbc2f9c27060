"""Calendars: export and import iCalendar files, serve subscription feeds, manage feed tokens."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from missiontui.frontends.cli.context import AppContext, creates_database, pass_app
from missiontui.frontends.cli.output import echo_json, echo_table, headers
from missiontui.core.errors import InvalidInput
from missiontui.core.textsafe import visible
from missiontui.usecases.inputs import find_person

DEFAULT_PORT = 8421


@click.command("export")
@click.option("-m", "--mission", help="Only this mission.")
@click.option("--owner", help="Only deliverables this person owns.")
@click.option("--mine", is_flag=True, help="Only yours.")
@click.option("--todo", is_flag=True, help="VTODO for task clients instead of all-day events.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              help="File to write (default: standard output).")
@pass_app
def export(app: AppContext, mission, owner, mine, todo, output):
    """Write deadlines as an iCalendar file for Outlook, Thunderbird, Apple, Google, Nextcloud."""
    from missiontui.usecases import calendars as calendar
    if mine or owner:
        owner = find_person(app.store, app.ctx.actor if mine else owner).name
    scope = calendar.Scope(mission=mission, owner=owner)
    options = dict(today=app.today(), language=app.language, reminders=app.config.reminders, todo=todo)
    if output == "-":
        if hasattr(sys.stdout, "reconfigure"):
            sys.stdout.reconfigure(newline="")  # CRLF as written, never translated
        calendar.export_calendar(app.store, sys.stdout, scope, **options)
        return
    target = Path(output).absolute()
    exported = calendar.export_to_file(app.store, target, scope, **options)
    n, gone = exported.deadlines, exported.cancellations
    said = app.t("out.exported_one" if n == 1 else "out.exported_many", count=n, path=visible(str(target)))
    if gone:  # deleted or cancelled lately: published as cancelled so calendars remove them
        said += " " + app.t("out.cancellations_one" if gone == 1 else "out.cancellations_many", count=gone)
    click.echo(said, err=True)


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("-m", "--mission", help="Mission for items that do not name one (events from other calendars).")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--json", "as_json", is_flag=True)
@pass_app
@creates_database()
def import_(app: AppContext, file, mission, dry_run, as_json):
    """Import an iCalendar file, or deliverables as JSON lines (or the array `list --json` prints), or
    CSV with a header line (the columns of `list --format csv`).

    iCalendar: known UIDs update their deliverable, new ones are created. JSON and CSV: each object or
    row has mission, title, due (a date or a phrase) and optionally kind, status, owners, lead, notes,
    uid; a uid already here is skipped. All or nothing: if anything in the file is wrong, nothing is
    written.
    """
    from contextlib import nullcontext

    from dateutil.tz import tzlocal

    from missiontui.usecases import imports

    plan = None
    with nullcontext(sys.stdin.buffer) if file == "-" else Path(file).open("rb") as source:
        try:
            with app.store.transaction():  # planned and applied under one lock: nobody slips in between
                plan = imports.plan_import(app.ctx, source, mission=mission, zone=tzlocal(),  # UTC: the local day
                                           keep=None if as_json else SHOWN)
                if dry_run:
                    plan.drain()  # JSON lines are checked as they are read
                created = [] if dry_run or plan.errors else imports.apply_import(app.ctx, plan, source=Path(file).name)
        except InvalidInput:
            if plan is None or not plan.errors:
                raise
            created = []  # a problem on a line read while writing: everything was rolled back; said below
    if as_json:
        echo_json({"create": [title for _, title in plan.creates], "update": list(plan.updates), "created": created,
                   "unchanged": plan.unchanged, "skipped": list(plan.skipped), "errors": list(plan.errors),
                   "warnings": plan.warnings, "dry_run": dry_run,
                   "applied": not dry_run and not plan.errors})
    else:
        _some(app, [app.t("out.import_create", due=due, title=visible(title)) for due, title in plan.creates],
              len(plan.creates))
        _some(app, [app.t("out.import_update", what=visible(line)) for line in plan.updates], len(plan.updates))
        _some(app, [app.t("out.import_skip", what=visible(line)) for line in plan.skipped], len(plan.skipped))
        _some(app, [app.t("out.warning", warning=visible(line)) for line in plan.warnings], err=True)
        _some(app, [app.t("out.problem", problem=visible(line)) for line in plan.errors], len(plan.errors), err=True)
    if plan.errors:
        raise InvalidInput.of("error.import_problem" if len(plan.errors) == 1 else "error.import_problems",
                              count=len(plan.errors))
    if not as_json:
        summary = app.t("out.import_summary", create=len(plan.creates), update=len(plan.updates),
                        unchanged=plan.unchanged, skipped=len(plan.skipped))
        click.echo(app.t("out.dry_run" if dry_run else "out.imported", summary=summary))


import_.name = "import"

SHOWN = 20  # lines of detail per kind; the summary line gives the totals


def _some(app: AppContext, lines: list[str], total: int | None = None, err: bool = False) -> None:
    """The first SHOWN of `total` lines (the plan keeps no more of a long import than it shows)."""
    total = len(lines) if total is None else total
    for line in lines[:SHOWN]:
        click.echo(line, err=err)
    if total > SHOWN:
        click.echo(app.t("out.and_more", count=total - SHOWN), err=err)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default).")
@click.option("--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True)
@click.option("--quiet", is_flag=True, help="No access log.")
@pass_app
def serve(app: AppContext, host, port, quiet):
    """Serve calendar subscription feeds and live status reports (create their links with `missiontui feed add`
    and `missiontui report-link add`)."""
    from missiontui.frontends.http.feeds import Feeds
    from missiontui.frontends.http.reports import Reports
    from missiontui.frontends.http.server import HttpServer

    routes = [Feeds(app.store, app.today, app.language, app.config.reminders).route(),
              Reports(app.store, app.today, app.language).route()]
    try:
        server = HttpServer((host, port), routes, quiet=quiet)
    except OSError as exc:
        raise InvalidInput.of("serve.cannot_listen", host=visible(host), port=port,
                              reason=visible(str(exc.strerror or exc))) from None
    bound_host, bound_port = server.server_address[:2]
    click.echo(app.t("out.serving", url=f"http://{bound_host}:{bound_port}/feeds/<token>.ics"), err=True)
    click.echo(app.t("reportlink.serving", url=f"http://{bound_host}:{bound_port}/reports/<token>"), err=True)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(app.t("out.plain_http"), err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@click.group("feed")
def feed():
    """Subscription feed URLs: add, list, revoke."""


def _base_url(app: AppContext, base_url: str | None) -> str:
    return base_url or app.config.feed_base_url or f"http://127.0.0.1:{DEFAULT_PORT}"


@feed.command("add")
@click.option("-m", "--mission", help="A feed of one mission.")
@click.option("--person", help="A feed of one person's deliverables.")
@click.option("--label", default="", help="A note for you: who the URL was given to.")
@click.option("--base-url", help="How calendars reach `serve` (default: the config's feed_base_url).")
@click.option("--json", "as_json", is_flag=True)
@pass_app
def feed_add(app: AppContext, mission, person, label, base_url, as_json):
    """Create a secret feed URL (everything, one mission, or one person)."""
    from missiontui.usecases import calendars as calendar
    from missiontui.usecases.subscriptions import add_feed

    token = add_feed(app.ctx, mission=mission, person=person, label=label)
    url = calendar.feed_url(_base_url(app, base_url), token)
    if as_json:
        echo_json({"id": token.id, "token": token.token, "scope": token.scope, "target": token.target,
                   "url": url, "webcal": calendar.webcal_url(url)})
    else:
        click.echo(app.t("out.feed", id=token.id, scope=app.t(f"out.scope.{token.scope}"),
                         target=visible(token.target)))
        click.echo(f"  {url}\n  {calendar.webcal_url(url)}")
        click.echo(app.t("out.feed_shown_once", id=token.id))


@feed.command("list")
@click.option("--base-url")
@click.option("--json", "as_json", is_flag=True)
@pass_app
def feed_list(app: AppContext, base_url, as_json):
    """Live feeds, without their secret part (shown once, when made)."""
    from missiontui.core.display import local_time

    tokens = app.store.feed_tokens()
    if as_json:  # "token" and "url" stay, null: the database keeps only the secret's digest
        echo_json([{"id": t.id, "token": None, "scope": t.scope, "target": t.target, "label": t.label,
                    "url": None, "created_at": t.created_at} for t in tokens])
        return
    echo_table(headers(app.language, "id", "scope", "target", "label", "created"),
               [[str(t.id), t.scope, t.target, t.label, local_time(t.created_at)] for t in tokens])


@feed.command("revoke")
@click.argument("token_or_id")
@pass_app
def feed_revoke(app: AppContext, token_or_id):
    """Revoke a feed URL: calendars subscribed to it get 404 from then on."""
    from missiontui.usecases.subscriptions import revoke_feed

    token = revoke_feed(app.ctx, token_or_id)
    click.echo(app.t("out.feed_revoked", id=token.id, scope=app.t(f"out.scope.{token.scope}"),
                     target=visible(token.target)))


COMMANDS = [export, import_, serve, feed]
