"""W7: importing the deadline-phrase module (ms, in a fresh interpreter) and a parse (median µs)."""

import json
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

IMPORT = ("import time; t = time.perf_counter(); import missiontui.core.dates; "
          "print((time.perf_counter() - t) * 1000)")

if __name__ == "__main__":
    imports = [float(subprocess.run([sys.executable, "-c", IMPORT], capture_output=True, text=True, cwd=ROOT,
                                    check=True).stdout) for _ in range(5)]
    from missiontui.core.dates import DateError, parse_due

    corpus = json.loads((ROOT / "tests" / "data" / "date_phrases.json").read_text(encoding="utf-8"))
    phrases = [(p["text"], date.fromisoformat(p["ref"])) for p in corpus["phrases"]]
    timings = []
    for _ in range(50):
        for text, ref in phrases:
            started = time.perf_counter()
            try:
                parse_due(text, ref)
            except DateError:
                pass
            timings.append((time.perf_counter() - started) * 1e6)
    print(f"{statistics.median(imports):.1f} {statistics.median(timings):.1f} {len(phrases)}")
