"""Setting up: init, load-seeds, missions, people; and `date` to check what a phrase means."""

from __future__ import annotations

import json
from datetime import date

import click

from missiontui.frontends.cli.context import AppContext, Create, creates_database, json_option, pass_app
from missiontui.frontends.cli.output import (
    DELIVERABLE_HEADERS, deliverable_json, deliverable_rows, echo_json, echo_table, mission_json, person_json,
    summary_json,
)
from missiontui.core.dates import DateError, parse_due
from missiontui.core.i18n import describe_due
from missiontui.core.model import DeliverableFilter
from missiontui.core.textsafe import visible
from missiontui.usecases import missions, people as people_cases


@click.command("init")
@pass_app
@creates_database(Create.INIT)
def init(app: AppContext):
    """Create the database (if needed) and say where it is."""
    store = app.store
    click.echo(f"database ready: {visible(str(store.path))}")


@click.command("load-seeds")
@json_option
@pass_app
@creates_database()
def load_seeds(app: AppContext, as_json):
    """Load the two real mission letters (skips those already loaded)."""
    from missiontui.usecases.seeds import load_seeds as load

    loaded = load(app.ctx)
    if as_json:
        echo_json({"loaded": loaded})
    else:
        click.echo(f"loaded {', '.join(loaded)}" if loaded else "seed missions already loaded")


@click.group("mission")
def mission():
    """Missions: add, list, show, edit, close, reopen."""


@mission.command("add")
@click.argument("reference")
@click.option("-t", "--title", required=True)
@click.option("--authority", default="", help="Commissioning authority, e.g. the ministry.")
@click.option("--signatory", default="")
@click.option("--addressee", "addressees", multiple=True, help="Repeat for several.")
@click.option("--signed", help="Date the letter was signed.")
@click.option("--summary", default="")
@click.option("--lead", help="The person who leads the mission.")
@json_option
@pass_app
@creates_database()
def mission_add(app: AppContext, reference, title, authority, signatory, addressees, signed, summary, lead, as_json):
    """Add a mission (REFERENCE such as D-22-010393)."""
    m = missions.add_mission(app.ctx, reference, title, authority=authority, signatory=signatory,
                             addressees=addressees, signed_on=signed, summary=summary, lead=lead)
    if as_json:
        echo_json(mission_json(m))
    else:
        click.echo(f"added mission {visible(m.reference)}")


@mission.command("list")
@json_option
@pass_app
def mission_list(app: AppContext, as_json):
    """Missions with progress, next deadline and overdue count."""
    summaries = app.store.mission_summaries(app.today())
    if as_json:
        echo_json([summary_json(s) for s in summaries])
        return
    rows = [[s.mission.reference, s.mission.status.value, f"{s.done}/{s.total}", str(s.overdue),
             s.next_due.isoformat() if s.next_due else "—", s.mission.lead or "—", s.mission.title] for s in summaries]
    echo_table(["REFERENCE", "STATUS", "DONE", "OVERDUE", "NEXT", "LEAD", "TITLE"], rows)


@mission.command("show")
@click.argument("reference")
@json_option
@pass_app
def mission_show(app: AppContext, reference, as_json):
    """A mission and its deliverables."""
    m = app.store.mission(reference)
    items = app.store.deliverables(DeliverableFilter(mission=m.reference))
    if as_json:
        echo_json(mission_json(m) | {"deliverables": [deliverable_json(d) for d in items]})
        return
    for name, value in [("reference", m.reference), ("title", m.title), ("authority", m.authority),
                        ("signatory", m.signatory), ("addressees", "; ".join(m.addressees)),
                        ("signed", m.signed_on or "—"), ("lead", m.lead or "—"), ("status", m.status.value)]:
        click.echo(f"{name:>10}: {visible(str(value))}")
    if m.summary:
        click.echo(f"{'summary':>10}: {visible(m.summary)}")
    click.echo("")
    echo_table(DELIVERABLE_HEADERS, deliverable_rows(items, app.today()))


