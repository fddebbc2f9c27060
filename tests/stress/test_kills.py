"""SIGKILL at random moments during the operations that write a lot: a JSON import, an .ics import,
an export to a file, a migration (opening a schema-2 database) and loading the seed missions.

Each operation runs the real command in its own process, started by a launcher that says "ready" on
a pipe once Python has imported it. It is killed either after a random part of the time an uncut
run takes, or once the file it writes (the WAL, the export's temporary file) has grown past a random
part of its final size — a moment it can be seen to reach, not a guess. After each kill:

- SQLite's integrity and foreign-key checks pass;
- the operation happened entirely or not at all (the database holds what it held before or what an
  uncut run leaves; an export's target is the old file or the complete new one);
- the next command works (and, every few kills, running the operation again completes it).

- a killed export leaves no temporary file beside its target (issue 12: 81 of 84 kills left one);
  it writes to an unnamed file (O_TMPFILE) that vanishes with the process."""

from __future__ import annotations

import json
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest

from missiontui.store.migrations import SCHEMA_VERSION
from tests.conftest import DATA, ROOT
from tests.db_files import seeded_copy
from tests.stress.conftest import Stopwatch, integrity, record_figures, scale

# Says "ready" on the pipe once imported; what the command prints goes nowhere (a full pipe nobody
# reads would stop it).
LAUNCHER = ("import os, sys\nfrom missiontui.frontends.cli import main\nprint('ready', flush=True)\n"
            "sys.stdout = open(os.devnull, 'w')\nmain(sys.argv[1:])\n")
DNS = "D-22-010393"
ITEMS = 2000  # per import: long enough that a kill lands while planning, writing or committing


def count(path: Path, sql: str) -> int:
    conn = sqlite3.connect(path)  # as the next command would: a killed writer's journal is rolled back
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def cli_in_process(*args: str) -> tuple[int, str, str]:
    """The next command a user types, through the real entry point."""
    import contextlib
    import io

    from missiontui.frontends.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = exc.code or 0
    return code, out.getvalue(), err.getvalue()


@dataclass
class Operation:
    name: str
    template: Path  # the database as it is before
    args: Callable[[Path], list[str]]  # the command, given the folder holding "m.db" and the inputs
    state: Callable[[Path], str]  # "before", "after", or a description of a partial state
    growing: Callable[[Path], Path]  # the file whose growth shows progress
    inputs: dict[str, bytes] = field(default_factory=dict)
    old_target: bytes | None = None  # an export: what the target held before


# --- the operations ---------------------------------------------------------------------------------

def json_lines() -> bytes:
    people = ["Thomas Audigé", "Laura Létourneau", "Dominique Pon"]
    return "".join(json.dumps({"mission": DNS, "title": f"Livrable importé {n}", "due": f"2023-{n % 12 + 1:02d}-15",
                               "owners": [people[n % 3]], "notes": "« note »" * (n % 5), "uid": f"json-{n}"},
                              ensure_ascii=False) + "\n" for n in range(ITEMS)).encode("utf-8")


def calendar() -> bytes:
    events = "".join(f"BEGIN:VEVENT\r\nUID:ics-{n}@example.org\r\nDTSTAMP:20220501T100000Z\r\n"
                     f"DTSTART;VALUE=DATE:2023{n % 12 + 1:02d}10\r\nSUMMARY:Réunion {n}\r\n"
                     f"DESCRIPTION:Salle {n % 7}\\, bâtiment B\r\nEND:VEVENT\r\n" for n in range(ITEMS))
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//stress//EN\r\n{events}END:VCALENDAR\r\n".encode()


def deliverables_state(before: int, after: int):
    def state(folder: Path) -> str:
        n = count(folder / "m.db", "SELECT count(*) FROM deliverable")
        created = count(folder / "m.db", "SELECT count(*) FROM history WHERE action = 'create' AND entity = 'deliverable'")
        if (n, created) == (before, before):
            return "before"
        if (n, created) == (after, after):
            return "after"
        return f"partial: {n} deliverables, {created} created in the history"
    return state


