"""`missiontui letter FILE`: read a mission letter and show the mission it proposes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from missiontui.core.errors import MissionError
from missiontui.store.errors import DatabaseError
from missiontui.core.i18n import describe_due, long_date
from missiontui.core.letters import MissionProposal, ProposedDeliverable
from missiontui.core.textsafe import visible
from missiontui.core.model import DeliverableFilter
from missiontui.frontends.cli.context import AppContext, Create, json_option, pass_app
from missiontui.frontends.cli.output import deliverable_json as deliverable_json_of, echo_json, mission_json
from missiontui.frontends.cli.words import say


@click.command("letter")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--ref", help="Date to count from if the letter has none, YYYY-MM-DD (default today).")
@click.option("--create", is_flag=True, help="Create the mission after showing it (asks first).")
@click.option("--yes", "-y", is_flag=True, help="With --create: do not ask (scripts).")
@click.option("--template", metavar="NAME",
              help="Lay the mission out on a template's phases (see `missiontui templates`); the letter's dates win.")
@json_option
@pass_app
def letter(app: AppContext, file, ref, create, yes, template, as_json):
    """The mission a letter proposes: its date, reference, signatory, addressees, and every
    deliverable it asks for, dated or not (.txt, .md, .pdf with text, .docx, .odt). With --create,
    the mission is written in one change set (one undo)."""
    from missiontui.usecases.letter_proposal import propose_from_file

    if yes and not create:
        raise click.UsageError(say("error.yes_without_create"))
    if create and as_json and not yes:
        raise click.UsageError(say("error.create_json_needs_yes"))
    try:
        fallback = date.fromisoformat(ref) if ref else app.today()
    except ValueError:
        raise click.BadParameter(f"'{ref}' is not a date like 2022-04-21", param_hint="--ref") from None
    if create:
        app.create = Create.IF_MISSING  # creating a mission may create the database; reading a letter never does
    known = _known_people(app)
    reading = propose_from_file(file, fallback, known)
    p = reading.proposal
    plan = _plan(app, p, template) if template else None
    if not as_json:
        _echo_proposal(p, app.language)
        if plan is not None:
            _echo_plan(plan, template, app.language)
    if create:
        _refuse_existing(app, p.reference.value)
        count = len(plan.deliverables) if plan is not None else len(p.deliverables)
        if not yes and not click.confirm(f"\nCreate mission {visible(p.reference.value)} with {count} deliverables?"):
            click.echo("nothing was created")
            click.get_current_context().exit(1)
        from missiontui.usecases.letter_missions import create_from_letter

        mission = create_from_letter(app.ctx, p, template=template, letter_name=Path(file).name)
        created = app.store.deliverables(DeliverableFilter(mission=mission.reference))
    if as_json:
        out = proposal_json(p) | {"file": Path(file).name, "format": reading.format}
        if plan is not None:
            out["plan"] = [{"key": d.key, "title": d.title, "kind": d.kind.value,
                            "due": d.due.date.isoformat() if d.due else None,
                            "precision": d.due.precision.value if d.due else None, "phrase": d.due.phrase if d.due else "",
                            "owners": list(d.owners), "depends_on": list(d.depends_on), "status": d.status.value}
                           for d in plan.deliverables]
        if create:
            out["created"] = mission_json(mission) | {"deliverables": [deliverable_json_of(d) for d in created]}
        echo_json(out)
    elif create:
        undated = sum(d.due is None for d in created)
        click.echo(f"created mission {visible(mission.reference)}: {len(created)} deliverables"
                   + (f" ({undated} to schedule)" if undated else "") + " (`missiontui undo` takes it back)")


def _refuse_existing(app: AppContext, reference: str) -> None:
    """Before asking: a mission of that reference already exists (the letter was created before)."""
    from missiontui.core.errors import InvalidInput, NotFound
    from missiontui.usecases.context import database_path

    if not database_path(app.db_path, app.config).exists():
        return  # nothing is created before the answer, not even the database
    try:
        app.store.mission(reference)
    except NotFound:
        return
    raise InvalidInput.of("error.mission_exists", reference=reference)


def _plan(app: AppContext, p: MissionProposal, template: str):
    """The mission the letter and a template make together, as it would be created."""
    from missiontui.core.letters.draft import mission_draft, roles
    from missiontui.core.templates import with_template
    from missiontui.usecases.templates import load_template

    return with_template(mission_draft(p), load_template(app.config, template), p.counted_from, roles(p))


def _echo_plan(plan, template: str, lang: str) -> None:
    click.echo(f"\nWith the template {visible(template)}: {len(plan.deliverables)} deliverables")
    for d in plan.deliverables:
        when = describe_due(d.due, lang) if d.due else "to schedule"
        after = f" · after: {', '.join(d.depends_on)}" if d.depends_on else ""
        owners = visible(", ".join(d.owners)) if d.owners else "—"
        click.echo(f"  [{d.key}] {when} · {d.kind.value} · {visible(d.title)} · {owners}{after}")


def _known_people(app: AppContext) -> list[str]:
    """People already in the database spell names the letter writes in capitals. A letter is read
    without creating a database: when there is none yet, nobody is known."""
    from missiontui.usecases.context import database_path

    if not database_path(app.db_path, app.config).exists():
        return []
    try:
        return [p.name for p in app.store.people()]
    except (MissionError, DatabaseError):  # a damaged or locked database must not stop a letter being read
        return []


def proposal_json(p: MissionProposal) -> dict:
    return {
        "reference": p.reference.value, "reference_source": p.reference.source,
        "reference_phrase": p.reference.phrase, "title": p.title, "authority": p.authority,
        "signatory": p.signatory.name, "signatory_title": p.signatory.title,
        "addressees": [{"name": a.name, "title": a.title, "label": a.label} for a in p.addressees],
        "signed_on": p.signed.date.isoformat() if p.signed else None,
        "signed_phrase": p.signed.phrase if p.signed else "",
        "signed_source": p.signed.source if p.signed else "",
        "counted_from": p.counted_from.isoformat(), "summary": p.summary, "lead": p.lead,
        "people": [{"name": x.name, "title": x.title} for x in p.people],
        "bodies": [{"acronym": b.acronym, "name": b.name} for b in p.bodies],
        "deliverables": [deliverable_json(d) for d in p.deliverables],
        "set_aside": [{"phrase": s.phrase, "reason": s.reason, "date": s.date.isoformat() if s.date else None,
                       "sentence": s.sentence} for s in p.set_aside],
    }


def deliverable_json(d: ProposedDeliverable) -> dict:
    return {
        "key": d.key, "title": d.title, "kind": d.kind.value, "due": d.due.isoformat() if d.due else None,
        "precision": d.precision.value if d.precision else None, "phrase": d.phrase, "sentence": d.sentence,
        "owners": list(d.owners), "lead": d.lead, "depends_on": list(d.depends_on), "status": d.status.value,
        "completed_on": d.completed_on.isoformat() if d.completed_on else None, "dated_by": d.dated_by,
        "includes": list(d.includes),
    }


_REFERENCE_SOURCES = {"pegase": "Pégase", "our-reference": "N/Réf.", "derived": "none on the letter: made from its date"}


_SET_ASIDE = {"past": "already happened (past)", "document": "the date of a text the letter cites (document)",
              "letter-date": "the letter's own date (letter-date)", "vague": "no date to read (vague)",
              "unreadable": "cannot be read without guessing (unreadable)",
              "start": "when something starts, not a deadline (start)"}


def _echo_proposal(p: MissionProposal, lang: str) -> None:
    def field(name: str, value: str) -> None:
        if value:
            click.echo(f"{name:>11}  {visible(value)}")

    field("reference", f"{p.reference.value} ({_REFERENCE_SOURCES.get(p.reference.source, p.reference.source)})")
    field("title", p.title)
    field("authority", p.authority)
    field("signatory", ", ".join(x for x in (p.signatory.name, p.signatory.title) if x) or "—")
    for i, a in enumerate(p.addressees):
        field("addressees" if i == 0 else "", a.label)
    if p.signed:
        field("signed", f"{long_date(p.signed.date, lang)} (« {p.signed.phrase} »)")
    else:
        field("signed", f"no date found in the letter: deadlines counted from {p.counted_from.isoformat()}")
    field("lead", p.lead)
    field("people", "; ".join(", ".join(x for x in (n.name, n.title) if x) for n in p.people))
    field("bodies", ", ".join(b.acronym or b.name for b in p.bodies))
    field("summary", p.summary)
    dated = [d for d in p.deliverables if d.due]
    click.echo(f"\n{len(p.deliverables)} deliverables ({len(dated)} dated, {len(p.deliverables) - len(dated)} "
               f"to schedule):")
    for d in p.deliverables:
        when = describe_due(d.as_due, lang) if d.as_due else "to schedule (no date in the letter)"
        status = f" · {d.status.value}" if d.status.value != "planned" else ""
        click.echo(f"\n  [{d.key}] {visible(d.title)}")
        click.echo(f"      {when} · {d.kind.value}{status}" + (f" · « {visible(d.phrase)} »" if d.phrase else ""))
        if d.dated_by == "reference":
            click.echo(f"      dated by {', '.join(d.depends_on)}")
        click.echo(f"      owners: {visible(', '.join(d.owners)) if d.owners else '— (none named)'}"
                   + (f" · after: {', '.join(d.depends_on)}" if d.depends_on else ""))
        if d.sentence != d.phrase:
            click.echo(f"      « {visible(d.sentence)} »")
        for extra in d.includes:
            click.echo(f"      includes: « {visible(extra)} »")
    if p.set_aside:
        click.echo("\nNot deadlines:")
        for s in p.set_aside:
            click.echo(f"  « {visible(s.phrase)} »: {_SET_ASIDE.get(s.reason, s.reason)}")


COMMANDS = [letter]
