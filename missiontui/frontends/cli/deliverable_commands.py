"""Deliverables from the command line: add, edit, done, rm, restore, list, show.

The use cases are imported by the commands that write: `list` and `show` only read."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from missiontui.core.errors import InvalidInput
from missiontui.core.model import Kind, Status
from missiontui.core.textsafe import visible
from missiontui.frontends.cli.words import say
from missiontui.frontends.cli.context import ID, LIMIT, AppContext, Word, json_option, pass_app
from missiontui.frontends.cli.output import (
    deliverable_headers, deliverable_json, deliverable_rows, due_text, echo_json, echo_table, owners_text,
)
from missiontui.usecases.inputs import parse_kind, parse_status

if TYPE_CHECKING:
    from missiontui.usecases.deliverables import Saved

KINDS = Word(parse_kind, [k.value for k in Kind])
STATUSES = Word(parse_status, [s.value for s in Status])
# What --resolve names, as the user reads the fields, and what the merge calls them.
RESOLVABLE = {"title": "title", "due": "due", "kind": "kind", "status": "status", "owners": "owners",
              "notes": "notes", "depends-on": "depends_on", "mission": "mission_id", "completed-on": "completed_on"}


def _report(app: AppContext, saved: Saved, as_json: bool, verb: str) -> None:
    """`verb`: the message key, "out.added" for instance."""
    d = saved.deliverable
    if as_json:
        echo_json(deliverable_json(d) | {"warnings": list(saved.warnings), "kept": list(saved.kept),
                                         "changed": saved.change_id is not None,
                                         "slipped": [{"id": x.id, "title": x.title, "due": x.due.date.isoformat(),
                                                      "moved_to": due.date.isoformat()} for x, due in saved.slipped],
                                         "cascaded": saved.cascaded,
                                         "occurrence": saved.occurrence.isoformat() if saved.occurrence else None})
    else:
        line = app.t(verb, id=d.id, title=visible(d.title), due=due_text(d, app.language))
        click.echo(line + ("" if saved.change_id is not None else " " + app.t("out.unchanged")))
    if saved.kept and not as_json:
        from missiontui.core.display import field_name

        click.echo(app.t("out.kept", fields=", ".join(field_name(f, app.language) for f in saved.kept)), err=True)
    for warning in saved.warnings:
        click.echo(app.t("out.warning", warning=visible(warning)), err=True)


def _choices(values: tuple[str, ...]) -> dict[str, str]:
    """--resolve due=mine --resolve title=theirs → {"due": "yours", "title": "theirs"}."""
    choices = {}
    for value in values:
        name, _, side = value.partition("=")
        field = RESOLVABLE.get(name.strip().lower().replace("_", "-"))
        side = {"mine": "yours", "yours": "yours", "theirs": "theirs"}.get(side.strip().lower())
        if field is None or side is None:
            raise click.BadParameter(say("error.resolve", value=visible(value), fields=", ".join(RESOLVABLE)),
                                     param_hint="--resolve")
        choices[field] = side
    return choices


@click.command("add")
@click.argument("title")
@click.option("-m", "--mission", required=True, help="Mission reference, e.g. D-22-010393.")
@click.option("-d", "--due", default="", help='Deadline as people write it: "fin juin", "30/09", "+2w", "2022-09-30"; '
              'leave it out when there is no date yet.')
@click.option("-k", "--kind", type=KINDS, default="other", show_default=True,
              help="The kind, or its French word (rapport, point d'étape, réunion…).")
@click.option("-o", "--owner", "owners", multiple=True,
              help="Owner name or email (repeat; the first is lead unless --lead).")
@click.option("--lead", help="Which owner leads.")
@click.option("-s", "--status", type=STATUSES, default="planned", show_default=True,
              help="The status, or its French word (prévu, en cours, fait…).")
@click.option("-n", "--notes", default="")
@click.option("--depends-on", "depends_on", type=ID, multiple=True, help="Id of a deliverable this one needs (repeat).")
@click.option("--repeat", "recurrence", default="", metavar="RRULE",
              help='A meeting that repeats: an RRULE, e.g. "FREQ=MONTHLY;BYDAY=1TU" (every first Tuesday); '
                   'the date is its first occurrence.')
@json_option
@pass_app
def add(app: AppContext, title, mission, due, kind, owners, lead, status, notes, depends_on, recurrence, as_json):
    """Add a deliverable to a mission."""
    from missiontui.usecases import deliverables

    saved = deliverables.add_deliverable(app.ctx, mission=mission, title=title, due=due, kind=kind, owners=owners,
                                         lead=lead, status=status, notes=notes, depends_on=depends_on,
                                         recurrence=recurrence)
    _report(app, saved, as_json, "out.added")


@click.command("edit")
@click.argument("deliverable_id", type=ID)
@click.option("-t", "--title")
@click.option("-d", "--due", help='New deadline (say why with --reason); "" for no date yet.')
@click.option("-k", "--kind", type=KINDS, help="The kind, or its French word (rapport, point d'étape, réunion…).")
@click.option("-s", "--status", type=STATUSES, help="The status, or its French word (prévu, en cours, fait…).")
@click.option("-o", "--owner", "owners", multiple=True, help="Replace the owners (repeat).")
@click.option("--lead")
@click.option("-n", "--notes")
@click.option("--depends-on", "depends_on", type=ID, multiple=True, help="Replace the dependencies (repeat).")
@click.option("--no-depends", is_flag=True, help="Remove every dependency.")
@click.option("-m", "--mission", help="Move to another mission.")
@click.option("-r", "--reason", default="", help="Why (kept in the history; say it when a deadline moves).")
@click.option("--version", "version", type=ID,
              help="The version you read: what a colleague changed since is kept, and a field you both changed "
                   "is refused.")
@click.option("--resolve", "resolve", multiple=True, metavar="FIELD=mine|theirs",
              help="For a field you and a colleague both changed since --version: keep yours or theirs (repeat).")
@click.option("--repeat", "recurrence", metavar="RRULE", help='Repeat (an RRULE such as "FREQ=WEEKLY"); "" stops it.')
@click.option("--cascade", is_flag=True,
              help="A deadline moved later: move what depends on it and would come before it by the same shift "
                   "(same change, same reason, one undo).")
@json_option
@pass_app
def edit(app: AppContext, deliverable_id, title, due, kind, status, owners, lead, notes, depends_on, no_depends,
         mission, reason, version, resolve, recurrence, cascade, as_json):
    """Change a deliverable (only what is given)."""
    from missiontui.usecases import deliverables

    given = {"title": title, "due": due, "kind": kind, "status": status, "owners": list(owners) or None,
             "lead": lead, "notes": notes, "mission": mission, "recurrence": recurrence,
             "depends_on": [] if no_depends else (list(depends_on) or None)}
    changes = {name: value for name, value in given.items() if value is not None}
    saved = deliverables.edit_deliverable(app.ctx, deliverable_id, changes, version=version, choices=_choices(resolve),
                                          reason=reason, cascade=cascade)
    _report(app, saved, as_json, "out.saved")
    _report_slips(app, saved, as_json)


def _report_slips(app: AppContext, saved: Saved, as_json: bool) -> None:
    """What slips if this slips: moved with --cascade, else said, with how to move them."""
    if as_json or not saved.slipped:
        return  # in the deliverable's JSON: `slipped`, `cascaded`
    d = saved.deliverable
    days = (saved.slipped[0][1].date - saved.slipped[0][0].due.date).days
    if saved.cascaded:
        click.echo(app.t("out.cascaded", days=days, count=len(saved.slipped)))
    else:
        click.echo(app.t("out.slips", id=d.id, days=days, count=len(saved.slipped)), err=True)
    for d, due in saved.slipped:
        line = f"  #{d.id} {visible(d.title)} — {d.due.date.isoformat()} → {due.date.isoformat()}"
        click.echo(line, err=not saved.cascaded)
    if not saved.cascaded:
        click.echo(app.t("out.slips_hint"), err=True)


def _due_field(d, lang: str) -> str:
    """The due line of `show`: "2022-09-30 (end of month)", its label already says "due"."""
    from missiontui.core.i18n import PRECISIONS

    return f"{d.due.date.isoformat()} ({PRECISIONS[lang][d.due.precision]})" if d.due else due_text(d, lang)


@click.command("done")
@click.argument("deliverable_id", type=ID)
@click.option("--on", "on", help="Completion date (default today).")
@click.option("--version", "version", type=ID)
@json_option
@pass_app
def done(app: AppContext, deliverable_id, on, version, as_json):
    """Mark a deliverable done."""
    from missiontui.usecases import deliverables
    from missiontui.usecases.inputs import resolve_date

    completed = resolve_date(on, app.today()) if on else None
    saved = deliverables.complete(app.ctx, deliverable_id, version=version, on=completed)
    if saved.occurrence and not as_json:  # a repeating meeting: this occurrence done, on to the next one
        click.echo(app.t("out.occurrence_done", day=saved.occurrence.isoformat(), id=saved.deliverable.id,
                         title=visible(saved.deliverable.title), next=saved.deliverable.due.date.isoformat()))
        return
    _report(app, saved, as_json, "out.done")


@click.command("rm")
@click.argument("deliverable_id", type=ID)
@click.option("-r", "--reason", default="")
@click.option("--version", "version", type=ID)
@json_option
@pass_app
def rm(app: AppContext, deliverable_id, reason, version, as_json):
    """Delete a deliverable (kept as a tombstone: calendars get the cancellation; `undo` or `restore` bring it back)."""
    from missiontui.usecases import deliverables

    d = deliverables.delete(app.ctx, deliverable_id, version=version, reason=reason).deliverable
    if as_json:
        echo_json(deliverable_json(d))
    else:
        click.echo(app.t("out.deleted", id=d.id, title=visible(d.title)))


@click.command("restore")
@click.argument("deliverable_id", type=ID)
@click.option("-r", "--reason", default="")
@json_option
@pass_app
def restore(app: AppContext, deliverable_id, reason, as_json):
    """Bring back a deleted deliverable."""
    from missiontui.usecases import deliverables

    d = deliverables.restore(app.ctx, deliverable_id, reason=reason).deliverable
    if as_json:
        echo_json(deliverable_json(d))
    else:
        click.echo(app.t("out.restored", id=d.id, title=visible(d.title)))


@click.command("list")
@click.option("-m", "--mission", help="Mission reference.")
@click.option("-o", "--owner", help="Owner name or email.")
@click.option("-s", "--status", "statuses", type=STATUSES, multiple=True,
              help="Repeat for several; French words too (fait, en cours).")
@click.option("-k", "--kind", "kinds", type=KINDS, multiple=True,
              help="Repeat for several; French words too (rapport, réunion).")
@click.option("--due-before", help='Due on or before ("fin juin", "2022-09-30").')
@click.option("--due-after", help='Due on or after ("septembre 2022" means from 1 September).')
@click.option("--overdue", is_flag=True, help="Open and past due.")
@click.option("--open", "open_only", is_flag=True, help="Planned, in progress or blocked.")
@click.option("--undated", "dated", flag_value=False, default=None, help="Only those with no date yet (to schedule).")
@click.option("--dated", "dated", flag_value=True, help="Only those with a date.")
@click.option("--mine", is_flag=True, help="Owned by you ($MISSIONTUI_USER or the config's user).")
@click.option("-q", "--search", "text", default="", help="Words in the title or notes (taken literally).")
@click.option("--sort", type=click.Choice(["due", "title", "kind", "status", "mission", "owner", "id"]), default="due")
@click.option("--desc", is_flag=True, help="Reverse the order.")
@click.option("--limit", type=LIMIT)
@click.option("--deleted", "include_deleted", is_flag=True, help="Include deleted deliverables.")
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "json", "csv"]), default=None,
              help="table (default), json (as --json) or csv (the JSON fields, one row per deliverable).")
@json_option
@pass_app
def list_(app: AppContext, mission, owner, statuses, kinds, due_before, due_after, overdue, open_only, dated, mine,
          text, sort, desc, limit, include_deleted, fmt, as_json):
    """List deliverables, soonest first (those with no date yet last)."""
    from missiontui.usecases.filters import build_filter

    if as_json and fmt not in (None, "json"):
        raise InvalidInput.of("error.two_formats", format=fmt)
    as_json = as_json or fmt == "json"
    flt = build_filter(app.ctx, mission=mission, owner=owner, statuses=statuses, kinds=kinds, due_before=due_before,
                       due_after=due_after, overdue=overdue, mine=mine, text=text, open_only=open_only,
                       include_deleted=include_deleted, dated=dated)
    items = app.store.deliverables(flt, order=sort, descending=desc, limit=limit)
    if as_json:
        echo_json([deliverable_json(d) for d in items])
    elif fmt == "csv":
        from missiontui.core.report.table import deliverables_csv
        for line in deliverables_csv(items, for_terminal=sys.stdout.isatty()):
            click.echo(line, nl=False)
    elif items:
        echo_table(deliverable_headers(app.language), deliverable_rows(items, app.today(), app.language))
    else:
        click.echo(app.t("out.no_match"), err=True)


list_.name = "list"


@click.command("show")
@click.argument("deliverable_id", type=ID)
@json_option
@pass_app
def show(app: AppContext, deliverable_id, as_json):
    """Everything about one deliverable."""
    d = app.store.deliverable(deliverable_id, include_deleted=True)
    if as_json:
        echo_json(deliverable_json(d))
        return
    from missiontui.core.i18n import KINDS, STATUSES

    lang = app.language
    fields = [("id", d.id), ("mission", d.mission_ref), ("title", d.title), ("kind", KINDS[lang][d.kind]),
              ("due", _due_field(d, lang)), ("phrase", d.due.phrase if d.due else ""),
              ("repeats", d.recurrence or app.t("value.no")),
              ("status", STATUSES[lang][d.status]), ("owners", owners_text(d)),
              ("depends_on", ", ".join(f"#{x}" for x in d.depends_on) or "—"),
              ("completed", d.completed_on or "—"), ("version", d.version),
              ("deleted", d.deleted_at or app.t("value.no"))]
    names = {name: app.t(f"out.field.{name}") for name, _ in fields}
    width = max(len(n) for n in names.values())
    for name, value in fields:
        click.echo(app.t("out.show_line", name=names[name].rjust(width), value=visible(str(value))))
    if d.notes:
        click.echo(app.t("out.show_line", name=app.t("out.field.notes").rjust(width), value=""))
        for line in d.notes.splitlines():
            click.echo("    " + visible(line))


COMMANDS = [add, edit, done, rm, list_, show]  # `restore ID|FILE` is in maintenance_commands
