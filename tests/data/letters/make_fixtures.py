"""Builds the binary fixture letters: 06_joint_mission.docx (python-docx: a page header with the
ministry and the reference, the two address blocks in a table, list-free prose), then .odt and
.pdf from it with LibreOffice (`libreoffice --headless --convert-to`), and scanned.pdf (a page
without any text, as a scanner makes). Run from this folder: python make_fixtures.py
"""

import subprocess
from pathlib import Path

import docx
from pypdf import PdfWriter

HERE = Path(__file__).resolve().parent

BODY = [
    "Monsieur le Chef de l'Inspection générale de l'administration,",
    "Madame la Cheffe de l'Inspection générale des affaires sociales,",
    "",
    "La loi du 24 janvier 2022 a renforcé les moyens de lutte contre les violences intrafamiliales. Je souhaite "
    "que vos deux inspections conduisent une mission conjointe d'évaluation de l'accueil des victimes dans les "
    "commissariats et les brigades de gendarmerie.",
    "La mission s'appuiera sur les travaux de la Direction générale de la police nationale (DGPN) et de la "
    "Direction générale de la gendarmerie nationale (DGGN), en lien avec M. Olivier Besson, délégué aux victimes.",
    "Vous me remettrez une note de cadrage d'ici le 15 décembre 2023, puis un rapport d'étape au cours du mois "
    "de mars 2024. Votre rapport définitif sera remis en juin 2024. Vous joindrez à votre rapport définitif une "
    "annexe statistique par département.",
    "Un séminaire de restitution réunira les préfets le 2 juillet 2024.",
    "Je vous prie d'agréer, Monsieur le Chef de l'Inspection générale, Madame la Cheffe de l'Inspection "
    "générale, l'expression de ma considération distinguée.",
    "",
    "Fait à Paris, le 15 novembre 2023",
    "",
    "Le Ministre de l'Intérieur et des Outre-mer,",
    "Gaspard DELORME",
]
ADDRESSES = [
    ["Monsieur Jacques VIDAL", "Chef de l'Inspection générale de l'administration", "1, place Beauvau",
     "75008 PARIS"],
    ["Madame Martine LEGRAND", "Cheffe de l'Inspection générale des affaires sociales",
     "39-43, quai André Citroën", "75015 PARIS"],
]


def make_docx(path: Path) -> None:
    document = docx.Document()
    header = document.sections[0].header
    header.paragraphs[0].text = "MINISTÈRE DE L'INTÉRIEUR ET DES OUTRE-MER"
    header.add_paragraph("Réf. : D-23-018274")
    document.add_paragraph("Le Ministre")
    table = document.add_table(rows=2, cols=1)
    for row, lines in zip(table.rows, ADDRESSES):
        cell = row.cells[0]
        cell.paragraphs[0].text = lines[0]
        for line in lines[1:]:
            cell.add_paragraph(line)
    for line in BODY:
        document.add_paragraph(line)
    document.save(path)


def convert(source: Path, fmt: str) -> None:
    subprocess.run(["libreoffice", "--headless", "--convert-to", fmt, "--outdir", str(HERE), str(source)],
                   check=True, capture_output=True, timeout=120)


def make_scanned(path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)  # A4, nothing but the page
    with open(path, "wb") as f:
        writer.write(f)


if __name__ == "__main__":
    make_docx(HERE / "06_joint_mission.docx")
    convert(HERE / "06_joint_mission.docx", "odt")
    convert(HERE / "06_joint_mission.docx", "pdf")
    make_scanned(HERE / "scanned.pdf")
