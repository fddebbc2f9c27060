#!/usr/bin/env python3
"""Issue 11's plans, timed as users run them (whole processes, median of 5 after a warm-up):

- `letter FILE --create --yes` of the DNS letter into a fresh database;
- `mission add … --template inspection` into a fresh database;
- `edit ID -d … --cascade` on a database of N deliverables (the dependency chains of bench/generate.py),
  each run on a fresh copy so every run moves the same dates;
- `done ID` of a repeating meeting (one occurrence) in that database.

    bench/plans.py [--size 100000]

Nothing here asserts on a time.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT))

import os  # noqa: E402

OUT = BENCH / "out"
CLI = [sys.executable, "-m", "missiontui"]
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "MISSIONTUI_CONFIG": str(OUT / "no-config.toml"),
       "MISSIONTUI_TODAY": "2026-11-22", "MISSIONTUI_USER": "bench"}  # as bench/run


def median_of(make_db, args: list[str], runs: int = 5) -> float:
    times = []
    for i in range(runs + 1):
        db = make_db()
        started = time.perf_counter()
        done = subprocess.run(CLI + ["--db", str(db), *args], env=ENV, cwd=ROOT, capture_output=True, text=True)
        elapsed = time.perf_counter() - started
        if done.returncode != 0:
            raise SystemExit(f"{args}: {done.stderr}")
        if i:  # the first run warms the caches
            times.append(elapsed)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000)
    size = parser.parse_args().size
    from generate import build

    OUT.mkdir(exist_ok=True)
    big = OUT / f"plans-{size}.db"
    if not big.exists():
        build(big, size)
    conn = sqlite3.connect(big)
    # A deliverable with the longest chain of open, dated dependents: the cascade's worst case here.
    moved = conn.execute(
        "SELECT d.id FROM deliverable d JOIN dependency x ON x.depends_on_id = d.id"
        " WHERE d.due IS NOT NULL ORDER BY d.id LIMIT 1").fetchone()[0]
    reference = conn.execute("SELECT reference FROM mission ORDER BY id LIMIT 1").fetchone()[0]
    conn.close()
    work = Path(tempfile.mkdtemp(prefix="missiontui-plans-"))

    def fresh() -> Path:
        path = work / "fresh.db"
        path.unlink(missing_ok=True)
        return path

    def copy() -> Path:
        path = work / "copy.db"
        shutil.copyfile(big, path)
        return path

    letter = str(ROOT / "db" / "letters" / "000_f7f9f1bf2d4d5d01.txt")
    created = median_of(fresh, ['letter', letter, '--create', '--yes'])
    print(f"letter --create --yes (DNS, fresh db)      {created:.3f} s")
    template = ["mission", "add", "IGF-1", "-t", "x", "--signed", "2023-03-06", "--lead", "Ann", "--template",
                "inspection"]
    print(f"mission add --template inspection          {median_of(fresh, template):.3f} s")
    print(f"edit --cascade at {size:>6}                   "
          f"{median_of(copy, ['edit', str(moved), '-d', '2030-12-31', '--cascade']):.3f} s")
    print(f"edit without --cascade at {size:>6}           "
          f"{median_of(copy, ['edit', str(moved), '-d', '2030-12-31']):.3f} s")

    def with_meeting() -> Path:
        path = copy()
        subprocess.run(CLI + ["--db", str(path), "add", "Copil", "-m", reference, "-k", "meeting", "-d", "2026-12-01",
                              "--repeat", "FREQ=MONTHLY;BYDAY=1TU"], env=ENV, cwd=ROOT, check=True,
                       capture_output=True)
        return path

    meeting = sqlite3.connect(with_meeting()).execute("SELECT max(id) FROM deliverable").fetchone()[0]
    print(f"done (one occurrence) at {size:>6}            {median_of(with_meeting, ['done', str(meeting)]):.3f} s")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
