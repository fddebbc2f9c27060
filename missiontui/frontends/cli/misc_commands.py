"""Setting up: init, load-seeds, missions, people; and `date` to check what a phrase means."""

from __future__ import annotations

import json

import click

from missiontui.frontends.cli.context import AppContext, Create, creates_database, json_option, pass_app
from missiontui.frontends.cli.output import (
    deliverable_headers, deliverable_json, deliverable_rows, headers, echo_json, echo_table, mission_json, person_json,
    summary_json,
)
from missiontui.core.textsafe import visible
from missiontui.frontends.cli.words import say
from missiontui.usecases import missions


@click.command("init")
@pass_app
@creates_database(Create.INIT)
def init(app: AppContext):
    """Create the database (if needed) and say where it is."""
    store = app.store
    click.echo(app.t("out.database_ready", path=visible(str(store.path))))


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
        click.echo(app.t("out.loaded", missions=", ".join(loaded)) if loaded else app.t("out.seeds_there"))


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
@click.option("--template", metavar="NAME",
              help="Lay out a template's phases from --signed (see `missiontui templates`).")
@click.option("--report", "report", metavar="DATE", help="With --template: when the report is due (default: the "
              "template's).")
@json_option
@pass_app
@creates_database()
def mission_add(app: AppContext, reference, title, authority, signatory, addressees, signed, summary, lead, template,
                report, as_json):
    """Add a mission (REFERENCE such as D-22-010393)."""
    if report and not template:
        raise click.UsageError(say("error.report_without_template"))
    if template:
        from missiontui.core.errors import InvalidInput
        from missiontui.usecases.templates import load_template, mission_from_template

        load_template(app.config, template)  # a wrong name or file is said before the database is touched
        if not (signed or "").strip():
            raise InvalidInput.of("template.needs_letter_date", name=template)
        m = mission_from_template(app.ctx, template, reference, title, signed_on=signed or "", report=report,
                                  authority=authority, signatory=signatory, addressees=addressees, summary=summary,
                                  lead=lead)
    else:
        m = missions.add_mission(app.ctx, reference, title, authority=authority, signatory=signatory,
                                 addressees=addressees, signed_on=signed, summary=summary, lead=lead)
    from missiontui.core.model import DeliverableFilter

    if as_json:
        out = mission_json(m)
        if template:
            out["deliverables"] = [deliverable_json(d) for d in app.store.deliverables(
                DeliverableFilter(mission=m.reference))]
        echo_json(out)
    elif template:
        items = app.store.deliverables(DeliverableFilter(mission=m.reference))
        click.echo(app.t("out.mission_added_phases", reference=visible(m.reference), count=len(items),
                         template=visible(template)) + "\n")
        echo_table(deliverable_headers(app.language), deliverable_rows(items, app.today(), app.language))
    else:
        click.echo(app.t("out.mission_added", reference=visible(m.reference)))


@click.command("templates")
@json_option
@pass_app
def templates_list(app: AppContext, as_json):
    """Mission templates: the shipped ones and yours (a `templates` folder beside the config file)."""
    from missiontui.usecases.templates import templates, user_templates_dir

    found, broken = templates(app.config)
    for problem in broken:  # said, and the good ones listed all the same; `--template` on it refuses
        skipped = app.t("template.skipped", problem=problem.localized(app.language))
        click.echo(app.t("out.warning", warning=visible(skipped)), err=True)
    if as_json:
        echo_json([{"name": t.name, "title": t.label(app.language), "description": t.description.get(app.language, ""),
                    "file": t.source, "report": _when(t.report),
                    "phases": [{"key": p.key, "title": p.title, "kind": p.kind.value, "due": _when(p.when),
                                "owners": list(p.owners), "depends_on": list(p.depends_on)} for p in t.phases]}
                   for t in found])
        return
    for t in found:
        click.echo(f"{visible(t.name)}  {visible(t.label(app.language))}  ({len(t.phases)} phases)")
        description = t.description.get(app.language, "")
        if description:
            click.echo(f"    {visible(description)}")
    shipped = [t.source for t in found if t.source and not t.source.startswith(str(user_templates_dir()))]
    example = next((s for s in shipped if s.endswith("inspection.toml")), shipped[0] if shipped else "")
    click.echo("\n" + app.t("template.your_own", folder=visible(str(user_templates_dir())), example=visible(example)))


