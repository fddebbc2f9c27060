"""Deliverables from the command line: add, edit, done, rm, restore, list, show, history."""

from __future__ import annotations

import click

from missiontui import usecases
from missiontui.frontends.cli.context import AppContext, json_option, pass_app, today
from missiontui.frontends.cli.output import (
    DELIVERABLE_HEADERS, deliverable_json, deliverable_rows, echo_json, echo_table, history_json, owners_text,
)
from missiontui.core.errors import InvalidInput
from missiontui.core.model import Kind, Status
from missiontui.core.textsafe import visible

KINDS = click.Choice([k.value for k in Kind])
STATUSES = click.Choice([s.value for s in Status])


def _report(saved: usecases.Saved, as_json: bool, verb: str) -> None:
    d = saved.deliverable
    if as_json:
        echo_json(deliverable_json(d) | {"warnings": saved.warnings})
    else:
        click.echo(f"{verb} #{d.id} {visible(d.title)} — due {d.due.date.isoformat()} ({d.due.precision.value})")
    for warning in saved.warnings:
        click.echo(f"warning: {visible(warning)}", err=True)


@click.command("add")
@click.argument("title")
@click.option("-m", "--mission", required=True, help="Mission reference, e.g. D-22-010393.")
@click.option("-d", "--due", required=True, help='Deadline as people write it: "fin juin", "30/09", "+2w", "2022-09-30".')
@click.option("-k", "--kind", type=KINDS, default="other", show_default=True)
@click.option("-o", "--owner", "owners", multiple=True, help="Owner name or email (repeat; the first is lead unless --lead).")
@click.option("--lead", help="Which owner leads.")
@click.option("-s", "--status", type=STATUSES, default="planned", show_default=True)
@click.option("-n", "--notes", default="")
@click.option("--depends-on", "depends_on", type=int, multiple=True, help="Id of a deliverable this one needs (repeat).")
@json_option
@pass_app
def add(app: AppContext, title, mission, due, kind, owners, lead, status, notes, depends_on, as_json):
    """Add a deliverable to a mission."""
    saved = usecases.add_deliverable(app.store, mission=mission, title=title, due=due, kind=kind, owners=owners,
                                     lead=lead, status=status, notes=notes, depends_on=depends_on, today=today())
    _report(saved, as_json, "added")


@click.command("edit")
@click.argument("deliverable_id", type=int)
@click.option("-t", "--title")
@click.option("-d", "--due", help="New deadline (say why with --reason).")
@click.option("-k", "--kind", type=KINDS)
@click.option("-s", "--status", type=STATUSES)
@click.option("-o", "--owner", "owners", multiple=True, help="Replace the owners (repeat).")
@click.option("--lead")
@click.option("-n", "--notes")
@click.option("--depends-on", "depends_on", type=int, multiple=True, help="Replace the dependencies (repeat).")
@click.option("--no-depends", is_flag=True, help="Remove every dependency.")
@click.option("-m", "--mission", help="Move to another mission.")
@click.option("-r", "--reason", default="", help="Why (kept in the history; say it when a deadline moves).")
@click.option("--version", "version", type=int, help="The version you read: refuse the edit if someone changed it since.")
@json_option
@pass_app
def edit(app: AppContext, deliverable_id, title, due, kind, status, owners, lead, notes, depends_on, no_depends,
         mission, reason, version, as_json):
    """Change a deliverable (only what is given)."""
    saved = usecases.edit_deliverable(
        app.store, deliverable_id, version=version, title=title, due=due, kind=kind, status=status,
        owners=list(owners) if owners else None, lead=lead, notes=notes,
        depends_on=[] if no_depends else (list(depends_on) if depends_on else None), mission=mission,
        reason=reason, today=today())
    _report(saved, as_json, "saved")


@click.command("done")
@click.argument("deliverable_id", type=int)
@click.option("--on", "on", help="Completion date (default today).")
@click.option("--version", "version", type=int)
@json_option
@pass_app
def done(app: AppContext, deliverable_id, on, version, as_json):
    """Mark a deliverable done."""
    completed = usecases.resolve_due(on, today()).date if on else today()
    _report(usecases.complete(app.store, deliverable_id, version=version, on=completed), as_json, "done")


@click.command("rm")
@click.argument("deliverable_id", type=int)
@click.option("-r", "--reason", default="")
@click.option("--version", "version", type=int)
@json_option
@pass_app
def rm(app: AppContext, deliverable_id, reason, version, as_json):
    """Delete a deliverable (kept as a tombstone: calendars get the cancellation; `restore` undoes)."""
    d = usecases.delete(app.store, deliverable_id, version=version, reason=reason)
    if as_json:
        echo_json(deliverable_json(d))
    else:
        click.echo(f"deleted #{d.id} {visible(d.title)} (undo: missiontui restore {d.id})")


