"""2, 3 and 4 colleagues editing one database at once, through the CLI and through the use cases.

Every writer is its own process (tests/stress/writer.py); they start together on a "go" line and
edit a few hot deliverables from versions they read, often stale ones. Then the history is audited
against what each writer was told:

- every edit reported saved is in the history at the version it was told, with its value, by its
  writer; no version is missing or written twice; nothing is in the history that nobody was told;
- no saved edit overwrote a colleague's change to the same field made after the version it was
  based on (that must be a conflict: a lost update otherwise) — a field changed and changed back
  since is no change (a three-way merge sees the same value on both sides);
- every edit refused as a conflict was one: a colleague had changed that field since;
- no edit failed for another reason ("database is locked" included); SQLite's checks pass.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter

import pytest

from missiontui.store import Store
from tests.conftest import ROOT, run_process
from tests.db_files import seeded_copy
from tests.stress.conftest import Stopwatch, integrity, record_figures, scale

WRITERS = [2, 3, 4]


def shown(field: str, value):
    """A history value as the writer wrote it."""
    if field == "due":
        return value.date.isoformat() if value else None
    if field == "status":
        return value.value
    if field == "owners":
        return sorted(o.name for o in value)
    return value


def run_writers(db, tmp_path, count: int, modes: list[str]) -> list[dict]:
    processes, outputs = [], []
    for n, mode in enumerate(modes):
        name, out = f"w{n + 1}-{mode}", tmp_path / f"w{n + 1}.jsonl"
        env = {**os.environ, "MISSIONTUI_USER": name}
        processes.append(subprocess.Popen(
            [sys.executable, "-m", "tests.stress.writer", str(db), name, str(count), mode, str(1000 + n), str(out)],
            cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True))
        outputs.append(out)
    for process in processes:  # all open and ready: then all start at once
        assert process.stdout.readline().strip() == "ready"
    for process in processes:
        process.stdin.write("go\n")
        process.stdin.close()
    for process in processes:
        assert process.wait(timeout=3600) == 0
    return [json.loads(line) for out in outputs for line in out.read_text(encoding="utf-8").splitlines()]


def audit(db, results: list[dict]) -> dict:
    with Store(db) as store:
        ids = {r["id"] for r in results}
        history = {i: {r.version: r for r in store.history("deliverable", i)} for i in ids}
        current = {i: store.deliverable(i, include_deleted=True).version for i in ids}
    problems: list[str] = []
    lost = 0
    for i in ids:
        if sorted(history[i]) != list(range(1, current[i] + 1)):
            problems.append(f"#{i}: versions in the history {sorted(history[i])} for version {current[i]}")
    applied = [r for r in results if r["outcome"] == "applied"]
    for r in applied:
        record = history[r["id"]].get(r["version"])
        if record is None or r["field"] not in record.after or record.actor != r["writer"] \
                or shown(r["field"], record.after[r["field"]]) != r["value"]:
            problems.append(f"saved but not in the history as told: {r}")
            lost += 1
            continue
        between = [history[r["id"]][v] for v in range(r["base"] + 1, r["version"])
                   if r["field"] in history[r["id"]][v].after]
        if between:  # colleagues changed the field since the version this edit was based on
            based_on, theirs = between[0].before[r["field"]], between[-1].after[r["field"]]
            if shown(r["field"], theirs) not in (shown(r["field"], based_on), r["value"]):
                lost += 1  # their newer value silently replaced: it had to be a conflict
                problems.append(f"lost update: {r} overwrote version {between[-1].version} by {between[-1].actor}")
    written = Counter((rec.actor, i) for i in ids for rec in history[i].values() if rec.actor.startswith("w"))
    told = Counter((r["writer"], r["id"]) for r in applied)
    if written != told:
        problems.append(f"history by writers {sum(written.values())} != edits told saved {sum(told.values())}")
    conflicts = [r for r in results if r["outcome"] == "conflict"]
    false_conflicts = [r for r in conflicts if not any(
        r["field"] in rec.after and shown(r["field"], rec.after[r["field"]]) != r["value"]
        for version, rec in history[r["id"]].items() if version > r["base"])]
    errors = [r for r in results if r["outcome"] == "error"]
    return {"edits": len(results), "applied": len(applied), "conflicts": len(conflicts),
            "unchanged": sum(r["outcome"] == "unchanged" for r in results), "lost_updates": lost,
            "false_conflicts": len(false_conflicts), "errors": len(errors),
            "locked": sum("locked" in r.get("message", "") for r in errors),
            "problems": problems + [f"error: {r}" for r in errors[:5]] + [f"false conflict: {r}" for r in false_conflicts[:5]]}


@pytest.mark.parametrize("writers", WRITERS)
def test_concurrent_writers_lose_nothing_and_report_every_conflict(tmp_path, writers):
    db = seeded_copy(tmp_path / "team.db")
    modes = ["cli" if n % 2 == 0 else "usecases" for n in range(writers)]
    count = scale(short=60, long=3000 // writers)
    with Stopwatch() as watch:
        results = run_writers(db, tmp_path, count, modes)
    figures = audit(db, results)
    broken = integrity(db)
    check = run_process("--db", str(db), "check")
    record_figures("writers", f"{writers} processes ({', '.join(modes)})", cases=figures["edits"],
                   applied=figures["applied"], conflicts=figures["conflicts"], unchanged=figures["unchanged"],
                   lost_updates=figures["lost_updates"], false_conflicts=figures["false_conflicts"],
                   locked=figures["locked"], errors=figures["errors"], integrity="ok" if not broken else broken,
                   seconds=watch.seconds)
    assert figures["problems"] == [] and figures["errors"] == 0
    assert figures["edits"] == writers * count and figures["conflicts"] > 0 and figures["applied"] > 0
    assert broken == [] and check.returncode == 0, check.stdout + check.stderr