@mission.command("edit")
@click.argument("reference")
@click.option("--reference", "new_reference", help="A new reference.")
@click.option("-t", "--title")
@click.option("--authority")
@click.option("--signatory")
@click.option("--addressee", "addressees", multiple=True, help="Replace the addressees (repeat).")
@click.option("--signed", help="Date the letter was signed.")
@click.option("--summary")
@click.option("--lead", help="The person who leads the mission.")
@click.option("-r", "--reason", default="")
@click.option("--version", "version", type=click.IntRange(1, 2**63 - 1), help="The version you read.")
@json_option
@pass_app
def mission_edit(app: AppContext, reference, new_reference, title, authority, signatory, addressees, signed, summary,
                 lead, reason, version, as_json):
    """Change a mission (only what is given)."""
    given = {"reference": new_reference, "title": title, "authority": authority, "signatory": signatory,
             "addressees": list(addressees) or None, "signed_on": signed, "summary": summary, "lead": lead}
    m = missions.edit_mission(app.ctx, reference, {k: v for k, v in given.items() if v is not None},
                              version=version, reason=reason)
    if as_json:
        echo_json(mission_json(m))
    else:
        click.echo(f"saved mission {visible(m.reference)}")


@mission.command("close")
@click.argument("reference")
@click.option("-r", "--reason", default="")
@pass_app
def mission_close(app: AppContext, reference, reason):
    """Mark a mission closed."""
    click.echo(f"closed {visible(missions.close_mission(app.ctx, reference, reason).reference)}")


@mission.command("reopen")
@click.argument("reference")
@click.option("-r", "--reason", default="")
@pass_app
def mission_reopen(app: AppContext, reference, reason):
    """Mark a closed mission active again."""
    click.echo(f"reopened {visible(missions.reopen_mission(app.ctx, reference, reason).reference)}")


@click.group("people")
def people():
    """People who own deliverables: add, list, edit."""


@people.command("add")
@click.argument("name")
@click.option("--email", default="")
@click.option("--role", default="")
@click.option("--org", "organisation", default="")
@json_option
@pass_app
@creates_database()
def people_add(app: AppContext, name, email, role, organisation, as_json):
    """Add a person."""
    p = people_cases.add_person(app.ctx, name, email, role, organisation)
    if as_json:
        echo_json(person_json(p))
    else:
        click.echo(f"added {visible(p.name)}")


@people.command("edit")
@click.argument("name")
@click.option("--name", "new_name", help="A new name.")
@click.option("--email")
@click.option("--role")
@click.option("--org", "organisation")
@click.option("-r", "--reason", default="")
@json_option
@pass_app
def people_edit(app: AppContext, name, new_name, email, role, organisation, reason, as_json):
    """Change a person (NAME or email; only what is given)."""
    given = {"name": new_name, "email": email, "role": role, "organisation": organisation}
    p = people_cases.edit_person(app.ctx, name, {k: v for k, v in given.items() if v is not None}, reason=reason)
    if as_json:
        echo_json(person_json(p))
    else:
        click.echo(f"saved {visible(p.name)}")


@people.command("list")
@json_option
@pass_app
def people_list(app: AppContext, as_json):
    """Everyone, with their open deliverables and next deadline."""
    if as_json:
        echo_json([person_json(p) for p in app.store.people()])
        return
    rows = [[r["name"], r["role"], str(r["open"]), str(r["overdue"] or 0), r["next_due"] or "—"]
            for r in app.store.people_workload(app.today().isoformat())]
    echo_table(["NAME", "ROLE", "OPEN", "OVERDUE", "NEXT"], rows, wrap_last=False)


@click.command("date")
@click.argument("phrases", nargs=-1, required=True)
@click.option("--ref", help="Reference date YYYY-MM-DD (default today): the letter's date, for instance.")
@click.option("--lang", "lang", type=click.Choice(["en", "fr"]), help="Language of the description.")
@json_option
@pass_app
def date_command(app: AppContext, phrases, ref, lang, as_json):
    """What deadline each PHRASE means ("fin juin", "sous quinzaine", "next friday").

    Quote a phrase of several words. Exits 1 if any phrase has no date.
    """
    try:
        reference = date.fromisoformat(ref) if ref else app.today()
    except ValueError:
        raise click.BadParameter(f"'{ref}' is not a date like 2022-04-21", param_hint="--ref") from None
    failed = False
    for text in phrases:
        try:
            due = parse_due(text, reference)
        except DateError as exc:
            failed = True
            if as_json:
                click.echo(json.dumps({"text": text, "error": str(exc)}, ensure_ascii=False))
            else:
                click.echo(f"missiontui: {visible(str(exc))}", err=True)
            continue
        if as_json:
            click.echo(json.dumps({"text": text, "date": due.date.isoformat(), "precision": due.precision.value,
                                   "phrase": due.phrase}, ensure_ascii=False))
        else:
            click.echo(f"{visible(text)} → {describe_due(due, lang or app.language)}")
    if failed:
        raise click.exceptions.Exit(1)


COMMANDS = [init, load_seeds, mission, people, date_command]
