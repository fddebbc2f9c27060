"""Reading a mission letter proposes its mission: the two real letters give back their seeds, and
the test letters of tests/data/letters give back what a reader wrote by hand next to each."""

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from missiontui.core.letters import propose
from missiontui.usecases.letter_files import read_letter_file
from tests.conftest import DATA, DB_DIR, LETTERS

FIXTURES = DATA / "letters"
KNOWN = [p["name"] for p in json.loads((DB_DIR / "seeds" / "people.json").read_text(encoding="utf-8"))]
FAR = date(2031, 1, 1)  # a fallback date no letter uses: every date must come from the letter itself


def seed(name):
    return json.loads((DB_DIR / "seeds" / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("seed_file", ["2022-dns-igas.json", "2018-stss-virage-numerique.json"])
def test_a_real_letter_proposes_its_seed_mission(seed_file):
    expected = seed(seed_file)
    p = propose((DB_DIR / expected["letter"]).read_text(encoding="utf-8"), FAR, KNOWN)
    m = expected["mission"]
    assert (p.reference.value, p.title, p.authority, p.signatory.name) == \
        (m["reference"], m["title"], m["authority"], m["signatory"])
    assert [a.label for a in p.addressees] == m["addressees"]
    assert p.signed.date.isoformat() == m["signed_on"] and p.lead == m["lead"]

    by_seed_key = {}
    for d in expected["deliverables"]:
        found = [x for x in p.deliverables if (x.due.isoformat(), x.phrase) == (d["due"], d["phrase"])
                 and x.key not in by_seed_key.values()]
        assert found, f"{d['key']}: no deliverable due {d['due']} « {d['phrase']} »"
        got = found[0]
        by_seed_key[d["key"]] = got.key
        assert (got.kind.value, got.precision.value, got.status.value) == (d["kind"], d["precision"], d["status"]), d["key"]
        assert list(got.owners) == d.get("owners", []), d["key"]
        assert got.lead == d.get("lead", d["owners"][0] if d.get("owners") else None), d["key"]
        if d.get("completed_on"):
            assert got.completed_on.isoformat() == d["completed_on"]
    assert len(p.deliverables) == len(expected["deliverables"])  # nothing invented
    for d in expected["deliverables"]:
        got = p.deliverable(by_seed_key[d["key"]])
        assert list(got.depends_on) == [by_seed_key[k] for k in d.get("depends_on", [])], d["key"]


def test_the_seed_people_are_the_people_the_letters_name():
    named = set()
    for name in ("2022-dns-igas.json", "2018-stss-virage-numerique.json"):
        p = propose((DB_DIR / seed(name)["letter"]).read_text(encoding="utf-8"), FAR, KNOWN)
        named |= {x.name for x in p.people}
        titles = {x.name: x.title for x in p.people}
        if "Laura Létourneau" in titles:
            assert titles["Laura Létourneau"] == "Déléguée ministérielle au numérique en santé"
            assert titles["Olivier Véran"] == "Ministre des Solidarités et de la Santé"
    assert named == set(KNOWN)


def test_without_the_database_a_name_in_capitals_keeps_the_letter_spelling():
    p = propose((LETTERS / "000_f7f9f1bf2d4d5d01.txt").read_text(encoding="utf-8"), FAR)
    assert p.signatory.name == "Olivier Veran"  # the letter writes VERAN: the accent is not invented
    assert p.addressees[0].name == "Thomas Audigé"


FIXTURE_LETTERS = sorted(f for f in FIXTURES.iterdir() if f.name[:2].isdigit() and not f.name.endswith(".json"))
# role_only_addressee.txt and scanned.pdf have their own tests


@pytest.mark.parametrize("path", FIXTURE_LETTERS, ids=lambda f: f.name)
def test_a_test_letter_proposes_what_a_reader_wrote(path: Path):
    expected = json.loads((FIXTURES / (path.name.split(".")[0] + ".expected.json")).read_text(encoding="utf-8"))
    p = propose(read_letter_file(path).text, FAR)
    got = {
        "reference": p.reference.value, "reference_source": p.reference.source, "title": p.title,
        "authority": p.authority, "signatory": p.signatory.name, "signatory_title": p.signatory.title,
        "addressees": [a.label for a in p.addressees], "lead": p.lead,
        "signed_on": p.signed.date.isoformat() if p.signed else None,
        "signed_phrase": p.signed.phrase if p.signed else "", "signed_source": p.signed.source if p.signed else "",
        "people": [x.name for x in p.people], "bodies": [b.acronym or b.name for b in p.bodies],
    }
    assert got == {k: expected[k] for k in got}
    deliverables = [{"key": d.key, "kind": d.kind.value, "due": d.due.isoformat() if d.due else None,
                     "precision": d.precision.value if d.precision else None, "phrase": d.phrase,
                     "owners": list(d.owners), "depends_on": list(d.depends_on), "status": d.status.value,
                     "dated_by": d.dated_by} for d in p.deliverables]
    assert deliverables == expected["deliverables"]
    for key, sentences in expected.get("includes", {}).items():
        assert list(p.deliverable(key).includes) == sentences
    set_aside = [[s.phrase, s.reason] + ([s.date.isoformat()] if s.date and len(e) == 3 else [])
                 for s, e in zip(p.set_aside, expected["set_aside"])]
    assert set_aside == expected["set_aside"]
    assert len(p.set_aside) == len(expected["set_aside"])


def test_every_form_of_the_letter_date_is_read():
    sources = {json.loads(f.read_text(encoding="utf-8"))["signed_source"] for f in FIXTURES.glob("*.expected.json")}
    assert sources == {"place-line", "date-line", "heading", "sentence"}


@pytest.mark.parametrize("text", [
    "Paris, le 3 mars\n\nMadame,\n\nVous me remettrez votre rapport fin juin.\n",  # no year: not the letter's date
    "Madame,\n\nVous me remettrez votre rapport fin juin.\n",
])
def test_a_letter_without_a_full_date_counts_from_the_fallback(text):
    p = propose(text, date(2024, 2, 1))
    assert p.signed is None and p.counted_from == date(2024, 2, 1)
    assert [(d.kind.value, d.due) for d in p.deliverables] == [("report", date(2024, 6, 30))]


@pytest.mark.parametrize("sentence", [
    "Comme je vous l'ai indiqué le 12 mai dernier, la situation est préoccupante.",
    "Lors de mon discours du 14 juillet, j'ai annoncé cette réforme.",
    "Depuis dix ans, les effectifs ont baissé.",
    "Le décret du 20 décembre 2019 a créé ce service.",
    "Aujourd'hui, la situation est préoccupante.",
    "Je vous remercie de m'informer sans délai de toute difficulté.",
    "Vous associerez, le cas échéant, les services déconcentrés.",
    "Le comité s'est réuni le 2 avril 2022.",
    "Les conclusions remises le 3 avril dernier restent valables.",  # only "dernier" says it is past
    "La présente lettre, en date du 21 avril 2022, vous confie cette mission.",
    "Suite à mon allocution du 3 mai, la réforme est lancée.",  # an event named by its noun
    "À compter du 1er septembre 2022, vous animerez le comité.",  # a start, not a deadline
])
def test_time_words_that_are_not_deadlines_make_no_deliverable(sentence):
    text = f"Paris, le 21 avril 2022\n\nMadame la Présidente,\n\n{sentence}\n\nJe vous prie d'agréer, Madame, " \
           "l'expression de ma considération distinguée.\n\nJeanne DURAND\n"
    p = propose(text, FAR)
    assert [d.kind.value for d in p.deliverables] == ["mandate"]
    assert p.set_aside, "the words are set aside with a reason, so the user sees why"


def test_a_year_less_past_reference_is_last_year_not_next():
    text = "Paris, le 21 avril 2022\n\nMadame,\n\nComme je vous l'ai indiqué le 12 mai dernier, tout va bien.\n"
    (aside,) = propose(text, FAR).set_aside
    assert (aside.phrase, aside.reason, aside.date) == ("Comme je vous l'ai indiqué le 12 mai dernier", "past", date(2021, 5, 12))


@pytest.mark.parametrize("sentence, phrase, reason, day", [
    ("La déclaration du 3 mars a fixé le cadre.", "3 mars", "past", date(2022, 3, 3)),  # told in the past
    ("Suite à mon allocution du 3 mai, je vous écris.", "Suite à mon allocution du 3 mai", "past", date(2021, 5, 3)),
    ("Le décret du 20 décembre 2019 a créé ce service.", "20 décembre 2019", "document", date(2019, 12, 20)),
    ("À compter du 1er septembre 2022, vous animerez le comité.", "À compter du 1er septembre 2022", "start",
     date(2022, 9, 1)),
])
def test_a_time_word_set_aside_names_the_day_it_refers_to(sentence, phrase, reason, day):
    text = f"Paris, le 21 avril 2022\n\nMadame,\n\n{sentence}\n"
    (aside,) = propose(text, FAR).set_aside
    assert (aside.phrase, aside.reason, aside.date) == (phrase, reason, day)


def test_a_deliverable_dated_by_another_gets_its_date_and_depends_on_it():
    text = "Paris, le 1er mars 2023\n\nMadame,\n\nVous me remettrez votre rapport le 30 juin 2023. Vous joindrez " \
           "à votre rapport la liste des personnes entendues.\n"
    report, annex = propose(text, FAR).deliverables[1:]
    assert (annex.due, annex.precision, annex.dated_by, annex.depends_on) == \
        (date(2023, 6, 30), report.precision, "reference", (report.key,))


LETTER_PIECES = ["Paris, le 21 avril 2022", "Monsieur Jean DUPONT", "Directeur général de la santé", "75007 PARIS",
                 "Madame la Présidente,", "Vous me remettrez votre rapport", "fin juin", "le 12 mai dernier",
                 "d'ici 2022 à savoir :", "- un objectif", "Je vous prie d'agréer", "Olivier VERAN", "(DGOS)",
                 "« Ségur »", "sans délai", "vous joindrez à votre rapport", "31/09/2022", "le moment venu", ""]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(LETTER_PIECES), st.text(max_size=30)), max_size=25))
