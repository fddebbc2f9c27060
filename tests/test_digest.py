"""`missiontui due`: what is late and what is due within N days, as text, Markdown or JSON, with an
exit status cron can act on (0 nothing late, 3 something late, 1 an error). Expectations by hand
from tests/report_scenario.py on Monday 4 July 2022 (the 2018 letter's open items are long late)."""

from __future__ import annotations

import pytest

from missiontui.core.report.digest import parse_within
from tests import report_scenario as scenario
from tests.report_scenario import paris  # noqa: F401  (the fixture)
from tests.report_scenario import REF

STSS = "STSS-2018-02-09"

pytestmark = pytest.mark.usefixtures("paris")


@pytest.fixture
def lived(ctx, monkeypatch):
    monkeypatch.setenv("MISSIONTUI_TODAY", "2022-07-04")
    ids = scenario.build(ctx, extra_titles=("Annexe \x1b[2J <b>", ))
    for key in ("mission-esante", "proposals", "dmp"):
        ids[key] = ctx.store.deliverable_by_uid(f"{STSS}/{key}@missiontui-seed").id
    return ids


@pytest.mark.parametrize("text, days", [("7d", 7), ("7", 7), ("2w", 14), ("10j", 10), ("3 semaines", 21),
                                        ("1 day", 1), ("0", 0)])
def test_within_reads_days_and_weeks(text, days):
    assert parse_within(text) == days


@pytest.mark.parametrize("text", ["", "x", "-1", "7 mois", "1.5w", "99999"])
def test_within_refuses_what_it_cannot_read(text):
    with pytest.raises(Exception) as error:
        parse_within(text)
    assert "--within" in str(error.value)


def test_json_lists_late_then_due_and_exits_3_when_something_is_late(lived, cli):
    ids = lived
    result = cli("due", "--format", "json")
    assert result.code == 3
    data = result.json()
    assert (data["today"], data["within_days"], data["until"]) == ("2022-07-04", 7, "2022-07-11")
    assert [d["id"] for d in data["late"]] == [ids["mission-esante"], ids["proposals"], ids["dmp"], ids["checkpoint"]]
    assert [d["id"] for d in data["due"]] == [ids["questionnaire"], ids["synthese"]]  # 12 July is past 11 July
    checkpoint = data["late"][3]
    assert {k: checkpoint[k] for k in ("mission", "due", "status", "lead", "days_left")} == \
        {"mission": REF, "due": "2022-07-01", "status": "planned", "lead": "Thomas Audigé", "days_left": -3}
    assert [d["id"] for d in cli("due", "--within", "8d", "-f", "json").json()["due"]] == \
        [ids["questionnaire"], ids["synthese"], ids["entretiens"]]


def test_mine_is_the_acting_user_s(lived, cli):
    ids = lived  # MISSIONTUI_USER is Thomas Audigé
    data = cli("due", "--mine", "-f", "json", "--within", "60").json()
    assert [d["id"] for d in data["late"]] == [ids["checkpoint"]]
    assert [d["id"] for d in data["due"]] == [ids["synthese"], ids["extra0"]]  # the annexe is due 31 August


def test_owner_and_mission_narrow_it(lived, cli):
    ids = lived
    data = cli("due", "--owner", "laura létourneau", "-m", REF, "--within", "8d", "-f", "json").json()
    assert [d["id"] for d in data["late"]] == [ids["checkpoint"]]
    assert [d["id"] for d in data["due"]] == [ids["questionnaire"], ids["entretiens"]]


def test_nothing_late_exits_0_even_with_items_due(lived, cli):
    ids = lived
    result = cli("due", "--owner", "Olivier Véran", "-m", REF, "--within", "26w", "-f", "json")
    assert result.code == 0
    assert ([d["id"] for d in result.json()["late"]], [d["id"] for d in result.json()["due"]]) == \
        ([], [ids["decisions"]])
    result = cli("due", "--owner", "Olivier Véran", "-m", REF)
    assert (result.code, result.out) == (0, "Olivier Véran: due within 7 days (until Monday 11 July 2022), "
                                            "as of Monday 4 July 2022\n"
                                            "\nNothing late, nothing due within 7 days.\n")


def test_text_for_a_terminal(lived, cli):
    result = cli("due", "--mine", "--within", "60")
    assert result.code == 3
    assert result.out == (
        "Thomas Audigé: due within 60 days (until Friday 2 September 2022), as of Monday 4 July 2022\n"
        "\n"
        "Late (1)\n"
        f"  #{lived['checkpoint']}  Fri  1 Jul 2022  3 days late\n"
        f"      {REF} · Point d'étape associant Dominique Pon et Laura Létourneau · "
        "Thomas Audigé*, Dominique Pon, Laura Létourneau\n"
        "\n"
        "Due soon (2)\n"
        f"  #{lived['synthese']}  Fri  8 Jul 2022  due in 4 days\n"
        f"      {REF} · Synthèse des entretiens · Thomas Audigé*\n"
        f"  #{lived['extra0']}  Wed 31 Aug 2022  due in 58 days\n"
        f"      {REF} · Annexe \\x1b[2J <b> · Thomas Audigé*\n")


def test_markdown_and_french(lived, cli):
    result = cli("--lang", "fr", "due", "--mine", "--within", "60", "-f", "markdown")
    assert result.code == 3
    lines = result.out.splitlines()
    assert lines[0] == ("## Thomas Audigé\u00a0: à échéance sous 60\u00a0jours (jusqu'au vendredi 2 septembre 2022), "
                        "au lundi 4 juillet 2022")
    assert "### En retard (1)" in lines and "### À venir (2)" in lines
    assert f"- **mer. 31 août 2022** (échéance dans 58\u00a0jours) · {REF} · #{lived['extra0']} " \
           "Annexe \\\\x1b\\[2J \\<b\\> · Thomas Audigé\\*" in lines
    assert "- **ven.  1 juil. 2022** (3\u00a0jours de retard)" in result.out


@pytest.mark.parametrize("args, message", [
    (["--mine", "--owner", "Laura Létourneau"], "--mine and --owner choose the same thing: give one"),
    (["--owner", "Nobody"], "unknown person 'Nobody' (add them with: missiontui people add)"),
    (["--within", "soon"], "--within takes a number of days or weeks, like 7d or 2w, not 'soon'"),
    (["-m", "NOPE"], "no mission with reference 'NOPE'"),
])
def test_mistakes_are_one_sentence_and_exit_1(lived, cli, args, message):
    result = cli("due", *args)
    assert (result.code, result.out, result.err) == (1, "", f"missiontui: error: {message}\n")
