#!/usr/bin/env python3
"""Pick a reproducible sample of mutmut's mutants, and score a run (TESTING.md, "Mutation testing").

    .venv/bin/mutmut run 'nothing-yet'          # generate every mutant and time the tests (fails at the end: no match)
    bench/mutation_sample.py pick 15 > /tmp/sample.txt   # 15 mutants per module of MODULES, seed 12
    .venv/bin/mutmut run --max-children 2 $(cat /tmp/sample.txt)
    bench/mutation_sample.py score /tmp/sample.txt       # killed / sampled, per module, and the survivors

mutmut names a mutant after its function (`missiontui.core.changes.x_merge__mutmut_7`, a method
`...xǁStoreǁapply__mutmut_3`); its `.meta` files beside the mutated copies in mutants/ list them
with their exit codes (1: a test failed, the mutant is killed; 0: it survived; 33: no test reaches
the function; 36, ±24: a timeout, counted as killed as mutmut does).
"""

from __future__ import annotations

import json
import random
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The logic issue 12 found untested, and the modules every change goes through.
MODULES = [
    "missiontui/core/changes.py", "missiontui/core/rules.py", "missiontui/core/recurrence.py",
    "missiontui/core/dates/rules/spans.py", "missiontui/core/ical/writer.py",
    "missiontui/store/writes.py", "missiontui/store/connection.py", "missiontui/store/migrations.py",
    "missiontui/usecases/deliverables.py", "missiontui/usecases/missions.py", "missiontui/usecases/imports.py",
    "missiontui/usecases/undo.py", "missiontui/usecases/filters.py", "missiontui/usecases/records.py",
]
KILLED = {1, 3, 24, 36, -24, 152, 255, 37, -9, -11}  # mutmut.stats: killed, timeout, type check, crash
SEED = 12


def meta(module: str) -> dict[str, int | None]:
    path = ROOT / "mutants" / (module + ".meta")
    return json.loads(path.read_text(encoding="utf-8"))["exit_code_by_key"]


def pick(per_module: int) -> None:
    rng = random.Random(SEED)
    for module in MODULES:
        names = sorted(meta(module))
        for name in rng.sample(names, min(per_module, len(names))):
            print(name)


def score(sample_file: str) -> None:
    wanted = set(Path(sample_file).read_text(encoding="utf-8").split())
    by_module: dict[str, list[tuple[str, int | None]]] = defaultdict(list)
    for module in MODULES:
        for name, code in meta(module).items():
            if name in wanted:
                by_module[module].append((name, code))
    total = killed = 0
    survivors = []
    for module, results in by_module.items():
        dead = sum(code in KILLED for _, code in results)
        total, killed = total + len(results), killed + dead
        print(f"{module}: {dead}/{len(results)} killed"
              f" (generated: {len(meta(module))})")
        survivors += [(name, code) for name, code in results if code not in KILLED]
    print(f"\nscore: {killed}/{total} = {100 * killed / max(total, 1):.1f} %")
    for name, code in sorted(survivors):
        print(f"  survived ({'no test reaches it' if code == 33 else 'not run' if code is None else code}): {name}")


if __name__ == "__main__":
    {"pick": lambda: pick(int(sys.argv[2])), "score": lambda: score(sys.argv[2])}[sys.argv[1]]()
