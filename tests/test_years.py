"""The years a date may have (1900 to 2199, README "Deadlines"): a year the user wrote is never
dropped for the next occurrence, and one outside those years is refused with the reason — typed as a
phrase or an ISO date, in a letter, an import file, a calendar server, or as the letter's own date.
The trial that found it: "fin juin 2200" read on 26 September 2022 gave Friday 30 June 2023, and
`add -d 9999-12-31` saved a deliverable on which every report, export and feed then failed."""

from __future__ import annotations

import json
from datetime import date

import pytest

from missiontui.core.dates import DateError, find_in_letter, parse_due
from missiontui.core.errors import InvalidInput
from missiontui.core.model import Due, Precision, Status
from missiontui.core.rules import deliverable_values
from missiontui.usecases import missions
from tests.caldav_servers import caldav_server, collection_url  # noqa: F401  (fixtures)
from tests.sync_helpers import DNS, put_raw, replica

REF = date(2022, 9, 26)  # the trial's --ref


def refusal(text: str, ref: date = REF) -> str:
    with pytest.raises(DateError) as refused:
        parse_due(text, ref)
    return str(refused.value)


def outside(text: str, year: int) -> str:
    return f"'{text}': the year {year} is outside the years missiontui accepts (1900 to 2199)"


# Every family of phrase that can carry a year, with a year far outside: the whole phrase is refused
# naming the year, never read as this year's or next year's occurrence.
FAR = [
    ("fin juin 2200", 2200), ("fin juin 1850", 1850), ("mi-octobre 2300", 2300), ("début juillet 1850", 1850),
    ("30 juin 2200", 2200), ("le 3 mai 2300", 2300), ("mardi 3 octobre 2300", 2300), ("May 3, 2300", 2300),
    ("the 3rd of May 2300", 2300), ("le quinze mars deux mille trois cent", 2300),
    ("juin 2200", 2200), ("en septembre 9999", 9999), ("courant avril 1850", 1850), ("in May 2300", 2300),
    ("T4 3000", 3000), ("Q1 2200", 2200), ("fin du T3 1850", 1850), ("3e trimestre 2300", 2300),
    ("S1 2300", 2300), ("H2 1899", 1899), ("mi-2300", 2300),
    ("l'été 2200", 2200), ("automne 1850", 1850), ("l'hiver 2199-2200", 2200),
    ("rentrée 2300", 2300), ("Noël 2300", 2300), ("lundi de Pâques 2300", 2300),
    ("fin 2200", 2200), ("d'ici 2300", 2300), ("avant 2300", 2300), ("2200", 2200), ("2100-2300", 2300), ("1850-2024", 1850),
    ("exercice 2300", 2300), ("FY2300", 2300), ("à l'horizon 2300", 2300),
    ("30/06/2200", 2200), ("30.06.1850", 1850), ("9999-12-31", 9999), ("1899-12-31", 1899),
    ("fin juin 22000", 22000),  # five digits: still the year written, not a count to skip
]


@pytest.mark.parametrize("text, year", FAR)
def test_a_far_year_is_refused_naming_it_in_every_family(text, year):
    assert refusal(text) == outside(text, year)


# The same families with a year inside the range, far from today: read as written (dates by hand).
WITHIN = [
    ("fin juin 2199", date(2199, 6, 30)), ("30 juin 2100", date(2100, 6, 30)), ("juin 2150", date(2150, 6, 30)),
    ("en septembre 2100", date(2100, 9, 30)), ("T4 2150", date(2150, 12, 31)), ("Q1 1900", date(1900, 3, 31)),
    ("S2 2199", date(2199, 12, 31)), ("mi-2100", date(2100, 6, 30)), ("l'été 2150", date(2150, 9, 22)),
    ("Noël 2150", date(2150, 12, 25)), ("d'ici 2100", date(2100, 12, 31)), ("30/06/2100", date(2100, 6, 30)),
    ("2199-12-31", date(2199, 12, 31)), ("1900-01-01", date(1900, 1, 1)), ("exercice 2150", date(2150, 12, 31)),
    ("2100-2150", date(2150, 12, 31)),
]