def test_any_text_gives_a_proposal(pieces):
    """A letter is whatever the user has: the reader answers a proposal, never an exception, and
    every dated deliverable keeps the words it came from."""
    p = propose("\n".join(pieces), date(2022, 4, 21))
    keys = [d.key for d in p.deliverables]
    assert len(set(keys)) == len(keys)
    for d in p.deliverables:
        assert set(d.depends_on) <= set(keys)
        assert (d.due is None) == (d.precision is None) and (d.due is None or d.phrase)


def test_a_deliverable_comes_after_those_it_depends_on():
    p = propose((LETTERS / "003_0a0003b1b97e23e3.txt").read_text(encoding="utf-8"), FAR)
    keys = [d.key for d in p.deliverables]
    for i, d in enumerate(p.deliverables):
        assert all(keys.index(k) < i for k in d.depends_on), d.key
    assert [d.phrase for d in p.deliverables][-4:] == ["2018-2022", "d'ici 2022", "d'ici 2022", "d'ici 2022"]


def letter_with(heading: str, after: str = "") -> str:
    return f"{heading}\n\nMadame la Directrice,\n\nVous me remettrez votre rapport fin juin.\n\n" \
           f"Je vous prie d'agréer, Madame, l'expression de ma considération distinguée.\n\n{after}Jeanne DURAND\n"


