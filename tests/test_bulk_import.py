"""Deliverables as JSON lines, read as they come (issue 14: a million of them in flat memory): every
line lands as written, a problem on any line — even after tens of thousands were written inside the
transaction — leaves the database as it was, and a bulk create keeps the same lean history as one
made by hand."""

import json
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from missiontui.core.changes import encode_state
from missiontui.core.errors import RuleViolation
from missiontui.core.model import DeliverableFilter, Owner, Precision, Status
from missiontui.core.rules import owners_with_lead
from missiontui.store.writes import CHUNK, Placeholders

DNS = "D-22-010393"


def line(n: int, **fields) -> str:
    record = {"mission": DNS, "title": f"Audition {n}", "due": "2022-09-30", "owners": [{"name": "Annelore Coury"}]}
    return json.dumps(record | fields, ensure_ascii=False) + "\n"


def write_lines(tmp_path, lines, name="load.jsonl") -> str:
    path = tmp_path / name
    path.write_text("".join(lines), encoding="utf-8")
    return str(path)


def snapshot(ctx):
    store = ctx.store
    return (store.count_deliverables(DeliverableFilter(include_deleted=True)), len(store.history(limit=10_000)),
            store.deliverable_ids(DeliverableFilter(text="audition")), indexes(ctx))


def indexes(ctx) -> list[tuple[str, str]]:
    return ctx.store._rows("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('deliverable', 'owner')"
                           " ORDER BY name")


def test_each_line_lands_as_written(seeded, cli, tmp_path):
    lines = [line(1, title="Rapport « provisoire »", due="fin juin 2022", status="in-progress", kind="report",
                  owners=[{"name": "Laura Létourneau"}, {"name": "Annelore Coury", "lead": True}], notes="Salle 4"),
             line(2, due="2022-10-14", precision="mid-month", phrase="mi-octobre", status="done",
                  completed_on="2022-10-10"),
             line(3, due=None), line(4, mission="d-22-010393")]  # a reference in any case, as a user types it
    result = cli("import", write_lines(tmp_path, lines))
    assert result.code == 0, result.err
    assert "imported: 4 to create" in result.out
    found = {d.title: d for d in seeded.store.deliverables(DeliverableFilter(mission=DNS))}
    report = found["Rapport « provisoire »"]
    assert (report.due.date.isoformat(), report.due.precision, report.status, report.kind.value, report.notes) == (
        "2022-06-30", Precision.END_OF_MONTH, Status.IN_PROGRESS, "report", "Salle 4")
    assert [(o.name, o.lead) for o in report.owners] == [("Annelore Coury", True), ("Laura Létourneau", False)]
    second = found["Audition 2"]
    assert (second.due.date.isoformat(), second.due.precision, second.due.phrase) == ("2022-10-14",
                                                                                      Precision.MID_MONTH, "mi-octobre")
    assert (second.status, second.completed_on.isoformat()) == (Status.DONE, "2022-10-10")
    assert found["Audition 3"].due is None  # to schedule
    assert found["Audition 4"].mission_ref == DNS


def test_a_problem_on_the_last_line_undoes_chunks_already_written(seeded, cli, tmp_path):
    """More lines than the store writes at once: the first chunk is in the database (inside the
    transaction) when the bad last line is read; nothing of it may remain."""
    before = snapshot(seeded)
    lines = [line(n) for n in range(CHUNK + 600)] + [line(0, mission="NO-SUCH-MISSION")]
    result = cli("import", write_lines(tmp_path, lines))
    assert result.code == 1
    assert f"problem: line {CHUNK + 601}:" in result.err and "nothing imported: 1 problem in the file" in result.err
    assert snapshot(seeded) == before  # the indexes set aside during the load are back as they were
    assert "to create" not in result.out  # no success line


def test_a_large_load_leaves_every_index_as_it_was_and_in_use(seeded, cli, tmp_path):
    """Past a chunk, the load builds the plain indexes once at the end instead of row by row."""
    before = indexes(seeded)
    lines = [line(n, due=f"2023-{1 + n % 12:02d}-{1 + n % 28:02d}") for n in range(CHUNK + 600)]
    assert cli("import", write_lines(tmp_path, lines)).code == 0
    assert indexes(seeded) == before
    plan = seeded.store._rows("EXPLAIN QUERY PLAN SELECT id FROM deliverable d WHERE d.deleted_at IS NULL"
                              " AND d.due >= '2023-03-01' AND d.due <= '2023-03-31' ORDER BY d.due, d.id")
    assert "deliverable_due" in plan[0]["detail"]
    march = seeded.store.deliverables(DeliverableFilter(due_after=date(2023, 3, 1), due_before=date(2023, 3, 31)))
    assert len(march) == sum(1 for n in range(CHUNK + 600) if n % 12 == 2)


def test_every_problem_is_reported_with_its_line_and_nothing_is_written(seeded, cli, tmp_path):
    before = snapshot(seeded)
    lines = [line(1), "{not json\n", line(3, status="finished"), line(4, owners=[{"name": "Nobody Known"}]),
             "\n", line(6, title="   ")]
    result = cli("import", write_lines(tmp_path, lines), "--json")
    report = result.json()
    assert result.code == 1 and report["applied"] is False and report["created"] == []
    assert [e.split(":")[0] for e in report["errors"]] == ["line 2", "line 3", "line 4", "line 6"]
    assert snapshot(seeded) == before


def test_a_dry_run_reads_every_line_and_writes_nothing(seeded, cli, tmp_path):
    before = snapshot(seeded)
    good = cli("import", write_lines(tmp_path, [line(n) for n in range(700)]), "--dry-run")
    assert good.code == 0 and "dry run: 700 to create" in good.out and "… and 680 more" in good.out
    bad = cli("import", write_lines(tmp_path, [line(n) for n in range(700)] + ["[1]\n"], "bad.jsonl"), "--dry-run")
    assert bad.code == 1 and "line 701" in bad.err
    assert snapshot(seeded) == before


