"""The layers stay clean: the import-linter contracts of pyproject.toml hold, only the store runs
SQL, front ends change data only through use cases, and the scriptable commands start without textual."""

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
