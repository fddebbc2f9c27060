"""Text others wrote never drives the terminal: every error line the CLI prints shows control
characters as \\xNN, whatever path the error took (a conflict, a usage error, a missing file…)."""

import pytest

from missiontui.usecases import deliverables, missions
from tests.conftest import open_as

DNS = "D-22-010393"
# Clear the screen, set the window title, ring the bell, move the cursor home: what a prankster's
# title would do to a colleague's terminal if it reached it raw.
CLEAR_AND_TITLE = "\x1b[2J\x1b]0;pwned\x07\x1b[H"
SHOWN = "\\x1b[2J\\x1b]0;pwned\\x07\\x1b[H"  # what the colleague must see instead


@pytest.fixture
def seeded_cli(cli):
    assert cli("load-seeds").code == 0
    return cli


def shown_safely(text: str) -> bool:
    return not any(ord(c) < 0x20 and c != "\n" or 0x7f <= ord(c) <= 0x9f for c in text)


def test_a_colleagues_title_replayed_by_a_conflict_message_is_shown_not_run(seeded_cli, db_path):
    version = seeded_cli("show", "12", "--json").json()["version"]
    with open_as(db_path, "Bob") as bob:
        deliverables.edit_deliverable(bob, 12, {"title": "Rapport " + CLEAR_AND_TITLE})
    result = seeded_cli("edit", "12", "-t", "Rapport final", "--version", str(version))
    assert result.code == 1 and "changed by someone else" in result.err
    assert shown_safely(result.err) and SHOWN in result.err and result.err.count("\n") == 1


def test_a_colleagues_mission_reference_in_a_not_found_message(seeded_cli, db_path):
    with open_as(db_path, "Bob") as bob:
        missions.add_mission(bob, "M-" + CLEAR_AND_TITLE, "Mission de Bob")
    result = seeded_cli("add", "x", "-m", "M-" + CLEAR_AND_TITLE + "-typo", "-d", "fin juin")
    assert result.code == 1 and shown_safely(result.err) and SHOWN in result.err


@pytest.mark.parametrize("args", [
    ["show", CLEAR_AND_TITLE],  # click's own usage error quotes the argument
    ["list", "--sort", CLEAR_AND_TITLE],
    ["nope" + CLEAR_AND_TITLE],
    ["edit", "12", "--resolve", CLEAR_AND_TITLE],
], ids=["int", "choice", "command", "resolve"])
def test_usage_errors_quote_arguments_safely(seeded_cli, args):
    result = seeded_cli(*args)
    assert result.code == 2 and "Error:" in result.err
    assert shown_safely(result.err) and "\\x1b[2J" in result.err


def test_a_missing_file_named_with_escapes(seeded_cli, tmp_path):
    result = seeded_cli("import", str(tmp_path / f"{CLEAR_AND_TITLE}.ics"))
    assert result.code != 0 and shown_safely(result.err) and "\\x1b[2J" in result.err


def test_a_phrase_with_escapes_in_a_date_error(seeded_cli):
    result = seeded_cli("add", "x", "-m", DNS, "-d", "fin " + CLEAR_AND_TITLE)
    assert result.code == 1 and shown_safely(result.err)


def test_an_export_path_with_escapes_in_the_confirmation(seeded_cli, tmp_path):
    result = seeded_cli("export", "-o", str(tmp_path / f"x{CLEAR_AND_TITLE}.ics"))
    assert result.code == 0 and shown_safely(result.err) and "\\x1b[2J" in result.err
