"""`missiontui check`: what is wrong in a database, said in sentences (or JSON), exit 1 if anything is;
and it only reads."""

import shutil
import sqlite3

import pytest

from missiontui.store.migrations import SCHEMA_VERSION

from tests.conftest import DATA
from tests.db_files import damage_table, file_state, seeded_copy


@pytest.fixture
def seeded_path(db_path):
    return seeded_copy(db_path)


def raw(path, *statements):
    """Changes made behind missiontui's back (foreign keys off, as another tool would)."""
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def test_a_sound_database_is_all_well_and_untouched(cli, seeded_path):
    before = file_state(seeded_path)
    result = cli("check")
    assert result.code == 0 and result.out == f"checked {seeded_path}\nall is well\n"
    report = cli("check", "--json").json()
    assert report["ok"] is True and report["problems"] == [] and report["integrity"] == []
    assert report["schema"] == {"status": "current", "version": report["schema"]["current"], "current": SCHEMA_VERSION,
                                "newer": []}
    assert file_state(seeded_path) == before


def test_an_older_schema_is_noted_not_upgraded(cli, tmp_path):
    old = tmp_path / "v1.db"
    shutil.copy(DATA / "schema-v1.db", old)
    before = file_state(old)
    result = cli("check", db=old)
    assert result.code == 0 and f"note: schema 1 of {SCHEMA_VERSION}: missiontui upgrades it the next time it opens it" in result.out
    assert file_state(old).data == before.data


def test_rows_pointing_nowhere_are_each_named(cli, seeded_path):
    raw(seeded_path,
        "INSERT INTO owner(deliverable_id, person_id, lead) VALUES (12, 999, 0)",
        "INSERT INTO dependency(deliverable_id, depends_on_id) VALUES (12, 777)",
        "INSERT INTO history(change_id, entity, entity_id, action, version) VALUES (1, 'deliverable', 555, 'update', 2)")
    result = cli("check")
    assert result.code == 1
    assert "problem: owner row deliverable_id=12, person_id=999: person_id 999 points to no person" in result.out
    assert "problem: dependency row deliverable_id=12, depends_on_id=777: depends_on_id 777 points to no deliverable" \
        in result.out
    assert "entity_id 555 points to no deliverable" in result.out
    assert result.out.endswith("3 problems found\n")
    report = cli("check", "--json").json()
    assert report["ok"] is False
    assert {(o["table"], o["column"], o["value"]) for o in report["orphans"]} == {
        ("owner", "person_id", 999), ("dependency", "depends_on_id", 777), ("history", "entity_id", 555)}
    assert {(f["table"], f["parent"]) for f in report["foreign_keys"]} == {("owner", "person"),
                                                                          ("dependency", "deliverable")}


def test_a_search_index_out_of_step_with_the_table_is_found(cli, seeded_path):
    raw(seeded_path,
        "DROP TRIGGER deliverable_fts_update",
        # one word changed, not re-indexed: the same number of words, so only the words tell
        "UPDATE deliverable SET title = 'Zeppelin' || substr(title, instr(title, ' ')) WHERE id = 12",
        "DROP TRIGGER deliverable_fts_insert",
        "INSERT INTO deliverable(uid, mission_id, title, kind, due, precision, status, created_at, updated_at) "
        "VALUES ('u-new', 1, 'Sans index', 'other', '2022-06-30', 'day', 'planned', 'x', 'x')",  # not indexed
        "INSERT INTO deliverable_fts(rowid, title, notes) VALUES (900, 'fantôme', '')")  # no such deliverable
    new_id = sqlite3.connect(seeded_path).execute("SELECT id FROM deliverable WHERE uid = 'u-new'").fetchone()[0]
    result = cli("check")
    assert result.code == 1
    assert "problem: deliverable 12 is indexed with other words than it holds" in result.out
    assert f"problem: deliverable {new_id} is missing from the search index" in result.out
    assert "problem: deliverable 900 is in the search index but not in the table" in result.out
    assert {(m["id"], m["problem"]) for m in cli("check", "--json").json()["search_index"]} == {
        (12, "different"), (new_id, "missing"), (900, "stale")}


def test_an_index_out_of_step_fails_the_integrity_check(cli, seeded_path):
    raw(seeded_path, "PRAGMA writable_schema = ON",  # the index now claims other columns than it holds
        "UPDATE sqlite_master SET sql = 'CREATE INDEX history_entity ON history(action, entity_id, id)' "
        "WHERE name = 'history_entity'")
    result = cli("check")
    assert result.code == 1
    assert "problem: SQLite's integrity check failed: row 1 missing from index history_entity (and " in result.out
    assert "row 2 missing from index history_entity" in cli("check", "--json").json()["integrity"]


def test_a_damaged_table_is_reported_and_the_other_checks_still_run(cli, seeded_path):
    damage_table(seeded_path, "history")
    raw(seeded_path, "INSERT INTO owner(deliverable_id, person_id, lead) VALUES (12, 999, 0)")
    result = cli("check")
    assert result.code == 1 and "problem: SQLite's integrity check could not run (database disk image is " \
        "malformed)" in result.out
    assert "person_id 999 points to no person" in result.out


@pytest.mark.parametrize("make, problem, words", [
    (lambda p: p.write_bytes(b""), "empty", "is an empty file (0 bytes)"),
    (lambda p: p.write_bytes(b"not a database" * 50), "not-a-database", "is not an SQLite database"),
    (lambda p: p.write_bytes(seeded_copy(p.with_name("w.db")).read_bytes()[:20000]), "truncated", "is truncated"),
    (lambda p: None, "missing", "no database at"),
], ids=["empty", "text", "truncated", "missing"])
def test_a_file_that_cannot_be_opened_is_one_problem(cli, db_path, make, problem, words):
    make(db_path)
    result = cli("check")
    assert result.code == 1 and str(db_path) in result.out and words in result.out
    assert result.out.endswith("1 problem found\n")
    report = cli("check", "--json").json()
    assert report["ok"] is False and report["file_problem"] == problem
    assert len(report["problems"]) == 1 and words in report["problems"][0]
    assert db_path.exists() == (problem != "missing")  # check creates nothing


def test_another_programs_database_is_not_a_missiontui_one(cli, db_path):
    raw(db_path, "CREATE TABLE invoices(id INTEGER PRIMARY KEY)")
    before = file_state(db_path)
    result = cli("check")
    assert result.code == 1
    assert f"problem: {db_path} is not a missiontui database (tables: invoices)" in result.out
    assert cli("check", "--json").json()["schema"]["status"] == "foreign"
    assert file_state(db_path).data == before.data
