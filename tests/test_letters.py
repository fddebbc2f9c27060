"""The two real letters read whole: their date, and every deadline in them, nothing invented."""

from datetime import date

from missiontui.core.dates import find_in_letter
from tests.conftest import LETTERS



def deadlines(name):
    result = find_in_letter((LETTERS / name).read_text(encoding="utf-8"), date(2026, 1, 1))
    return result.signed, {(f.due.date.isoformat(), f.due.precision.value) for f in result.found}


def test_the_dns_letter():
    signed, found = deadlines("000_f7f9f1bf2d4d5d01.txt")
    assert signed == date(2022, 4, 21)
    assert found == {("2022-04-21", "day"), ("2022-06-30", "end-of-month"), ("2022-09-30", "month"),
                     ("2022-12-31", "year")}


def test_the_stss_letter():
    signed, found = deadlines("003_0a0003b1b97e23e3.txt")
    assert signed == date(2018, 2, 9)
    assert found == {("2018-02-09", "day"), ("2018-02-13", "day"), ("2018-04-30", "month"),
                     ("2018-05-31", "end-of-month"), ("2018-12-31", "year"), ("2022-12-31", "year")}


def test_letter_command(cli):
    result = cli("letter", str(LETTERS / "000_f7f9f1bf2d4d5d01.txt"), "--json")
    report = result.json()
    assert report["signed"] == "2022-04-21"
    report_row = next(r for r in report["deadlines"] if r["phrase"] == "en septembre 2022")
    assert report_row["date"] == "2022-09-30" and "remis en septembre 2022" in report_row["context"]
    assert "letter dated 2022-04-21" in cli("letter", str(LETTERS / "000_f7f9f1bf2d4d5d01.txt")).out


def test_letter_command_bad_input(cli, tmp_path):
    binary = tmp_path / "x.txt"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    assert cli("letter", str(binary)).code == 2
    assert cli("letter", str(tmp_path / "missing.txt")).code == 2
