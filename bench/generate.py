"""Build a realistic missiontui database of N deliverables, as change sets through the use cases.

N deliverables over about N/8 missions and 50 people, due dates spread over 2018-2026, French titles
and notes, owners, statuses, dependencies on earlier deliverables, and some edits with reasons in
the history. Deterministic for a given --seed.

    python bench/generate.py 100000 /tmp/m100k.db
    python bench/generate.py 100000 /tmp/load.jsonl --jsonl   # the same deliverables as JSON lines,
                                                              # plus /tmp/load.jsonl.db holding only
                                                              # the missions and people, to import into
    python bench/generate.py 100000 /tmp/big.db --per-mission 2500   # 40 missions of 2,500 (W4's worst case)
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from missiontui.core.changes import Change, ChangeSet  # noqa: E402
from missiontui.core.ids import new_uids  # noqa: E402
from missiontui.core.model import Due, Kind, MissionStatus, Owner, Precision, Status  # noqa: E402
from missiontui.core.rules import deliverable_values  # noqa: E402
from missiontui.store import Store  # noqa: E402
from missiontui.usecases import deliverables as deliverable_cases  # noqa: E402
from missiontui.usecases.context import Context, FixedClock  # noqa: E402
from missiontui.usecases.records import record  # noqa: E402

FIRST_NAMES = ["Claire", "Thomas", "Laura", "Dominique", "Annelore", "Olivier", "Agnès", "Pierre", "Sophie", "Hugo",
               "Camille", "Julien", "Nathalie", "Élise", "François", "Inès", "Mathieu", "Hélène", "Yann", "Chloé"]
LAST_NAMES = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
              "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier"]
TOPICS = ["la politique du numérique en santé", "l'hôpital public", "la protection de l'enfance", "les EHPAD",
          "la sécurité sociale", "les agences régionales de santé", "la formation des soignants",
          "la prévention", "le dossier médical partagé", "l'assurance maladie", "la psychiatrie",
          "les urgences", "la dépendance", "les données de santé", "la télémédecine", "la pharmacie"]
STEPS = [("Lettre de mission signée", Kind.MANDATE), ("Note de cadrage", Kind.OTHER),
         ("Entretiens avec les directions", Kind.MEETING), ("Point d'étape avec les commanditaires", Kind.CHECKPOINT),
         ("Rapport provisoire", Kind.REPORT), ("Relecture croisée", Kind.OTHER), ("Procédure contradictoire", Kind.OTHER),
         ("Rapport définitif", Kind.REPORT), ("Décisions mises en œuvre", Kind.DECISION),
         ("Comité de suivi", Kind.MEETING)]
PHRASES = [("fin {m}", Precision.END_OF_MONTH), ("courant {m}", Precision.MONTH), ("mi-{m}", Precision.MID_MONTH),
           ("", Precision.DAY)]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]
NOTES = ["Voir le compte rendu de la réunion du comité.", "Attendre le retour de la DGOS.",
         "Les auditions des ARS sont à programmer.", "", "", "Relire avec l'équipe avant l'envoi."]
TODAY = date(2026, 11, 22)


def people(ctx: Context, rng: random.Random) -> dict[int, str]:
    """50 people, one change set: id -> name."""
    names = []
    for n in range(50):
        name = f"{FIRST_NAMES[n % 20]} {LAST_NAMES[(n * 7 + n // 20) % 20]}"
        names.append(name + (f" {n}" if n >= 20 else ""))
    applied = record(ctx, ChangeSet(tuple(
        Change("person", -1 - n, {}, {"name": name, "email": f"agent{n}@example.org", "role": "inspecteur·rice",
                                      "organisation": "Inspection générale"}) for n, name in enumerate(names))))
    return {applied.id_of(-1 - n): name for n, name in enumerate(names)}


def missions(ctx: Context, count: int, rng: random.Random) -> list[tuple[int, date]]:
    signed = [date(2018, 1, 1) + timedelta(days=rng.randrange(0, 8 * 365)) for _ in range(count)]
    applied = record(ctx, ChangeSet(tuple(Change("mission", -1 - n, {}, {
        "reference": f"M-{day.year}-{n:05d}", "title": f"Mission relative à {rng.choice(TOPICS)}",
        "authority": "Ministère des Solidarités et de la Santé", "signatory": "", "addressees": (),
        "signed_on": day, "summary": "", "status": MissionStatus.ACTIVE, "lead_id": None}) for n, day in enumerate(signed))))
    return [(applied.id_of(-1 - n), day) for n, day in enumerate(signed)]


def deliverables(total: int, mission_list, person_ids, rng: random.Random, first_id: int):
    """The deliverables, mission by mission, 8 on average; each may depend on an earlier one of its mission."""
    items, next_id = [], first_id
    per_mission = total // len(mission_list)
    for index, (mission_id, signed) in enumerate(mission_list):
        count = per_mission + (1 if index < total - per_mission * len(mission_list) else 0)
        day, previous = signed, []
        for step in range(count):
            title, kind = STEPS[step % len(STEPS)]
            day = day + timedelta(days=rng.randrange(10, 70))
            template, precision = rng.choice(PHRASES)
            if precision is Precision.END_OF_MONTH or precision is Precision.MONTH:
                day = (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
            elif precision is Precision.MID_MONTH:
                day = day.replace(day=15)
            status = (Status.DONE if day < TODAY and rng.random() < 0.7 else
                      rng.choice([Status.PLANNED, Status.PLANNED, Status.IN_PROGRESS, Status.BLOCKED, Status.CANCELLED]))
            owners = rng.sample(sorted(person_ids), rng.choice([1, 1, 2, 3]))
            items.append({
                "mission_id": mission_id, "uid": None, "title": f"{title} — {rng.choice(TOPICS)}", "kind": kind,
                "due": Due(day, precision, template.format(m=MONTHS[day.month - 1]) if template else day.isoformat()),
                "status": status, "notes": rng.choice(NOTES),
                "owners": tuple(Owner(pid, person_ids[pid], n == 0) for n, pid in enumerate(owners)),
                "completed_on": day if status is Status.DONE else None,
                "depends_on": (previous[-1],) if previous and rng.random() < 0.3 else (),
            })
            previous.append(next_id)
            next_id += 1
    return items


def skeleton(path: Path, n: int, seed: int, per_mission: int = 8) -> tuple[Context, dict, list, random.Random]:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    rng = random.Random(seed)
    ctx = Context(Store(path), "bench", FixedClock(TODAY))
    person_ids = people(ctx, rng)
    mission_list = missions(ctx, max(1, n // per_mission), rng)
    return ctx, person_ids, mission_list, rng


def build(path: Path, n: int, seed: int = 1, per_mission: int = 8) -> None:
    ctx, person_ids, mission_list, rng = skeleton(path, n, seed, per_mission)
    items = deliverables(n, mission_list, person_ids, rng, first_id=1)
    for start in range(0, len(items), 20_000):
        chunk = items[start:start + 20_000]
        uids = new_uids(len(chunk))
        record(ctx, ChangeSet(tuple(
            Change("deliverable", -1 - k, {}, deliverable_values({k2: v for k2, v in item.items() if k2 != "uid"},
                                                                 None, TODAY), uid=uids[k])
            for k, item in enumerate(chunk)), reason="bench"))
    # some real edits, with reasons, so the history looks lived-in
    for deliverable_id in rng.sample(range(1, n + 1), min(n // 100, 1000)):
        deliverable_cases.edit_deliverable(ctx, deliverable_id, {"due": f"+{rng.randrange(5, 60)}d"},
                                           reason="calendrier du ministre")
    ctx.close()


def build_jsonl(path: Path, n: int, seed: int = 1) -> None:
    """JSON lines of N deliverables, and beside them a database holding only missions and people."""
    ctx, person_ids, mission_list, rng = skeleton(Path(str(path) + ".db"), n, seed)
    refs = {m.id: m.reference for m in ctx.store.missions()}
    ctx.close()
    with open(path, "w", encoding="utf-8") as out:
        for item in deliverables(n, mission_list, person_ids, rng, first_id=1):
            out.write(json.dumps({
                "mission": refs[item["mission_id"]], "title": item["title"], "kind": item["kind"].value,
                "due": item["due"].date.isoformat(), "precision": item["due"].precision.value,
                "phrase": item["due"].phrase, "status": item["status"].value, "notes": item["notes"],
                "owners": [{"name": o.name, "lead": o.lead} for o in item["owners"]],
                "completed_on": item["completed_on"].isoformat() if item["completed_on"] else None,
            }, ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("path", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jsonl", action="store_true")
    parser.add_argument("--per-mission", type=int, default=8, help="deliverables per mission (8: N/8 missions)")
    args = parser.parse_args()
    started = time.perf_counter()
    if args.jsonl:
        build_jsonl(args.path, args.n, args.seed)
    else:
        build(args.path, args.n, args.seed, args.per_mission)
    print(f"{args.path}: {args.n} deliverables in {time.perf_counter() - started:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
