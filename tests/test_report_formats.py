"""`missiontui report REF --format csv|xlsx|markdown|html`: files that reopen with the values of the
report, written whole or not at all, and user text that stays text. Expected values are written by
hand from tests/report_scenario.py (Monday 4 July 2022)."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from datetime import datetime

import pytest
from markdown_it import MarkdownIt

from tests import report_scenario as scenario
from tests.report_scenario import paris  # noqa: F401  (the fixture)
from tests.report_scenario import REF

HOSTILE = '<script>window.__pwned=1</script> & "quotes" \'single\' </svg><img src=x onerror=alert(1)> \x1b[31m'
FORMULA = '=HYPERLINK("http://evil.example","clic")'

pytestmark = pytest.mark.usefixtures("paris")


@pytest.fixture
def lived(ctx, monkeypatch):
    monkeypatch.setenv("MISSIONTUI_TODAY", "2022-07-04")
    return scenario.build(ctx)


def test_csv_reopens_with_the_report_values(lived, cli, tmp_path):
    ids = lived
    out = tmp_path / "report.csv"
    result = cli("report", REF, "--format", "csv", "-o", str(out))
    assert result.code == 0, result.err
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(int(r["id"]), r["rag"], r["rag_rule"]) for r in rows] == [
        (ids["mandate"], "done", "done"), (ids["cadrage"], "done", "done"), (ids["checkpoint"], "red", "late"),
        (ids["questionnaire"], "green", "on_track"), (ids["synthese"], "red", "blocked_soon"),
        (ids["entretiens"], "amber", "not_started_soon"), (ids["deplacement"], "cancelled", "cancelled"),
        (ids["report"], "amber", "waits_on_late"), (ids["decisions"], "green", "on_track")]
    assert rows[2] == {
        "id": str(ids["checkpoint"]), "title": "Point d'étape associant Dominique Pon et Laura Létourneau",
        "kind": "checkpoint", "status": "planned", "rag": "red", "rag_rule": "late", "due": "2022-07-01",
        "precision": "day", "phrase": "2022-07-01", "days_left": "-3", "lead": "Thomas Audigé",
        "owners": "Thomas Audigé, Dominique Pon, Laura Létourneau", "completed_on": "", "baseline_due": "2022-06-30",
        "shift_days": "1", "moves": "1",
        "why": "moved from 2022-06-30 to 2022-07-01 on 2022-06-15 by tester: Dominique Pon indisponible fin juin"}
    assert rows[1]["completed_on"] == "2022-06-01" and rows[1]["why"] == ""
    assert (rows[7]["baseline_due"], rows[7]["shift_days"], rows[7]["phrase"]) == ("2022-09-30", "15", "2022-10-15")
    assert rows[4]["why"] == "blocked on 2022-06-22 by tester: en attente des données DREES"
    assert (tmp_path / "report.timeline.svg").exists()  # the picture beside it


def test_xlsx_reopens_with_typed_cells_and_the_report_values(lived, cli, tmp_path):
    from openpyxl import load_workbook

    ids = lived
    out = tmp_path / "report.xlsx"
    assert cli("report", REF, "-f", "xlsx", "-o", str(out)).code == 0
    book = load_workbook(out)
    assert book.sheetnames == ["Summary", "Deliverables", "Moves", "Timeline"]
    sheet = book["Deliverables"]
    header = [c.value for c in sheet[1]]
    assert header[:7] == ["#", "Deliverable", "Kind", "Status", "Colour", "Because", "Due"]
    rows = [dict(zip(header, [c.value for c in row])) for row in sheet.iter_rows(min_row=2)]
    assert [(r["#"], r["Colour"]) for r in rows] == [
        (ids["mandate"], "done"), (ids["cadrage"], "done"), (ids["checkpoint"], "red"), (ids["questionnaire"], "green"),
        (ids["synthese"], "red"), (ids["entretiens"], "amber"), (ids["deplacement"], "cancelled"),
        (ids["report"], "amber"), (ids["decisions"], "green")]
    checkpoint = rows[2]
    assert checkpoint["Due"] == datetime(2022, 7, 1)  # a date cell, not text
    assert (checkpoint["Days left"], checkpoint["Deadline then"], checkpoint["Shift"], checkpoint["Moves"]) == \
        (-3, datetime(2022, 6, 30), 1, 1)
    assert checkpoint["Lead"] == "Thomas Audigé"
    assert rows[1]["Done on"] == datetime(2022, 6, 1)
    assert sheet.cell(row=4, column=5).fill.start_color.rgb.endswith("F4C7C3")  # the red row's colour cell

    moves = [[c.value for c in row] for row in book["Moves"].iter_rows(min_row=2)]
    assert moves == [
        [ids["checkpoint"], "Point d'étape associant Dominique Pon et Laura Létourneau", datetime(2022, 6, 15),
         datetime(2022, 6, 30), datetime(2022, 7, 1), 1, "tester", "Dominique Pon indisponible fin juin"],
        [ids["report"], "Remise des travaux de la mission (bilan d'étape de la DNS et propositions)",
         datetime(2022, 6, 25), datetime(2022, 9, 30), datetime(2022, 10, 15), 15, "tester", "calendrier du ministre"]]

    summary = {row[0].value: row[1].value for row in book["Summary"].iter_rows(min_row=4, max_row=16)}
    assert (summary["Reference"], summary["Report date"], summary["Done"], summary["Progress (%)"], summary["Red"],
            summary["Amber"], summary["Green"], summary["Cancelled"]) == (REF, datetime(2022, 7, 4), 2, 25, 2, 2, 2, 1)

    timeline = book["Timeline"]
    marks = {row[0].value: [c.column for c in row[1:] if c.value == "◆"] for row in timeline.iter_rows(min_row=4)}
    # The timeline starts on 1 January 2022 ("avant la fin de l'année" is all of 2022): weekly columns
    # from Monday 27 December 2021, after the title column. 1 July is 186 days later, week 26;
    # 21 April is 115 days later, week 16.
    assert marks[f"#{ids['checkpoint']} Point d'étape associant Dominique Pon et Laura Létourneau"] == [2 + 26]
    assert marks[f"#{ids['mandate']} Lettre de mission signée (Pégase D-22-010393)"] == [2 + 16]


def test_xlsx_in_french(lived, cli, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "rapport.xlsx"
    assert cli("--lang", "fr", "report", REF, "-f", "xlsx", "-o", str(out)).code == 0
    book = load_workbook(out)
    assert book.sheetnames == ["Synthèse", "Livrables", "Reports", "Calendrier"]
    assert [c.value for c in book["Livrables"][1]][:5] == ["n°", "Livrable", "Type", "Statut", "Couleur"]


def test_text_that_looks_like_a_formula_stays_text(ctx, cli, tmp_path, monkeypatch):
    from openpyxl import load_workbook

    monkeypatch.setenv("MISSIONTUI_TODAY", "2022-07-04")
    scenario.build(ctx, extra_titles=(FORMULA, "#N/A", "-1+2"))
    assert cli("report", REF, "-f", "xlsx", "-o", str(tmp_path / "r.xlsx")).code == 0
    sheet = load_workbook(tmp_path / "r.xlsx")["Deliverables"]
    cells = {c.value: c.data_type for c in sheet["B"][1:]}
    assert cells[FORMULA] == "s" and cells["#N/A"] == "s" and cells["-1+2"] == "s"
    assert cli("report", REF, "-f", "csv", "-o", str(tmp_path / "r.csv")).code == 0
    with (tmp_path / "r.csv").open(encoding="utf-8-sig", newline="") as f:
        titles = [r["title"] for r in csv.DictReader(f)]
    # the usual guard: a leading apostrophe, so Excel and LibreOffice show the text instead of running it
    assert "'" + FORMULA in titles and "'-1+2" in titles and "#N/A" in titles


def test_markdown_shows_hostile_titles_as_text_and_links_its_timeline(ctx, cli, tmp_path, monkeypatch):
    monkeypatch.setenv("MISSIONTUI_TODAY", "2022-07-04")
    scenario.build(ctx, extra_titles=(HOSTILE, "[clic](javascript:alert(1)) **gras** `code`"))
    out = tmp_path / "point.md"
    assert cli("report", REF, "-f", "markdown", "-o", str(out)).code == 0
    text = out.read_text(encoding="utf-8")
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "<script" not in html
    assert "<img src=x" not in html and "</svg>" not in html
    assert 'href="javascript' not in html and "<strong>gras" not in html and "<code>code" not in html
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt; &amp; &quot;quotes&quot;" in html
    assert "\\x1b[31m" in html and "\x1b" not in text  # the escape character is shown, not sent
    assert '<img src="point.timeline.svg" alt="Timeline of the deliverables of D-22-010393"' in html
    assert "<h2>Late</h2>" in html and "Dominique Pon indisponible fin juin" in html
    assert "<h2>Deadlines moved since 21\u00a0Apr\u00a02022</h2>" in html


def test_the_timeline_picture_is_valid_svg_holding_every_title_as_text(ctx, cli, tmp_path, monkeypatch):
    monkeypatch.setenv("MISSIONTUI_TODAY", "2022-07-04")
    ids = scenario.build(ctx, extra_titles=(HOSTILE, "\ufffe"))
    assert cli("report", REF, "-f", "markdown", "-o", str(tmp_path / "p.md")).code == 0
    root = ET.parse(tmp_path / "p.timeline.svg").getroot()  # raises on anything that is not XML
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg"
    tooltips = [t.text for t in root.iter(f"{ns}title")]
    assert HOSTILE.replace("\x1b", "\\x1b") in tooltips
    assert len(list(root.iter(f"{ns}polygon"))) == len(ids) + 2  # a diamond each, and two baselines
    assert not list(root.iter(f"{ns}script")) and not list(root.iter(f"{ns}img"))


def test_html_is_one_file_with_hostile_titles_escaped(ctx, cli, tmp_path, monkeypatch):
    monkeypatch.setenv("MISSIONTUI_TODAY", "2022-07-04")
    scenario.build(ctx, extra_titles=(HOSTILE,))
    result = cli("report", REF)  # HTML on standard output by default
    assert result.code == 0
    page = result.out
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page and "<img" not in page
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt; &amp; &quot;quotes&quot; &#x27;single&#x27; " \
           "&lt;/svg&gt;&lt;img src=x onerror=alert(1)&gt; \\x1b[31m" in page
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")  # nothing loaded from elsewhere
    assert page.count("<svg") == page.count("</svg>") == 1


def test_report_in_french(lived, cli):
    page = cli("--lang", "fr", "report", REF).out
    assert '<html lang="fr">' in page and "Point d&#x27;avancement" in page
    assert ">Rouge<" in page and "En retard" in page
    assert "déplacé du 30\u00a0juin\u00a02022 au 1er\u00a0juil.\u00a02022 le 15\u00a0juin\u00a02022 par tester\u00a0: " \
           "Dominique Pon indisponible fin juin" in page


def test_report_errors_are_one_sentence(lived, cli, tmp_path):
    result = cli("report", "NO-SUCH-REF")
    assert (result.code, result.err) == (1, "missiontui: error: no mission with reference 'NO-SUCH-REF'\n")
    result = cli("report", REF, "-f", "xlsx")
    assert (result.code, result.err) == (1, "missiontui: error: an xlsx report is a file: give one with -o FILE.xlsx\n")
    result = cli("report", REF, "--since", "31/09/2022")
    assert result.code == 1 and result.err.startswith("missiontui: error: ") and result.err.count("\n") == 1
    result = cli("report", REF, "-o", str(tmp_path / "no-such-dir" / "r.html"))
    assert result.code == 1 and result.err.count("\n") == 1 and "Traceback" not in result.err


def test_a_report_needs_a_file_name_and_its_errors_name_the_users_file_in_their_language(lived, cli, tmp_path):
    folder = tmp_path / "new folder"
    for target in ("", f"{folder}/", str(tmp_path)):
        result = cli("report", REF, "-o", target)
        assert result.code in (1, 2) and "Traceback" not in result.err, target  # 2: click says it is a folder
    said = cli("report", REF, "-o", f"{folder}/").err
    assert said == f"missiontui: error: a report is a file: '{folder}/' names a folder or nothing; give a file name, " \
                   "e.g. report.html\n"
    assert not folder.exists() and not [p for p in tmp_path.iterdir() if p.name.startswith(".missiontui")]
    missing = tmp_path / "no such folder" / "r.html"
    result = cli("--lang", "fr", "report", REF, "-o", str(missing))
    assert result.err == f"missiontui\u00a0: erreur\u00a0: impossible d'écrire le point d'avancement dans {missing}\u00a0: " \
                         "fichier ou dossier introuvable\n"


def test_a_failed_write_leaves_the_previous_report_untouched(lived, cli, tmp_path, monkeypatch):
    out = tmp_path / "r.xlsx"
    out.write_bytes(b"previous report")
    from missiontui.core.report import xlsx

    def broken(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(xlsx, "write_xlsx", broken)
    result = cli("report", REF, "-f", "xlsx", "-o", str(out))
    assert result.code == 1 and result.err == f"missiontui: error: cannot write the report to {out}: the disk is full\n"
    assert out.read_bytes() == b"previous report"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".missiontui")] == []


def test_a_deliverable_with_no_date_yet_is_listed_apart_in_every_format(lived, cli, tmp_path):
    """A new user's first mission often holds something not yet dated: the report must still be made,
    and say what is left to schedule (a new user met a traceback here)."""
    assert cli("add", "Audition du cabinet", "-m", REF).code == 0  # no --due: to schedule
    page = cli("report", REF).out
    assert "To schedule: no date yet (1)" in page and "Audition du cabinet" in page
    text = cli("report", REF, "-f", "markdown").out
    assert "## To schedule: no date yet (1)" in text and "Audition du cabinet" in text
    assert cli("report", REF, "-f", "csv", "-o", str(tmp_path / "r.csv")).code == 0
    with open(tmp_path / "r.csv", newline="", encoding="utf-8") as handle:
        row = next(r for r in csv.DictReader(handle) if r["title"] == "Audition du cabinet")
    assert (row["due"], row["rag"], row["days_left"], row["status"]) == ("", "", "", "planned")
    assert cli("report", REF, "-f", "xlsx", "-o", str(tmp_path / "r.xlsx")).code == 0
    page_fr = cli("--lang", "fr", "report", REF).out
    assert "À planifier\u00a0: pas encore de date (1)" in page_fr
