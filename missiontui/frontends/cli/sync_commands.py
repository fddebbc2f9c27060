"""`missiontui sync`: team sync over CalDAV — link a mission to a calendar, clone a colleague's,
sync both ways, see and settle conflicts, bring back the database as it was before a sync."""

from __future__ import annotations

import json
import time

import click

from missiontui.core.changes import encode
from missiontui.core.display import field_name, local_time, show
from missiontui.core.textsafe import visible
from missiontui.frontends.cli.words import say
from missiontui.frontends.cli.context import ID, AppContext, creates_database, json_option, pass_app
from missiontui.frontends.cli.output import echo_json, echo_table

CONFLICTS_EXIT = 3  # the sync went through; conflicts or skipped items wait for you (like `due` with late items)
SHOWN = 30  # lines of detail per mission; the rest are counted


class _Progress:
    """Long syncs say where they are on stderr, at most once a second, never into a pipe's data."""

    WORDS = {"fetch": "receiving", "apply": "applying", "send": "sending"}

    def __init__(self, quiet: bool):
        self.quiet = quiet
        self.last = 0.0

    def __call__(self, reference: str, stage: str, done: int, total: int) -> None:
        if self.quiet or total < 100:
            return
        now = time.monotonic()
        if done < total and now - self.last < 1.0:
            return
        self.last = now
        click.echo(f"sync {visible(reference, single_line=True)}: {self.WORDS.get(stage, stage)} {done}/{total}",
                   err=True)


@click.group("sync", invoke_without_command=True)
@click.option("-m", "--mission", "reference", metavar="REF", help="Only this mission (default: every linked one).")
@click.option("--dry-run", is_flag=True, help="Say what would change on each side; write nothing anywhere.")
@click.option("--allow-deletes", is_flag=True, help="Go on even if more items would be deleted than the threshold.")
@click.option("--restore", is_flag=True, help="Put back the database as it was before the latest sync.")
@click.option("-q", "--quiet", is_flag=True, help="No progress on stderr.")
@json_option
@click.pass_context
def sync(ctx: click.Context, reference, dry_run, allow_deletes, restore, quiet, as_json):
    """Sync linked missions with their CalDAV calendars, both ways, field by field.

    \b
    missiontui sync link D-22-010393 https://cloud.example.org/remote.php/dav/calendars/alice/dns/
    missiontui sync                  # every linked mission (exit 3: conflicts are waiting)
    missiontui sync conflicts        # base, theirs and yours for each
    missiontui sync resolve 12 title=theirs due=yours
    missiontui sync clone URL        # a colleague's mission into this database
    """
    if ctx.invoked_subcommand is not None:
        return
    app = ctx.find_object(AppContext)
    if restore:
        return _restore(app, as_json)
    from missiontui.usecases import sync as syncing

    reports = syncing.sync(app.ctx, reference, dry_run=dry_run, allow_deletes=allow_deletes,
                           progress=_Progress(quiet or as_json))
    if as_json:
        echo_json([_report_json(r) for r in reports])
    else:
        for report in reports:
            _show_report(report, app.language)
    if any(r.conflicts or r.skipped for r in reports):
        return CONFLICTS_EXIT
    return 0


def _restore(app: AppContext, as_json: bool):
    from missiontui.frontends.cli.maintenance_commands import _database
    from missiontui.usecases.sync_links import restore_last_backup

    done = restore_last_backup(_database(app))
    if as_json:
        echo_json({"database": str(done.database), "source": str(done.source),
                   "kept_aside": str(done.kept_aside) if done.kept_aside else None})
        return 0
    click.echo(f"restored {visible(str(done.database))} from {visible(str(done.source))}: "
               f"{done.missions} missions, {done.deliverables} deliverables")
    if done.kept_aside:
        click.echo(f"the previous database is kept as {visible(str(done.kept_aside))}")
    return 0


def _report_json(r) -> dict:
    return {"mission": r.reference, "url": r.url, "dry_run": r.dry_run, "complete": r.complete,
            "conflicts": r.conflicts, "backup": str(r.backup) if r.backup else None,
            "changes": [{"side": line.side, "action": line.action, "title": line.title, "fields": list(line.fields),
                         "detail": line.detail} for line in r.lines]}


