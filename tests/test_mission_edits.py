"""Editing a mission from the command line as colleagues do: from the version one read while a
colleague saved, its letter's date, and a deliverable moved to another mission. (Mutation testing
showed none of these paths was run by a test.)"""

from missiontui.usecases import deliverables, missions
from tests.conftest import open_as

DNS, STSS = "D-22-010393", "STSS-2018-02-09"
DNS_TITLE = "Bilan d'étape de la Délégation ministérielle au numérique en santé (DNS)"  # the letter's object


def mission(cli, reference):
    shown = cli("mission", "show", reference, "--json")
    assert shown.code == 0, shown.err
    return shown.json()


def test_an_edit_from_an_older_version_keeps_a_colleagues_change_to_another_field(seeded, cli, db_path):
    read = mission(cli, DNS)["version"]
    with open_as(db_path, "Bob") as bob:
        missions.edit_mission(bob, DNS, {"authority": "Ministère de la Santé et de la Prévention"})
    result = cli("mission", "edit", DNS, "--summary", "Bilan et propositions", "--version", str(read), "--json")
    assert result.code == 0, result.err
    now = mission(cli, DNS)
    assert now["summary"] == "Bilan et propositions"
    assert now["authority"] == "Ministère de la Santé et de la Prévention"  # Bob's, kept
    assert now["title"] == DNS_TITLE and now["version"] == read + 2


def test_an_edit_of_a_field_a_colleague_changed_since_is_refused_naming_the_mission_and_the_field(seeded, cli,
                                                                                                  db_path):
    read = mission(cli, DNS)["version"]
    with open_as(db_path, "Bob") as bob:
        missions.edit_mission(bob, DNS, {"title": "Bilan de la DNS (titre de Bob)", "summary": "Résumé de Bob"})
    result = cli("mission", "edit", DNS, "-t", "Bilan de la DNS (titre d'Alice)", "--summary", "Résumé d'Alice",
                 "--authority", "Premier ministre", "--version", str(read))
    assert result.code == 1
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    said = result.err
    assert DNS in said and f"since version {read} (now {read + 1})" in said
    assert "same fields as you: title, summary;" in said and "nothing was saved" in said
    now = mission(cli, DNS)
    assert (now["title"], now["summary"]) == ("Bilan de la DNS (titre de Bob)", "Résumé de Bob")
    assert now["authority"] == "Ministère des Solidarités et de la Santé"  # nothing of Alice's edit saved


def test_the_letters_date_is_changed_as_typed_past_words_included(seeded, cli):
    assert cli("mission", "edit", DNS, "--signed", "20/04/2022").code == 0
    assert mission(cli, DNS)["signed_on"] == "2022-04-20"
    assert cli("mission", "edit", DNS, "--signed", "hier").code == 0  # today is 16 May 2022
    assert mission(cli, DNS)["signed_on"] == "2022-05-15"
    history = cli("history", "--json").json()  # newest first, one line per field
    signed = [(h["old_value"], h["new_value"]) for h in history if h["entity"] == "mission" and h["field"] == "signed_on"]
    assert signed == [("2022-04-20", "2022-05-15"), ("2022-04-21", "2022-04-20")]


def test_a_deliverable_moved_to_another_mission_is_listed_there_and_no_longer_here(seeded, cli):
    result = cli("edit", "12", "-m", STSS, "--json")
    assert result.code == 0, result.err
    assert result.json()["mission"] == STSS and cli("show", "12", "--json").json()["mission"] == STSS
    assert 12 in [d["id"] for d in cli("list", "-m", STSS, "--json").json()]
    assert 12 not in [d["id"] for d in cli("list", "-m", DNS, "--json").json()]
    moved = [h for h in cli("history", "12", "--json").json() if h["field"] == "mission_id"]
    assert len(moved) == 1 and moved[0]["action"] == "update"


def test_a_form_that_sends_every_field_from_an_older_version_keeps_a_colleagues_change(seeded, cli, db_path):
    """The TUI's form sends the title it showed, unchanged: that is no change of the user's, so a
    colleague's newer title stays and nothing is refused."""
    read = cli("show", "12", "--json").json()
    with open_as(db_path, "Bob") as bob:
        deliverables.edit_deliverable(bob, 12, {"title": "Rapport (titre de Bob)"})
    result = cli("edit", "12", "-t", read["title"], "-n", "Relu", "--version", str(read["version"]), "--json")
    assert result.code == 0, result.err
    now = cli("show", "12", "--json").json()
    assert (now["title"], now["notes"]) == ("Rapport (titre de Bob)", "Relu")


def test_a_mission_renamed_is_found_by_its_new_reference_and_undo_gives_back_the_old_one(seeded, cli):
    assert cli("mission", "edit", DNS, "--reference", "D-22-999999").code == 0
    assert mission(cli, "D-22-999999")["title"] == DNS_TITLE
    assert cli("show", "12", "--json").json()["mission"] == "D-22-999999"
    assert cli("undo").code == 0
    assert mission(cli, DNS)["title"] == DNS_TITLE and cli("mission", "show", "D-22-999999").code == 1


def test_addressees_are_kept_as_typed_trimmed_and_an_empty_one_is_refused(seeded, cli):
    assert cli("mission", "edit", DNS, "--addressee", "  Directeur général de l'offre de soins  ",
               "--addressee", "Déléguée au numérique en santé").code == 0
    assert mission(cli, DNS)["addressees"] == ["Directeur général de l'offre de soins", "Déléguée au numérique en santé"]
    refused = cli("mission", "edit", DNS, "--addressee", "Directeur", "--addressee", "   ")
    assert refused.code == 1 and "an addressee" in refused.err and refused.err.count("\n") == 1
    assert mission(cli, DNS)["addressees"] == ["Directeur général de l'offre de soins", "Déléguée au numérique en santé"]
