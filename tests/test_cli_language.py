"""The CLI in the user's language: human output, help, errors and click's own words follow --lang, the
config's language or LANG; JSON never changes; every help text has its French; French typography."""

import re

import pytest

from missiontui.core.i18n import catalogue, t
from missiontui.frontends.cli import cli as root
from missiontui.frontends.cli.language import CLICK_FAMILY, HELP_FAMILIES, help_texts

NB = "\u00a0"


def test_french_help_from_lang(cli, monkeypatch):
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    out = cli("list", "-h").out
    assert out.startswith(f"Utilisation{NB}: missiontui list [OPTIONS]")
    assert "Lister les livrables, les plus proches d'abord" in out
    assert "Afficher ce message et quitter." in out
    assert "Show this message" not in out and "Usage:" not in out


def test_lang_option_wins_over_the_environment_and_english_comes_back(cli, monkeypatch):
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    assert "List deliverables, soonest first" in cli("--lang", "en", "list", "-h").out
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert "Lister les livrables" in cli("--lang", "fr", "list", "-h").out
    again = cli("list", "-h").out  # the same process, English again: nothing of the French stays behind
    assert again.startswith("Usage: missiontui list") and "Show this message and exit." in again


def test_the_config_language(cli, tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text('language = "fr"\n', encoding="utf-8")
    monkeypatch.setenv("MISSIONTUI_CONFIG", str(config))
    assert "Options" + NB + ":" in cli("-h").out


def test_errors_in_french_one_line(seeded, cli):
    result = cli("--lang", "fr", "show", "999")
    assert (result.code, result.err) == (1, f"missiontui{NB}: erreur{NB}: aucun livrable n°{NB}999\n")
    usage = cli("--lang", "fr", "list", "--bogus")
    assert usage.code == 2 and f"Erreur{NB}: Option inconnue{NB}: '--bogus'." in usage.err
    kind = cli("--lang", "fr", "add", "x", "-m", "D-22-010393", "-k", "bidule")
    assert kind.code == 2 and f"type inconnu «{NB}bidule{NB}»" in kind.err


def test_human_output_in_french_json_unchanged(seeded, cli):
    table = cli("--lang", "fr", "list", "-m", "D-22-010393").out
    assert table.splitlines()[0].split() == ["N°", "ÉCHÉANCE", "JOURS", "STATUT", "TYPE", "MISSION", "RESPONSABLES",
                                            "INTITULÉ"]
    assert "fait" in table and "point d'étape" in table
    assert cli("--lang", "fr", "list", "--json").out == cli("list", "--json").out
    added = cli("--lang", "fr", "add", "Note de cadrage", "-m", "D-22-010393", "-d", "fin juin").out
    assert added.startswith(f"ajouté{NB}: n° 14 Note de cadrage — échéance 2022-06-30 (fin de mois)")
    shown = cli("--lang", "fr", "show", "14").out
    assert f"intitulé{NB}: Note de cadrage" in shown and f"statut{NB}: prévu" in shown


def test_undo_and_history_in_french(seeded, cli):
    cli("done", "11")
    assert cli("--lang", "fr", "undo").out.endswith(f" défaite{NB}: livrable n° 11\n")
    assert cli("--lang", "fr", "redo").out.endswith(f" refaite{NB}: livrable n° 11\n")
    history = cli("--lang", "fr", "history", "11").out
    assert history.splitlines()[0].split()[:3] == ["QUAND", "QUI", "QUOI"]
    assert "défait" in history and "statut" in history and "fait → prévu" in history


def test_every_help_text_has_its_french_and_no_translation_is_stale():
    known = {entry["en"]: entry for key, entry in catalogue().items() if key.startswith((*HELP_FAMILIES, CLICK_FAMILY))}
    texts = help_texts(root)
    untranslated = [text for text in texts if text not in known]
    assert not untranslated, f"help without French (add it to catalogue/cli.json): {untranslated}"
    written = {entry["en"] for key, entry in catalogue().items() if key.startswith(HELP_FAMILIES)}
    stale = written - set(texts)
    assert not stale, f"French help for texts no command has any more: {sorted(stale)}"


def test_french_typography_everywhere():
    """A non-breaking space before : ; ? ! and inside « » — never a plain space, never none."""
    for key, entry in catalogue().items():
        fr = entry["fr"]
        assert not re.search(r" [:;?!»]|« ", fr), (key, fr)
        assert not re.search(r"[^\s\u00a0\u202f(/'\"]«|»[^\s\u00a0\u202f.,)…;:]", fr), (key, fr)
        for word in re.finditer(r"(?<=\w)[;?!](?=\s|$)", fr):
            raise AssertionError((key, fr, "no space before", word.group()))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_e_or_s_in_brackets(lang):
    for key, entry in catalogue().items():
        assert not re.search(r"\((e|s|es|x)\)", entry[lang]), (key, entry[lang])


def test_one_word_per_idea_in_french():
    """Undo is "défaire", redo "refaire", the Cancel button "Abandonner", the status "annulé":
    "annuler" is never a command, so undo and cancel cannot be mistaken for each other."""
    words = catalogue()
    assert not [k for k, e in words.items() if re.search(r"\bannuler\b", e["fr"], re.IGNORECASE)]
    assert t("action.undo", "fr") == "Défaire" and t("action.redo", "fr") == "Refaire"
    assert t("edit.cancel", "fr") == "Abandonner"
    for key, entry in words.items():
        if "undo" in key and not key.startswith(("history.", "cli.")):
            assert re.search(r"[dD]éfai", entry["fr"]), (key, entry["fr"])
