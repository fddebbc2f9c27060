"""The layers stay clean: the import-linter contracts of pyproject.toml hold, only the store runs
SQL, front ends change data only through use cases, and the scriptable commands start without textual
nor any other library they do not use."""

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "missiontui"


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_the_import_contracts_hold():
    """core imports only core; the store only core; front ends never sqlite3; one direction of flow."""
    linter = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(linter), "--no-cache"], capture_output=True, text=True, timeout=300,
                            cwd=PACKAGE.parent)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 broken" in result.stdout


def writes_outside_use_cases(path: Path) -> list[str]:
    """What in a front end would change data without a use case: the store's write, a change set
    built by hand, or the use cases' own recording step."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "apply":
            found.append(f"line {node.lineno}: .apply(...)")
        elif isinstance(node, ast.ImportFrom) and node.module in ("missiontui.store.writes", "missiontui.usecases.records"):
            found.append(f"line {node.lineno}: imports {node.module}")
        elif isinstance(node, ast.ImportFrom) and node.module == "missiontui.core.changes" and \
                {a.name for a in node.names} & {"Change", "ChangeSet"}:
            found.append(f"line {node.lineno}: builds change sets")
    return found


@pytest.mark.parametrize("path", sorted([*(PACKAGE / "frontends").rglob("*.py"), *(PACKAGE / "sync").rglob("*.py")]),
                         ids=lambda p: str(p.relative_to(PACKAGE)))
def test_front_ends_write_only_through_use_cases(path):
    assert writes_outside_use_cases(path) == []


def test_the_write_check_sees_a_front_end_that_writes_by_itself(tmp_path):
    """The check above must be able to fail: a front end that writes straight to the store."""
    rogue = tmp_path / "rogue.py"
    rogue.write_text("from missiontui.core.changes import ChangeSet\n"
                     "def save(app, changes):\n    app.store.apply(ChangeSet(changes), actor='x', at='y')\n")
    assert len(writes_outside_use_cases(rogue)) == 2


def test_only_the_store_runs_sql():
    for path in PACKAGE.rglob("*.py"):
        if "store" in path.relative_to(PACKAGE).parts:
            continue
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"\.execute(many)?\(", source), path


@pytest.mark.parametrize("command", [["list", "--json"], ["date", "fin juin"], ["mission", "list"], ["history"]])
def test_scriptable_commands_do_not_import_textual(tmp_path, command):
    code = (
        "import sys\n"
        "from missiontui.frontends.cli import main\n"
        f"try: main(['--db', {str(tmp_path / 'x.db')!r}] + {command!r})\n"
        "except SystemExit: pass\n"
        "print('textual' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60).stdout
    assert out.strip().splitlines()[-1] == "False"


# What a small command must not load: each costs tens of milliseconds of start-up (issue 14).
HEAVY = ("textual", "icalendar", "sqlite_utils", "openpyxl", "pypdf", "docx", "caldav", "niquests", "dateutil")


def loaded_by(args: list[str], env_db: Path) -> set[str]:
    """The heavy libraries a whole `missiontui ARGS` process has imported by the time it ends."""
    code = (
        "import sys\n"
        "from missiontui.frontends.cli import main\n"
        f"try: main({args!r})\n"
        "except SystemExit: pass\n"
        f"print(sorted({{name.split('.')[0] for name in sys.modules}} & {set(HEAVY)!r}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "MISSIONTUI_CONFIG": str(env_db.parent / "none.toml")})
    return set(ast.literal_eval(done.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize("args", [["list"], ["list", "--json", "--due-after", "fin juin 2022"], ["--help"],
                                  ["date", "fin juin"], ["mission", "list"], ["show", "1"]])
def test_small_commands_load_no_heavy_library(tmp_path, args):
    db = tmp_path / "m.db"
    made = subprocess.run([sys.executable, "-m", "missiontui", "--db", str(db), "init"], capture_output=True,
                          timeout=60, env={**os.environ, "MISSIONTUI_CONFIG": str(tmp_path / "none.toml")})
    assert made.returncode == 0, made.stderr
    assert loaded_by(["--db", str(db), *args], db) == set()


def test_a_migration_still_loads_sqlite_utils(tmp_path):
    """The guard above is not vacuous: a command that must upgrade a file does import sqlite-utils."""
    assert "sqlite_utils" in loaded_by(["--db", str(tmp_path / "new.db"), "init"], tmp_path / "new.db")


def test_every_command_module_is_in_the_lazy_table():
    """`missiontui` imports a command's module only when that command runs, from COMMANDS: a module
    whose commands are missing there would have commands nobody can reach."""
    import importlib

    from missiontui.frontends.cli import COMMANDS

    modules = {path.stem for path in (PACKAGE / "frontends" / "cli").glob("*_commands.py")}
    assert set(COMMANDS.values()) == modules
    for stem in modules:
        module = importlib.import_module(f"missiontui.frontends.cli.{stem}")
        names = {command.name for command in module.COMMANDS}
        assert names == {name for name, where in COMMANDS.items() if where == stem}, stem
