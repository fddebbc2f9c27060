"""Mission templates: a plan laid out from a letter's date in one command, dates computed by hand
below; the letter's own dates win over the template's; the user's own templates; clear errors."""

import re
from pathlib import Path

import pytest

from missiontui.core.errors import InvalidInput
from missiontui.core.templates import parse_template
from tests.conftest import DATA

LETTERS = DATA / "letters"


def plan(cli, reference):
    """Each deliverable as (due, kind, status, title, owners with the lead first, titles it comes after)."""
    items = cli("mission", "show", reference, "--json").json()["deliverables"]
    titles = {d["id"]: d["title"] for d in items}
    return [(d["due"], d["kind"], d["status"], d["title"], [o["name"] for o in d["owners"]],
             sorted(titles[x] for x in d["depends_on"])) for d in items]


def test_an_inspection_mission_is_laid_out_from_its_letter_date_in_one_command(cli):
    cli("people", "add", "Catherine Sorel")  # the lead is a person of the database
    result = cli("mission", "add", "IGF-2023-01", "-t", "Délais de paiement", "--signed", "6 mars 2023",
                 "--signatory", "Étienne Vallon", "--lead", "Catherine Sorel", "--template", "inspection")
    assert result.code == 0, result.err
    # Letter 6 March 2023; report by default six months later, 6 September 2023.
    assert plan(cli, "IGF-2023-01") == [
        ("2023-03-06", "mandate", "done", "Lettre de mission", ["Étienne Vallon"], []),
        ("2023-04-06", "checkpoint", "planned", "Note de cadrage", ["Catherine Sorel"], ["Lettre de mission"]),
        ("2023-06-06", "checkpoint", "planned", "Point d'étape avec le commanditaire", ["Catherine Sorel"],
         ["Note de cadrage"]),
        ("2023-06-28", "other", "planned", "Fin des investigations (entretiens, déplacements, questionnaires)",
         ["Catherine Sorel"], ["Note de cadrage"]),  # 10 weeks before the report
        ("2023-07-26", "checkpoint", "planned", "Rapport provisoire", ["Catherine Sorel"],
         ["Fin des investigations (entretiens, déplacements, questionnaires)",
          "Point d'étape avec le commanditaire"]),  # 6 weeks before
        ("2023-08-23", "other", "planned", "Fin de la procédure contradictoire", ["Catherine Sorel"],
         ["Rapport provisoire"]),  # 2 weeks before: four weeks after the draft report
        ("2023-08-30", "report", "planned",
         "Rapport définitif (réponses de la procédure contradictoire prises en compte)", ["Catherine Sorel"],
         ["Fin de la procédure contradictoire"]),
        ("2023-09-06", "report", "planned", "Remise du rapport au commanditaire", ["Catherine Sorel"],
         ["Rapport définitif (réponses de la procédure contradictoire prises en compte)"]),
        ("2024-06-06", "meeting", "planned", "Commission des suites", ["Catherine Sorel", "Étienne Vallon"],
         ["Remise du rapport au commanditaire"]),  # 9 months after the report
    ]
    assert [(p["name"]) for p in cli("people", "list", "--json").json()] == ["Catherine Sorel", "Étienne Vallon"]


def test_the_report_date_moves_the_phases_counted_backward_from_it(cli):
    cli("people", "add", "Ann")
    cli("mission", "add", "IGF-2", "-t", "x", "--signed", "2023-03-06", "--lead", "Ann", "--template", "inspection",
        "--report", "15/12/2023")
    dues = {title: due for due, _, _, title, _, _ in plan(cli, "IGF-2")}
    assert dues["Note de cadrage"] == "2023-04-06"  # counted from the letter: unchanged
    assert dues["Fin des investigations (entretiens, déplacements, questionnaires)"] == "2023-10-06"
    assert dues["Rapport provisoire"] == "2023-11-03"
    assert dues["Fin de la procédure contradictoire"] == "2023-12-01"
    assert dues["Remise du rapport au commanditaire"] == "2023-12-15"
    assert dues["Commission des suites"] == "2024-09-15"


