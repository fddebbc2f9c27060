"""`missiontui letter FILE`: the proposal as people read it, and as scripts read it (--json)."""

import subprocess
import sys

from tests.conftest import DATA, LETTERS

DNS = str(LETTERS / "000_f7f9f1bf2d4d5d01.txt")

PROPOSAL_FIELDS = {"reference", "reference_source", "reference_phrase", "title", "authority", "signatory",
                   "signatory_title", "addressees", "signed_on", "signed_phrase", "signed_source", "counted_from",
                   "summary", "lead", "people", "bodies", "deliverables", "set_aside", "file", "format"}
DELIVERABLE_FIELDS = {"key", "title", "kind", "due", "precision", "phrase", "sentence", "owners", "lead",
                      "depends_on", "status", "completed_on", "dated_by", "includes"}


def test_letter_json_is_the_documented_proposal(cli):
    report = cli("letter", DNS, "--json").json()
    assert set(report) == PROPOSAL_FIELDS
    assert all(set(d) == DELIVERABLE_FIELDS for d in report["deliverables"])
    assert (report["reference"], report["signed_on"], report["format"], report["file"]) == \
        ("D-22-010393", "2022-04-21", "text", "000_f7f9f1bf2d4d5d01.txt")
    checkpoint = next(d for d in report["deliverables"] if d["phrase"] == "d'ici la fin juin")
    assert (checkpoint["due"], checkpoint["precision"], checkpoint["kind"], checkpoint["lead"]) == \
        ("2022-06-30", "end-of-month", "checkpoint", "Thomas Audigé")
    assert report["addressees"] == [{"name": "Thomas Audigé", "title": "Chef de l'Inspection générale des affaires sociales",
                                     "label": "Thomas Audigé, Chef de l'Inspection générale des affaires sociales"}]
    assert {"phrase": "20 décembre 2019", "reason": "document", "date": "2019-12-20"} == \
        {k: v for k, v in report["set_aside"][0].items() if k != "sentence"}


def test_letter_reads_without_creating_a_database(cli, db_path):
    cli("letter", DNS)
    assert not db_path.exists()


def test_people_of_the_database_spell_the_names_in_capitals(cli):
    assert cli("letter", DNS, "--json").json()["signatory"] == "Olivier Veran"
    cli("load-seeds")
    report = cli("letter", DNS, "--json").json()
    assert report["signatory"] == "Olivier Véran"
    assert next(d for d in report["deliverables"] if d["kind"] == "decision")["owners"] == ["Olivier Véran"]


def test_letter_shows_the_mission_then_each_deliverable(cli):
    out = cli("letter", DNS).out
    assert "  reference  D-22-010393 (Pégase)\n" in out
    assert "     signed  Thursday 21 April 2022 (« Paris, 21 AVR. 2022 »)\n" in out
    assert "4 deliverables (4 dated, 0 to schedule):" in out
    assert ("  [checkpoint] Point d'étape associant Dominique Pon et Laura Létourneau\n"
            "      Thursday 30 June 2022 · end of month · checkpoint · « d'ici la fin juin »\n"
            "      owners: Thomas Audigé, Dominique Pon, Laura Létourneau\n"
            "      « Un point d'étape associant Dominique Pon et Laura Létourneau sera effectué d'ici la fin juin. »\n") in out
    assert "owners: Thomas Audigé · after: checkpoint" in out
    assert "« 20 décembre 2019 »: the date of a text the letter cites (document)" in out
    assert "  [mandate] Lettre de mission signée (Pégase D-22-010393)\n" \
           "      Thursday 21 April 2022 · exact day · mandate · done · « Paris, 21 AVR. 2022 »\n" \
           "      owners: Olivier Veran\n\n" in out


def test_french_dates_with_lang(cli):
    out = cli("--lang", "fr", "letter", DNS).out
    assert "jeudi 30 juin 2022 · fin de mois · checkpoint" in out


def test_undated_deliverables_are_to_schedule(cli):
    out = cli("letter", str(DATA / "letters" / "04_undated_requests.txt")).out
    assert "4 deliverables (1 dated, 3 to schedule):" in out
    assert "to schedule (no date in the letter) · report · « le moment venu »" in out


def test_a_letter_without_a_date_counts_from_ref(cli, tmp_path):
    path = tmp_path / "sans-date.txt"
    path.write_text("Madame,\n\nVous me remettrez votre rapport sous quinzaine.\n", encoding="utf-8")
    report = cli("letter", str(path), "--ref", "2024-02-01", "--json").json()
    assert (report["signed_on"], report["counted_from"]) == (None, "2024-02-01")
    assert [(d["due"], d["phrase"]) for d in report["deliverables"]] == [("2024-02-16", "sous quinzaine")]
    assert "no date found in the letter: deadlines counted from 2024-02-01" in cli("letter", str(path), "--ref",
                                                                                 "2024-02-01").out
    assert cli("letter", str(path), "--ref", "1er février").code == 2


def test_letter_text_never_drives_the_terminal(cli, tmp_path):
    path = tmp_path / "hostile.txt"
    path.write_text("Paris, le 3 mars 2023\n\nMadame,\n\nVous me remettrez votre rapport \x1b[2J fin juin.\n",
                    encoding="utf-8")
    out = cli("letter", str(path)).out
    assert "\x1b" not in out and "\\x1b[2J" in out


def test_letter_does_not_import_textual(tmp_path):
    code = ("import sys\nfrom missiontui.frontends.cli import main\n"
            f"try: main(['--db', {str(tmp_path / 'x.db')!r}, 'letter', {DNS!r}])\nexcept SystemExit: pass\n"
            "print('textual' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60).stdout
    assert out.strip().splitlines()[-1] == "False"
