"""The seed missions of db/seeds: the two real letters, loaded through the same use case as any
mission from a letter."""

from __future__ import annotations

import json
from datetime import date

from missiontui.core.drafts import DeliverableDraft, MissionDraft, PersonDraft
from missiontui.core.errors import NotFound
from missiontui.core.model import Due, Kind, Precision, Status
from missiontui.paths import shipped_db_dir
from missiontui.usecases.context import Context
from missiontui.usecases.plans import create_mission


def seed_files():
    return sorted((shipped_db_dir() / "seeds").glob("[0-9]*.json"))


def seed_draft(seed: dict, people: list[dict]) -> MissionDraft:
    m = seed["mission"]
    return MissionDraft(
        reference=m["reference"], title=m["title"], authority=m["authority"], signatory=m["signatory"],
        addressees=tuple(m["addressees"]), signed_on=date.fromisoformat(m["signed_on"]), summary=m["summary"],
        lead=m.get("lead"), people=tuple(PersonDraft(p["name"], p.get("email", ""), p.get("role", ""),
                                                     p.get("organisation", "")) for p in people),
        deliverables=tuple(DeliverableDraft(
            key=d["key"], title=d["title"], kind=Kind(d["kind"]),
            due=Due(date.fromisoformat(d["due"]), Precision(d["precision"]), d["phrase"]),
            status=Status(d["status"]), owners=tuple(d.get("owners", ())), lead=d.get("lead"),
            notes=d.get("notes", ""), depends_on=tuple(d.get("depends_on", ())),
            completed_on=date.fromisoformat(d["completed_on"]) if d.get("completed_on") else None,
            uid=f"{m['reference']}/{d['key']}@missiontui-seed")  # the same in every database
            for d in seed["deliverables"]))


def load_seeds(ctx: Context) -> list[str]:
    """Load every seed mission not already present, each as one change set. Returns the references loaded."""
    people = json.loads((shipped_db_dir() / "seeds" / "people.json").read_text(encoding="utf-8"))
    loaded = []
    with ctx.store.transaction():
        for path in seed_files():
            seed = json.loads(path.read_text(encoding="utf-8"))
            try:
                ctx.store.mission(seed["mission"]["reference"])
                continue
            except NotFound:
                pass
            create_mission(ctx, seed_draft(seed, people), reason=f"seed: {seed['letter']}", source="seed")
            loaded.append(seed["mission"]["reference"])
    return loaded
