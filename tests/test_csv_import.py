"""CSV for the spreadsheet workflow: what `list --format csv` writes, `import` reads back — through the
same plan as JSON: all or nothing, one line per bad row. And calendars never get a deliverable that
has no date yet."""


import pytest

from missiontui.usecases import deliverables


@pytest.fixture
def second_db(tmp_path, cli, seeded):
    """An empty database with the same missions and people: where a CSV export is imported."""
    target = tmp_path / "other.db"
    for person in seeded.store.people():
        assert cli("people", "add", person.name, db=target).code == 0
    for mission in seeded.store.missions():
        assert cli("mission", "add", mission.reference, "-t", mission.title, db=target).code == 0
    return target


def comparable(items: list[dict]) -> list[tuple]:
    return sorted((d["mission"], d["title"], d["kind"], d["due"], d["precision"], d["phrase"], d["status"],
                   d["lead"], tuple(o["name"] for o in d["owners"]), d["notes"], d["completed_on"], d["uid"])
                  for d in items)


def test_an_export_comes_back_as_it_was(seeded, cli, tmp_path, second_db):
    deliverables.add_deliverable(seeded, mission="D-22-010393", title="=SOMME(A1:A3)", due="+2w",
                                 notes="- une note\n@quelqu'un", owners=["Laura Létourneau", "Thomas Audigé"],
                                 lead="Thomas Audigé", kind="rapport")
    deliverables.add_deliverable(seeded, mission="D-22-010393", title="Propositions", due="")  # to schedule
    exported = tmp_path / "all.csv"
    exported.write_text(cli("list", "--format", "csv").out, encoding="utf-8", newline="")
    assert "'=SOMME(A1:A3)" in exported.read_text(encoding="utf-8")  # guarded for the spreadsheet
    result = cli("import", str(exported), db=second_db)
    assert result.code == 0, result.err
    assert "15 to create" in result.out
    assert comparable(cli("list", "--json", db=second_db).json()) == comparable(cli("list", "--json").json())


def test_a_spreadsheet_of_its_own_in_french_with_semicolons(seeded, cli, tmp_path):
    sheet = tmp_path / "plan.csv"
    sheet.write_text("mission;title;due;kind;status;owners\r\n"
                     "D-22-010393;Note de cadrage;fin mai 2022;autre;fait;Thomas\r\n"
                     "D-22-010393;Entretiens ARS;mi-juillet;réunion;en cours;\"Laura; Dominique Pon\"\r\n"
                     "D-22-010393;Propositions;;rapport;prévu;\r\n", encoding="utf-8-sig")
    result = cli("import", str(sheet))
    assert result.code == 0, result.err
    made = {d["title"]: d for d in cli("list", "--json", "-m", "D-22-010393").json()}
    assert (made["Note de cadrage"]["due"], made["Note de cadrage"]["status"]) == ("2022-05-31", "done")
    assert made["Entretiens ARS"]["kind"] == "meeting" and made["Entretiens ARS"]["status"] == "in-progress"
    assert [o["name"] for o in made["Entretiens ARS"]["owners"]] == ["Laura Létourneau", "Dominique Pon"]
    assert made["Propositions"]["due"] is None  # no date: to schedule


def test_one_bad_row_is_one_line_and_nothing_is_written(seeded, cli, tmp_path):
    before = cli("list", "--json").out
    sheet = tmp_path / "bad.csv"
    sheet.write_text('mission,title,due,kind\n'
                     'D-22-010393,Bon,fin juin,report\n'
                     'D-22-010393,Mauvais type,fin juin,bidule\n'
                     '"D-22-010393","Titre sur\ndeux lignes",31/09/2022,report\n'
                     'NOPE,Mission inconnue,fin juin,report\n', encoding="utf-8")
    result = cli("import", str(sheet))
    assert result.code == 1
    problems = [line for line in result.err.splitlines() if line.startswith("problem:")]
    assert problems == ["problem: line 3: unknown kind 'bidule' (choose from mandate, checkpoint, report, decision, "
                        "meeting, other)",
                        "problem: line 4: '31/09/2022': September has no day 31",
                        "problem: line 6: no mission with reference 'NOPE'"]
    assert result.err.splitlines()[-1] == "missiontui: error: nothing imported: 3 problems in the file"
    assert cli("list", "--json").out == before


def test_a_header_without_a_title_column_is_refused_clearly(seeded, cli, tmp_path):
    sheet = tmp_path / "x.csv"
    sheet.write_text("mission,title,échéance\nD-22-010393,x,fin juin\n", encoding="utf-8")
    result = cli("import", str(sheet))
    assert result.code == 1 and "unknown: échéance" in result.err and "known: completed_on, due" in result.err


def test_export_leaves_out_deliverables_to_schedule(seeded, cli):
    """It failed on them (no date to put in DTSTART): now they wait for a date, in every format."""
    deliverables.add_deliverable(seeded, mission="D-22-010393", title="Propositions", due="")
    events = cli("export", "-m", "D-22-010393").out
    tasks = cli("export", "-m", "D-22-010393", "--todo").out
    assert events.count("BEGIN:VEVENT") == 4 and "Propositions" not in events
    assert tasks.count("BEGIN:VTODO") == 4 and "Propositions" not in tasks
    dated = deliverables.edit_deliverable(seeded, 14, {"due": "fin octobre 2022"})
    assert dated.deliverable.due and "Propositions" in cli("export", "-m", "D-22-010393").out
