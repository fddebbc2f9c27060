"""`missiontui letter FILE --create`: the mission a letter proposes, written in one change set after
the user said yes. Both real letters give back the missions `load-seeds` creates."""

import json
import os
import subprocess
import sys

from tests.conftest import DATA, DB_DIR, LETTERS

DNS = str(LETTERS / "000_f7f9f1bf2d4d5d01.txt")
STSS = str(LETTERS / "003_0a0003b1b97e23e3.txt")
PEOPLE = json.loads((DB_DIR / "seeds" / "people.json").read_text(encoding="utf-8"))


def mission_as_created(cli, db, reference):
    """What a mission holds, as the user reads it back (UIDs and ids aside): its fields, and each
    deliverable with its date, precision, phrase, owners and what it comes after (by date and phrase)."""
    shown = cli("mission", "show", reference, "--json", db=db).json()
    by_id = {d["id"]: d for d in shown["deliverables"]}
    mission = {k: shown[k] for k in ("reference", "title", "authority", "signatory", "addressees", "signed_on",
                                     "lead", "status")}
    deliverables = sorted(
        (d["due"], d["precision"], d["phrase"], d["kind"], d["status"], d["completed_on"],
         tuple((o["name"], o["lead"]) for o in d["owners"]),
         tuple(sorted((by_id[x]["due"], by_id[x]["phrase"]) for x in d["depends_on"])))
        for d in shown["deliverables"])
    return mission, deliverables


def people_of(cli, db):
    return sorted((p["name"], p["role"]) for p in cli("people", "list", "--json", db=db).json())


def test_both_seed_letters_reproduce_their_missions_through_letter_create(cli, tmp_path):
    seeded, created = tmp_path / "seeded.db", tmp_path / "created.db"
    cli("load-seeds", db=seeded)
    for p in PEOPLE:  # the team's directory: it gives "Olivier VERAN" his accent, as it does to load-seeds
        assert cli("people", "add", p["name"], "--role", p["role"], "--org", p["organisation"], db=created).code == 0
    for letter in (DNS, STSS):
        result = cli("letter", letter, "--create", "--yes", db=created)
        assert result.code == 0, result.err
    for reference in ("D-22-010393", "STSS-2018-02-09"):
        assert mission_as_created(cli, created, reference) == mission_as_created(cli, seeded, reference)
    assert people_of(cli, created) == people_of(cli, seeded)


def test_a_letter_creates_the_people_it_names_and_its_undated_deliverables(cli):
    result = cli("letter", str(DATA / "letters" / "04_undated_requests.txt"), "--create", "--yes", "--json")
    assert result.code == 0, result.err
    created = result.json()["created"]
    assert (created["reference"], created["signed_on"], created["lead"]) == ("LETTRE-2024-02-02", "2024-02-02",
                                                                             "Nadia Benali")
    assert sorted((d["kind"], d["due"], d["phrase"], d["lead"]) for d in created["deliverables"]) == [
        ("mandate", "2024-02-02", "2 février 2024", "Paul Morin"),
        ("meeting", None, "", "Nadia Benali"),
        ("report", None, "", "Nadia Benali"),
        ("report", None, "", "Nadia Benali"),  # "le moment venu" stays in its sentence, in the notes
    ]
    assert any(d["notes"] == "« Vous me remettrez votre rapport le moment venu, lorsque les concertations locales "
               "auront abouti. »" for d in created["deliverables"])
    assert [(p["name"], p["role"]) for p in cli("people", "list", "--json").json()] == [
        ("Nadia Benali", "Inspectrice générale des affaires sociales, Inspection générale des affaires sociales"),
        ("Paul Morin", "Ministre délégué")]
    assert len(cli("list", "--undated", "--json").json()) == 3


def test_a_created_letter_is_one_change_undone_whole(cli):
    cli("letter", DNS, "--create", "--yes")
    assert len(cli("list", "--json").json()) == 4
    assert cli("undo").code == 0
    assert cli("list", "--json").json() == []
    assert cli("mission", "list", "--json").json() == []
    assert cli("people", "list", "--json").json() == []


def test_a_letter_already_created_is_refused_before_asking(cli):
    cli("letter", DNS, "--create", "--yes")
    result = cli("letter", DNS, "--create", "--yes")
    assert result.code == 1
    assert "a mission with reference 'D-22-010393' already exists" in result.err
    assert len(cli("list", "--json").json()) == 4


def answer(db, *args, input_text):
    """The real command in a process whose standard input holds the user's answer."""
    env = {**os.environ, "MISSIONTUI_DB": str(db)}
    return subprocess.run([sys.executable, "-m", "missiontui", *args], input=input_text, capture_output=True,
                          text=True, env=env, timeout=60)


def test_letter_create_asks_and_a_no_writes_nothing(tmp_path):
    db = tmp_path / "asked.db"
    no = answer(db, "letter", DNS, "--create", input_text="n\n")
    assert no.returncode == 1
    assert "Create mission D-22-010393 with 4 deliverables? [y/N]" in no.stdout
    assert "nothing was created" in no.stdout
    assert not db.exists()
    silent = answer(db, "letter", DNS, "--create", input_text="")  # a script that forgot --yes
    assert silent.returncode == 1 and not db.exists()
    yes = answer(db, "letter", DNS, "--create", input_text="y\n")
    assert yes.returncode == 0, yes.stderr
    assert "created mission D-22-010393: 4 deliverables" in yes.stdout


def test_create_options_are_checked(cli, db_path):
    assert cli("letter", DNS, "--yes").code == 2
    assert cli("letter", DNS, "--create", "--json").code == 2  # JSON asks nothing: it needs --yes
    assert not db_path.exists()
