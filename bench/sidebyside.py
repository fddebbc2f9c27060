"""Where missiontui stands: the same work through calcurse, Taskwarrior and a stdlib floor, in one run.

Used by bench/run. Every pair of commands is timed turn about (a busy, shared machine slows both
alike) and reported as a ratio, missiontui / other: below 1 we are faster. The peers come from
Debian's packages (`apt-get install calcurse taskwarrior`); bench/run installs them when apt can,
and a missing one is skipped with a note. The floors are what plain Python does with the same data:
`python -c pass`, the same SQL through sqlite3, the same rows through f-strings.

Their data is the benchmark's own: the N deliverables of bench/out/<n>.jsonl, written as a
Taskwarrior import file (tasks with a project, a due date and a status), as calcurse's appointment
file (one all-day item per deadline) and as an .ics file for calcurse's importer.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
PY = sys.executable
MONTH = ("2022-06-01", "2022-06-30")  # W2's month
PEER_TIMEOUT = 60  # seconds: calcurse's importer needs minutes at 100k; one timed-out try is the figure


# --- timing --------------------------------------------------------------------------------------

class TimedOut(Exception):
    pass


def timed(command: list[str], env: dict, cwd: Path | None = None, timeout: float | None = None,
          stdin: Path | None = None) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, peak RSS in MB) of one whole process; its output is discarded."""
    started = time.perf_counter()
    with open(stdin or os.devnull, "rb") as given:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdin=given, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE)
    deadline = None if timeout is None else started + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if deadline is not None and time.perf_counter() > deadline:
            process.kill()
            os.wait4(process.pid, 0)
            raise TimedOut(f"{command[0]}: over {timeout:.0f} s")
        time.sleep(0.0005)
    elapsed = time.perf_counter() - started
    err = process.stderr.read()
    process.stderr.close()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"bench: {' '.join(map(str, command))} failed ({process.returncode}):\n"
                         f"{err.decode(errors='replace')[-2000:]}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def turn_about(commands: dict[str, dict], runs: int) -> dict[str, tuple[float, float, int] | str]:
    """Each command once to warm up, then `runs` rounds of all of them in turn: median wall, median
    CPU and highest peak per name. A command is {"cmd": [...], "env": {...}, "prepare": callable,
    "timeout": seconds}; one that runs out of time is tried no more and reported as a sentence."""
    results: dict[str, list] = {name: [] for name in commands}
    late: dict[str, str] = {}
    for rnd in range(runs + 1):
        for name, spec in commands.items():
            if name in late:
                continue
            if spec.get("prepare"):
                spec["prepare"]()
            try:
                figures = timed(spec["cmd"], spec["env"], timeout=spec.get("timeout"), stdin=spec.get("stdin"))
            except TimedOut:
                late[name] = f"over {spec['timeout']:.0f} s (stopped)"
                continue
            if rnd:
                results[name].append(figures)
    found: dict[str, tuple[float, float, int] | str] = dict(late)
    for name, rs in results.items():
        if name not in late:
            found[name] = (statistics.median(r[0] for r in rs), statistics.median(r[1] for r in rs),
                           max(r[2] for r in rs))
    return found


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


# --- start-up -------------------------------------------------------------------------------------

def startup_rows(cli: list[str], env: dict, empty_db: Path, runs: int) -> list[list[str]]:
    """`--help`, `list` on an empty database and `date X` against `python -c pass` (and click's own
    import, the floor of any click program)."""
    commands = {
        "python -c pass": [PY, "-c", "pass"],
        "python -c 'import click'": [PY, "-c", "import click"],
        "`missiontui --help`": cli + ["--help"],
        "`missiontui list`, empty database": cli + ["--db", str(empty_db), "list"],
        "`missiontui date \"fin juin 2023\"`": cli + ["date", "fin juin 2023"],
    }
    found = turn_about({name: {"cmd": cmd, "env": env} for name, cmd in commands.items()}, max(runs * 4, 12))
    floor_wall, floor_cpu, _ = found["python -c pass"]
    rows = []
    for name, (wall, cpu, mb) in found.items():
        ratio = "" if name == "python -c pass" else \
            f" ({wall / floor_wall:.1f}× python -c pass; CPU {cpu * 1000:.0f} ms, {cpu / floor_cpu:.1f}×)"
        if name == "python -c pass":
            ratio = f" (CPU {cpu * 1000:.0f} ms)"
        rows.append([f"S start-up: {name}", "—", f"{wall * 1000:.0f} ms{ratio}", f"{mb} MB"])
    return rows