@click.command("restore")
@click.argument("deliverable_id", type=int)
@json_option
@pass_app
def restore(app: AppContext, deliverable_id, as_json):
    """Bring back a deleted deliverable."""
    d = app.store.restore_deliverable(deliverable_id)
    if as_json:
        echo_json(deliverable_json(d))
    else:
        click.echo(f"restored #{d.id} {visible(d.title)}")


@click.command("list")
@click.option("-m", "--mission", help="Mission reference.")
@click.option("-o", "--owner", help="Owner name or email.")
@click.option("-s", "--status", "statuses", type=STATUSES, multiple=True, help="Repeat for several.")
@click.option("-k", "--kind", "kinds", type=KINDS, multiple=True, help="Repeat for several.")
@click.option("--due-before", help='Due on or before ("fin juin", "2022-09-30").')
@click.option("--due-after", help='Due on or after ("septembre 2022" means from 1 September).')
@click.option("--overdue", is_flag=True, help="Open and past due.")
@click.option("--open", "open_only", is_flag=True, help="Planned, in progress or blocked.")
@click.option("--mine", is_flag=True, help="Owned by you ($MISSIONTUI_USER or the config's user).")
@click.option("-q", "--search", "text", default="", help="Words in the title or notes (taken literally).")
@click.option("--sort", type=click.Choice(["due", "title", "kind", "status", "mission", "owner", "id"]), default="due")
@click.option("--desc", is_flag=True, help="Reverse the order.")
@click.option("--limit", type=click.IntRange(min=1))
@click.option("--deleted", "include_deleted", is_flag=True, help="Include deleted deliverables.")
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "json", "csv"]), default=None,
              help="table (default), json (as --json) or csv (the JSON fields, one row per deliverable).")
@json_option
@pass_app
def list_(app: AppContext, mission, owner, statuses, kinds, due_before, due_after, overdue, open_only, mine, text,
          sort, desc, limit, include_deleted, fmt, as_json):
    """List deliverables, soonest first."""
    if as_json and fmt not in (None, "json"):
        raise InvalidInput(f"--json and --format {fmt} ask for two formats: give one")
    as_json = as_json or fmt == "json"
    flt = usecases.build_filter(app.store, mission=mission, owner=owner, statuses=statuses, kinds=kinds,
                                due_before=due_before, due_after=due_after, overdue=overdue, mine=mine,
                                text=text, open_only=open_only, include_deleted=include_deleted, today=today())
    items = app.store.deliverables(flt, order=sort, descending=desc, limit=limit)
    if as_json:
        echo_json([deliverable_json(d) for d in items])
    elif fmt == "csv":
        from missiontui.core.report.table import deliverables_csv
        for line in deliverables_csv(items):
            click.echo(line, nl=False)
    elif items:
        echo_table(DELIVERABLE_HEADERS, deliverable_rows(items, today()))
    else:
        click.echo("no deliverables match", err=True)


list_.name = "list"


@click.command("show")
@click.argument("deliverable_id", type=int)
@json_option
@pass_app
def show(app: AppContext, deliverable_id, as_json):
    """Everything about one deliverable."""
    d = app.store.deliverable(deliverable_id, include_deleted=True)
    if as_json:
        echo_json(deliverable_json(d))
        return
    fields = [("id", d.id), ("mission", d.mission_ref), ("title", d.title), ("kind", d.kind.value),
              ("due", f"{d.due.date.isoformat()} ({d.due.precision.value})"), ("phrase", d.due.phrase),
              ("status", d.status.value), ("owners", owners_text(d)),
              ("depends on", ", ".join(f"#{x}" for x in d.depends_on) or "—"),
              ("completed", d.completed_on or "—"), ("version", d.version),
              ("deleted", d.deleted_at or "no")]
    for name, value in fields:
        click.echo(f"{name:>11}: {visible(str(value))}")
    if d.notes:
        click.echo("      notes:")
        for line in d.notes.splitlines():
            click.echo("    " + visible(line))


@click.command("history")
@click.argument("deliverable_id", type=int, required=False)
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@json_option
@pass_app
def history(app: AppContext, deliverable_id, limit, as_json):
    """Who changed what, when, and why (one deliverable, or everything)."""
    if deliverable_id is not None:
        app.store.deliverable(deliverable_id, include_deleted=True)  # a clear error for a wrong id
    entries = app.store.history("deliverable" if deliverable_id is not None else None, deliverable_id, limit)
    if as_json:
        echo_json([history_json(h) for h in entries])
        return
    rows = [[h.at[:19].replace("T", " "), h.actor, f"{h.entity} #{h.entity_id}", h.action, h.field,
             f"{h.old or '—'} → {h.new or '—'}" + (f"  ({h.reason})" if h.reason else "")] for h in entries]
    echo_table(["WHEN (UTC)", "WHO", "WHAT", "ACTION", "FIELD", "CHANGE"], rows)


COMMANDS = [add, edit, done, rm, restore, list_, show, history]
