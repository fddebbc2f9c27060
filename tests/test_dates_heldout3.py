"""The third held-out corpus: deadline phrases written apart from the parser and its rules.

tests/data/date_phrases_heldout3.json was written without reading the parser, its tests or the
earlier corpora, from the conventions alone; every expected date was worked out by hand. One case
per phrase: a refusal (DateError) where no deadline is expected, the date and precision otherwise.
"""

import json
from datetime import date
from pathlib import Path

import pytest

from missiontui.core.dates import DateError, parse_due

DATA = Path(__file__).parent / "data"
CORPUS_PATH = DATA / "date_phrases_heldout3.json"
CORPUS = json.loads(CORPUS_PATH.read_text(encoding="utf-8"))
PHRASES = CORPUS["phrases"]
PRECISIONS = {"day", "early-month", "mid-month", "end-of-month", "month", "quarter", "half", "year", "season"}
FIELDS = {"id", "text", "ref", "expected", "precision", "category", "lang", "source"}


@pytest.mark.parametrize("phrase", PHRASES, ids=[p["id"] for p in PHRASES])
def test_phrase(phrase):
    reference = date.fromisoformat(phrase["ref"])
    if phrase["expected"] is None:
        with pytest.raises(DateError):
            parse_due(phrase["text"], reference)
    else:
        due = parse_due(phrase["text"], reference)
        assert (due.date.isoformat(), due.precision.value) == (phrase["expected"], phrase["precision"])


def test_every_phrase_is_well_formed():
    references = set(CORPUS["reference_dates"].values())
    for phrase in PHRASES:
        assert set(phrase) == FIELDS, phrase["id"]
        assert phrase["source"] == "heldout3" and phrase["lang"] in {"fr", "en"}, phrase["id"]
        assert phrase["ref"] in references, phrase["id"]
        if phrase["expected"] is None:
            assert phrase["precision"] is None, phrase["id"]
        else:
            assert phrase["precision"] in PRECISIONS, phrase["id"]
            # a deadline is never before the day it is written
            assert date.fromisoformat(phrase["expected"]) >= date.fromisoformat(phrase["ref"]), phrase["id"]


def test_reference_dates_are_the_weekdays_the_description_says():
    for label, iso in CORPUS["reference_dates"].items():
        weekday = date.fromisoformat(iso).strftime("%a")
        assert f"{label} {weekday} {iso}" in " ".join(CORPUS["description"].split()), label


def test_ids_and_texts_are_unique_and_the_mix_is_as_announced():
    assert len({p["id"] for p in PHRASES}) == len(PHRASES)
    assert len({p["text"].strip().lower() for p in PHRASES}) == len(PHRASES)
    assert len(PHRASES) >= 150
    assert sum(p["expected"] is None for p in PHRASES) >= 40
    assert sum(p["lang"] == "en" for p in PHRASES) >= 20


def test_no_phrase_is_taken_from_another_corpus():
    ours = {p["text"].strip().lower() for p in PHRASES}
    for other in sorted(DATA.glob("date_phrases*.json")):
        if other == CORPUS_PATH:
            continue
        theirs = {p["text"].strip().lower() for p in json.loads(other.read_text(encoding="utf-8"))["phrases"]}
        assert not ours & theirs, other.name


def test_the_conventions_are_those_of_the_second_held_out_corpus():
    conventions = json.loads((DATA / "date_phrases_heldout2.json").read_text(encoding="utf-8"))["description"]
    head, rest = conventions.split("\nSECOND HELD-OUT CORPUS", 1)
    rules = "Added precision:" + rest.split("\nAdded precision:", 1)[1].split("\nReference dates", 1)[0]
    assert head in CORPUS["description"] and rules in CORPUS["description"]
