"""Property tests: the parser only ever answers a Due or its own DateError."""

import re
import string
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from missiontui.core.dates import VOCABULARY, DateError, _normalise, parse_due
from missiontui.core.model import Precision

REF = date(2022, 4, 21)
DATE_ALPHABET = string.ascii_letters + string.digits + " /.-+'’éèàûôçÉ,:;()\"\t\n" + "\u2013\x00\x1b[]"


def parses_or_refuses(text, ref=REF):
    try:
        due = parse_due(text, ref)
    except DateError:
        return None
    assert isinstance(due.date, date) and isinstance(due.precision, Precision)
    assert 1900 <= due.date.year <= 2199  # the supported years: the day after is always a date too
    return due


@settings(max_examples=500, deadline=None)  # rules compile on first use: no timing here
@given(st.text())
def test_any_unicode_text_gives_a_due_or_a_date_error(text):
    parses_or_refuses(text)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=DATE_ALPHABET, max_size=40), st.dates(min_value=date(1, 1, 1)))
def test_date_like_noise_gives_a_due_or_a_date_error(text, ref):
    parses_or_refuses(text, ref)


@settings(deadline=None)
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31)), st.dates())
def test_iso_dates_round_trip(day, ref):
    due = parse_due(day.isoformat(), ref)
    assert due.date == day and due.precision is Precision.DAY


@settings(deadline=None)
@given(st.one_of(st.dates(min_value=date(1000, 1, 1), max_value=date(1899, 12, 31)),
                 st.dates(min_value=date(2200, 1, 1), max_value=date(9999, 12, 31))), st.dates())
def test_iso_dates_outside_the_supported_years_are_refused_naming_the_year(day, ref):
    try:
        parse_due(day.isoformat(), ref)
    except DateError as error:
        assert f"the year {day.year} is outside" in str(error)
    else:
        raise AssertionError(f"{day} was accepted")


WORD = st.text(alphabet=string.ascii_letters + "éèàçùœ'-", min_size=1, max_size=12)


def has_date_word(words):
    tokens = re.split(r"[^a-z0-9]+", _normalise(" ".join(words))[0])
    return any(token in VOCABULARY for token in tokens)


@settings(max_examples=500, deadline=None)
@given(st.lists(WORD, min_size=1, max_size=8).filter(lambda ws: not has_date_word(ws)))
def test_text_without_digits_or_date_words_never_yields_a_date(words):
    assert parses_or_refuses(" ".join(words)) is None
