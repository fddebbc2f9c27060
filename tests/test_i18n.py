"""Both languages say everything: same keys, same placeholders, and dates in each language's style."""

import string
from datetime import date

import pytest

from missiontui.core.i18n import CATALOGUE, describe_due, long_date, short_date
from missiontui.core.model import Due, Precision
from missiontui.frontends.tui import messages  # noqa: F401  (registers the TUI's words)


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_exists_in_both_languages_with_the_same_placeholders():
    assert set(CATALOGUE["en"]) == set(CATALOGUE["fr"])
    for key, english in CATALOGUE["en"].items():
        french = CATALOGUE["fr"][key]
        assert english.strip() and french.strip(), key
        assert placeholders(english) == placeholders(french), key


@pytest.mark.parametrize("lang, long, short", [
    ("fr", "jeudi 30 juin 2022", "jeu. 30 juin 2022"),
    ("en", "Thursday 30 June 2022", "Thu 30 Jun 2022"),
])
def test_dates_in_each_language(lang, long, short):
    assert long_date(date(2022, 6, 30), lang) == long
    assert short_date(date(2022, 6, 30), lang) == short


def test_first_of_the_month_in_french():
    assert long_date(date(2022, 7, 1), "fr") == "vendredi 1er juillet 2022"


def test_the_preview_of_the_issue():
    assert describe_due(Due(date(2022, 6, 30), Precision.END_OF_MONTH), "fr") == "jeudi 30 juin 2022 · fin de mois"