@pytest.mark.parametrize("text, day", WITHIN)
def test_a_far_year_inside_the_range_is_read_as_written(text, day):
    assert parse_due(text, REF).date == day


@pytest.mark.parametrize("text, day", [
    ("1900-01-01", date(1900, 1, 1)), ("en janvier 1900", date(1900, 1, 31)), ("T1 1900", date(1900, 3, 31)),
    ("2199-12-31", date(2199, 12, 31)), ("fin décembre 2199", date(2199, 12, 31)), ("T4 2199", date(2199, 12, 31)),
])
def test_the_first_and_last_years_are_accepted(text, day):
    assert parse_due(text, REF).date == day


@pytest.mark.parametrize("text, year", [
    ("1899-12-31", 1899), ("en décembre 1899", 1899), ("T4 1899", 1899),
    ("2200-01-01", 2200), ("début janvier 2200", 2200), ("T1 2200", 2200),
    ("l'hiver 2199", 2200),  # winter 2199 ends on 19 March 2200
])
def test_the_years_just_outside_are_refused(text, year):
    assert refusal(text) == outside(text, year)


@pytest.mark.parametrize("text, year", [("dans 200 ans", 2222), ("+200y", 2222), ("avant 1900", 1899)])
def test_a_date_counted_outside_the_range_is_refused(text, year):
    assert refusal(text) == outside(text, year)


@pytest.mark.parametrize("text", [
    "Rendre le rapport avant 20000 euros de dépenses, fin juin 2023",
    "Les 3000 agents avant 2500 recrutements, rapport fin juin 2023",
])
def test_a_big_count_in_a_sentence_is_not_a_year_and_the_deadline_is_read(text):
    assert parse_due(text, REF) == Due(date(2023, 6, 30), Precision.END_OF_MONTH, "fin juin 2023")


def test_a_count_after_d_ici_leaves_the_year_that_follows():
    assert parse_due("d'ici 5000 dossiers traités, soit fin 2023", REF).date == date(2023, 12, 31)


def test_a_far_year_followed_by_au_plus_tard_is_still_refused_naming_it():
    with pytest.raises(DateError) as refused:
        parse_due("le rapport fin juin 2200 au plus tard", REF)
    assert "the year 2200 is outside" in str(refused.value)


def test_the_reason_in_french_keeps_french_typography():
    with pytest.raises(DateError) as refused:
        parse_due("fin juin 2200", REF)
    assert refused.value.localized("fr") == ("«\u00a0fin juin 2200\u00a0»\u00a0: l'année 2200 est hors des années "
                                             "acceptées par missiontui (de 1900 à 2199)")


def test_the_cli_date_command_says_why(cli):
    result = cli("date", "fin juin 2200", "--ref", "2022-09-26")
    assert result.code != 0 and result.err.strip().endswith(outside("fin juin 2200", 2200))
    result = cli("date", "30 juin 2100", "--ref", "2022-09-26")
    assert result.code == 0 and "Wednesday 30 June 2100" in result.out


def test_a_law_number_is_not_a_span_of_years_to_refuse():
    """ "la loi n° 2021-1104" reads like 2021 to 1104: a number, and the deadline after it still counts."""
    assert parse_due("Voir la loi n° 2021-1104 et rendre le rapport fin juin", REF).date == date(2023, 6, 30)


def test_a_letter_never_turns_a_far_year_into_next_june():
    """A typo in a letter ("fin juin 2203") is not a deadline next June; the rest of the letter reads."""
    letter = ("Paris, le 26 septembre 2022\n\nVous me remettrez une note d'étape fin juin 2203 "
              "et votre rapport final avant le 15 décembre 2022.")
    found = find_in_letter(letter)
    assert [f.due.date for f in found.deadlines] == [date(2022, 12, 15)]


# --- every way in: the rules of a deliverable and a mission -----------------------------------