# --- the same data for the peers ----------------------------------------------------------------------

def _records(jsonl: Path):
    with open(jsonl, encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


def _stamp(path: Path, sources: list[Path]) -> bool:
    """True when `path` is current for `sources` (same names and mtimes as when it was made)."""
    stamp = Path(str(path) + ".stamp")
    signature = "|".join(f"{p.name}:{p.stat().st_mtime_ns}" for p in sources + [Path(__file__)])
    if path.exists() and stamp.exists() and stamp.read_text() == signature:
        return True
    stamp.unlink(missing_ok=True)
    return False


def _stamped(path: Path, sources: list[Path]) -> None:
    Path(str(path) + ".stamp").write_text(
        "|".join(f"{p.name}:{p.stat().st_mtime_ns}" for p in sources + [Path(__file__)]))


def taskwarrior_file(jsonl: Path, out: Path) -> Path:
    """The deliverables as a Taskwarrior import file: description, project (the mission), due, status."""
    target = out / f"{jsonl.stem}.tasks.json"
    if not _stamp(target, [jsonl]):
        with open(target, "w", encoding="utf-8") as f:
            for r in _records(jsonl):
                task = {"description": r["title"], "project": r["mission"], "tags": [r["kind"]],
                        "due": r["due"].replace("-", "") + "T000000Z",
                        "status": "completed" if r["status"] == "done" else
                        "deleted" if r["status"] == "cancelled" else "pending",
                        "entry": "20220101T000000Z"}
                if task["status"] != "pending":
                    task["end"] = (r["completed_on"] or r["due"]).replace("-", "") + "T000000Z"
                if r["notes"]:
                    task["annotations"] = [{"entry": "20220101T000000Z", "description": r["notes"]}]
                f.write(json.dumps(task, ensure_ascii=False) + "\n")
        _stamped(target, [jsonl])
    return target


def taskwarrior_env(data: Path) -> dict:
    data.mkdir(parents=True, exist_ok=True)
    rc = data / "taskrc"
    rc.write_text(f"data.location={data}\nconfirmation=off\nverbose=nothing\nhooks=off\njson.array=on\n"
                  "gc=off\nrecurrence=off\n")
    return {**os.environ, "TASKRC": str(rc), "TASKDATA": str(data)}


def calcurse_dir(jsonl: Path, out: Path) -> Path:
    """calcurse's own data files: one all-day appointment per deadline ("MM/DD/YYYY [1] title"), in
    date order as calcurse writes them (it reads an unsorted file in quadratic time: minutes at 100k)."""
    target = out / f"{jsonl.stem}.calcurse"
    if not _stamp(target, [jsonl]):
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        items = sorted((r["due"], r["title"]) for r in _records(jsonl))
        with open(target / "apts", "w", encoding="utf-8") as f:
            for due, title in items:
                y, m, d = due.split("-")
                f.write(f"{m}/{d}/{y} [1] {title}\n")
        (target / "todo").write_text("")
        _stamped(target, [jsonl])
    return target


def calcurse_ics(jsonl: Path, out: Path) -> Path:
    """The deadlines as all-day events, for calcurse's importer (W1)."""
    target = out / f"{jsonl.stem}.calcurse.ics"
    if not _stamp(target, [jsonl]):
        with open(target, "w", encoding="utf-8", newline="") as f:
            f.write("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//missiontui bench//EN\r\n")
            for n, r in enumerate(_records(jsonl)):
                day = r["due"].replace("-", "")
                f.write(f"BEGIN:VEVENT\r\nUID:bench-{n}\r\nDTSTART;VALUE=DATE:{day}\r\nSUMMARY:{r['title']}\r\n"
                        "END:VEVENT\r\n")
            f.write("END:VCALENDAR\r\n")
        _stamped(target, [jsonl])
    return target


# --- the stdlib floors ----------------------------------------------------------------------------------

LOAD_FLOOR = r"""
import json, sqlite3, sys
conn = sqlite3.connect(sys.argv[2], isolation_level=None)
conn.execute("CREATE TABLE IF NOT EXISTS item(id INTEGER PRIMARY KEY, mission TEXT, title TEXT, kind TEXT,"
             " due TEXT, precision TEXT, phrase TEXT, status TEXT, notes TEXT, owners TEXT, completed_on TEXT)")
conn.execute("CREATE INDEX IF NOT EXISTS item_due ON item(due, id)")
conn.execute("BEGIN")
with open(sys.argv[1], encoding="utf-8") as lines:
    conn.executemany("INSERT INTO item(mission, title, kind, due, precision, phrase, status, notes, owners,"
                     " completed_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     ((r["mission"], r["title"], r["kind"], r["due"], r["precision"], r["phrase"], r["status"],
                       r["notes"], json.dumps(r["owners"], ensure_ascii=False), r["completed_on"])
                      for r in map(json.loads, lines)))
conn.execute("COMMIT")
"""

# The same rows `list --json` reads (a deliverable, its mission, its owners), printed as JSON lines.
LIST_FLOOR = r"""
import json, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
out = sys.stdout.write
for row in conn.execute(
        "SELECT d.id, d.uid, m.reference, d.title, d.kind, d.due, d.precision, d.phrase, d.status, d.notes,"
        " d.completed_on, d.version, (SELECT json_group_array(json_array(o.person_id, p.name, o.lead))"
        " FROM owner o JOIN person p ON p.id = o.person_id WHERE o.deliverable_id = d.id)"
        " FROM deliverable d JOIN mission m ON m.id = d.mission_id"
        " WHERE d.deleted_at IS NULL AND d.due >= ? AND d.due <= ? ORDER BY d.due, d.id", sys.argv[2:4]):
    out(json.dumps(dict(zip(("id", "uid", "mission", "title", "kind", "due", "precision", "phrase", "status",
                             "notes", "completed_on", "version", "owners"), row)), ensure_ascii=False) + "\n")
"""

# Every deliverable as an all-day VEVENT with plain f-strings: no folding, no escaping, no alarms.
EXPORT_FLOOR = r"""
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
    f.write("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//floor//EN\r\n")
    for uid, title, due, status, notes, sequence in conn.execute(
            "SELECT uid, title, due, status, notes, sequence FROM deliverable WHERE due IS NOT NULL ORDER BY due, id"):
        day = due.replace("-", "")
        f.write(f"BEGIN:VEVENT\r\nUID:{uid}\r\nSEQUENCE:{sequence}\r\nDTSTART;VALUE=DATE:{day}\r\n"
                f"SUMMARY:{title}\r\nDESCRIPTION:{status} {notes}\r\nEND:VEVENT\r\n")
    f.write("END:VCALENDAR\r\n")
"""


# --- the rows ---------------------------------------------------------------------------------------------

def install_peers() -> str:
    """calcurse and Taskwarrior from the distribution when they are missing and apt can; a note otherwise."""
    missing = [pkg for tool, pkg in (("calcurse", "calcurse"), ("task", "taskwarrior")) if not shutil.which(tool)]
    if missing and shutil.which("apt-get") and os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "-q", *missing], capture_output=True)
    still = [tool for tool in ("calcurse", "task") if not shutil.which(tool)]
    return f"not installed (skipped): {', '.join(still)}" if still else ""