def _show_report(r, lang: str) -> None:
    would = "would " if r.dry_run else ""
    parts = []
    for side, label in (("here", "here"), ("server", "on the server")):
        counts = [f"{r.count(side, a)} {word}" for a, word in (("create", "created"), ("update", "updated"),
                                                               ("delete", "deleted")) if r.count(side, a)]
        if counts:
            parts.append(f"{label}: {', '.join(counts)}")
    summary = "; ".join(parts) or "nothing to do"
    click.echo(f"{visible(r.reference, single_line=True)} ⇄ {visible(r.url, single_line=True)}: {would}{summary}"
               if r.dry_run or parts else f"{visible(r.reference, single_line=True)}: up to date")
    for line in r.lines[:SHOWN]:
        fields = f" ({', '.join(field_name(f, lang) for f in line.fields)})" if line.fields else ""
        detail = f": {visible(line.detail, single_line=True)}" if line.detail else ""
        where = "here" if line.side == "here" else "server"
        click.echo(f"  {where:<6} {line.action:<8} {visible(line.title, single_line=True)}{fields}{detail}")
    if len(r.lines) > SHOWN:
        click.echo(f"  … and {len(r.lines) - SHOWN} more")
    if r.backup:
        click.echo(f"  backup before the sync: {visible(str(r.backup))} (missiontui sync --restore)")
    if r.conflicts:
        click.echo(f"  {r.conflicts} item{'s' if r.conflicts > 1 else ''} in conflict: missiontui sync conflicts")
    if r.skipped and not r.dry_run:
        click.echo(f"  {len(r.skipped)} skipped (listed above): they are tried again at the next sync")


@sync.command("status")
@json_option
@pass_app
def status(app: AppContext, as_json):
    """Linked missions: their calendar, the last sync, changes waiting to be sent, open conflicts."""
    from missiontui.usecases import sync_links
    from missiontui.usecases.sync import backup_folder, sync_backups

    found = sync_links.status(app.ctx)
    if as_json:
        echo_json([{"mission": s.link.reference, "url": s.link.url, "last_sync": s.link.last_sync,
                    "linked_at": s.link.linked_at, "pending": s.pending, "conflicts": s.conflicts,
                    "synced": s.synced} for s in found])
        return
    if not found:
        click.echo("no mission is linked to a calendar (missiontui sync link REF URL, or sync clone URL)")
        return
    echo_table(["mission", "last sync", "to send", "conflicts", "calendar"],
               [[s.link.reference, local_time(s.link.last_sync) if s.link.last_sync else "never", str(s.pending),
                 str(s.conflicts), s.link.url] for s in found])
    backups = sync_backups(app.store.path)
    if backups:
        click.echo(f"backups before syncs: {len(backups)} in {visible(str(backup_folder(app.store.path)))} "
                   "(missiontui sync --restore brings back the latest)")


@sync.command("link")
@click.argument("reference", metavar="REF")
@click.argument("url")
@pass_app
def link(app: AppContext, reference, url):
    """Link mission REF to the calendar collection at URL (created at the first sync if missing).

    URL is the collection's address, e.g. https://cloud.example.org/remote.php/dav/calendars/alice/dns/
    (Nextcloud), https://dav.example.org/dav.php/calendars/alice/dns/ (Baïkal),
    https://radicale.example.org/alice/dns/ (Radicale); or just a name (dns) under the config's [sync] url.
    """
    from missiontui.usecases import sync_links

    done = sync_links.link(app.ctx, reference, url)
    click.echo(f"{visible(done.reference)} is linked to {visible(done.url)}; run missiontui sync")


@sync.command("unlink")
@click.argument("reference", metavar="REF")
@pass_app
def unlink(app: AppContext, reference):
    """Forget the link of mission REF (the calendar and the mission stay as they are)."""
    from missiontui.usecases import sync_links

    done = sync_links.unlink(app.ctx, reference)
    click.echo(f"{visible(done.reference)} is no longer linked to {visible(done.url)}")


