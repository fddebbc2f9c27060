"""The layers stay clean: core and store never import textual, only the store runs SQL, and the
scriptable CLI commands start without textual."""

import ast
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