def _version(command: list[str]) -> str:
    try:
        text = subprocess.run(command, capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    return next((w for w in text.split() if w[:1].isdigit()), "?")


def versions() -> str:
    found = []
    if shutil.which("calcurse"):
        found.append(f"calcurse {_version(['calcurse', '--version'])}")
    if shutil.which("task"):
        found.append(f"Taskwarrior {_version(['task', '--version'])}")
    return ", ".join(found)


def _wall(figures):
    return figures if isinstance(figures, str) else figures[0]


def _ratio_text(ours: float, others: dict[str, float | str]) -> str:
    parts = []
    for name, value in others.items():
        parts.append(f"{name} {value}" if isinstance(value, str) else f"{ours / value:.2f}× {name} ({ms(value)})")
    return "; ".join(parts)


def peer_rows(n: int, label: str, cli: list[str], env: dict, db: Path, jsonl: Path, load_db: Path, out: Path,
              runs: int) -> list[list[str]]:
    """W1 (load), W2 (one month) and W3 (export everything) for missiontui, the peers and the floor."""
    rows = []
    tmp = Path(tempfile.mkdtemp(prefix="peers-", dir=out))
    try:
        has_task, has_calcurse = bool(shutil.which("task")), bool(shutil.which("calcurse"))
        tasks = taskwarrior_file(jsonl, out) if has_task else None
        agenda = calcurse_dir(jsonl, out) if has_calcurse else None

        # W1: the N deliverables loaded into an empty store
        ours_db, floor_db, task_dir = tmp / "load.db", tmp / "floor.db", tmp / "task-load"

        def fresh_ours():
            for suffix in ("", "-wal", "-shm"):
                Path(str(ours_db) + suffix).unlink(missing_ok=True)
            shutil.copy(load_db, ours_db)

        commands = {
            "missiontui": {"cmd": cli + ["--db", str(ours_db), "import", str(jsonl)], "env": env, "prepare": fresh_ours},
            "stdlib": {"cmd": [PY, "-c", LOAD_FLOOR, str(jsonl), str(floor_db)], "env": env,
                       "prepare": lambda: floor_db.unlink(missing_ok=True)},
        }
        if tasks:
            commands["Taskwarrior"] = {"cmd": ["task", "import", str(tasks)], "env": taskwarrior_env(task_dir),
                                       "prepare": lambda: [shutil.rmtree(task_dir, ignore_errors=True),
                                                           taskwarrior_env(task_dir)]}
        found = turn_about(commands, runs)
        others: dict[str, float | str] = {name: _wall(found[name]) for name in found if name != "missiontui"}
        if has_calcurse:  # its importer is slow: one try, with a timeout
            ics, cal_dir = calcurse_ics(jsonl, out), tmp / "cc-load"
            cal_dir.mkdir()
            try:
                others["calcurse"] = timed(["calcurse", "-D", str(cal_dir), "-q", "-i", str(ics)], env,
                                           timeout=PEER_TIMEOUT)[0]
            except TimedOut:
                others["calcurse"] = f"over {PEER_TIMEOUT} s (not finished)"
        wall, _, mb = found["missiontui"]
        rows.append([f"P1 load side by side: {_ratio_text(wall, others)}", label, ms(wall), f"{mb} MB"])

        # W2: one month, as each tool lists it
        after, before = MONTH
        task_env = taskwarrior_env(tmp / "task")
        if tasks:
            subprocess.run(["task", "import", str(tasks)], env=task_env, check=True, capture_output=True)
        commands = {
            "missiontui": {"cmd": cli + ["--db", str(db), "list", "--json", "--due-after", after, "--due-before", before],
                           "env": env},
            "stdlib": {"cmd": [PY, "-c", LIST_FLOOR, str(db), after, before], "env": env},
        }
        if tasks:
            commands["Taskwarrior"] = {"cmd": ["task", f"due.after:{after}", f"due.before:{before}", "export"],
                                       "env": task_env}
        if agenda:
            y, m, d = after.split("-")
            commands["calcurse"] = {"cmd": ["calcurse", "-D", str(agenda), "--read-only", "-Q", "--from", f"{m}/{d}/{y}",
                                            "--days", "30"], "env": env, "timeout": PEER_TIMEOUT}
        found = turn_about(commands, runs)
        wall, _, mb = found["missiontui"]
        others = {name: _wall(found[name]) for name in found if name != "missiontui"}
        rows.append([f"P2 one month side by side: {_ratio_text(wall, others)}", label, ms(wall), f"{mb} MB"])

        # W3: everything out as a calendar (Taskwarrior: its JSON export)
        commands = {
            "missiontui": {"cmd": cli + ["--db", str(db), "export", "-o", str(tmp / "ours.ics")], "env": env},
            "stdlib": {"cmd": [PY, "-c", EXPORT_FLOOR, str(db), str(tmp / "floor.ics")], "env": env},
        }
        if tasks:
            commands["Taskwarrior"] = {"cmd": ["task", "export"], "env": task_env}
        if agenda:
            commands["calcurse"] = {"cmd": ["calcurse", "-D", str(agenda), "--read-only", "-xical"], "env": env,
                                    "timeout": PEER_TIMEOUT}
        found = turn_about(commands, runs)
        wall, _, mb = found["missiontui"]
        others = {name: _wall(found[name]) for name in found if name != "missiontui"}
        rows.append([f"P3 export side by side: {_ratio_text(wall, others)}", label, ms(wall), f"{mb} MB"])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return rows