def test_a_bulk_create_keeps_the_same_lean_history_and_undoes_in_one_step(seeded, cli, tmp_path):
    titles = [f"Entretien n°{n} — « DGOS »\\ \"quoted\"\tend" for n in range(600)]  # bulk path: 500 or more
    path = write_lines(tmp_path, [line(n, title=t) for n, t in enumerate(titles)])
    report = cli("import", path, "--json").json()
    assert report["applied"] and len(report["created"]) == 600
    created = report["created"]
    assert [seeded.store.deliverable(i).title for i in created] == titles
    history = seeded.store.history("deliverable", created[-1])
    assert len(history) == 1 and history[0].action == "create" and history[0].after == {"title": titles[-1]}
    rows = seeded.store._rows("SELECT new FROM history WHERE entity = 'deliverable' AND entity_id IN (?, ?)",
                              (created[0], created[-1]))
    assert [r["new"] for r in rows] == [encode_state("deliverable", {"title": titles[0]}),
                                       encode_state("deliverable", {"title": titles[-1]})]
    undone = cli("undo", "--json").json()  # as the same user as the import
    assert len({row["entity_id"] for row in undone["changes"]}) == 600
    assert all(seeded.store.deliverable(i, include_deleted=True).deleted_at for i in created)


def test_uids_already_here_are_skipped_and_a_uid_twice_is_a_problem(seeded, cli, tmp_path):
    taken = seeded.store.deliverable(12).uid
    result = cli("import", write_lines(tmp_path, [line(1, uid=taken), line(2, uid="fresh-1@elsewhere")]))
    assert result.code == 0 and "1 to create" in result.out and "1 skipped" in result.out
    assert seeded.store.deliverable_by_uid("fresh-1@elsewhere").title == "Audition 2"
    again = cli("import", write_lines(tmp_path, [line(3, uid="x@y"), line(4, uid="x@y")], "twice.jsonl"))
    assert again.code == 1 and "line 2" in again.err


def test_a_line_too_long_or_not_utf8_is_one_clear_sentence(seeded, cli, tmp_path):
    before = snapshot(seeded)
    long_line = tmp_path / "long.jsonl"
    long_line.write_bytes(line(1).encode() + b'{"title": "' + b"x" * (1024 * 1024 + 10))
    result = cli("import", str(long_line))
    assert result.code == 1 and "line 2 is longer than 1 MiB" in result.err
    latin = tmp_path / "latin.jsonl"
    latin.write_bytes(line(1).encode() + line(2, title="Réunion").encode("latin-1"))
    result = cli("import", str(latin))
    assert result.code == 1 and "not UTF-8" in result.err and "Traceback" not in result.err
    assert snapshot(seeded) == before


def test_placeholders_of_a_bulk_run_map_to_consecutive_ids():
    ids = Placeholders()
    ids.add_run(-1, 3, 100)
    ids.add_run(-4, 2, 200)
    ids[-9] = 7
    assert [ids.get(-n) for n in range(1, 7)] == [100, 101, 102, 200, 201, None]
    assert ids[-9] == 7 and ids.created(5) == [100, 101, 102, 200, 201] and len(ids) == 6
    with pytest.raises(KeyError):
        ids[-6]


owner_lists = st.lists(st.tuples(st.integers(1, 4), st.booleans()), max_size=5)


@given(owner_lists, st.one_of(st.none(), st.integers(1, 5)))
def test_owners_get_one_lead_whether_already_normalised_or_not(pairs, lead_id):
    """The rule as its docstring says it, whatever shortcut a bulk load takes: no repeats (the
    first mention of a person counts), one lead — the one named, else the one marked, else the first."""
    owners = [Owner(pid, f"P{pid}", lead) for pid, lead in pairs]
    unique = list({o.person_id: o for o in owners}.values())
    marked = [o.person_id for o in unique if o.lead]
    if (lead_id is None and len(marked) > 1) or (lead_id is not None and lead_id not in [o.person_id for o in unique]):
        with pytest.raises(RuleViolation):
            owners_with_lead(owners, lead_id)
        return
    chosen = lead_id if lead_id is not None else (marked[0] if marked else unique[0].person_id if unique else None)
    expected = [(o.person_id, o.person_id == chosen) for o in unique]
    once = owners_with_lead(owners, lead_id)
    assert [(o.person_id, o.lead) for o in once] == expected
    assert owners_with_lead(once, lead_id) == once and owners_with_lead(once) == once


def test_a_bulk_load_of_an_odd_size_lands_every_line(seeded, cli, tmp_path):
    """The store writes many rows to a statement: the lines that do not fill the last one land too,
    with their owners, history and search entry."""
    count = 537  # over the bulk threshold, not a round number
    report = cli("import", write_lines(tmp_path, [line(n, notes=f"carnet {n}") for n in range(count)]), "--json").json()
    created = report["created"]
    assert report["applied"] and len(created) == count
    last = seeded.store.deliverable(created[-1])
    assert (last.title, last.notes, [o.name for o in last.owners]) == (f"Audition {count - 1}", f"carnet {count - 1}",
                                                                       ["Annelore Coury"])
    assert seeded.store.history("deliverable", created[-1])[0].after == {"title": f"Audition {count - 1}"}
    assert seeded.store.deliverable_ids(DeliverableFilter(text=f"carnet {count - 1}")) == [created[-1]]
    assert [seeded.store.deliverable(i).title for i in created] == [f"Audition {n}" for n in range(count)]
