"""Every CLI command as a user types it, including the mistakes users make."""

import json
import stat

import pytest

DNS = "D-22-010393"


@pytest.fixture
def seeded_cli(cli):
    assert cli("load-seeds").code == 0
    return cli


def test_init_creates_a_private_database(cli, db_path):
    result = cli("init")
    assert result.code == 0 and str(db_path) in result.out
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


def test_default_database_comes_from_the_environment(cli, tmp_path):
    result = cli("init", db=None)
    assert str(tmp_path / "default.db") in result.out


def test_load_seeds_then_list_json_shows_both_letters(seeded_cli):
    items = seeded_cli("list", "--json").json()
    by_title = {(d["mission"], d["phrase"]): d for d in items}
    assert by_title[(DNS, "Paris, 21 AVR. 2022")]["due"] == "2022-04-21"
    assert by_title[(DNS, "d'ici la fin juin")]["due"] == "2022-06-30"
    report = by_title[(DNS, "remis en septembre 2022")]
    assert (report["due"], report["precision"], report["lead"]) == ("2022-09-30", "month", "Thomas Audigé")
    # the letter: the report comes after the checkpoint, and nothing of it is done yet
    assert (report["kind"], report["status"], report["completed_on"]) == ("report", "planned", None)
    assert report["depends_on"] == [by_title[(DNS, "d'ici la fin juin")]["id"]]
    assert by_title[(DNS, "avant la fin de l'année")]["due"] == "2022-12-31"
    stss = "STSS-2018-02-09"
    assert by_title[(stss, "le 13 février 2018")]["due"] == "2018-02-13"
    assert (by_title[(stss, "courant avril")]["due"], by_title[(stss, "courant avril")]["precision"]) == ("2018-04-30", "month")
    assert by_title[(stss, "à la fin du mois de mai")]["due"] == "2018-05-31"
    assert seeded_cli("load-seeds").out.strip() == "seed missions already loaded"


def test_json_fields_are_the_documented_ones(seeded_cli):
    item = seeded_cli("list", "--json", "--limit", "1").json()[0]
    assert set(item) >= {"id", "uid", "mission", "title", "kind", "due", "precision", "phrase", "status", "owners",
                         "lead", "depends_on", "notes", "completed_on", "version", "sequence", "created_at",
                         "updated_at", "deleted"}


def test_add_with_a_french_phrase(seeded_cli):
    result = seeded_cli("add", "Note de cadrage", "-m", DNS, "-d", "fin mai", "-o", "thomas audigé", "-k", "other", "--json")
    assert result.code == 0
    added = result.json()
    assert (added["due"], added["precision"], added["phrase"], added["lead"]) == ("2022-05-31", "end-of-month", "fin mai", "Thomas Audigé")


def test_edit_moves_a_deadline_with_a_reason_and_history_shows_it(seeded_cli):
    assert seeded_cli("edit", "12", "-d", "mi-octobre", "-r", "entretiens ARS").code == 0
    history = seeded_cli("history", "12", "--json").json()
    assert history[0]["field"] == "due" and history[0]["reason"] == "entretiens ARS"
    assert history[0]["new"].startswith("2022-10-15")
    assert "entretiens ARS" in seeded_cli("history", "12").out


def test_edit_with_a_stale_version_is_a_conflict(seeded_cli):
    version = seeded_cli("show", "12", "--json").json()["version"]
    assert seeded_cli("edit", "12", "-n", "Bob", "--version", str(version)).code == 0
    result = seeded_cli("edit", "12", "-n", "Alice", "--version", str(version))
    assert result.code == 1 and "changed by someone else" in result.err and "Traceback" not in result.err
    assert seeded_cli("show", "12", "--json").json()["notes"] == "Bob"


def test_undo_and_redo_from_the_command_line(seeded_cli):
    assert seeded_cli("edit", "12", "-d", "mi-octobre", "-r", "entretiens").code == 0
    assert seeded_cli("done", "11").code == 0
    undone = seeded_cli("undo", "--json").json()  # the last change first: 11 is not done any more
    assert [(c["entity_id"], c["field"]) for c in undone["changes"]] == [(11, "status"), (11, "completed_on")]
    assert seeded_cli("show", "11", "--json").json()["status"] == "planned"
    assert "undid" in seeded_cli("undo").out  # then the deadline move
    assert seeded_cli("show", "12", "--json").json()["due"] == "2022-09-30"
    assert seeded_cli("redo").code == 0
    assert seeded_cli("show", "12", "--json").json()["due"] == "2022-10-15"
    history = seeded_cli("history", "12", "--json").json()
    assert [h["kind"] for h in history[:3]] == ["redo", "undo", "do"]
    # a new change clears what could be redone
    assert seeded_cli("edit", "13", "-n", "vu").code == 0
    result = seeded_cli("redo")
    assert result.code == 1 and "nothing to redo" in result.err