def grown_v2(path: Path, copies: int) -> None:
    """tests/data/schema-v2.db with its deliverables and their history copied `copies` times, so that
    the typed-history migration has some work to be killed in."""
    shutil.copy(DATA / "schema-v2.db", path)
    conn = sqlite3.connect(path)
    ids = [r[0] for r in conn.execute("SELECT id FROM deliverable")]
    top = max(ids)
    columns = [r[1] for r in conn.execute("PRAGMA table_info(deliverable)")]
    hcolumns = [r[1] for r in conn.execute("PRAGMA table_info(history)") if r[1] != "id"]
    for k in range(1, copies + 1):
        shift = k * top
        select = ", ".join(f"id + {shift}" if c == "id" else f"uid || '-{k}'" if c == "uid" else c for c in columns)
        conn.execute(f"INSERT INTO deliverable({', '.join(columns)}) SELECT {select} FROM deliverable WHERE id <= {top}")
        conn.execute(f"INSERT INTO owner SELECT deliverable_id + {shift}, person_id, lead FROM owner WHERE deliverable_id <= {top}")
        hselect = ", ".join(f"entity_id + {shift}" if c == "entity_id" else c for c in hcolumns)
        conn.execute(f"INSERT INTO history({', '.join(hcolumns)}) SELECT {hselect} FROM history "
                     f"WHERE entity = 'deliverable' AND entity_id <= {top}")
    conn.commit()
    conn.close()


def schema_state(reference: list) -> Callable[[Path], str]:
    def state(folder: Path) -> str:
        version = count(folder / "m.db", "SELECT count(*) FROM _sqlite_migrations")
        if version == 2:
            return "before"
        if version == SCHEMA_VERSION:
            return "after"
        return f"step: schema {version} of {SCHEMA_VERSION}"  # each migration is its own transaction
    return state


def seeds_state(folder: Path) -> str:
    missions = count(folder / "m.db", "SELECT count(*) FROM mission")
    deliverables = count(folder / "m.db", "SELECT count(*) FROM deliverable")
    return {(0, 0): "before", (2, 13): "after"}.get((missions, deliverables),
                                                     f"partial: {missions} missions, {deliverables} deliverables")


def export_state(old: bytes, new: bytes) -> Callable[[Path], str]:
    def state(folder: Path) -> str:
        data = (folder / "team.ics").read_bytes()
        return "before" if data == old else "after" if data == new else f"partial: {len(data)} bytes"
    return state


def wal(folder: Path) -> Path:
    return folder / "m.db-wal"


def export_temporary(folder: Path) -> Path:
    found = sorted(folder.glob(".missiontui-export-*"))
    return found[0] if found else folder / ".missiontui-export-none"