def test_a_template_mission_is_one_change_undone_whole(cli):
    cli("people", "add", "Julien Roussel")
    cli("mission", "add", "P-1", "-t", "x", "--signed", "2023-12-04", "--lead", "Julien Roussel",
        "--template", "parliamentary")
    assert len(cli("list", "--json").json()) == 8
    assert cli("undo").code == 0
    assert cli("list", "--json").json() == [] and cli("mission", "list", "--json").json() == []


def test_with_a_letter_the_letters_dates_win(cli):
    """The parliamentary letter of 4 December 2023 asks for its report "dans un délai de six mois"
    (4 June 2024) and an interim report by the end of March: the template dates the rest."""
    result = cli("letter", str(LETTERS / "02_parliamentary_mission.md"), "--create", "--yes",
                 "--template", "parliamentary")
    assert result.code == 0, result.err
    reference = cli("mission", "list", "--json").json()[0]["reference"]
    rows = [(due, kind, title) for due, kind, _, title, _, _ in plan(cli, reference)]
    assert rows == [
        ("2023-12-04", "mandate", "Lettre de mission signée"),
        ("2023-12-18", "decision", "Décret de nomination en mission temporaire"),  # letter + 2 weeks
        ("2023-12-25", "meeting", "Réunion de lancement avec les administrations"),  # letter + 3 weeks
        ("2024-03-31", "checkpoint", "Rapport d'étape"),  # the letter's, where the template says letter + 3 months
        ("2024-04-23", "other", "Fin des auditions et déplacements"),  # 6 weeks before the letter's report
        ("2024-05-14", "checkpoint", "Projet de rapport"),  # 3 weeks before
        ("2024-06-04", "report", "Rapport final"),  # the letter's
        ("2024-06-30", "meeting", "Restitution de vos travaux"),  # the letter's own meeting, kept
        ("2024-08-04", "decision", "Annonces du Gouvernement sur les suites du rapport"),  # report + 2 months
    ]


def test_a_template_dates_what_the_letter_leaves_undated(cli):
    """Letter of 2 February 2024: "Vous organiserez une réunion de lancement" has no date; the
    consultation's opening, six weeks after the letter, gives it one (15 March 2024)."""
    result = cli("letter", str(LETTERS / "04_undated_requests.txt"), "--create", "--yes", "--template",
                 "consultation", "--json")
    created = {d["title"]: d for d in result.json()["created"]["deliverables"]}
    launch = created["Réunion de lancement avec la DGCS et la CNAF"]
    assert (launch["due"], launch["precision"], launch["phrase"]) == ("2024-03-15", "day", "")
    assert created["Bilan de la concertation (rapport de synthèse)"]["due"] == "2024-06-02"  # letter + 4 months
    assert created["Rapport"]["due"] is None  # "le moment venu": still to schedule


def test_the_letter_shows_the_plan_before_anything_is_created(cli, db_path):
    out = cli("letter", str(LETTERS / "03_consultation.txt"), "--template", "consultation").out
    assert "With the template consultation: 9 deliverables" in out
    assert "Monday 19 February 2024 · exact day · meeting · Ouverture de la consultation" in out  # 8 Jan + 6 weeks
    assert not db_path.exists()


USER_TEMPLATE = """
title = { en = "Steering cycle", fr = "Cycle de pilotage" }
report = "lettre + 2 mois"

[[phase]]
key = "mandate"
title = "Lettre"
kind = "mandate"
due = "lettre"
owners = ["signatory"]

[[phase]]
key = "note"
title = "Note au cabinet"
kind = "report"
due = "rapport"
owners = ["lead"]
depends_on = ["mandate"]

[[phase]]
key = "copil"
title = "Comité de pilotage"
kind = "meeting"
due = "rapport - 10 jours"
owners = ["lead", "signatory"]
"""