def test_two_undos_are_redone_in_turn_and_then_there_is_nothing_left_to_redo(seeded_cli):
    assert seeded_cli("edit", "12", "-d", "mi-octobre").code == 0
    assert seeded_cli("edit", "13", "-n", "à relire").code == 0
    assert seeded_cli("undo").code == 0 and seeded_cli("undo").code == 0
    assert (seeded_cli("show", "12", "--json").json()["due"], seeded_cli("show", "13", "--json").json()["notes"]) == (
        "2022-09-30", "")
    first = seeded_cli("redo")  # the last undone first: the deadline move
    assert first.code == 0, first.err
    assert seeded_cli("show", "12", "--json").json()["due"] == "2022-10-15"
    second = seeded_cli("redo")  # then the note
    assert second.code == 0, second.err
    assert seeded_cli("show", "13", "--json").json()["notes"] == "à relire"
    third = seeded_cli("redo")
    assert third.code == 1 and "nothing to redo" in third.err


def test_undo_refuses_to_revert_a_colleagues_work(seeded_cli, db_path, monkeypatch):
    assert seeded_cli("edit", "12", "-d", "mi-octobre").code == 0
    monkeypatch.setenv("MISSIONTUI_USER", "Claire Martin")
    assert seeded_cli("edit", "12", "-d", "fin octobre 2022", "-r", "audition").code == 0
    monkeypatch.setenv("MISSIONTUI_USER", "Thomas Audigé")
    result = seeded_cli("undo")
    assert result.code == 1 and "due" in result.err and "Claire Martin" in result.err
    assert seeded_cli("show", "12", "--json").json()["due"] == "2022-10-31"  # hers is kept


def test_edit_from_a_stale_version_keeps_the_colleagues_other_fields(seeded_cli):
    version = seeded_cli("show", "12", "--json").json()["version"]
    assert seeded_cli("edit", "12", "-d", "fin octobre 2022").code == 0  # a colleague moves it
    saved = seeded_cli("edit", "12", "-t", "Rapport", "--version", str(version), "--json").json()
    assert (saved["title"], saved["due"], saved["kept"]) == ("Rapport", "2022-10-31", ["due"])
    refused = seeded_cli("edit", "12", "-d", "mi-novembre", "--version", str(version))
    assert refused.code == 1 and "due" in refused.err and "--resolve" in refused.err
    assert seeded_cli("show", "12", "--json").json()["due"] == "2022-10-31"
    mine = seeded_cli("edit", "12", "-d", "mi-novembre", "--version", str(version), "--resolve", "due=mine")
    assert mine.code == 0 and seeded_cli("show", "12", "--json").json()["due"] == "2022-11-15"


def test_done_rm_restore(seeded_cli):
    assert seeded_cli("done", "11", "--on", "2022-06-28").code == 0
    assert seeded_cli("show", "11", "--json").json()["completed_on"] == "2022-06-28"
    assert "restore 11" in seeded_cli("rm", "11", "-r", "doublon").out
    deleted = seeded_cli("history", "11", "--json").json()[0]
    assert (deleted["action"], deleted["reason"], deleted["actor"]) == ("delete", "doublon", "Thomas Audigé")
    assert 11 not in [d["id"] for d in seeded_cli("list", "--json").json()]
    assert 11 in [d["id"] for d in seeded_cli("list", "--json", "--deleted").json()]
    assert seeded_cli("restore", "11").code == 0
    assert 11 in [d["id"] for d in seeded_cli("list", "--json").json()]


