"""The stress suite: short in CI, long with MISSIONTUI_STRESS=long (bench/stress runs it and prints
the figures of TESTING.md). Each test records what it ran — cases, crashes, partial writes, lost
updates, seconds — as a JSON line in $MISSIONTUI_STRESS_FIGURES when that is set."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path

LONG = os.environ.get("MISSIONTUI_STRESS", "short") == "long"


def scale(short: int, long: int) -> int:
    return long if LONG else short


def record_figures(area: str, case: str, **figures) -> None:
    """One line of the figures table (written only when $MISSIONTUI_STRESS_FIGURES names a file)."""
    target = os.environ.get("MISSIONTUI_STRESS_FIGURES")
    if target:
        line = json.dumps({"area": area, "case": case, "version": "long" if LONG else "short", **figures},
                          ensure_ascii=False)
        with open(target, "a", encoding="utf-8") as out:  # one short append per line: whole lines
            out.write(line + "\n")


class Stopwatch:
    def __enter__(self):
        self.started = time.monotonic()
        return self

    def __exit__(self, *exc):
        self.seconds = round(time.monotonic() - self.started, 1)


def integrity(path: Path) -> list:
    """SQLite's own checks: [] when the file is sound (integrity_check 'ok', no foreign key broken).
    Read-write, as the next command opens it: a killed writer's journal or WAL is recovered first."""
    conn = sqlite3.connect(path)
    try:
        problems = [r[0] for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        problems += [tuple(r) for r in conn.execute("PRAGMA foreign_key_check")]
        return problems
    finally:
        conn.close()

