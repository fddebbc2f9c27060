"""What slips if this slips: a deadline moved later than what depends on it names the deliverables
that become impossible and, asked, moves them by the same shift — one change set, one reason, one undo."""

from datetime import date

from missiontui.core.cascade import slips
from missiontui.usecases import deliverables as cases


def test_the_chain_below_a_moved_deliverable_moves_by_the_same_shift():
    #   1 ← 2 ← 3      2 depends on 1, 3 on 2; 4 on 1 but far later; 5 on 1 but done; 6 on 1, undated
    depends_on = {2: [1], 3: [2], 4: [1], 5: [1], 6: [1]}
    dues = {1: date(2022, 6, 30), 2: date(2022, 7, 10), 3: date(2022, 9, 30), 4: date(2023, 1, 1),
            5: date(2022, 7, 1), 6: None}
    moved = slips(1, date(2022, 8, 30), 61, depends_on, dues, movable={2, 3, 4})
    # 2 (10 July) now comes before 1 (30 August): + 61 days = 9 September; 3 (30 September) is still
    # after 2's new date; 4 is after 30 August; 5 is done; 6 has no date.
    assert moved == {2: date(2022, 9, 9)}
    moved = slips(1, date(2022, 10, 30), 122, depends_on, dues, movable={2, 3, 4})
    # 2 → 9 November; then 3 (30 September) comes before 2's new date → 30 January 2023.
    assert moved == {2: date(2022, 11, 9), 3: date(2023, 1, 30)}
    assert slips(1, date(2022, 6, 1), 0, depends_on, dues, movable={2, 3, 4}) == {}  # moved earlier


def dns(cli):
    return {d["kind"]: d for d in cli("list", "-m", "D-22-010393", "--json").json()}


def test_edit_cascade_moves_what_depends_on_it_in_one_change_with_one_reason(cli):
    cli("load-seeds")
    before = dns(cli)
    checkpoint = before["checkpoint"]["id"]
    result = cli("edit", str(checkpoint), "-d", "15 octobre 2022", "-r", "entretiens ARS décalés", "--cascade")
    assert result.code == 0, result.err
    # The checkpoint moves from 30 June to 15 October: 107 days. The report (30 September, after the
    # checkpoint) then comes before it: 30 September + 107 days = 15 January 2023; the decisions
    # (31 December, after the report) in turn: + 107 days = 17 April 2023.
    after = dns(cli)
    assert [(k, after[k]["due"], after[k]["precision"], after[k]["phrase"]) for k in ("report", "decision")] == [
        ("report", "2023-01-15", "day", ""), ("decision", "2023-04-17", "day", "")]
    assert "moved 107 days later too, in the same change (2):" in result.out
    history = cli("history", "--json", "--limit", "1").json()  # the latest change set
    assert len({h["change"] for h in history}) == 1
    assert {h["reason"] for h in history} == {"entretiens ARS décalés"}
    assert {h["entity_id"] for h in history} == {after[k]["id"] for k in ("checkpoint", "report", "decision")}
    assert cli("undo").code == 0
    assert {k: (d["due"], d["phrase"]) for k, d in dns(cli).items()} == \
        {k: (d["due"], d["phrase"]) for k, d in before.items()}


def test_without_cascade_only_the_deliverable_moves_and_the_rest_is_named(cli):
    cli("load-seeds")
    before = dns(cli)
    result = cli("edit", str(before["checkpoint"]["id"]), "-d", "2022-10-15", "--json")
    assert [(s["id"], s["due"], s["moved_to"]) for s in result.json()["slipped"]] == [
        (before["report"]["id"], "2022-09-30", "2023-01-15"), (before["decision"]["id"], "2022-12-31", "2023-04-17")]
    assert result.json()["cascaded"] is False
    assert dns(cli)["report"]["due"] == "2022-09-30"
    text = cli("edit", str(before["checkpoint"]["id"]), "-d", "2022-10-20")
    assert "warning: what depends on" in text.err and "the same shift (5 days) would move 1:" in text.err


def test_moving_earlier_or_within_the_slack_slips_nothing(ctx):
    from missiontui.usecases.seeds import load_seeds

    load_seeds(ctx)
    items = {d.kind.value: d for d in ctx.store.deliverables() if d.mission_ref == "D-22-010393"}
    assert cases.what_slips(ctx, items["checkpoint"].id, "2022-06-01") == ()  # earlier
    assert cases.what_slips(ctx, items["checkpoint"].id, "2022-09-30") == ()  # the report's own day: still possible
    (report, due), = cases.what_slips(ctx, items["checkpoint"].id, "2022-10-01")[:1]
    assert (report.id, due.date) == (items["report"].id, date(2023, 1, 1))  # 30 September + 93 days


def test_a_cascade_saved_from_a_stale_form_keeps_a_colleagues_change(ctx, db_path):
    """The dependents are read and moved inside the save's transaction: a colleague who moved the
    report meanwhile sees the shift applied to their date, not to the one the form showed."""
    from missiontui.usecases.seeds import load_seeds
    from tests.conftest import open_as

    load_seeds(ctx)
    items = {d.kind.value: d for d in ctx.store.deliverables() if d.mission_ref == "D-22-010393"}
    with open_as(db_path, "Bob") as bob:
        cases.edit_deliverable(bob, items["report"].id, {"due": "2022-09-15"}, reason="Bob")
    saved = cases.edit_deliverable(ctx, items["checkpoint"].id, {"due": "2022-10-15"}, cascade=True)
    moved = {d.id: due.date for d, due in saved.slipped}
    assert moved[items["report"].id] == date(2022, 12, 31)  # 15 September + 107 days


def test_an_undo_of_a_cascade_colleagues_built_on_names_every_deliverable_they_moved(cli, monkeypatch):
    """One change set moved three deliverables; a colleague then moved two of them again. The undo
    would throw her work away: it is refused, and the refusal names both — not only the first it met."""
    cli("load-seeds")
    items = dns(cli)
    assert cli("edit", str(items["checkpoint"]["id"]), "-d", "15 octobre 2022", "--cascade").code == 0
    monkeypatch.setenv("MISSIONTUI_USER", "Claire Martin")
    for kind, day in (("report", "2023-01-31"), ("decision", "2023-04-30")):
        assert cli("edit", str(items[kind]["id"]), "-d", day, "-r", "calendrier du cabinet").code == 0
    monkeypatch.setenv("MISSIONTUI_USER", "Thomas Audigé")
    refused = cli("undo")
    assert refused.code == 1 and "cannot undo" in refused.err
    for kind in ("report", "decision"):
        assert f"deliverable #{items[kind]['id']} due (Claire Martin" in refused.err
    assert {k: d["due"] for k, d in dns(cli).items()} == {  # nothing was undone, hers are kept
        "mandate": "2022-04-21", "checkpoint": "2022-10-15", "report": "2023-01-31", "decision": "2023-04-30"}
