"""The seed missions say what the letters say: names, phrases, and dates the parser agrees with."""

import json
import unicodedata
from datetime import date

import pytest

from missiontui.core.dates import parse_due
from missiontui.paths import shipped_db_dir
from tests.conftest import DB_DIR

SEEDS = sorted((shipped_db_dir() / "seeds").glob("[0-9]*.json"))


def plain(text: str) -> str:
    """Letters write names in capitals without accents ("Olivier VERAN"): compare without either."""
    text = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).casefold().split())


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_every_phrase_is_in_the_letter_and_resolves_to_the_seed_date(path):
    seed = json.loads(path.read_text(encoding="utf-8"))
    letter = plain((DB_DIR / seed["letter"]).read_text(encoding="utf-8"))
    signed = date.fromisoformat(seed["mission"]["signed_on"])
    for d in seed["deliverables"]:
        assert plain(d["phrase"]) in letter, d["phrase"]
        due = parse_due(d["phrase"], signed)
        assert (due.date.isoformat(), due.precision.value) == (d["due"], d["precision"]), d["key"]


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_people_and_signatory_are_named_in_the_letter(path):
    seed = json.loads(path.read_text(encoding="utf-8"))
    letter = plain((DB_DIR / seed["letter"]).read_text(encoding="utf-8"))
    names = {seed["mission"]["signatory"], seed["mission"]["lead"]}
    names |= {o for d in seed["deliverables"] for o in d.get("owners", [])}
    for name in names:
        assert plain(name) in letter, name


def test_the_dns_letter_as_the_issue_states_it(seeded):
    dns = {d.due.phrase: d for d in seeded.store.deliverables() if d.mission_ref == "D-22-010393"}
    checkpoint = dns["d'ici la fin juin"]
    assert [o.name for o in checkpoint.owners] == ["Thomas Audigé", "Dominique Pon", "Laura Létourneau"]
    assert checkpoint.lead.name == "Thomas Audigé"
    assert dns["avant la fin de l'année"].lead.name == "Olivier Véran"
    mission = seeded.store.mission("D-22-010393")
    assert mission.signed_on.isoformat() == "2022-04-21" and mission.signatory == "Olivier Véran"


def test_the_stss_letter_addresses_both_copilots(seeded):
    mission = seeded.store.mission("STSS-2018-02-09")
    assert [a.split(",")[0] for a in mission.addressees] == ["Annelore Coury", "Dominique Pon"]
    proposals = next(d for d in seeded.store.deliverables() if d.due.phrase == "à la fin du mois de mai")
    assert {o.name for o in proposals.owners} == {"Dominique Pon", "Annelore Coury"}
