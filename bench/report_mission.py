"""Add the mission the `report` benchmark reads to a copy of a benchmark database.

    python bench/report_mission.py bench/out/100000.db bench/out/tmp/report-100000.db

The copy gets mission BENCH-REPORT: 1,000 deliverables over two years (statuses, owners,
dependencies, French titles), 150 deadline moves and 40 blockings with reasons in the history,
written through the store and the use cases like any user's. Deterministic.
"""

from __future__ import annotations

import random
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from missiontui.core.changes import Change, ChangeSet  # noqa: E402
from missiontui.core.ids import new_uids  # noqa: E402
from missiontui.core.model import Due, Kind, Owner, Precision, Status  # noqa: E402
from missiontui.core.rules import deliverable_values  # noqa: E402
from missiontui.store import Store  # noqa: E402
from missiontui.usecases import deliverables, missions  # noqa: E402
from missiontui.usecases.context import Context, FixedClock  # noqa: E402
from missiontui.usecases.records import record  # noqa: E402

REFERENCE = "BENCH-REPORT"
SIZE = 1000
TODAY = date(2026, 11, 22)  # bench/run's MISSIONTUI_TODAY
STEPS = ["Note de cadrage", "Entretiens avec les directions", "Point d'étape", "Rapport provisoire",
         "Relecture croisée", "Procédure contradictoire", "Rapport définitif", "Comité de suivi"]
REASONS = ["calendrier du ministre", "entretiens ARS décalés", "attente des données DREES", "arbitrage du cabinet"]


def build(source: Path, target: Path, seed: int = 7) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    shutil.copy(source, target)  # generate.py closed it: no WAL left beside it
    rng = random.Random(seed)
    with Store(target) as store:
        ctx = Context(store, "bench", FixedClock(TODAY))
        people = {p.id: p.name for p in store.people()[:30]}
        mission = missions.add_mission(ctx, REFERENCE, "Mission de référence du banc d'essai : 1 000 livrables",
                                       authority="Ministère des Solidarités et de la Santé",
                                       signed_on=date(2025, 9, 1), lead=next(iter(people.values())))
        items = []
        for n in range(SIZE):
            due = date(2025, 9, 15) + timedelta(days=rng.randrange(0, 730))
            precision = rng.choice([Precision.DAY, Precision.MONTH, Precision.END_OF_MONTH])
            if precision is not Precision.DAY:
                due = (due.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
            status = (Status.DONE if due < TODAY and rng.random() < 0.6 else
                      rng.choice([Status.PLANNED, Status.PLANNED, Status.IN_PROGRESS, Status.BLOCKED,
                                  Status.CANCELLED]))
            owners = rng.sample(sorted(people), rng.choice([1, 1, 2, 3]))
            items.append({"mission_id": mission.id, "title": f"{STEPS[n % len(STEPS)]} — lot {n + 1}",
                          "kind": Kind.REPORT if n % 8 == 6 else Kind.OTHER,
                          "due": Due(due, precision, due.isoformat()), "status": status, "notes": "",
                          "owners": tuple(Owner(pid, people[pid], i == 0) for i, pid in enumerate(owners)),
                          "completed_on": due if status is Status.DONE else None, "depends_on": ()})
        uids = new_uids(len(items))
        applied = record(ctx, ChangeSet(tuple(Change("deliverable", -1 - k, {}, deliverable_values(item, None, TODAY),
                                                     uid=uids[k]) for k, item in enumerate(items)), reason="bench"))
        ids = [applied.id_of(-1 - k) for k in range(len(items))]
        for deliverable_id in rng.sample(ids, 150):
            deliverables.edit_deliverable(ctx, deliverable_id, {"due": f"+{rng.randrange(5, 60)}d"},
                                          reason=rng.choice(REASONS))
        for deliverable_id in rng.sample(ids, 40):
            if store.deliverable(deliverable_id).status.is_open:
                deliverables.edit_deliverable(ctx, deliverable_id, {"status": "blocked"}, reason=rng.choice(REASONS))


if __name__ == "__main__":
    build(Path(sys.argv[1]), Path(sys.argv[2]))