@pytest.mark.parametrize("args, expected_ids", [
    (["--mission", "d-22-010393"], {10, 11, 12, 13}),
    (["--owner", "Laura Létourneau"], {11}),
    (["--status", "done"], {1, 2, 10}),
    (["--kind", "checkpoint", "--kind", "report"], {4, 5, 11, 12}),
    (["--due-before", "fin mai 2018"], {1, 2, 3, 4}),
    (["--due-after", "septembre 2022"], {12, 13, 5, 6, 7, 8}),
    # a range starting before June (issue 12: "month must be in 1..12"); the seeds are due on
    # 2018-02-09 #1, 02-13 #2, 04-30 #3, 05-31 #4, 12-31 #9; 2022-04-21 #10, 06-30 #11, 09-30 #12, 12-31 #5-8 #13
    (["--due-after", "2022-03-01"], {10, 11, 12, 13, 5, 6, 7, 8}),
    (["--due-after", "mars 2022"], {10, 11, 12, 13, 5, 6, 7, 8}),
    (["--due-after", "mai 2022"], {11, 12, 13, 5, 6, 7, 8}),
    (["--due-after", "janvier 2018"], {1, 2, 3, 4, 9, 10, 11, 12, 13, 5, 6, 7, 8}),
    (["--due-after", "T1 2018"], {1, 2, 3, 4, 9, 10, 11, 12, 13, 5, 6, 7, 8}),
    (["--due-after", "T2 2018"], {3, 4, 9, 10, 11, 12, 13, 5, 6, 7, 8}),  # from 1 April: #3 on 30 April is in
    (["--due-after", "T2 2022"], {10, 11, 12, 13, 5, 6, 7, 8}),  # from 1 April: #10 on 21 April is in
    (["--due-after", "T4 2022"], {13, 5, 6, 7, 8}),
    (["--due-after", "S2 2018"], {9, 10, 11, 12, 13, 5, 6, 7, 8}),  # from 1 July
    (["--due-after", "2018"], {1, 2, 3, 4, 9, 10, 11, 12, 13, 5, 6, 7, 8}),
    # bounds in the past are bounds, not deadlines (today is 2022-05-16)
    (["--due-before", "hier"], {1, 2, 3, 4, 9, 10}),
    (["--due-after", "le mois dernier"], {10, 11, 12, 13, 5, 6, 7, 8}),  # April 2022, from 1 April
    (["--due-after", "T2 2022", "--due-before", "T2 2022"], {10, 11}),
    (["--due-after", "T1 2023"], set()),
    (["--due-after", "S1 2018", "--due-before", "fin février 2018"], {1, 2}),
    (["--overdue", "--mission", "STSS-2018-02-09"], {3, 4, 9}),  # today is 2022-05-16
    (["--mine"], {11, 12}),
    (["--search", "prescriptions"], {7}),
    (["--open", "--owner", "Olivier Véran"], {13}),
])
def test_list_filters(seeded_cli, args, expected_ids):
    assert {d["id"] for d in seeded_cli("list", "--json", *args).json()} == expected_ids


def test_list_sorts(seeded_cli):
    titles = [d["title"] for d in seeded_cli("list", "--json", "--sort", "title", "--mission", DNS).json()]
    assert titles == sorted(titles, key=str.casefold)
    dues = [d["due"] for d in seeded_cli("list", "--json", "--desc").json()]
    assert dues == sorted(dues, reverse=True)


def test_mission_commands(seeded_cli):
    assert seeded_cli("people", "add", "Marie Curie", "--email", "marie@example.org", "--role", "inspectrice").code == 0
    created = seeded_cli("mission", "add", "IGAS-2026-001", "-t", "Revue", "--signed", "21/04/2026",
                         "--addressee", "Chef de l'IGAS", "--lead", "marie@example.org", "--json").json()
    assert (created["signed_on"], created["lead"], created["addressees"]) == ("2026-04-21", "Marie Curie", ["Chef de l'IGAS"])
    listed = {m["reference"]: m for m in seeded_cli("mission", "list", "--json").json()}
    assert (listed[DNS]["done"], listed[DNS]["total"], listed[DNS]["overdue"]) == (1, 4, 0)
    assert listed[DNS]["next_due"] == "2022-06-30"
    shown = seeded_cli("mission", "show", DNS, "--json").json()
    assert shown["signatory"] == "Olivier Véran" and len(shown["deliverables"]) == 4
    assert "Bilan d'étape" in seeded_cli("mission", "show", DNS).out
    assert seeded_cli("mission", "close", "IGAS-2026-001").code == 0
    assert {m["reference"]: m["status"] for m in seeded_cli("mission", "list", "--json").json()}["IGAS-2026-001"] == "closed"
    assert seeded_cli("mission", "reopen", "IGAS-2026-001").code == 0


def test_people_list(seeded_cli):
    people = {p["name"]: p for p in seeded_cli("people", "list", "--json").json()}
    assert people["Laura Létourneau"]["role"] == "Déléguée ministérielle au numérique en santé"
    assert "Thomas Audigé" in seeded_cli("people", "list").out


