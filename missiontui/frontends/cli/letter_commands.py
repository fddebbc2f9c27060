"""`missiontui letter FILE`: read a mission letter and show the mission it proposes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from missiontui.core.errors import MissionError
from missiontui.core.textsafe import visible
from missiontui.frontends.cli.context import AppContext, json_option, pass_app
from missiontui.frontends.cli.output import echo_json

if TYPE_CHECKING:
    from missiontui.core.letters import MissionProposal, ProposedDeliverable


@click.command("letter")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--ref", help="Date to count from if the letter has none, YYYY-MM-DD (default today).")
@json_option
@pass_app
def letter(app: AppContext, file, ref, as_json):
    """The mission a letter proposes: its date, reference, signatory, addressees, and every
    deliverable it asks for, dated or not (.txt, .md, .pdf with text, .docx, .odt)."""
    from datetime import date

    from missiontui.usecases.letter_proposal import propose_from_file

    try:
        fallback = date.fromisoformat(ref) if ref else app.today()
    except ValueError:
        raise click.BadParameter(f"'{ref}' is not a date like 2022-04-21", param_hint="--ref") from None
    known = _known_people(app)
    reading = propose_from_file(file, fallback, known)
    if as_json:
        echo_json(proposal_json(reading.proposal) | {"file": Path(file).name, "format": reading.format})
    else:
        _echo_proposal(reading.proposal, app.language)


def _known_people(app: AppContext) -> list[str]:
    """People already in the database spell names the letter writes in capitals. A letter is read
    without creating a database: when there is none yet, nobody is known."""
    import sqlite3

    from missiontui.usecases.context import database_path

    if not database_path(app.db_path, app.config).exists():
        return []
    try:
        return [p.name for p in app.store.people()]
    except (MissionError, sqlite3.Error):  # a damaged or locked database must not stop a letter being read
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
              "unreadable": "cannot be read without guessing (unreadable)"}


def _echo_proposal(p: MissionProposal, lang: str) -> None:
    from missiontui.core.i18n import describe_due, long_date

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
