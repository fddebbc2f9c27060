"""The README stays true: its examples run as written, and its reference names every command."""

import re
import shlex

import click
import pytest

from missiontui.frontends.cli import cli as root
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def script_examples() -> list[str]:
    block = README.split("## Using it from scripts", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    return [line.split("  #")[0].strip() for line in block.strip().splitlines()
            if line.strip() and line.split("  #")[0].strip() != "missiontui"]


def test_every_command_is_in_the_reference():
    reference = README.split("## Command reference", 1)[1]
    context = click.Context(root)
    names = root.list_commands(context)
    assert {"list", "export", "import", "date", "mission"} <= set(names)
    for name in names:
        command = root.get_command(context, name)
        assert f"`{name}" in reference or f"/ `{name}`" in reference, name
        for sub in getattr(command, "commands", {}):
            assert f"{name} {sub}" in reference, f"{name} {sub}"


@pytest.mark.parametrize("line", script_examples())
def test_script_examples_run(cli, line):
    if "load-seeds" not in line:
        assert cli("load-seeds").code == 0
    for person in (p for p in script_examples() if p.startswith("missiontui people add ") and p != line):
        assert cli(*shlex.split(person)[1:]).code == 0  # the people the examples name exist first, as the README says
    result = cli(*shlex.split(line)[1:])
    assert result.code == 0, (line, result.err)


def test_quick_start_has_exactly_two_commands():
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.+?)\n```", quick)
    assert len(commands) == 2 and "missiontui demo" in commands[0] and "pytest" in commands[1]
