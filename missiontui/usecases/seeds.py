"""The seed missions of db/seeds: the two real letters, loaded through the store like any user data."""

from __future__ import annotations

import json
from datetime import date

from missiontui.core.model import Due, Kind, Precision, Status
from missiontui.core.rules import owners_with_lead
from missiontui.paths import shipped_db_dir
from missiontui.store import Store


def seed_files():
    return sorted((shipped_db_dir() / "seeds").glob("[0-9]*.json"))


def load_seeds(store: Store) -> list[str]:
    """Load every seed mission not already present, all in one transaction. Returns the references loaded."""
    seeds_dir = shipped_db_dir() / "seeds"
    people = json.loads((seeds_dir / "people.json").read_text(encoding="utf-8"))
    existing = {m.reference for m in store.missions()}
    loaded = []
    with store.transaction():
        known = {p.name for p in store.people()}
        for person in people:
            if person["name"] not in known:
                store.add_person(person["name"], person.get("email", ""), person.get("role", ""),
                                 person.get("organisation", ""))
        for path in seed_files():
            seed = json.loads(path.read_text(encoding="utf-8"))
            m = seed["mission"]
            if m["reference"] in existing:
                continue
            mission = store.add_mission(
                m["reference"], m["title"], authority=m["authority"], signatory=m["signatory"],
                addressees=m["addressees"], signed_on=date.fromisoformat(m["signed_on"]), summary=m["summary"],
                lead_id=store.find_person(m["lead"]).id if m.get("lead") else None)
            ids: dict[str, int] = {}
            for d in seed["deliverables"]:
                owners = owners_with_lead([store.find_person(n).id for n in d.get("owners", [])],
                                          store.find_person(d["lead"]).id if d.get("lead") else None)
                created = store.add_deliverable(
                    mission.id, d["title"], Kind(d["kind"]),
                    Due(date.fromisoformat(d["due"]), Precision(d["precision"]), d["phrase"]),
                    status=Status(d["status"]), notes=d.get("notes", ""), owners=owners,
                    depends_on=[ids[k] for k in d.get("depends_on", [])],
                    completed_on=date.fromisoformat(d["completed_on"]) if d.get("completed_on") else None,
                    uid=f"{mission.reference}/{d['key']}@missiontui-seed",  # the same in every database
                    reason=f"seed: {seed['letter']}")
                ids[d["key"]] = created.id
            loaded.append(mission.reference)
    return loaded
