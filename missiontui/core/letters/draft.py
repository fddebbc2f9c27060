"""From a letter's proposal to the mission draft `usecases/plans.create_mission` writes: the same
people, dates, phrases and dependencies, with the deliverables a person kept (the TUI checklist)."""

from __future__ import annotations

from collections.abc import Collection

from missiontui.core.drafts import DeliverableDraft, MissionDraft, PersonDraft
from missiontui.core.letters.proposal import MissionProposal, ProposedDeliverable


def mission_draft(p: MissionProposal, keep: Collection[str] | None = None, *, reference: str | None = None,
                  title: str | None = None) -> MissionDraft:
    """The mission `p` proposes. `keep`: the keys of the deliverables to create (None: all); a kept
    deliverable no longer depends on one left out. `reference` and `title` replace the letter's."""
    kept = [d for d in p.deliverables if keep is None or d.key in keep]
    keys = {d.key for d in kept}
    return MissionDraft(
        reference=reference if reference is not None else p.reference.value,
        title=title if title is not None else p.title,
        authority=p.authority, signatory=p.signatory.name, addressees=tuple(a.label for a in p.addressees),
        signed_on=p.signed.date if p.signed else None, summary=p.summary, lead=p.lead or None,
        people=tuple(PersonDraft(x.name, role=x.title) for x in p.people),
        deliverables=tuple(_deliverable(d, keys) for d in kept))


def roles(p: MissionProposal) -> dict[str, tuple[str, ...]]:
    """Who a template's roles name in this letter: its signatory, its lead, its addressees."""
    return {"signatory": (p.signatory.name,), "lead": (p.lead,), "addressees": tuple(a.owner for a in p.addressees)}


def _deliverable(d: ProposedDeliverable, keys: set[str]) -> DeliverableDraft:
    return DeliverableDraft(
        key=d.key, title=d.title, kind=d.kind, due=d.as_due, status=d.status, owners=d.owners, lead=d.lead,
        notes=_notes(d), depends_on=tuple(k for k in d.depends_on if k in keys), completed_on=d.completed_on)


def _notes(d: ProposedDeliverable) -> str:
    """The letter's words for it: its sentence, and the requests it answers."""
    quoted = [] if d.sentence == d.phrase else [d.sentence]
    return "\n".join(f"« {s} »" for s in [*quoted, *d.includes])
