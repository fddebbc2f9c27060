"""W7: the deadline-phrase module — import (ms), first parse (ms) and median parse (µs).

Import and first parse run in fresh interpreters (the rules compile on first use, so the first
parse pays for them); CPU time rather than wall time, so that other work on the machine blurs the
figures less. Prints `import_ms median_parse_us phrases` (what bench/run reads) and, on stderr,
every figure with its name, the first parse included.

    python bench/dates_speed.py [--runs N]
"""

import json
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FRESH = """
import time
t0 = time.process_time()
import missiontui.core.dates as dates
t1 = time.process_time()
from datetime import date
dates.parse_due("d'ici la fin juin", date(2022, 4, 21))
t2 = time.process_time()
print((t1 - t0) * 1000, (t2 - t1) * 1000)
"""


def fresh_runs(runs: int) -> tuple[float, float]:
    imports, firsts = [], []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", FRESH], capture_output=True, text=True, cwd=ROOT, check=True)
        imported, first = map(float, out.stdout.split())
        imports.append(imported)
        firsts.append(first)
    return statistics.median(imports), statistics.median(firsts)


def median_parse_us(rounds: int = 50) -> tuple[float, int]:
    from missiontui.core.dates import DateError, parse_due

    corpus = json.loads((ROOT / "tests" / "data" / "date_phrases.json").read_text(encoding="utf-8"))
    phrases = [(p["text"], date.fromisoformat(p["ref"])) for p in corpus["phrases"]]
    timings = []
    for _ in range(rounds):
        for text, ref in phrases:
            started = time.process_time()
            try:
                parse_due(text, ref)
            except DateError:
                pass
            timings.append((time.process_time() - started) * 1e6)
    return statistics.median(timings), len(phrases)


if __name__ == "__main__":
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 9
    imported, first = fresh_runs(runs)
    median, count = median_parse_us()
    print(f"{imported:.1f} {median:.1f} {count}")
    print(f"import {imported:.1f} ms, first parse {first:.1f} ms (rules compiled), median parse {median:.1f} µs "
          f"over {count} phrases", file=sys.stderr)
