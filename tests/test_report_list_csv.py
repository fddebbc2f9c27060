"""`missiontui list --format csv`: the fields of `list --json`, one row per deliverable, that a
spreadsheet or Python's csv module reads back with the same values."""

from __future__ import annotations

import csv
import io

from tests import report_scenario as scenario
from tests.report_scenario import REF


def rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_has_the_json_values(ctx, cli, monkeypatch):
    monkeypatch.setenv("MISSIONTUI_TODAY", "2022-07-04")
    ids = scenario.build(ctx, extra_titles=("=1+1 « guillemets », virgule, \"quote\"",))
    result = cli("list", "-m", REF, "--format", "csv")
    assert result.code == 0 and result.err == ""
    assert result.out.startswith("id,uid,mission,title,kind,due,precision,phrase,status,owners,lead,depends_on,"
                                 "notes,completed_on,version,sequence,created_at,updated_at,deleted\r\n")
    table = rows(result.out)
    by_id = {int(r["id"]): r for r in table}
    assert [int(r["id"]) for r in table] == [d["id"] for d in cli("list", "-m", REF, "--json").json()]
    report = by_id[ids["report"]]
    assert {k: report[k] for k in ("uid", "mission", "title", "kind", "due", "precision", "phrase", "status",
                                   "owners", "lead", "depends_on", "completed_on", "deleted")} == {
        "uid": f"{REF}/report@missiontui-seed", "mission": REF,
        "title": "Remise des travaux de la mission (bilan d'étape de la DNS et propositions)", "kind": "report",
        "due": "2022-10-15", "precision": "day", "phrase": "2022-10-15", "status": "planned",
        "owners": "Thomas Audigé", "lead": "Thomas Audigé", "depends_on": str(ids["checkpoint"]),
        "completed_on": "", "deleted": "false"}
    assert report["notes"].startswith("« Je souhaite que les travaux de cette mission soient remis en septembre")
    checkpoint = by_id[ids["checkpoint"]]
    assert (checkpoint["owners"], checkpoint["lead"]) == ("Thomas Audigé; Dominique Pon; Laura Létourneau",
                                                          "Thomas Audigé")
    assert by_id[ids["cadrage"]]["completed_on"] == "2022-06-01"
    # commas and quotes survive; a would-be formula is guarded by an apostrophe
    assert by_id[ids["extra0"]]["title"] == "'=1+1 « guillemets », virgule, \"quote\""


def test_csv_of_nothing_is_the_header(ctx, cli):
    result = cli("list", "-m", "NO-SUCH", "--format", "csv")
    assert result.code == 0 and rows(result.out) == [] and result.out.startswith("id,uid,")


def test_json_and_csv_at_once_is_refused(ctx, cli):
    result = cli("list", "--json", "--format", "csv")
    assert (result.code, result.err) == (1, "missiontui: error: --json and --format csv ask for two formats: give one\n")