def _when(w) -> str:
    """ "report - 6 weeks", as a template writes it."""
    parts = [w.anchor]
    weeks = w.days % 7 == 0
    for n, unit in ((w.months, "months"), (w.days // 7 if weeks else w.days, "weeks" if weeks else "days")):
        if n:
            parts.append(f"{'+' if n > 0 else '-'} {abs(n)} {unit if abs(n) > 1 else unit[:-1]}")
    return " ".join(parts)


@mission.command("list")
@json_option
@pass_app
def mission_list(app: AppContext, as_json):
    """Missions with progress, next deadline and overdue count."""
    summaries = app.store.mission_summaries(app.today())
    if as_json:
        echo_json([summary_json(s) for s in summaries])
        return
    rows = [[s.mission.reference, app.t(f"mission_status.{s.mission.status.value}"), f"{s.done}/{s.total}",
             str(s.overdue), s.next_due.isoformat() if s.next_due else "—", s.mission.lead or "—", s.mission.title]
            for s in summaries]
    echo_table(headers(app.language, "reference", "status", "done", "overdue", "next", "lead", "title"), rows)


@mission.command("show")
@click.argument("reference")
@json_option
@pass_app
def mission_show(app: AppContext, reference, as_json):
    """A mission and its deliverables."""
    from missiontui.core.model import DeliverableFilter

    m = app.store.mission(reference)
    items = app.store.deliverables(DeliverableFilter(mission=m.reference))
    if as_json:
        echo_json(mission_json(m) | {"deliverables": [deliverable_json(d) for d in items]})
        return
    fields = [("reference", m.reference), ("title", m.title), ("authority", m.authority),
              ("signatory", m.signatory), ("addressees", "; ".join(m.addressees)), ("signed", m.signed_on or "—"),
              ("lead", m.lead or "—"), ("status", app.t(f"mission_status.{m.status.value}"))]
    if m.summary:
        fields.append(("summary", m.summary))
    names = {name: app.t(f"out.field.{name}") for name, _ in fields}
    width = max(len(n) for n in names.values())
    for name, value in fields:
        click.echo(app.t("out.show_line", name=names[name].rjust(width), value=visible(str(value))))
    click.echo("")
    echo_table(deliverable_headers(app.language), deliverable_rows(items, app.today(), app.language))


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
    from missiontui.usecases import missions

    given = {"reference": new_reference, "title": title, "authority": authority, "signatory": signatory,
             "addressees": list(addressees) or None, "signed_on": signed, "summary": summary, "lead": lead}
    m = missions.edit_mission(app.ctx, reference, {k: v for k, v in given.items() if v is not None},
                              version=version, reason=reason)
    if as_json:
        echo_json(mission_json(m))
    else:
        click.echo(app.t("out.mission_saved", reference=visible(m.reference)))


@mission.command("close")
@click.argument("reference")
@click.option("-r", "--reason", default="")
@pass_app
def mission_close(app: AppContext, reference, reason):
    """Mark a mission closed."""
    closed = missions.close_mission(app.ctx, reference, reason)
    click.echo(app.t("out.mission_closed", reference=visible(closed.reference)))


@mission.command("reopen")
@click.argument("reference")
@click.option("-r", "--reason", default="")
@pass_app
def mission_reopen(app: AppContext, reference, reason):
    """Mark a closed mission active again."""
    click.echo(app.t("out.mission_reopened",
                     reference=visible(missions.reopen_mission(app.ctx, reference, reason).reference)))


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
    from missiontui.usecases import people as people_cases

    p = people_cases.add_person(app.ctx, name, email, role, organisation)
    if as_json:
        echo_json(person_json(p))
    else:
        click.echo(app.t("out.person_added", name=visible(p.name)))


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
    from missiontui.usecases import people as people_cases

    given = {"name": new_name, "email": email, "role": role, "organisation": organisation}
    p = people_cases.edit_person(app.ctx, name, {k: v for k, v in given.items() if v is not None}, reason=reason)
    if as_json:
        echo_json(person_json(p))
    else:
        click.echo(app.t("out.person_saved", name=visible(p.name)))


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
    echo_table(headers(app.language, "name", "role", "open", "overdue", "next"), rows, wrap_last=False)


@click.command("date")
@click.argument("phrases", nargs=-1, required=True)
@click.option("--ref", help="The day to count from (default today), written as a deadline is: 2022-04-21, "
              "21/04/2022, \"21 avril 2022\" — the letter's date, for instance.")
@click.option("--lang", "lang", type=click.Choice(["en", "fr"]), help="Language of the description.")
@json_option
@pass_app
def date_command(app: AppContext, phrases, ref, lang, as_json):
    """What deadline each PHRASE means ("fin juin", "sous quinzaine", "next friday").

    Quote a phrase of several words. Exits 1 if any phrase has no date.
    """
    from missiontui.core.dates import DateError, parse_due
    from missiontui.core.i18n import describe_due
    from missiontui.usecases.inputs import resolve_date

    try:
        reference = resolve_date(ref, app.today()) if ref else app.today()
    except DateError as exc:
        raise click.BadParameter(exc.localized(app.language), param_hint="--ref") from None
    failed = False
    for text in phrases:
        try:
            due = parse_due(text, reference)
        except DateError as exc:
            failed = True
            if as_json:
                click.echo(json.dumps({"text": text, "error": str(exc)}, ensure_ascii=False))
            else:
                click.echo(f"missiontui: {visible(exc.localized(app.language))}", err=True)
            continue
        if as_json:
            click.echo(json.dumps({"text": text, "date": due.date.isoformat(), "precision": due.precision.value,
                                   "phrase": due.phrase}, ensure_ascii=False))
        else:
            click.echo(f"{visible(text)} → {describe_due(due, lang or app.language)}")
    if failed:
        raise click.exceptions.Exit(1)


COMMANDS = [init, load_seeds, mission, people, date_command, templates_list]