def test_human_output_shows_titles_literally_and_neutralises_escapes(seeded_cli):
    seeded_cli("add", "[bold]x\x1b[31mrouge", "-m", DNS, "-d", "fin juin")
    out = seeded_cli("list", "--search", "bold").out
    assert "[bold]x\\x1b[31mrouge" in out and "\x1b" not in out


@pytest.mark.parametrize("args, message", [
    (["add", "x", "-m", DNS, "-d", "31/09/2022"], "September has no day 31"),
    (["add", "x", "-m", DNS, "-d", "05/13/2022"], "13 is not a month"),
    (["add", "x", "-m", DNS, "-d", "bientôt"], "no date found"),
    (["add", "x", "-m", "NOPE", "-d", "fin juin"], "no mission with reference 'NOPE'"),
    (["add", "x", "-m", DNS, "-d", "fin juin", "-o", "Personne"], "unknown person 'Personne'"),
    (["add", " ", "-m", DNS, "-d", "fin juin"], "title cannot be empty"),
    (["add", "x", "-m", DNS, "-d", "fin juin", "--depends-on", "999"], "no deliverable #999"),
    (["edit", "999", "-t", "x"], "no deliverable #999"),
    (["edit", "11", "--depends-on", "12"], "dependency cycle"),
    (["done", "999"], "no deliverable #999"),
    (["done", "11", "--on", "quand ce sera fini"], "no date found"),
    (["rm", "999"], "no deliverable #999"),
    (["restore", "11"], "no deleted deliverable #11"),
    (["show", "999"], "no deliverable #999"),
    (["history", "999"], "no deliverable #999"),
    (["list", "--due-before", "un jour"], "no date found"),
    (["mission", "show", "NOPE"], "no mission"),
    (["mission", "add", DNS, "-t", "again"], "already exists"),
    (["mission", "add", "X", "-t", "t", "--signed", "32/01/2022"], "January has no day 32"),
    (["people", "add", "Thomas Audigé"], "already exists"),
    (["people", "add", ""], "cannot be empty"),
])
def test_bad_input_is_one_clear_line_and_exit_1(seeded_cli, args, message):
    result = seeded_cli(*args)
    assert result.code == 1, result
    assert result.err.startswith("missiontui: error: ") and result.err.count("\n") == 1
    assert message in result.err
    assert "Traceback" not in result.err + result.out


def test_done_yesterday_and_signed_last_week_are_past_days_not_refused_deadlines(seeded_cli):
    """A completion or a signature is in the past by nature: "hier" is 15 May when today is 16 May."""
    assert seeded_cli("done", "11", "--on", "hier soir").code == 0
    assert seeded_cli("show", "11", "--json").json()["completed_on"] == "2022-05-15"
    created = seeded_cli("mission", "add", "IGAS-2022-7", "-t", "Revue", "--signed", "le 12 mai dernier", "--json")
    assert created.code == 0 and created.json()["signed_on"] == "2022-05-12"


def test_mine_wins_over_another_owner(seeded_cli):
    """MISSIONTUI_USER is Thomas Audigé, who owns the DNS checkpoint and report (the letter's lead)."""
    assert {d["id"] for d in seeded_cli("list", "--json", "--owner", "Olivier Véran", "--mine").json()} == {11, 12}


@pytest.mark.parametrize("args", [["edit", "abc"], ["list", "--sort", "bogus"], ["add", "x"], ["nope"],
                                  ["list", "--limit", "0"], ["add", "x", "-m", DNS, "-d", "fin juin", "-k", "weird"]])
def test_usage_errors_exit_2(seeded_cli, args):
    result = seeded_cli(*args)
    assert result.code == 2 and "Error:" in result.err and "Traceback" not in result.err


HUGE = "99999999999999999999"  # more than SQLite's 64-bit integers hold


@pytest.mark.parametrize("args", [
    ["show", HUGE], ["edit", HUGE, "-t", "x"], ["done", HUGE], ["rm", HUGE], ["history", HUGE],
    ["edit", "12", "--version", HUGE, "-t", "x"], ["edit", "12", "--depends-on", HUGE],
    ["add", "x", "-m", DNS, "--depends-on", HUGE], ["list", "--limit", HUGE], ["show", "--", "-1"],
], ids=lambda a: " ".join(a[:2]) + (" " + a[2] if len(a) > 2 and a[2].startswith("-") else ""))
def test_numbers_beyond_what_the_database_holds_are_a_usage_error(seeded_cli, args):
    before = seeded_cli("list", "--json", "--deleted").json()
    result = seeded_cli(*args)
    assert result.code == 2 and "Error: Invalid value for" in result.err and "is not in the range" in result.err
    assert "Traceback" not in result.err and "damaged" not in result.err
    assert seeded_cli("list", "--json", "--deleted").json() == before