@pytest.mark.parametrize("heading, after, day, source", [
    ("Le 3 mars 2023", "", date(2023, 3, 3), "date-line"),
    ("Lyon, vendredi 3 mars 2023", "", date(2023, 3, 3), "place-line"),
    ("", "Fait à Bercy, le 3 mars 2023\n\n", date(2023, 3, 3), "place-line"),
    ("Objet : lettre de mission en date du 03/03/2023", "", date(2023, 3, 3), "heading"),
])
def test_the_letter_date_in_its_other_forms(heading, after, day, source):
    p = propose(letter_with(heading, after), FAR)
    assert (p.signed.date, p.signed.source) == (day, source)
    assert p.deliverable("report").due == date(2023, 6, 30)


def test_a_weekday_that_does_not_match_is_not_the_letter_date():
    assert propose(letter_with("Paris, le mardi 3 mars 2023"), FAR).signed is None  # 3 March 2023 is a Friday


@pytest.mark.parametrize("line, value, source", [
    ("Réf. : DGS/SP/2023-118", "DGS/SP/2023-118", "our-reference"),
    ("Nos réf. : D-23-004512", "D-23-004512", "pegase"),
    ("Pégase n° D-22-010393", "D-22-010393", "pegase"),
])
def test_the_letter_reference(line, value, source):
    p = propose(letter_with(f"{line}\nV/Réf. : votre courrier du 2 février\nParis, le 3 mars 2023"), FAR)
    assert (p.reference.value, p.reference.source) == (value, source)


@pytest.mark.parametrize("theirs", ["V/Réf. : 2023-0042", "V/Réf. : D-23-000042", "Votre référence : D-23-000042"])
def test_the_addressees_reference_is_not_the_letters(theirs):
    p = propose(letter_with(f"{theirs}\nParis, le 3 mars 2023"), FAR)
    assert (p.reference.value, p.reference.source) == ("LETTRE-2023-03-03", "derived")


def test_a_letter_without_salutation_still_has_its_heading():
    text = "Pégase D-23-000111\nParis, le 3 mars 2023\n\nVous me remettrez votre rapport fin juin.\n\nJeanne DURAND\n"
    p = propose(text, FAR)
    assert (p.reference.value, p.signed.date) == ("D-23-000111", date(2023, 3, 3))
    assert [(d.kind.value, d.due) for d in p.deliverables] == [("mandate", date(2023, 3, 3)),
                                                              ("report", date(2023, 6, 30))]


def test_an_unreadable_date_does_not_hide_the_others_in_its_sentence():
    text = "Paris, le 1er mars 2022\n\nMadame,\n\nVous me remettrez une note le 31/09/2022 et votre rapport fin juin.\n"
    p = propose(text, FAR)
    assert [(d.kind.value, d.due) for d in p.deliverables][1:] == [("report", date(2022, 6, 30))]
    assert [(s.phrase, s.reason) for s in p.set_aside] == [("31/09/2022", "unreadable")]


def test_an_office_without_a_name_is_the_addressee_and_the_owner():
    p = propose((FIXTURES / "role_only_addressee.txt").read_text(encoding="utf-8"), FAR)
    assert [(a.name, a.title) for a in p.addressees] == [("", "Directrice générale de l'offre de soins")]
    assert p.lead == "Directrice générale de l'offre de soins"
    (note,) = p.deliverables[1:]
    assert (note.kind.value, note.due, note.phrase, note.owners) == \
        ("report", date(2023, 9, 15), "avant le 15 septembre 2023", ("Directrice générale de l'offre de soins",))
