"""The second held-out corpus (tests/data/date_phrases_heldout2.json), one case per phrase.

The phrases and their expected dates were written from the conventions in the corpus' description,
without reading the parser; null means the phrase must be refused (DateError), not given a date.
"""

import json
from datetime import date
from pathlib import Path

import pytest

from missiontui.core.dates import DateError, parse_due

CORPUS = json.loads((Path(__file__).parent / "data" / "date_phrases_heldout2.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("phrase", CORPUS["phrases"], ids=[p["id"] for p in CORPUS["phrases"]])
def test_heldout2_phrase(phrase):
    ref = date.fromisoformat(phrase["ref"])
    if phrase["expected"] is None:
        with pytest.raises(DateError):
            parse_due(phrase["text"], ref)
        return
    due = parse_due(phrase["text"], ref)
    assert (due.date.isoformat(), due.precision.value) == (phrase["expected"], phrase["precision"])


def test_heldout2_corpus_shape():
    """Each phrase is well formed, every reference date is one of the listed ones, ids are unique."""
    phrases = CORPUS["phrases"]
    assert len({p["id"] for p in phrases}) == len(phrases)
    assert {p["ref"] for p in phrases} <= set(CORPUS["reference_dates"].values())
    for p in phrases:
        assert p["source"] == "heldout2" and p["lang"] in ("fr", "en")
        assert (p["expected"] is None) == (p["precision"] is None), p["id"]
        if p["expected"]:
            assert date.fromisoformat(p["expected"]) >= date.fromisoformat(p["ref"]), p["id"]
