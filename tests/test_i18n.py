"""Both languages say everything: same keys, same placeholders, every key used and every used key
there, and dates in each language's style."""

import ast
import string
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from missiontui.core.i18n import catalogue, describe_due, long_date, short_date
from missiontui.core.model import Due, Precision

PACKAGE = Path(__file__).resolve().parent.parent / "missiontui"


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_exists_in_both_languages_with_the_same_placeholders():
    for key, texts in catalogue().items():
        assert set(texts) == {"en", "fr"}, key
        assert texts["en"].strip() and texts["fr"].strip(), key
        assert placeholders(texts["en"]) == placeholders(texts["fr"]), key


def _keys_in_source() -> tuple[set[str], set[str]]:
    """(message keys written whole, prefixes of keys built at run time like f"field.{name}", or of a
    family read whole, named by a constant ending with a dot like "textual.")."""
    known_prefixes = {key.split(".")[0] + "." for key in catalogue()}
    whole, prefixes = set(), set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and \
                    any(node.value.startswith(p) for p in known_prefixes):
                (prefixes if node.value.endswith(".") else whole).add(node.value)
            elif isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
                head = node.values[0].value
                if isinstance(head, str) and any(head.startswith(p) for p in known_prefixes):
                    prefixes.add(head)
    return whole, prefixes


def _keys_looked_up() -> set[str]:
    """Keys written whole where a message is looked up: t(KEY), x.t(KEY), Error.of(KEY), Binding(_, _, KEY),
    phrase(KEY), Phrase(KEY), say(KEY)."""
    found = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            position = {"t": 0, "of": 0, "Binding": 2, "phrase": 0, "Phrase": 0, "say": 0}.get(name)
            if position is not None and len(node.args) > position and isinstance(node.args[position], ast.Constant):
                found.add(node.args[position].value)
    return found


def test_every_key_is_used_and_every_used_key_exists():
    keys = set(catalogue())
    whole, prefixes = _keys_in_source()
    unused = {k for k in keys if k not in whole and not any(k.startswith(p) for p in prefixes)}
    assert not unused, f"keys nothing shows: {sorted(unused)}"
    missing = _keys_looked_up() - keys
    assert not missing, f"keys used but not in the catalogue: {sorted(missing)}"


# Catalogues whose French has been through the typography check; the others are being fixed on
# the branches that own them (tui.json: tui; sync.json: sync; calendar.json: the .ics descriptions,
# with golden files, on http).
TYPESET = ("errors.json", "letters.json", "ical.json", "store.json", "digest.json", "report.json")
NB = "\u00a0"


@pytest.mark.parametrize("name", TYPESET)
def test_french_typography(name):
    """A non-breaking space before : ; ? ! and inside « » (never a plain one, which lets a line break
    before the colon), after n°; no "(e)" or "(s)": French writes the word that fits."""
    import json
    import re

    for key, texts in json.loads((PACKAGE / "catalogue" / name).read_text(encoding="utf-8")).items():
        french = texts["fr"]
        assert not re.search(r"[ \t][:;?!]", french), (key, "a plain space before the sign", french)
        assert not re.search(r"\S[:;?!](\s|$)", french), (key, "no space before the sign", french)
        assert "« " not in french and " »" not in french and "n° " not in french, (key, french)
        assert french.count("«") == french.count("»"), (key, french)
        assert not re.search(r"\((e|s|es)\)", french), (key, french)


def test_loading_the_catalogue_has_no_import_side_effect():
    code = ("import missiontui.core.i18n as i, missiontui.frontends.cli, sys\n"
            "print(i._catalogue.cache_info().currsize)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "0", out.stderr


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