@pytest.fixture(scope="module")
def templates(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("templates")
    seeded = seeded_copy(folder / "seeded.db")
    sys.path.insert(0, str(ROOT / "bench"))
    from generate import build

    build(folder / "big.db", scale(1500, 5000))
    grown_v2(folder / "v2.db", scale(150, 400))
    empty = folder / "empty.db"
    assert cli_in_process("--db", str(empty), "init")[0] == 0
    return {"seeded": seeded, "big": folder / "big.db", "v2": folder / "v2.db", "empty": empty}


def operations(templates, tmp_path) -> list[Operation]:
    reference = tmp_path / "reference"
    reference.mkdir()
    # an uncut export and an uncut migration give the "after" to compare with
    shutil.copy(templates["big"], reference / "m.db")
    assert cli_in_process("--db", str(reference / "m.db"), "export", "-o", str(reference / "new.ics"))[0] == 0
    new_export = (reference / "new.ics").read_bytes()
    shutil.copy(templates["v2"], reference / "v2.db")
    code, listed, _ = cli_in_process("--db", str(reference / "v2.db"), "list", "--json", "--deleted")
    assert code == 0
    old_export = b"BEGIN:VCALENDAR\r\nX-WR-CALNAME:the calendar colleagues already subscribe to\r\nEND:VCALENDAR\r\n"
    return [
        Operation("JSON import", templates["seeded"], lambda f: ["import", str(f / "team.jsonl")],
                  deliverables_state(13, 13 + ITEMS), wal, {"team.jsonl": json_lines()}),
        Operation(".ics import", templates["seeded"], lambda f: ["import", str(f / "team.ics"), "-m", DNS],
                  deliverables_state(13, 13 + ITEMS), wal, {"team.ics": calendar()}),
        Operation("export to a file", templates["big"], lambda f: ["export", "-o", str(f / "team.ics")],
                  export_state(old_export, new_export), export_temporary, {"team.ics": old_export}, old_export),
        Operation("migration (schema 2)", templates["v2"], lambda f: ["list", "--json", "--deleted"],
                  schema_state(json.loads(listed)), wal),
        Operation("seed loading", templates["empty"], lambda f: ["load-seeds"], seeds_state, wal),
    ]


def start(operation: Operation, folder: Path) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-c", LAUNCHER, "--db", str(folder / "m.db"), *operation.args(folder)],
                               cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert process.stdout.readline().strip() == "ready"
    return process


def fresh(operation: Operation, folder: Path) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir()
    shutil.copy(operation.template, folder / "m.db")
    for name, data in operation.inputs.items():
        (folder / name).write_bytes(data)


def uncut(operation: Operation, folder: Path) -> tuple[float, int]:
    """How long the operation takes once started, and how large its growing file gets (polled as it runs)."""
    fresh(operation, folder)
    process = start(operation, folder)
    started = time.monotonic()
    largest = 0
    while process.poll() is None:
        largest = max(largest, size(operation.growing(folder)))
        try:
            process.wait(timeout=0.002)
        except subprocess.TimeoutExpired:
            pass
    process.stdout.read()
    assert process.returncode == 0 and operation.state(folder) == "after"
    return time.monotonic() - started, largest


def size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def kill_at_a_random_moment(process: subprocess.Popen, operation: Operation, folder: Path, rng: random.Random,
                            duration: float, largest: int) -> str:
    """SIGKILL after a random part of the uncut duration, or once the growing file passes a random
    part of its largest size. Returns how the moment was chosen, or 'finished' if it ended first."""
    if rng.random() < 0.5 or largest == 0:
        how = "time"
        try:
            process.wait(timeout=rng.uniform(0, duration * 1.1))
            return "finished"
        except subprocess.TimeoutExpired:
            pass
    else:
        how = "growth"
        threshold = rng.uniform(0, largest)
        while size(operation.growing(folder)) < threshold:
            if process.poll() is not None:
                return "finished"
            try:
                process.wait(timeout=0.001)
            except subprocess.TimeoutExpired:
                pass
    process.send_signal(signal.SIGKILL)
    process.wait()
    process.stdout.read()
    return how if process.returncode == -signal.SIGKILL else "finished"


@pytest.mark.parametrize("which", range(5), ids=["json-import", "ics-import", "export", "migration", "seeds"])
def test_a_kill_at_any_moment_leaves_all_or_nothing(templates, tmp_path, which):
    operation = operations(templates, tmp_path)[which]
    rng = random.Random(f"kills-{operation.name}")
    folder = tmp_path / "run"
    duration, largest = uncut(operation, folder)
    kills = scale(8, 100)
    seen: dict[str, int] = {}
    moments: dict[str, int] = {}
    problems, leftovers = [], 0
    with Stopwatch() as watch:
        for n in range(kills):
            fresh(operation, folder)
            process = start(operation, folder)
            moment = kill_at_a_random_moment(process, operation, folder, rng, duration, largest)
            moments[moment] = moments.get(moment, 0) + 1
            broken = integrity(folder / "m.db")
            state = operation.state(folder)
            seen[state.split(":")[0]] = seen.get(state.split(":")[0], 0) + 1
            leftovers += len(list(folder.glob(".missiontui-export-*")))
            if broken:
                problems.append(f"kill {n} ({moment}): integrity {broken}")
            if state not in ("before", "after") and not state.startswith("step"):
                problems.append(f"kill {n} ({moment}): {state}")
            code, out, err = cli_in_process("--db", str(folder / "m.db"), "list", "--json", "--deleted")
            if code != 0:
                problems.append(f"kill {n} ({moment}): the next command failed: {err.strip()}")
            if n % 4 == 0:  # and running the operation again completes it
                again = start(operation, folder)
                again.wait()
                again.stdout.read()
                if again.returncode != 0 or operation.state(folder) != "after":
                    problems.append(f"kill {n} ({moment}): running it again gave {operation.state(folder)}")
    record_figures("kills", operation.name, cases=kills, killed=kills - moments.get("finished", 0),
                   moments=moments, states=seen, partial_writes=sum(v for k, v in seen.items()
                                                                    if k not in ("before", "after", "step")),
                   integrity_failures=sum("integrity" in p for p in problems), export_temp_files_left=leftovers,
                   uncut_seconds=round(duration, 2), seconds=watch.seconds)
    assert problems == [] and leftovers == 0
    assert moments.get("finished", 0) < kills  # most runs were really killed