@sync.command("clone")
@click.argument("url")
@click.option("-q", "--quiet", is_flag=True, help="No progress on stderr.")
@json_option
@creates_database()
@pass_app
def clone(app: AppContext, url, quiet, as_json):
    """Get a colleague's mission from its calendar at URL: the mission, its people, its deliverables
    with owners and dependencies, linked so `missiontui sync` goes on from there."""
    from missiontui.usecases import sync_links

    report = _Progress(quiet or as_json)
    done = sync_links.clone(app.ctx, url, progress=lambda stage, n, total: report(url, stage, n, total))
    if as_json:
        echo_json({"mission": done.reference, "title": done.title, "url": done.link.url,
                   "deliverables": done.deliverables, "people": done.people,
                   "skipped": [{"item": s.title, "reason": s.detail} for s in done.skipped],
                   "backup": str(done.backup) if done.backup else None})
        return
    click.echo(f"cloned {visible(done.reference)} — {visible(done.title, single_line=True)}: {done.deliverables} "
               f"deliverables, {done.people} people; linked to {visible(done.link.url)}")
    for s in done.skipped:
        click.echo(f"  skipped {visible(s.title, single_line=True)}: {visible(s.detail, single_line=True)}")


@sync.command("conflicts")
@click.option("-m", "--mission", "reference", metavar="REF", help="Only this mission.")
@json_option
@pass_app
def conflicts(app: AppContext, reference, as_json):
    """Fields changed differently here and on the server: base, theirs, yours. Settle them with
    `missiontui sync resolve`."""
    from missiontui.usecases import sync_links

    views = sync_links.conflicts(app.ctx, reference)
    lang = app.language
    if as_json:
        echo_json([{"mission": v.reference, "entity": v.conflict.entity, "id": v.conflict.entity_id,
                    "uid": v.conflict.uid, "title": v.title, "field": v.conflict.field,
                    **{side: _typed(v.conflict.field, getattr(v.conflict, side))
                       for side in ("base", "theirs", "yours")},
                    "found_at": v.conflict.found_at} for v in views])
        return
    if not views:
        click.echo("no conflict")
        return
    rows = []
    for v in views:
        c = v.conflict
        item = f"#{c.entity_id}" if c.entity == "deliverable" else f"mission {v.reference}"
        rows.append([item, v.title, field_name(c.field, lang), _shown(c.field, c.base, c.entity, lang),
                     _shown(c.field, c.theirs, c.entity, lang), _shown(c.field, c.yours, c.entity, lang)])
    echo_table(["item", "title", "field", "base", "theirs (server)", "yours (here)"], rows)
    click.echo("settle with: missiontui sync resolve ID FIELD=theirs|yours … (or --all theirs|yours)")


def _shown(name: str, value, entity: str, lang: str) -> str:
    if name == "deleted":
        return {True: "deleted", False: "kept", None: "—"}[value]
    return show(name, value, lang)


def _typed(name: str, value):
    return json.loads(encode(name, value))


@sync.command("resolve")
@click.argument("deliverable_id", metavar="ID", type=ID, required=False)
@click.argument("choices", metavar="FIELD=theirs|yours…", nargs=-1)
@click.option("-m", "--mission", "reference", metavar="REF",
              help="The mission itself (its title, lead…) instead of a deliverable.")
@click.option("--all", "every", type=click.Choice(["theirs", "yours"]),
              help="The same choice for every field in conflict.")
@pass_app
def resolve(app: AppContext, deliverable_id, choices, reference, every):
    """Settle the conflicts of deliverable ID (or of mission REF with -m): per field, `theirs` takes the
    server's value here, `yours` keeps yours and sends it at the next sync."""
    from missiontui.usecases import sync_links

    if (deliverable_id is None) == (reference is None):
        raise click.UsageError(say("error.sync_resolve_target"))
    if not choices and not every:
        raise click.UsageError(say("error.sync_resolve_choices"))
    picked = {}
    for choice in choices:
        name, sep, value = choice.partition("=")
        if not sep:
            raise click.UsageError(say("error.sync_resolve_choice", choice=visible(choice)))
        picked[_field_key(name.strip())] = value.strip().lower()
    done = sync_links.resolve(app.ctx, deliverable_id=deliverable_id, mission=reference, choices=picked, every=every)
    settled = ", ".join(f"{field_name(k, app.language)}: {v}" for k, v in done.fields.items())
    click.echo(f"{visible(done.title, single_line=True)}: {settled}"
               + (f"; still in conflict: {', '.join(done.remaining)}" if done.remaining else "")
               + " — sent at the next sync" * any(v == "yours" for v in done.fields.values()))


_FIELD_WORDS = {"lead": "lead_id", "deadline": "due", "owner": "owners", "depends": "depends_on"}


def _field_key(name: str) -> str:
    name = name.lower().replace("-", "_")
    return _FIELD_WORDS.get(name, name)


COMMANDS = [sync]
