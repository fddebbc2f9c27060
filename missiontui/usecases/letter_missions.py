"""Creating the mission a letter proposes (`letter --create`, the TUI's "new mission from a letter"):
one change set through `plans.create_mission` — people created if missing, owners, dependencies by
key, undated deliverables kept to schedule — optionally laid out on a template's phases."""

from __future__ import annotations

from collections.abc import Collection

from missiontui.core.letters import MissionProposal
from missiontui.core.letters.draft import mission_draft, roles
from missiontui.core.model import Mission
from missiontui.usecases.context import Context
from missiontui.usecases.plans import create_mission


def create_from_letter(ctx: Context, proposal: MissionProposal, *, keep: Collection[str] | None = None,
                       reference: str | None = None, title: str | None = None, template: str | None = None,
                       letter_name: str = "") -> Mission:
    """Write the mission of `proposal` (the deliverables whose keys are in `keep`; all when None).
    With `template`, the template's phases are added around the letter's deliverables: where both
    have one, the letter's date wins."""
    draft = mission_draft(proposal, keep, reference=reference, title=title)
    if template:
        from missiontui.usecases.templates import load_template
        from missiontui.core.templates import with_template

        draft = with_template(draft, load_template(ctx.config, template), proposal.counted_from, roles(proposal))
    return create_mission(ctx, draft, reason=f"letter: {letter_name}" if letter_name else "letter")
