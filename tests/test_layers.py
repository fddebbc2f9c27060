"""The layers stay clean: core and store never import textual, only the store runs SQL, and the
scriptable CLI commands start without textual nor any other library they do not use."""

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


@pytest.mark.parametrize("layer", ["core", "store"])
def test_core_and_store_never_import_textual(layer):
    for path in (PACKAGE / layer).rglob("*.py"):
        assert not any(n == "textual" or n.startswith("textual.") for n in imports_of(path)), path


def test_core_imports_neither_sqlite_nor_front_ends():
    for path in (PACKAGE / "core").rglob("*.py"):
        for name in imports_of(path):
            assert not name.startswith(("sqlite", "missiontui.store", "missiontui.frontends.cli", "missiontui.frontends.tui", "click")), (path, name)


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