def test_the_rules_refuse_a_deadline_or_completion_outside_the_years():
    with pytest.raises(InvalidInput, match=r"^the due date 9999-12-31 is outside the years missiontui accepts "
                                           r"\(1900 to 2199\)$"):
        deliverable_values({"title": "x", "due": Due(date(9999, 12, 31), Precision.DAY, "")}, None, REF)
    with pytest.raises(InvalidInput, match="the completion date 1850-01-01 is outside"):
        deliverable_values({"title": "x", "status": Status.DONE, "completed_on": date(1850, 1, 1)}, None, REF)
    kept = deliverable_values({"title": "x", "due": Due(date(2199, 12, 31), Precision.DAY, "")}, None, REF)
    assert kept["due"].date == date(2199, 12, 31)


def test_add_with_an_iso_date_outside_the_years_saves_nothing(cli):
    assert cli("load-seeds").code == 0
    before = cli("list", "--json").out
    for typed, year in (("9999-12-31", 9999), ("fin juin 2200", 2200)):
        result = cli("add", "y", "-m", DNS, "-d", typed)
        assert result.code == 1 and result.out == ""
        assert result.err.splitlines() == [f"missiontui: error: {outside(typed, year)}"]
    assert cli("list", "--json").out == before


def test_the_last_accepted_day_goes_through_every_report_and_export(cli, tmp_path):
    """31 December 2199 has a next day: reports, the export and the feed's calendar work on it."""
    assert cli("load-seeds").code == 0
    assert cli("add", "Bilan séculaire", "-m", DNS, "-d", "2199-12-31").code == 0
    for fmt in ("html", "markdown", "csv", "xlsx"):
        result = cli("report", DNS, "-f", fmt, "-o", str(tmp_path / f"report.{fmt}"))
        assert result.code == 0, (fmt, result.err)
    for options in ((), ("--todo",)):
        result = cli("export", *options, "-o", str(tmp_path / "export.ics"))
        assert result.code == 0, result.err
        assert "21991231" in (tmp_path / "export.ics").read_text(encoding="utf-8")


def test_the_letters_date_of_a_mission_is_checked_the_same_way(ctx, cli):
    result = cli("mission", "add", "IGF-2300-01", "-t", "Délais", "--signed", "9999-12-31")
    assert result.code == 1 and result.err.splitlines() == [f"missiontui: error: {outside('9999-12-31', 9999)}"]
    with pytest.raises(InvalidInput, match=r"^the letter's date 9999-12-31 is outside the years missiontui "
                                           r"accepts \(1900 to 2199\)$"):
        missions.add_mission(ctx, "IGF-2300-02", "Délais", signed_on=date(9999, 12, 31))
    added = missions.add_mission(ctx, "IGF-2199-01", "Délais", signed_on=date(2199, 12, 31))
    with pytest.raises(InvalidInput, match="the letter's date 1850-01-01 is outside"):
        missions.edit_mission(ctx, added.reference, {"signed_on": date(1850, 1, 1)})
    assert [m.reference for m in ctx.store.missions()] == ["IGF-2199-01"]
    assert ctx.store.mission("IGF-2199-01").signed_on == date(2199, 12, 31)


# --- imports: each far line is a problem of its own; the file stays all or nothing (README) -----

def test_a_json_lines_import_names_the_far_line_and_writes_nothing_until_fixed(cli, tmp_path):
    assert cli("load-seeds").code == 0
    good = [{"mission": DNS, "title": "Note d'étape", "due": "2022-12-01"},
            {"mission": DNS, "title": "Rapport final", "due": "fin juin 2199"}]
    far = {"mission": DNS, "title": "Suivi", "due": "9999-12-31"}
    done_far = {"mission": DNS, "title": "Cadrage", "due": "2022-06-01", "status": "done", "completed_on": "9999-12-31"}
    path = tmp_path / "team.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in (good[0], far, done_far, good[1])) + "\n", encoding="utf-8")
    before = cli("list", "--json").out
    result = cli("import", str(path))
    assert result.code == 1
    assert f"line 2: {outside('9999-12-31', 9999)}" in result.err
    assert "line 3: the completion date 9999-12-31 is outside the years missiontui accepts (1900 to 2199)" in result.err
    assert "line 1" not in result.err and "line 4" not in result.err
    assert cli("list", "--json").out == before
    path.write_text("\n".join(json.dumps(r) for r in good) + "\n", encoding="utf-8")
    assert cli("import", str(path)).code == 0
    dues = {d["title"]: d["due"] for d in cli("list", "--json").json()}
    assert (dues["Note d'étape"], dues["Rapport final"]) == ("2022-12-01", "2199-06-30")


