"""Deliverables imported as JSON (lines, or the array `list --json` prints), as README documents it:
each object has mission, title, due (a date or a phrase) and optionally kind, status, owners, lead,
notes, uid. All or nothing: a wrong line is named with its number and nothing is written."""

import json

import pytest

DNS = "D-22-010393"


@pytest.fixture
def seeded_cli(cli):
    assert cli("load-seeds").code == 0
    return cli


def lines(*objects) -> str:
    return "\n".join(o if isinstance(o, str) else json.dumps(o, ensure_ascii=False) for o in objects) + "\n"


def write(tmp_path, text: str | bytes, name="team.jsonl"):
    path = tmp_path / name
    (path.write_bytes if isinstance(text, bytes) else path.write_text)(text)
    return str(path)


def listed(cli):
    return {d["title"]: d for d in cli("list", "--json", "--deleted").json()}


def assert_nothing_written(cli, before, result):
    assert result.code == 1 and "Traceback" not in result.err
    assert result.err.splitlines()[-1].startswith("missiontui: error: ")
    assert listed(cli) == before


def test_json_lines_create_what_each_line_says(seeded_cli, tmp_path):
    path = write(tmp_path, lines(
        {"mission": DNS, "title": "Note de cadrage", "due": "fin mai", "kind": "other",
         "owners": ["Laura Létourneau", {"name": "Thomas Audigé", "lead": True}], "notes": "à relire"},
        {"mission": DNS, "title": "Entretiens ARS", "due": "2022-07-15", "status": "in-progress", "owners": ["Dominique Pon"],
         "uid": "entretiens-ars@ministere.example"},
        {"mission": DNS, "title": "Revue par les pairs", "kind": "meeting"}))  # no due: to schedule
    result = seeded_cli("import", path)
    assert result.code == 0 and "imported: 3 to create, 0 to update, 0 unchanged, 0 skipped" in result.out
    items = listed(seeded_cli)
    cadrage = items["Note de cadrage"]
    assert (cadrage["due"], cadrage["precision"], cadrage["phrase"]) == ("2022-05-31", "end-of-month", "fin mai")
    assert (cadrage["kind"], cadrage["status"], cadrage["lead"], cadrage["notes"]) == \
        ("other", "planned", "Thomas Audigé", "à relire")
    assert sorted((o["name"], o["lead"]) for o in cadrage["owners"]) == [("Laura Létourneau", False),
                                                                         ("Thomas Audigé", True)]
    entretiens = items["Entretiens ARS"]
    assert (entretiens["due"], entretiens["precision"], entretiens["status"], entretiens["uid"]) == \
        ("2022-07-15", "day", "in-progress", "entretiens-ars@ministere.example")
    assert entretiens["lead"] == "Dominique Pon"  # the only owner leads
    revue = items["Revue par les pairs"]
    assert (revue["due"], revue["kind"], revue["mission"]) == (None, "meeting", DNS)
    history = seeded_cli("history", str(cadrage["id"]), "--json").json()
    assert history[-1]["action"] == "create" and history[-1]["source"] == "import team.jsonl"


def test_a_second_import_of_the_same_uids_changes_nothing(seeded_cli, tmp_path):
    path = write(tmp_path, lines({"mission": DNS, "title": "Entretiens", "due": "2022-07-15", "uid": "e-1"}))
    assert seeded_cli("import", path).code == 0
    again = seeded_cli("import", path)
    assert again.code == 0 and "0 to create" in again.out and "UID e-1 is already here" in again.out
    assert [t for t in listed(seeded_cli) if t == "Entretiens"] == ["Entretiens"]


def test_the_array_list_json_prints_imports_without_duplicates(seeded_cli, tmp_path):
    exported = write(tmp_path, seeded_cli("list", "--json", "-m", DNS).out, "dns.json")
    result = seeded_cli("import", exported)
    assert result.code == 0 and "0 to create" in result.out and "4 skipped" in result.out


def test_a_wrong_line_is_named_and_nothing_is_written(seeded_cli, tmp_path):
    before = listed(seeded_cli)
    path = write(tmp_path, lines(
        {"mission": DNS, "title": "Bonne ligne", "due": "fin juin"},
        {"mission": DNS, "title": "Autre bonne ligne", "due": "fin juillet"},
        {"mission": DNS, "title": "Mauvais propriétaire", "due": "fin juin", "owners": ["Personne Inconnue"]},
        "{not json",
        {"mission": "NOPE", "title": "Mauvaise mission", "due": "fin juin"},
        {"mission": DNS, "title": "Mauvaise date", "due": "31/09/2022"},
        {"mission": DNS, "title": "Mauvais statut", "status": "fini"},
        ["a", "list"]))
    result = seeded_cli("import", path)
    assert_nothing_written(seeded_cli, before, result)
    problems = [line for line in result.err.splitlines() if line.startswith("problem: ")]
    assert [p.split(":")[1].strip() for p in problems] == ["line 3", "line 4", "line 5", "line 6", "line 7", "line 8"]
    assert "unknown person 'Personne Inconnue'" in problems[0] and "not valid JSON" in problems[1]
    assert "no mission with reference 'NOPE'" in problems[2] and "September has no day 31" in problems[3]
    assert "unknown status 'fini'" in problems[4] and "each deliverable is a JSON object" in problems[5]
    assert "6 problems" in result.err.splitlines()[-1]


