"""One colleague editing a shared database as fast as it can: a process of the concurrent-writers
stress test (tests/stress/test_writers.py).

    python -m tests.stress.writer DB NAME COUNT cli|usecases SEED OUT

It prints "ready" once open, waits for "go" on stdin (every writer starts together), then makes
COUNT random one-field edits of the deliverables, each from a version it read — sometimes a stale
one on purpose — through the real CLI entry point (in-process) or the use cases. Each attempt is a
JSON line in OUT: what was sent, from which version, and what came back.

The first edit of each hot deliverable is a note written from the version read before "go" (a form
opened before the others started). Which deliverables a writer touches depends only on its seed, so
whenever two writers touch the same hot one, the later of their first edits meets the other's note
and must be a conflict, however the processes happen to interleave: every run has conflicts to check."""

from __future__ import annotations

import contextlib
import io
import json
import random
import sys

from missiontui.core.errors import MergeConflict, MissionError
from missiontui.frontends.cli import main as cli_main
from missiontui.store import Store
from missiontui.usecases import deliverables
from missiontui.usecases.context import Context

STATUSES = ["planned", "in-progress", "blocked", "done", "cancelled"]
PEOPLE = ["Thomas Audigé", "Laura Létourneau", "Dominique Pon", "Olivier Véran", "Agnès Buzyn"]


def run_cli(db: str, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            cli_main(["--db", db, *args])
            code = 0
        except SystemExit as exc:
            code = exc.code or 0
    return code, out.getvalue(), err.getvalue()


def one_edit(rng: random.Random, name: str, n: int) -> tuple[str, object, list[str]]:
    """(field, value as the history will hold it, the CLI options that make it)."""
    field = rng.choice(["notes", "notes", "title", "due", "status", "owners"])
    if field == "notes":
        value = f"{name}-{n} {rng.choice(['relu', 'à revoir', 'envoyé', '[b]x', 'é' * 3])}"
        return field, value, ["-n", value]
    if field == "title":
        value = f"Livrable {name}-{n}"
        return field, value, ["-t", value]
    if field == "due":
        value = f"2023-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        return field, value, ["-d", value]
    if field == "status":
        value = rng.choice(STATUSES)
        return field, value, ["-s", value]
    owners = rng.sample(PEOPLE, rng.randrange(1, 3))
    return field, sorted(owners), [arg for o in owners for arg in ("-o", o)]


def main() -> None:
    db, name, count, mode, seed, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5]), \
        sys.argv[6]
    rng = random.Random(seed)
    store = Store(db)
    ctx = Context(store, name)  # today: $MISSIONTUI_TODAY, as the CLI reads it
    ids = [d.id for d in store.deliverables()]
    hot = ids[:6]  # a few rows everybody edits: conflicts
    seen = {i: store.deliverable(i).version for i in hot}  # the version this colleague last read of each
    untouched = set(hot)
    print("ready", flush=True)
    if sys.stdin.readline().strip() != "go":
        return
    results = open(out, "w", encoding="utf-8")
    for n in range(count):
        target = rng.choice(hot) if rng.random() < 0.6 else rng.choice(ids)
        field, value, options = one_edit(rng, name, n)
        if target in untouched:  # from the version read before "go"
            untouched.discard(target)
            field, value = "notes", f"{name}-{n} first"
            options = ["-n", value]
        elif target not in seen or rng.random() < 0.5:  # read now, or work from what was read earlier
            if mode == "cli":
                code, out, err = run_cli(db, "show", str(target), "--json")
                seen[target] = json.loads(out)["version"] if code == 0 else seen.get(target, 1)
            else:
                seen[target] = store.deliverable(target).version
        base = seen[target]
        result = {"writer": name, "n": n, "id": target, "field": field, "value": value, "base": base}
        if mode == "cli":
            code, out, err = run_cli(db, "edit", str(target), "--version", str(base), *options, "--json")
            if code == 0:
                saved = json.loads(out)
                result |= {"outcome": "applied" if saved["changed"] else "unchanged", "version": saved["version"]}
            elif "changed by someone else" in err:
                result |= {"outcome": "conflict"}
            else:
                result |= {"outcome": "error", "message": err.strip() or out.strip(), "code": code}
        else:
            changes = {field: value if field != "owners" else list(value)}
            try:
                saved = deliverables.edit_deliverable(ctx, target, changes, version=base)
                result |= {"outcome": "applied" if saved.change_id is not None else "unchanged",
                           "version": saved.deliverable.version}
            except MergeConflict:
                result |= {"outcome": "conflict"}
            except MissionError as exc:
                result |= {"outcome": "error", "message": str(exc)}
        if result["outcome"] in ("applied", "unchanged"):
            seen[target] = result["version"]
        results.write(json.dumps(result, ensure_ascii=False) + "\n")
    results.close()
    store.close()


if __name__ == "__main__":
    main()
