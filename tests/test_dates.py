"""Deadline phrases beyond the corpus: what the issue promises, and what must be refused."""

from datetime import date

import pytest

from missiontui.core.dates import DateError, find_all, find_due, parse_due
from missiontui.core.model import Precision

REF = date(2022, 4, 21)  # a Thursday: the DNS letter


@pytest.mark.parametrize("text, expected, precision", [
    ("fin sept.", "2022-09-30", Precision.END_OF_MONTH),
    ("mi-octobre", "2022-10-15", Precision.MID_MONTH),
    ("T3 2022", "2022-09-30", Precision.QUARTER),
    ("S1 2023", "2023-06-30", Precision.HALF),
    ("H2", "2022-12-31", Precision.HALF),
    ("lundi prochain", "2022-04-25", Precision.DAY),
    ("next friday", "2022-04-22", Precision.DAY),
    ("jeudi prochain", "2022-04-28", Precision.DAY),  # strictly after, even on a Thursday
    ("+2w", "2022-05-05", Precision.DAY),
    ("sous 48 heures", "2022-04-23", Precision.DAY),
    ("J+30", "2022-05-21", Precision.DAY),
    ("in two months", "2022-06-21", Precision.DAY),
    ("dans 3 semaines", "2022-05-12", Precision.DAY),
    ("d'ici 2022", "2022-12-31", Precision.YEAR),
    ("FIN DE L'ANNEE", "2022-12-31", Precision.YEAR),  # any case, accents optional
    ("fin juin", "2022-06-30", Precision.END_OF_MONTH),
    ("fin d\u2019avril", "2022-04-30", Precision.END_OF_MONTH),  # typographic apostrophe
    ("29/02", "2024-02-29", Precision.DAY),  # waits for a leap year
    ("feuille de route 2018-2022", "2022-12-31", Precision.YEAR),
    ("septembre", "2022-09-30", Precision.MONTH),  # a bare month as the whole input
    ("2023", "2023-12-31", Precision.YEAR),
    ("Q4", "2022-12-31", Precision.QUARTER),
])
def test_phrase(text, expected, precision):
    due = parse_due(text, REF)
    assert (due.date.isoformat(), due.precision) == (expected, precision)


def test_end_of_this_april_is_still_ahead():
    assert parse_due("fin avril", REF).date == date(2022, 4, 30)


@pytest.mark.parametrize("text, reason", [
    ("31/09/2022", "September has no day 31"),
    ("05/13/2022", "13 is not a month"),
    ("le 31 juin", "June has no day 31"),
    ("mardi 3 octobre 2022", "is a Monday, not a Tuesday"),
    ("12 participants", "no date found"),
    ("page 12", "no date found"),
    ("Voir l'article 3 de la loi n° 2021-1104", "no date found"),
    ("", "no date given"),
    ("   ", "no date given"),
    ("+999999d", "no date found"),  # more digits than a shorthand takes
    ("+99999y", "too far away"),
])
def test_refused_with_a_reason(text, reason):
    with pytest.raises(DateError, match=reason):
        parse_due(text, REF)


def test_finds_the_deadline_inside_the_letter_sentence():
    sentence = ("Je souhaite que les travaux de cette mission soient remis en septembre 2022 afin que des "
                "décisions puissent être mises en œuvre avant la fin de l'année.")
    first = find_due(sentence, REF)
    assert first.due.date == date(2022, 9, 30) and first.due.precision is Precision.MONTH
    assert first.due.phrase == "en septembre 2022"
    assert sentence[first.start:first.end] == "en septembre 2022"
    both = find_all(sentence, REF)
    assert [f.due.date for f in both] == [date(2022, 9, 30), date(2022, 12, 31)]
    assert sentence[both[1].start:both[1].end] == "avant la fin de l'année"  # the letter's words, as the seed keeps them


def test_span_maps_back_through_accents():
    text = "Une première restitution aura lieu début juillet."
    found = find_due(text, REF)
    assert text[found.start:found.end] == "début juillet"


def test_sept_as_a_number_is_not_september():
    assert parse_due("dans un délai de sept jours", REF).date == date(2022, 4, 28)
    with pytest.raises(DateError):
        parse_due("sept jours", REF)


def test_may_the_verb_is_not_may_the_month():
    assert parse_due("The interim report may be sent by end of June.", REF).date == date(2022, 6, 30)
    with pytest.raises(DateError):
        parse_due("it may be late", REF)


def test_a_year_after_d_ici_is_not_a_duration():
    # "à" loses its accent: it must not read as "an" (year), which once gave 4040-02-09
    assert parse_due("d'ici 2022 à savoir", date(2018, 2, 9)).date == date(2022, 12, 31)
    assert parse_due("sous 48 h", REF).date == date(2022, 4, 23)
    assert parse_due("dans 10 j", REF).date == date(2022, 5, 1)


def test_reasons_in_french():
    with pytest.raises(DateError) as error:
        parse_due("31/09/2022", REF)
    assert error.value.localized("fr") == "«\u00a031/09/2022\u00a0»\u00a0: septembre n'a pas de 31"
    with pytest.raises(DateError) as error:
        parse_due("mardi 3 octobre 2022", REF)
    assert error.value.localized("fr").endswith("est un lundi, pas un mardi")