@pytest.mark.parametrize("text, message", [
    ("[" * 100_000, "nested too deeply"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('{"mission": "D-22-010393", "title": ' + "[" * 100_000, "nested too deeply"),  # one JSON line
    ("[1, 2", "not valid JSON"),
    ('{"a": 1}', "which mission"),
    ("\ufeff[]", None),  # a byte-order mark (Windows' Notepad writes one) and nothing to do
], ids=["brackets", "balanced", "line", "truncated", "no-mission", "bom-empty"])
def test_hostile_json_is_one_clear_line(seeded_cli, tmp_path, text, message):
    before = listed(seeded_cli)
    result = seeded_cli("import", write(tmp_path, text, "x.json"))
    if message is None:
        assert result.code == 0 and "0 to create" in result.out and listed(seeded_cli) == before
        return
    assert_nothing_written(seeded_cli, before, result)
    assert message in result.err


@pytest.mark.parametrize("fields, message", [
    ({"owners": [{"lead": True}]}, "'owners' is a list of names"),  # an owner object without its name
    ({"owners": [{"name": 12}]}, "'owners' is a list of names"),
    ({"owners": "Thomas Audigé"}, "'owners' is a list of names"),
    ({"lead": ["x"]}, "'owners' is a list of names"),
    ({"due": "2022-09-30", "precision": "month", "phrase": "septembre\x00"}, "cannot contain a NUL character"),
    ({"due": "2022-09-30", "precision": "month", "phrase": "s" * 20_001}, "cannot be longer than 20000 characters"),
    ({"due": "2022-09-30", "precision": "month", "phrase": 10 ** 400}, "'phrase' must be text"),
    ({"due": "2022-09-30", "precision": 10 ** 400}, "unknown precision"),
    ({"due": "2022-09-30", "precision": 1e400}, "unknown precision"),
    ({"due": 10 ** 400}, "'due' is a date or a deadline phrase"),
    ({"due": "fin juin", "completed_on": 10 ** 400}, "'completed_on' must be a date"),
    ({"due": "fin juin", "completed_on": "99999-01-01"}, None),
    ({"title": "x\x00y"}, "cannot contain a NUL character"),
    ({"title": 10 ** 400}, "'title' must be text"),
    ({"notes": "n" * 20_001}, "cannot be longer than 20000 characters"),
    ({"kind": {"a": 1}}, "unknown kind"),
    ({"mission": [None]}, "mission"),  # the fuzz found a traceback here (a list is not a reference)
    ({"mission": {"ref": DNS}}, "mission"),
    ({"uid": 10 ** 400}, "'uid' must be non-empty text"),
    ({"uid": "   "}, "'uid' must be non-empty text"),
], ids=lambda v: None if isinstance(v, dict) else "")
def test_each_field_is_checked_whatever_its_type(seeded_cli, tmp_path, fields, message):
    before = listed(seeded_cli)
    record = {"mission": DNS, "title": "Livrable", "due": "fin juin"} | fields
    result = seeded_cli("import", write(tmp_path, json.dumps(record) + "\n"))
    assert_nothing_written(seeded_cli, before, result)
    assert "problem: line 1: " in result.err and (message is None or message in result.err)


def test_a_uid_repeated_in_the_file_is_refused(seeded_cli, tmp_path):
    before = listed(seeded_cli)
    twice = {"mission": DNS, "title": "Deux fois", "due": "fin juin", "uid": "same"}
    result = seeded_cli("import", write(tmp_path, lines(twice, twice)))
    assert_nothing_written(seeded_cli, before, result)
    assert "problem: line 2: 'uid' must be non-empty text, once per file" in result.err


def test_a_file_without_end_is_refused_at_the_size_limit(seeded_cli):
    """/dev/zero never ends: the import stops reading at its limit (64 MiB) and says so."""
    before = listed(seeded_cli)
    result = seeded_cli("import", "/dev/zero")
    assert_nothing_written(seeded_cli, before, result)
    assert "larger than 64 MiB" in result.err


def test_a_file_saved_with_a_byte_order_mark_imports(seeded_cli, tmp_path):
    line = json.dumps({"mission": DNS, "title": "Avec BOM", "due": "fin juin"})
    result = seeded_cli("import", write(tmp_path, ("\ufeff" + line + "\n").encode("utf-8")))
    assert result.code == 0 and listed(seeded_cli)["Avec BOM"]["due"] == "2022-06-30"


def test_bytes_that_are_not_utf8_are_one_line(seeded_cli, tmp_path):
    before = listed(seeded_cli)
    result = seeded_cli("import", write(tmp_path, b'{"mission": "D-22-010393", "title": "caf\xe9"}\n'))
    assert_nothing_written(seeded_cli, before, result)
