"""Every phrase of tests/data/date_phrases.json, each its own test case."""

import json
from datetime import date

import pytest

from missiontui.core.dates import DateError, find_due, parse_due
from tests.conftest import DATA

CORPUS = json.loads((DATA / "date_phrases.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CORPUS["phrases"], ids=[f"{p['id']}-{p['text'][:30]}" for p in CORPUS["phrases"]])
def test_corpus_phrase(case):
    ref = date.fromisoformat(case["ref"])
    if case["expected"] is None:
        with pytest.raises(DateError):
            parse_due(case["text"], ref)
        if "resolved" in case:  # a past reference: no deadline, but dated, and said to be past
            found = find_due(case["text"], ref)
            assert found.due.date.isoformat() == case["resolved"] and found.past and not found.deadline
        return
    due = parse_due(case["text"], ref)
    assert due.date.isoformat() == case["expected"]
    assert due.precision.value == case["precision"]
    if case.get("keeps_phrase", True):  # the words say more than the date: the letter's, a precision
        assert due.phrase and due.phrase.lower() in case["text"].lower()
    else:  # "demain", "dans 3 semaines": typed words that only pointed at a day are not kept
        assert due.phrase == ""
    # "le 12 mai dernier", "depuis dix ans": a reference to the past, which a letter import drops
    assert find_due(case["text"], ref).past is case.get("past", False)
