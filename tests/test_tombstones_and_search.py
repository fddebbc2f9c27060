"""Deleting keeps a tombstone; search takes user text literally, whatever it holds."""

import pytest

from missiontui.usecases import deliverables
from missiontui.core.errors import NotFound
from missiontui.core.model import DeliverableFilter

HOSTILE = ['"', '""', "'", "*", "NEAR(a b)", "a OR b", "title:x", "[/]", "-", "^", "(", ")", "AND", "NOT",
           "a\"b", "\x1b[31m", "%", "_", "\\", ";DROP TABLE deliverable;--", "é" * 300, "🙂", "a" * 5000, ":"]


def test_deleted_deliverable_is_a_tombstone(seeded):
    deliverables.delete(seeded, 12, reason="fusionné avec le point d'étape")
    assert 12 not in [d.id for d in seeded.store.deliverables()]
    tomb = seeded.store.deliverable(12, include_deleted=True)
    assert tomb.deleted_at and tomb.sequence == 1
    assert 12 in [d.id for d in seeded.store.deliverables(DeliverableFilter(include_deleted=True))]
    assert seeded.store.history("deliverable", 12)[0].action == "delete"
    with pytest.raises(NotFound):
        seeded.store.deliverable(12)


def test_restore_undoes_a_delete(seeded):
    deliverables.delete(seeded, 12)
    restored = deliverables.restore(seeded, 12).deliverable
    assert restored.deleted_at is None and restored.sequence == 2
    assert seeded.store.history("deliverable", 12)[0].action == "restore"


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_search_text_never_breaks_the_query(seeded, text):
    results = seeded.store.deliverables(DeliverableFilter(text=text))
    assert all(r.id for r in results)


def test_search_is_literal_accent_and_case_insensitive_prefix(seeded):
    found = {d.id for d in seeded.store.deliverables(DeliverableFilter(text="ETAPE"))}
    assert 11 in found  # "Point d'étape associant ..."
    assert {d.id for d in seeded.store.deliverables(DeliverableFilter(text="letour"))} == {11}
    assert seeded.store.deliverables(DeliverableFilter(text="a OR b")) == []  # not the FTS operator


def test_search_finds_hostile_titles_literally(seeded):
    added = deliverables.add_deliverable(seeded, mission="D-22-010393", title='Annexe "[/]" OR NEAR(x)', due="fin juin")
    assert [d.id for d in seeded.store.deliverables(DeliverableFilter(text='"[/]" OR NEAR'))] == [added.deliverable.id]


def test_search_covers_notes_and_follows_edits(seeded):
    deliverables.edit_deliverable(seeded, 13, {"notes": "arbitrage interministériel"})
    assert [d.id for d in seeded.store.deliverables(DeliverableFilter(text="interministeriel"))] == [13]
    deliverables.edit_deliverable(seeded, 13, {"notes": ""})
    assert seeded.store.deliverables(DeliverableFilter(text="interministeriel")) == []