def test_the_users_own_templates_sit_beside_the_config_file(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("MISSIONTUI_CONFIG", str(tmp_path / "cfg" / "config.toml"))
    folder = tmp_path / "cfg" / "templates"
    folder.mkdir(parents=True)
    (folder / "pilotage.toml").write_text(USER_TEMPLATE, encoding="utf-8")
    names = [t["name"] for t in cli("templates", "--json").json()]
    assert names == ["consultation", "inspection", "parliamentary", "pilotage"]
    cli("people", "add", "Ann")
    cli("mission", "add", "COPIL-1", "-t", "Pilotage", "--signed", "2024-01-31", "--lead", "Ann",
        "--signatory", "Bea", "--template", "pilotage")
    assert [(due, title) for due, _, _, title, _, _ in plan(cli, "COPIL-1")] == [
        ("2024-01-31", "Lettre"), ("2024-03-21", "Comité de pilotage"), ("2024-03-31", "Note au cabinet")]
    # 31 January + 2 months is the last day of March (months keep the day, clipped to the month's end)


def test_a_broken_template_is_one_sentence_and_nothing_is_created(cli, tmp_path, monkeypatch, db_path):
    monkeypatch.setenv("MISSIONTUI_CONFIG", str(tmp_path / "cfg" / "config.toml"))
    folder = tmp_path / "cfg" / "templates"
    folder.mkdir(parents=True)
    (folder / "broken.toml").write_text(USER_TEMPLATE.replace('"rapport - 10 jours"', '"after lunch"'),
                                        encoding="utf-8")
    result = cli("mission", "add", "X-1", "-t", "x", "--signed", "2024-01-31", "--template", "broken")
    assert result.code == 1
    assert result.err.strip().endswith("phase 3: 'after lunch' is not a date of the plan; write \"letter + 1 month\", "
                                       "\"report - 6 weeks\" or \"report\"")
    assert not db_path.exists()
    result = cli("mission", "add", "X-1", "-t", "x", "--template", "inspection")
    assert result.code == 1 and "from the letter's date: give it (--signed)" in result.err
    assert cli("mission", "add", "X-1", "-t", "x", "--signed", "2024-01-31", "--template", "nope").err.strip() == \
        "missiontui: error: no template named 'nope' (there are: broken, consultation, inspection, parliamentary)"
    assert not db_path.exists()


def phase(**fields):
    return {"key": "a", "title": "A", "kind": "report", "due": "letter", **fields}


@pytest.mark.parametrize("data, message", [
    ({"phase": []}, "a template needs at least one [[phase]]"),
    ({"phase": [phase(kind="memo")]}, "'memo' is not a kind"),
    ({"phase": [phase(owners=["boss"])]}, "'boss' is not a role"),
    ({"phase": [phase(depends_on=["b"])]}, "depends on 'b', which is not an earlier phase"),
    ({"phase": [phase(), phase()]}, "the key 'a' is used twice"),
    ({"phase": [phase(due="report - 2 weeks")]}, "exactly one phase due on \"report\""),
    ({"phase": [phase(due="letter + 2 fortnights")]}, "'letter + 2 fortnights' is not a date of the plan"),
    ({"phase": [phase(colour="red")]}, "unknown fields colour"),
    ({"phase": [phase()], "owner": "x"}, "unknown fields owner"),
])
def test_a_template_mistake_is_named(data, message):
    with pytest.raises(InvalidInput) as error:
        parse_template("t", data, "t.toml")
    assert message in str(error.value)


def test_every_shipped_template_reads_and_has_the_phases_asked_for(cli):
    shipped = {t["name"]: t for t in cli("templates", "--json").json()}
    inspection = [(p["title"], p["due"]) for p in shipped["inspection"]["phases"]]
    assert ("Note de cadrage", "letter + 1 month") in inspection
    assert ("Fin de la procédure contradictoire", "report - 2 weeks") in inspection
    assert ("Rapport provisoire", "report - 6 weeks") in inspection  # a month of adversarial procedure between
    assert ("Commission des suites", "report + 9 months") in inspection
    assert shipped["parliamentary"]["report"] == "letter + 6 months"
    assert {p["kind"] for t in shipped.values() for p in t["phases"]} <= {
        "mandate", "checkpoint", "report", "decision", "meeting", "other"}


def test_a_letter_of_every_phrase_family_laid_out_on_the_inspection_template(cli):
    """08_phrase_families.txt, letter of Monday 15 January 2024: its own dates stay; the report
    "à la rentrée" (1 September 2024) anchors the phases the template counts back from it."""
    result = cli("letter", str(LETTERS / "08_phrase_families.txt"), "--create", "--yes", "--template", "inspection",
                 "--json")
    assert result.code == 0, result.err
    got = [(d["due"], d["title"]) for d in result.json()["created"]["deliverables"]]
    assert got == [
        ("2024-01-15", "Lettre de mission signée"),
        ("2024-01-25", "Premier bilan des entretiens"),  # "sous huit jours ouvrés": 8 working days
        ("2024-01-30", "Note de cadrage"),  # "quinze jours à compter de la réception": the template's scoping
        ("2024-03-31", "Point d'étape"),  # "seconde quinzaine de mars 2024"
        ("2024-04-01", "Comité de pilotage"),  # "le lendemain de Pâques" (Easter: 31 March 2024)
        ("2024-06-20", "Rapport provisoire"),  # "avant l'été": the day before 21 June
        ("2024-06-23", "Fin des investigations (entretiens, déplacements, questionnaires)"),  # 10 weeks before
        ("2024-08-18", "Fin de la procédure contradictoire"),  # 2 weeks before
        ("2024-08-25", "Rapport définitif (réponses de la procédure contradictoire prises en compte)"),
        ("2024-09-01", "Rapport définitif"),  # "à la rentrée"
        ("2024-12-31", "Décisions"),  # "à la clôture de l'exercice 2024"
        ("2025-06-01", "Commission des suites"),  # 9 months after the report
    ]


def test_letter_json_with_a_template_gives_the_plan(cli):
    plan = cli("letter", str(LETTERS / "03_consultation.txt"), "--template", "consultation", "--json").json()["plan"]
    by_key = {d["key"]: d for d in plan}
    assert (by_key["opening"]["due"], by_key["opening"]["depends_on"]) == ("2024-02-19", ["file"])  # 8 Jan + 6 weeks
    assert by_key["report"]["due"] == "2024-04-30" and by_key["report"]["phrase"] == "au plus tard le 30 avril 2024"


def test_the_listing_says_where_to_put_ones_own_and_names_a_shipped_file_to_copy(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("MISSIONTUI_CONFIG", str(tmp_path / "cfg" / "config.toml"))
    last = cli("templates").out.splitlines()[-1]
    folder, example = re.fullmatch(r"Your own: (.+)/NAME\.toml — start from a copy of a shipped one, e\.g\. (.+)",
                                   last).groups()
    assert folder == str(tmp_path / "cfg" / "templates")
    assert Path(example).name == "inspection.toml" and "[[phase]]" in Path(example).read_text(encoding="utf-8")
    french = cli("--lang", "fr", "templates").out.splitlines()[-1]
    assert french.startswith(f"Les vôtres\u00a0: {folder}/NOM.toml — partez d'une copie d'un modèle livré")


# --- what a new user met (the trial of the templates) ----------------------------------------------

def people_names(cli):
    return [p["name"] for p in cli("people", "list", "--json").json()]


def test_the_lead_is_found_as_without_a_template_and_never_created(cli):
    """Only "Catherine Sorel" exists: "--lead Catherine" is her, with or without a template; a lead
    nobody knows is the same one-line refusal either way, and creates nobody."""
    cli("people", "add", "Catherine Sorel")
    result = cli("mission", "add", "OK-1", "-t", "ok", "--signed", "2023-01-01", "--lead", "Catherine",
                 "--template", "inspection")
    assert result.code == 0, result.err
    assert cli("mission", "show", "OK-1", "--json").json()["lead"] == "Catherine Sorel"
    scoping = next(d for d in cli("list", "--json").json() if d["title"] == "Note de cadrage")
    assert [o["name"] for o in scoping["owners"]] == ["Catherine Sorel"]
    assert people_names(cli) == ["Catherine Sorel"]

    plain = cli("mission", "add", "X-1", "-t", "x", "--signed", "2023-01-01", "--lead", "Ghost Person")
    templated = cli("mission", "add", "X-1", "-t", "x", "--signed", "2023-01-01", "--lead", "Ghost Person",
                    "--template", "inspection")
    assert plain.code == templated.code == 1
    assert templated.err == plain.err == \
        "missiontui: error: unknown person 'Ghost Person' (add them with: missiontui people add)\n"
    assert people_names(cli) == ["Catherine Sorel"]
    assert [m["reference"] for m in cli("mission", "list", "--json").json()] == ["OK-1"]


def test_a_lead_that_could_be_two_people_is_refused_with_a_template_too(cli):
    cli("people", "add", "Catherine Sorel")
    cli("people", "add", "Catherine Morel")
    result = cli("mission", "add", "X-2", "-t", "x", "--signed", "2023-01-01", "--lead", "Catherine",
                 "--template", "inspection")
    assert result.code == 1
    assert result.err == "missiontui: error: 'Catherine' could be several people: Catherine Morel, Catherine " \
                         "Sorel; type more of the name\n"
    assert people_names(cli) == ["Catherine Morel", "Catherine Sorel"]
    assert cli("mission", "list", "--json").json() == []


MINE = """
title = "Mine"

[[phase]]
key = "a"
title = "A"
kind = "checkpoint"
due = "letter + 1 month"
depends_on = ["b"]

[[phase]]
key = "b"
title = "B"
kind = "report"
due = "letter + 2 months"
"""


def test_a_broken_template_of_ones_own_does_not_hide_the_shipped_ones(cli, tmp_path, monkeypatch, db_path):
    monkeypatch.setenv("MISSIONTUI_CONFIG", str(tmp_path / "cfg" / "config.toml"))
    folder = tmp_path / "cfg" / "templates"
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text(MINE, encoding="utf-8")
    problem = f"{folder / 'mine.toml'}, phase 1: depends on 'b', which is not an earlier phase"

    listing = cli("templates")
    assert listing.code == 0
    assert [line.split()[0] for line in listing.out.splitlines() if line and not line.startswith(" ")][:3] == \
        ["consultation", "inspection", "parliamentary"]
    assert "mine" not in listing.out.split()
    assert listing.err == f"warning: {problem} — this template is left out\n"
    as_json = cli("templates", "--json")
    assert (as_json.code, [t["name"] for t in as_json.json()]) == (0, ["consultation", "inspection", "parliamentary"])
    assert as_json.err == listing.err
    french = cli("--lang", "fr", "templates")
    assert french.err == f"attention\u00a0: {folder / 'mine.toml'}, phase 1\u00a0: dépend de «\u00a0b\u00a0», qui " \
                         "n'est pas une phase précédente — ce modèle est laissé de côté\n"

    asked = cli("mission", "add", "M-1", "-t", "x", "--signed", "2024-01-31", "--template", "mine")
    assert (asked.code, asked.err) == (1, f"missiontui: error: {problem}\n")
    assert not db_path.exists()
    used = cli("mission", "add", "M-2", "-t", "x", "--signed", "2024-01-31", "--template", "consultation")
    assert used.code == 0, used.err
    assert len(cli("list", "--json").json()) == 8


def test_a_report_due_before_the_letter_is_refused_and_nothing_is_created(cli, db_path):
    cli("people", "add", "Catherine Sorel")
    result = cli("mission", "add", "IGF-2023-04", "-t", "x", "--signed", "2023-03-06", "--report", "2023-01-01",
                 "--lead", "Catherine Sorel", "--template", "inspection")
    assert result.code == 1
    assert result.err == "missiontui: error: the report would be due on 2023-01-01, before the letter was signed " \
                         "(2023-03-06): give a report date after the letter's\n"
    assert cli("mission", "list", "--json").json() == [] and cli("list", "--json").json() == []
    assert people_names(cli) == ["Catherine Sorel"]
    assert cli("mission", "add", "IGF-2023-04", "-t", "x", "--signed", "2023-03-06", "--report", "2023-03-05",
               "--template", "inspection").code == 1  # the day before the letter too
    assert cli("mission", "list", "--json").json() == []


def test_the_listing_says_when_the_follow_up_committee_falls_as_the_template_computes_it(cli):
    """The shipped inspection template dates the follow-up committee 9 months after the report (see
    the first test: report 6 September 2023, committee 6 June 2024); the listing says the same."""
    out = cli("templates").out
    assert "follow-up committee 9 months after the report" in out and "6-9 months later" not in out
    assert "commission des suites 9 mois après la remise du rapport" in cli("--lang", "fr", "templates").out
