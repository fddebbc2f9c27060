"""Plant known bugs one at a time in a copy of the source and check that a test fails for each.

The bugs are single-line changes a hurried edit could make: those issue 12 planted (eleven passed
the whole suite then), and those the fixes of issue 12 guard against. Each runs the test files
that should notice it (or the whole suite with --full) in a throwaway copy of the working tree;
the working tree itself is never touched.

    python bench/planted_bugs.py                 # every bug, its own tests
    python bench/planted_bugs.py --full          # every bug, the whole suite (about 2 min each)
    python bench/planted_bugs.py cycle-check     # some bugs by name
    python bench/planted_bugs.py --list

Exit 1 if a planted bug goes unnoticed; the table printed is the one in TESTING.md.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Bug:
    name: str
    what: str  # as a user would meet it
    path: str
    old: str
    new: str
    tests: tuple[str, ...]
    memory_limit: bool = False  # a bug that reads without end: run under a 2 GiB address-space limit


BUGS = [
    # --- the eleven of issue 12 that the suite did not notice ------------------------------------
    Bug("mission-close-history", "closing or reopening a mission is not in the history",
        "missiontui/store/writes.py", "        for name in change.fields:\n",
        "        for name in [f for f in change.fields if not (entity == 'mission' and f == 'status')]:\n",
        ("tests/test_history.py", "tests/test_cli.py")),
    Bug("fin-juin-on-30-june", '"fin juin" typed on 30 June is read as June next year',
        "missiontui/core/dates/scan.py", "else (period.last >= ref)", "else (period.last > ref)",
        ("tests/test_dates.py", "tests/test_dates_corpus.py", "tests/test_dates_families.py")),
    Bug("cancel-no-sequence", "cancelling a deadline does not bump SEQUENCE: calendars keep it alive",
        "missiontui/core/changes.py", '_SEQUENCE_FIELDS = {"title", "status", "deleted", "recurrence"}',
        '_SEQUENCE_FIELDS = {"title", "deleted", "recurrence"}',
        ("tests/test_calendar_export.py", "tests/test_calendar_import.py", "tests/test_feeds.py")),
    Bug("import-not-atomic", "a change set that fails half-way (an .ics import meeting a colleague's edit) "
        "leaves what came before it", "missiontui/store/base.py",
        "            except BaseException:\n                self.conn.rollback()\n",
        "            except BaseException:\n                self.conn.execute('COMMIT')\n",
        ("tests/test_calendar_import.py", "tests/test_history.py")),
    Bug("cycle-check", "the dependency check accepts #11 → #12 → #11", "missiontui/core/rules.py",
        "    seen = set()\n", "    seen = set(depends_on)\n",
        ("tests/test_cli.py", "tests/test_history.py", "tests/test_rules.py")),
    Bug("delete-reason", "the reason given to a delete is not in the history", "missiontui/usecases/deliverables.py",
        'return edit_deliverable(ctx, deliverable_id, {"deleted": True}, version=version, reason=reason)',
        'return edit_deliverable(ctx, deliverable_id, {"deleted": True}, version=version)',
        ("tests/test_history.py", "tests/test_cli.py")),
    Bug("rm-reason", "`rm -r REASON` drops the reason", "missiontui/frontends/cli/deliverable_commands.py",
        "d = deliverables.delete(app.ctx, deliverable_id, version=version, reason=reason).deliverable",
        "d = deliverables.delete(app.ctx, deliverable_id, version=version).deliverable",
        ("tests/test_cli.py", "tests/test_history.py")),
    Bug("quarter-start-filter", "`list --due-after T2` starts in May", "missiontui/usecases/filters.py",
        "return date(d.year, d.month - 2, 1)", "return date(d.year, d.month - 1, 1)", ("tests/test_cli.py",)),
    Bug("quarter-start-report", "a quarter's window in the report starts a month late",
        "missiontui/core/report/timeline.py", "(d.month - 1) // 3 * 3 + 1", "(d.month - 1) // 3 * 3 + 2",
        ("tests/test_report.py", "tests/test_report_formats.py", "tests/test_digest.py")),
    Bug("history-markup", "markup in a title is rendered in the history screen", "missiontui/frontends/tui/history.py",
        "Text(visible(change)[:80], style=style)", "visible(change)[:80]", ("tests/test_tui_hostile_text.py",)),
    Bug("owner-list-markup", "markup in a name is rendered in the edit form's owner list",
        "missiontui/frontends/tui/edit.py", "Selection(plain(p.name, single_line=True), p.id, p.id in owner_ids)",
        "Selection(p.name, p.id, p.id in owner_ids)", ("tests/test_tui_hostile_text.py",)),
    Bug("export-screen-markup", "markup in a mission reference is rendered on the export screen",
        "missiontui/frontends/tui/export.py", "update(plain(f\"{self.t('export.title')} {scope}\".strip()))",
        "update(f\"{self.t('export.title')} {scope}\".strip())", ("tests/test_tui_hostile_text.py",)),
    # --- what the fixes of issue 12 guard ---------------------------------------------------------
    Bug("due-after-before-june", "`list --due-after mars 2022` ends in a traceback (every period start "
        "computed eagerly)", "missiontui/usecases/filters.py", "    d = due.date\n",
        "    d = due.date\n    quarter_start = date(d.year, d.month - 2, 1)\n", ("tests/test_cli.py",)),
    Bug("unbounded-ids", "`show 99999999999999999999` ends in an OverflowError traceback",
        "missiontui/frontends/cli/context.py", "ID = click.IntRange(1, 2**63 - 1)", "ID = click.INT",
        ("tests/test_cli.py", "tests/test_cli_terminal_safety.py", "tests/test_maintenance_restore.py")),
    Bug("unbounded-limit", "`list --limit 99999999999999999999` says the database is damaged",
        "missiontui/frontends/cli/context.py", "LIMIT = click.IntRange(1, 2**31 - 1)", "LIMIT = click.IntRange(1)",
        ("tests/test_cli.py",)),
    Bug("json-recursion", "a JSON file of 100,000 '[' ends in RecursionError", "missiontui/usecases/imports.py",
        "        except RecursionError:  # 100,000 '[' in a row\n            raise InvalidInput.of(\"error.json_too_deep\") from None\n",
        "", ("tests/test_json_import.py",)),
    Bug("json-owner-without-name", "an owner object without 'name' ends in KeyError", "missiontui/usecases/imports.py",
        "name = o.get(\"name\") if isinstance(o, dict) else o", "name = o[\"name\"] if isinstance(o, dict) else o",
        ("tests/test_json_import.py",)),
    Bug("phrase-unchecked", "a deadline phrase is stored without its text checks (NUL, 20,000 characters)",
        "missiontui/core/rules.py", 'values["due"] = Due(due.date, due.precision, clean_text(due.phrase, "the due phrase"))',
        'values["due"] = Due(due.date, due.precision, due.phrase)', ("tests/test_json_import.py", "tests/test_rules.py")),
    Bug("import-reads-all", "`import /dev/zero` reads until memory runs out", "missiontui/usecases/imports.py",
        "    data = source.read(limit + 1)\n", "    data = source.read()\n",
        ("tests/test_json_import.py", "tests/test_calendar_import.py"), memory_limit=True),
    Bug("letter-reads-all", "`letter /dev/zero` reads until memory runs out", "missiontui/usecases/letter_files.py",
        "data = f.read(MAX_FILE_BYTES + 1)", "data = f.read()", ("tests/test_letters_files.py",), memory_limit=True),
    Bug("export-in-place", "an export written in place: a failure leaves half a calendar where the old one was",
        "missiontui/atomic_file.py",
        "    if mode is not None and not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):",
        "    if True:  # planted: every target written in place",
        ("tests/test_calendar_export.py", "tests/test_cli.py", "tests/stress/test_kills.py")),
    Bug("merge-takes-yours", "a field both colleagues changed is silently overwritten", "missiontui/core/changes.py",
        "        elif choice != \"theirs\":\n            conflicts.append(",
        "        elif choice != \"theirs\":\n            apply[name] = yours[name]\n        if False:\n            conflicts.append(",
        ("tests/test_concurrency.py", "tests/test_cli.py")),
    Bug("search-not-literal", "search text is read as FTS syntax ('a OR b', '\"')", "missiontui/store/deliverables.py",
        "return \" \".join('\"' + word.replace('\"', '\"\"') + '\"*' for word in text.split())",
        "return \" \".join(word for word in text.split())", ("tests/test_tombstones_and_search.py",)),
    Bug("cli-error-raw", "a colleague's title with escape sequences reaches the terminal in a conflict message",
        "missiontui/frontends/cli/__init__.py",
        'click.echo(t("cli.error", lang, message=visible(message)), err=True)',
        'click.echo(t("cli.error", lang, message=message), err=True)', ("tests/test_cli_terminal_safety.py",)),
    Bug("notification-raw", "a title with escape sequences reaches the terminal in a TUI notification",
        "missiontui/frontends/tui/app.py", "self.notify(visible(text, single_line=False),", "self.notify(text,",
        ("tests/test_tui_hostile_text.py",)),
    Bug("done-yesterday-refused", "`done --on hier` is refused as a past deadline", "missiontui/usecases/inputs.py",
        "return parse_due(text, today, deadline_only=False).date", "return parse_due(text, today).date",
        ("tests/test_cli.py",)),
    Bug("lost-update", "a stale write overwrites a colleague's newer version", "missiontui/store/writes.py",
        "            where += \" AND version = ?\"\n            params.append(change.version)\n", "            pass\n",
        ("tests/test_concurrency.py", "tests/test_calendar_import.py", "tests/stress/test_writers.py")),
    Bug("end-key-short", "End stops one row short of the last deliverable under a scrollbar",
        "missiontui/frontends/tui/table.py", "visible = max(view.scrollable_content_region.height - header_lines, 1)",
        "visible = max(view.size.height - header_lines, 1)", ("tests/test_tui_scale.py",)),
]


def copy_tree(target: Path) -> None:
    """The working tree as it is (committed or not), without the virtualenv and caches."""
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True,
                           text=True, check=True).stdout.splitlines()
    for name in files:
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def plant(tree: Path, bug: Bug) -> None:
    path = tree / bug.path
    text = path.read_text(encoding="utf-8")
    if text.count(bug.old) != 1:
        raise SystemExit(f"{bug.name}: the line to change is not found exactly once in {bug.path}; update BUGS")
    path.write_text(text.replace(bug.old, bug.new), encoding="utf-8")


def run_tests(tree: Path, bug: Bug, full: bool, workers: str) -> tuple[bool, str, float]:
    """(caught, the first failing test, seconds)."""
    tests = [] if full else [t for t in bug.tests if (tree / t).exists()]
    command = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider",
               "-n", workers, *tests]

    def limit_memory():
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    started = time.monotonic()
    done = subprocess.run(command, cwd=tree, capture_output=True, text=True, env=env,
                          preexec_fn=limit_memory if bug.memory_limit else None)
    failed = [line.split(" ", 2)[1] for line in done.stdout.splitlines() if line.startswith("FAILED ")]
    if not failed and done.returncode not in (0, 1):  # the planted line broke the code itself
        raise SystemExit(f"{bug.name}: pytest ended with {done.returncode} and no failed test:\n{done.stdout[-2000:]}")
    return bool(failed), failed[0] if failed else "", time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", help="only these bugs")
    parser.add_argument("--full", action="store_true", help="run the whole suite for each bug")
    parser.add_argument("--list", action="store_true")
    parser.add_argument("-n", "--workers", default="2", help="pytest-xdist workers (default 2)")
    args = parser.parse_args()
    chosen = [b for b in BUGS if not args.names or b.name in args.names]
    if args.list:
        for bug in chosen:
            print(f"{bug.name:26} {bug.what}")
        return 0
    missed = 0
    print("| planted bug | what a user meets | caught by | s |\n|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="planted-source-") as source:
        copy_tree(Path(source))  # once: edits made while this runs do not mix in
        for bug in chosen:
            with tempfile.TemporaryDirectory(prefix="planted-") as folder:
                tree = Path(folder) / "tree"
                shutil.copytree(source, tree)
                plant(tree, bug)
                caught, test, seconds = run_tests(tree, bug, args.full, args.workers)
            missed += not caught
            print(f"| `{bug.name}` | {bug.what} | {'`' + test + '`' if caught else '**MISSED**'} | {seconds:.0f} |",
                  flush=True)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