def test_machine_made_lines_with_a_far_date_are_refused_too(cli, tmp_path):
    """Lines as `list --json` or a script writes them (every field spelt out) take the bulk load's
    fast path: a far date there is refused the same."""
    assert cli("load-seeds").code == 0
    plain = {"mission": DNS, "kind": "other", "status": "planned", "precision": "day", "notes": ""}
    lines = [{**plain, "title": "Due far", "due": "9999-12-31", "phrase": "9999-12-31"},
             {**plain, "title": "Done far", "due": "2022-06-30", "phrase": "2022-06-30", "status": "done",
              "completed_on": "9999-12-31"},
             {**plain, "title": "Fine", "due": "2022-06-30", "phrase": "2022-06-30"}]
    path = tmp_path / "machine.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in lines) + "\n", encoding="utf-8")
    before = cli("list", "--json").out
    result = cli("import", str(path))
    assert result.code == 1 and "line 1: " in result.err
    assert "line 2: the completion date 9999-12-31 is outside the years missiontui accepts (1900 to 2199)" in result.err
    assert "line 3" not in result.err and cli("list", "--json").out == before


ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Example//Agenda//FR
BEGIN:VTODO
UID:ok-1@example.org
SUMMARY:Note d'étape
DUE;VALUE=DATE:20221201
END:VTODO
BEGIN:VTODO
UID:far-1@example.org
SUMMARY:Échéance fictive
DUE;VALUE=DATE:99991231
END:VTODO
BEGIN:VEVENT
UID:old-1@example.org
SUMMARY:Réunion d'antan
DTSTART;VALUE=DATE:18500101
END:VEVENT
END:VCALENDAR
"""


def test_a_calendar_import_names_each_far_item(cli, tmp_path):
    assert cli("load-seeds").code == 0
    path = tmp_path / "agenda.ics"
    path.write_text(ICS, encoding="utf-8")
    before = cli("list", "--json").out
    result = cli("import", str(path), "-m", DNS)
    assert result.code == 1
    assert ("'Échéance fictive': the due date 9999-12-31 is outside the years missiontui accepts (1900 to 2199)"
            in result.err)
    assert "'Réunion d'antan': the due date 1850-01-01 is outside" in result.err
    assert "Note d'étape':" not in result.err and "create  2022-12-01  Note d'étape" in result.out
    assert cli("list", "--json").out == before


# --- a calendar server: the far item waits, listed; the rest syncs ------------------------------

FOREIGN = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Example//Tasks//EN
BEGIN:VTODO
UID:{uid}
DTSTAMP:20220517T090000Z
SUMMARY:{title}
DUE;VALUE=DATE:{due}
STATUS:NEEDS-ACTION
END:VTODO
END:VCALENDAR
"""


def test_a_sync_pull_skips_a_far_task_and_brings_the_others(tmp_path, caldav_server, collection_url):
    from missiontui.usecases.seeds import load_seeds

    alice = replica(tmp_path / "alice.db", "Alice", caldav_server)
    try:
        load_seeds(alice.ctx)
        alice.link(collection_url)
        alice.sync()
        folder = collection_url.replace(caldav_server.base, "")
        for uid, title, due in (("far-1", "Échéance fictive", "99991231"), ("ok-1", "Relancer la DGOS", "20221014")):
            assert put_raw(caldav_server, f"{folder}{uid}.ics", FOREIGN.format(uid=uid, title=title, due=due))[0] in (
                201, 204)
        report = alice.sync()
        assert alice.by_title("Relancer la DGOS").due.date == date(2022, 10, 14)
        assert [(line.title, line.detail) for line in report.skipped] == [
            ("Échéance fictive", "the due date 9999-12-31 is outside the years missiontui accepts (1900 to 2199)")]
        assert not [d for d in alice.store.deliverables() if d.title == "Échéance fictive"]
    finally:
        alice.close()
