"""Reading a lettre de mission: from its text to a proposed mission (pure, no I/O).

`propose(text, fallback_date, known_people)` returns a `MissionProposal` (see proposal.py): the
letter's date, reference, authority, signatory, addressees, the people and bodies it names, and
every deliverable it asks for, dated or not, each with the words it came from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from missiontui.core.letters.deliverables import People, find_deliverables
from missiontui.core.letters.layout import read_layout
from missiontui.core.letters.parts import (
    addressees, authority, bodies_in_text, canonical_name, derived_reference, letter_date, mission_title,
    people_in_text, reference, signatory, summary,
)
from missiontui.core.letters.proposal import (
    Addressee, Body, LetterDate, MissionProposal, NamedPerson, ProposedDeliverable, Reference, SetAside,
)

__all__ = ["propose", "MissionProposal", "ProposedDeliverable", "LetterDate", "Reference", "NamedPerson",
           "Addressee", "Body", "SetAside"]


def propose(text: str, fallback_date: date, known_people: Iterable[str] = ()) -> MissionProposal:
    """The mission a letter asks for. Relative phrases count from the letter's own date, or from
    `fallback_date` when it has none. `known_people` (names already in the database) give the
    spelling of people the letter writes in capitals ("Olivier VERAN" → "Olivier Véran")."""
    layout = read_layout(text)
    known = list(dict.fromkeys(known_people))
    signed = letter_date(layout)
    ref_date = signed.date if signed else fallback_date
    ministry = authority(layout)
    signer = signatory(layout, ministry)
    signer = replace(signer, name=canonical_name(signer.name, known))
    to, lead = addressees(layout)
    to = tuple(replace(a, name=canonical_name(a.name, known)) for a in to)
    lead = canonical_name(lead, known)
    block_order = [lead] + [a.owner for a in to if a.owner != lead]
    letter_people = [p for p in [signer.name] + [a.name for a in to] if p]
    in_text = people_in_text(layout.units, known + letter_people)
    people = _people(signer, to, in_text)
    bodies = bodies_in_text(layout.units)
    title, _ = mission_title(layout, bodies)
    number = reference(layout) or derived_reference(title, signed)
    if not title:
        title = f"Lettre de mission du {signed.date.isoformat()}" if signed else "Lettre de mission"
    others = tuple(p.name for p in in_text if p.name not in block_order and p.name != signer.name)
    deliverables, set_aside = find_deliverables(
        layout, signed, ref_date, number, People(tuple(block_order) if lead else (), signer.name, others))
    return MissionProposal(
        reference=number, title=title, authority=ministry, signatory=signer, addressees=to, signed=signed,
        counted_from=ref_date, summary=summary(layout, bodies), lead=lead, people=people, bodies=tuple(bodies),
        deliverables=tuple(deliverables), set_aside=tuple(set_aside))


def _people(signer: NamedPerson, to: tuple[Addressee, ...], in_text: list[NamedPerson]) -> tuple[NamedPerson, ...]:
    out: dict[str, NamedPerson] = {}
    if signer.name:
        out[signer.name] = signer
    for a in to:
        if a.name:
            out.setdefault(a.name, NamedPerson(a.name, a.title))
    for p in in_text:
        if p.name not in out:
            out[p.name] = p
        elif p.title and not out[p.name].title:
            out[p.name] = p
    return tuple(out.values())
