"""Deleting keeps a tombstone; search takes user text literally, whatever it holds."""

import pytest

from missiontui.usecases import deliverables
from missiontui.core.errors import NotFound
from missiontui.core.model import DeliverableFilter

# What searching for each text finds, when one deliverable is titled "Annexe <text>": words are
# matched literally (operators are words like any other); text with no word in it finds nothing
# (it is not a wildcard that lists everything, nor a syntax error).
ONLY_IT, NOTHING = "only the deliverable holding it", "nothing"
HOSTILE = {'"': NOTHING, '""': NOTHING, "'": NOTHING, "*": NOTHING, "NEAR(a b)": ONLY_IT, "a OR b": ONLY_IT,
           "title:x": ONLY_IT, "[/]": NOTHING, "-": NOTHING, "^": NOTHING, "(": NOTHING, ")": NOTHING,
           "AND": ONLY_IT, "\x1b[31m": ONLY_IT, "%": NOTHING, "_": NOTHING, "\\": NOTHING,
           ";DROP TABLE deliverable;--": ONLY_IT, "é" * 300: ONLY_IT, "🙂": ONLY_IT, "a" * 5000: ONLY_IT,
           ":": NOTHING, "x NOT y": ONLY_IT}


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


@pytest.mark.parametrize("text, expected", HOSTILE.items(), ids=range(len(HOSTILE)))
def test_hostile_search_text_is_taken_literally(seeded, text, expected):
    others = deliverables.add_deliverable(seeded, mission="D-22-010393", title="Annexe sans rapport", due="fin juin")
    holder = deliverables.add_deliverable(seeded, mission="D-22-010393", title=f"Annexe {text}", due="fin juin")
    found = [d.id for d in seeded.store.deliverables(DeliverableFilter(text=text))]
    assert found == ([holder.deliverable.id] if expected is ONLY_IT else []), (text[:20], found)
    assert others.deliverable.id not in found


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