def test_damaged_database_is_one_line(cli, tmp_path):
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"garbage" * 1000)
    result = cli("list", db=broken)
    assert result.code == 1 and f"{broken} is not an SQLite database" in result.err
    assert broken.read_bytes() == b"garbage" * 1000


def test_unreadable_location_is_one_line(cli, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "x").write_text("")
    result = cli("list", db=folder / "x" / "m.db")  # a file where a folder should be
    assert result.code == 1 and result.err.startswith("missiontui: error:")


def test_bad_config_file_is_one_line(cli, tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text('langage = "fr"\n')
    monkeypatch.setenv("MISSIONTUI_CONFIG", str(config))
    result = cli("list")
    assert result.code == 1 and "unknown setting 'langage'" in result.err


def test_a_password_in_the_sync_url_of_the_config_is_refused_and_never_shown(cli, tmp_path, monkeypatch):
    """A new user pasted https://alice:secret@host/… into [sync] url: say so, show no password."""
    config = tmp_path / "config.toml"
    config.write_text('[sync]\nurl = "https://alice:s3cr3t-pw@cloud.example.org/remote.php/dav/calendars/alice/"\n')
    monkeypatch.setenv("MISSIONTUI_CONFIG", str(config))
    result = cli("sync", "status")
    assert result.code == 1 and "sync.url holds a user or password before the host" in result.err
    assert "s3cr3t-pw" not in result.err + result.out and result.err.count("\n") == 1


def test_config_user_acts(cli, tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text('user = "Laura Létourneau"\n')
    monkeypatch.setenv("MISSIONTUI_CONFIG", str(config))
    monkeypatch.delenv("MISSIONTUI_USER")
    cli("load-seeds")
    assert {d["id"] for d in cli("list", "--mine", "--json").json()} == {11}


def test_date_command(cli):
    result = cli("date", "fin juin", "sous quinzaine", "next friday", "+2w", "--ref", "2022-04-21")
    assert result.code == 0
    assert result.out.splitlines()[0] == "fin juin → Thursday 30 June 2022 · end of month"
    french = cli("--lang", "fr", "date", "fin juin", "--ref", "2022-04-21")
    assert french.out.strip() == "fin juin → jeudi 30 juin 2022 · fin de mois"


def test_date_command_json_lines_and_errors(cli):
    result = cli("date", "--json", "fin juin", "31/09/2022", "--ref", "2022-04-21")
    lines = [json.loads(line) for line in result.out.splitlines()]
    assert lines[0] == {"text": "fin juin", "date": "2022-06-30", "precision": "end-of-month", "phrase": "fin juin"}
    assert lines[1]["text"] == "31/09/2022" and "September has no day 31" in lines[1]["error"]
    assert result.code == 1


def test_date_command_bad_ref(cli):
    result = cli("date", "fin juin", "--ref", "31/04/2022")
    assert result.code == 2 and "--ref" in result.err and "April has no day 31" in result.err


def test_the_real_command_in_a_real_process(tmp_path):
    from tests.conftest import run_process

    db = str(tmp_path / "p.db")
    assert run_process("--version").stdout.startswith("missiontui, version")
    assert run_process("--db", db, "load-seeds").returncode == 0
    listed = run_process("--db", db, "list", "--json")
    assert listed.returncode == 0 and len(json.loads(listed.stdout)) == 13
    failed = run_process("--db", db, "edit", "999", "-t", "x")
    assert failed.returncode == 1 and failed.stderr == "missiontui: error: no deliverable #999\n"


def test_undecodable_bytes_in_an_argument_are_one_line(seeded_cli):
    result = seeded_cli("add", "caf\udce9", "-m", DNS, "-d", "fin juin")
    assert result.code == 1 and "not valid UTF-8" in result.err and "Traceback" not in result.err
    assert seeded_cli("list", "-q", "caf", "--json").json() == []


def test_a_database_locked_by_a_long_write_is_one_line(seeded_cli, db_path, monkeypatch):
    import sqlite3

    from missiontui.store import connection

    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 100)
    notes = seeded_cli("show", "12", "--json").json()["notes"]
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = seeded_cli("edit", "12", "-n", "x")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.code == 1 and "database is locked" in result.err and "nothing was changed" in result.err
    assert seeded_cli("show", "12", "--json").json()["notes"] == notes
