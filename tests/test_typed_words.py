"""What people type: colleagues by first name or the start of their name, kinds and statuses in French,
wherever they are typed (CLI, JSON import)."""

import json

import pytest

from missiontui.core.errors import InvalidInput, NotFound
from missiontui.core.model import Kind, Status
from missiontui.usecases import people
from missiontui.usecases.inputs import find_person, parse_kind, parse_status


@pytest.mark.parametrize("typed, name", [
    ("Thomas Audigé", "Thomas Audigé"),
    ("thomas", "Thomas Audigé"),  # a first name
    ("Thom", "Thomas Audigé"),  # the start of the name
    ("Agnes Buzyn", "Agnès Buzyn"),  # without the accent
    ("agnès", "Agnès Buzyn"),
    ("laura l", "Laura Létourneau"),
])
def test_a_colleague_by_first_name_or_prefix(seeded, typed, name):
    assert find_person(seeded.store, typed).name == name


def test_two_people_with_that_start_is_one_sentence_naming_them(seeded):
    people.add_person(seeded, "Thomas Martin")
    with pytest.raises(InvalidInput) as error:
        find_person(seeded.store, "Thomas")
    assert str(error.value) == ("'Thomas' could be several people: Thomas Audigé, Thomas Martin; "
                                "type more of the name")
    assert error.value.localized("fr") == ("«\u00a0Thomas\u00a0» peut désigner plusieurs personnes\u00a0: Thomas Audigé, "
                                           "Thomas Martin\u00a0; tapez une plus grande partie du nom")
    assert find_person(seeded.store, "Thomas A").name == "Thomas Audigé"


def test_a_first_name_that_is_whole_wins_over_a_longer_one(seeded):
    people.add_person(seeded, "Thomasine Roux")
    assert find_person(seeded.store, "thomas").name == "Thomas Audigé"


def test_nobody_by_that_name(seeded):
    with pytest.raises(NotFound, match="unknown person 'Zoé'"):
        find_person(seeded.store, "Zoé")


def test_adding_a_person_whose_name_starts_another_is_not_a_duplicate(seeded):
    assert people.add_person(seeded, "Thomas").name == "Thomas"
    assert find_person(seeded.store, "Thomas").name == "Thomas"  # the whole name wins


@pytest.mark.parametrize("typed, kind", [("rapport", Kind.REPORT), ("Point d'étape", Kind.CHECKPOINT),
                                         ("point d etape", Kind.CHECKPOINT), ("décision", Kind.DECISION),
                                         ("reunion", Kind.MEETING), ("REPORT", Kind.REPORT), ("mandat", Kind.MANDATE)])
def test_kinds_in_either_language(typed, kind):
    assert parse_kind(typed) is kind


@pytest.mark.parametrize("typed, status", [("fait", Status.DONE), ("en cours", Status.IN_PROGRESS),
                                           ("in_progress", Status.IN_PROGRESS), ("In Progress", Status.IN_PROGRESS),
                                           ("annulé", Status.CANCELLED), ("bloque", Status.BLOCKED),
                                           ("prévu", Status.PLANNED)])
def test_statuses_in_either_language(typed, status):
    assert parse_status(typed) is status


def test_an_unknown_status_names_the_choices():
    with pytest.raises(InvalidInput, match="unknown status 'finito' \\(choose from planned, in-progress"):
        parse_status("finito")


def test_the_cli_takes_french_kinds_statuses_and_first_names(seeded, cli):
    added = cli("add", "Rapport provisoire", "-m", "D-22-010393", "-d", "fin août", "-k", "rapport",
                "-s", "en cours", "-o", "thomas", "--json").json()
    assert (added["kind"], added["status"], added["lead"]) == ("report", "in-progress", "Thomas Audigé")
    assert cli("edit", str(added["id"]), "-s", "fait", "--json").json()["status"] == "done"
    listed = cli("list", "-s", "fait", "-k", "rapport", "--json").json()
    assert [d["id"] for d in listed] == [added["id"]]
    assert [d["id"] for d in cli("list", "-o", "Laura", "--json").json()] == [11]


def test_a_json_import_takes_french_words(seeded, cli, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"mission": "D-22-010393", "title": "Comité de suivi", "due": "fin mars 2023",
                                  "kind": "réunion", "status": "prévu", "owners": ["Laura"]}) + "\n",
                      encoding="utf-8")
    assert cli("import", str(source)).code == 0
    d = next(x for x in cli("list", "--json").json() if x["title"] == "Comité de suivi")
    assert (d["kind"], d["status"], d["lead"]) == ("meeting", "planned", "Laura Létourneau")


def test_ref_accepts_what_due_accepts(cli):
    out = cli("date", "fin juin", "--ref", "21 avril 2022", "--json").out
    assert json.loads(out)["date"] == "2022-06-30"
    result = cli("date", "fin juin", "--ref", "31/09/2022")
    assert result.code == 2 and "September has no day 31" in result.err
