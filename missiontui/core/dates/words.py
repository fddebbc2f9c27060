"""The words dates are made of, in French and English, as they look once normalised (lower case, no
accents): months, weekdays, numbers written in words, ordinals, units, seasons and holidays."""

from __future__ import annotations

MONTHS = {
    "janvier": 1, "janv": 1, "jan": 1, "january": 1,
    "fevrier": 2, "fevr": 2, "fev": 2, "february": 2, "feb": 2,
    "mars": 3, "march": 3, "mar": 3,
    "avril": 4, "avr": 4, "april": 4, "apr": 4,
    "mai": 5, "may": 5,
    "juin": 6, "june": 6, "jun": 6,
    "juillet": 7, "juil": 7, "july": 7, "jul": 7,
    "aout": 8, "august": 8, "aug": 8,
    "septembre": 9, "sept": 9, "sep": 9, "september": 9,
    "octobre": 10, "oct": 10, "october": 10,
    "novembre": 11, "nov": 11, "november": 11,
    "decembre": 12, "dec": 12, "december": 12,
}
# Month names that are nothing else: only these stand alone in a sentence ("avant septembre").
FULL_MONTHS = {w for w in MONTHS if len(w) > 4 or w in ("mars", "mai", "juin", "aout", "june", "july")}
WEEKDAYS = {
    "lundi": 0, "lun": 0, "monday": 0, "mon": 0,
    "mardi": 1, "mar": 1, "tuesday": 1, "tue": 1, "tues": 1,
    "mercredi": 2, "mer": 2, "wednesday": 2, "wed": 2,
    "jeudi": 3, "jeu": 3, "thursday": 3, "thu": 3, "thurs": 3,
    "vendredi": 4, "ven": 4, "friday": 4, "fri": 4,
    "samedi": 5, "sam": 5, "saturday": 5, "sat": 5,
    "dimanche": 6, "dim": 6, "sunday": 6, "sun": 6,
}
CARDINALS = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
    "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15,
    "seize": 16, "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50,
    "soixante": 60, "cent": 100, "cents": 100, "mille": 1000, "mil": 1000,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "thousand": 1000,
}
# "a week", "an hour", "une semaine": one, but never part of a longer number.
ARTICLES_AS_ONE = {"a": 1, "an": 1}
_SCALES = {"cent": 100, "cents": 100, "hundred": 100, "mille": 1000, "mil": 1000, "thousand": 1000}
_LINKS = {"et", "and"}


def _french_ordinal(word: str) -> str:
    stem = {"cinq": "cinqu", "neuf": "neuv"}.get(word, word[:-1] if word.endswith("e") else word)
    return stem + "ieme"


def _english_ordinal(word: str) -> str:
    special = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
               "nine": "ninth", "twelve": "twelfth"}
    return special.get(word) or (word[:-1] + "ieth" if word.endswith("y") else word + "th")


_FRENCH = list(CARDINALS)[:list(CARDINALS).index("one")]
ORDINAL_WORDS = {_french_ordinal(w): v for w, v in CARDINALS.items()
                 if w in _FRENCH and w not in ("une", "vingts", "cents")}
ORDINAL_WORDS |= {_english_ordinal(w): v for w, v in CARDINALS.items() if w not in _FRENCH}
ORDINAL_WORDS |= {"premier": 1, "premiere": 1, "second": 2, "seconde": 2}
ORDINAL_WORDS["unieme"] = 1  # "vingt et unième": a unit inside a longer ordinal, never alone
ORDINALS = {  # written with digits
    "1er": 1, "1re": 1, "1ere": 1, "1st": 1, "2e": 2, "2eme": 2, "2nd": 2, "3e": 3, "3eme": 3, "3rd": 3,
    "4e": 4, "4eme": 4, "4th": 4,
}
UNITS = {  # unit word -> (days, months)
    "jour": (1, 0), "jours": (1, 0), "j": (1, 0), "day": (1, 0), "days": (1, 0), "d": (1, 0),
    "semaine": (7, 0), "semaines": (7, 0), "sem": (7, 0), "week": (7, 0), "weeks": (7, 0),
    "w": (7, 0), "s": (7, 0), "fortnight": (14, 0), "fortnights": (14, 0),
    "mois": (0, 1), "month": (0, 1), "months": (0, 1), "m": (0, 1),
    "trimestre": (0, 3), "trimestres": (0, 3), "semestre": (0, 6), "semestres": (0, 6),
    "an": (0, 12), "ans": (0, 12), "annee": (0, 12), "annees": (0, 12), "year": (0, 12),
    "years": (0, 12), "y": (0, 12), "a": (0, 12),
}
HOURS = ("heure", "heures", "h", "hour", "hours")
SEASONS = {"printemps": "spring", "spring": "spring", "ete": "summer", "summer": "summer",
           "automne": "autumn", "autumn": "autumn", "fall": "autumn", "hiver": "winter", "winter": "winter"}
# Public holidays and the days around them: a fixed (month, day), or days after Easter Sunday.
HOLIDAYS = {
    "noel": (12, 25), "christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
    "jour de l'an": (1, 1), "nouvel an": (1, 1), "premier de l'an": (1, 1), "new year's day": (1, 1),
    "new year": (1, 1), "saint-sylvestre": (12, 31), "saint sylvestre": (12, 31), "new year's eve": (12, 31),
    "fete du travail": (5, 1), "fete de la victoire": (5, 8), "victoire de 1945": (5, 8),
    "fete nationale": (7, 14), "bastille day": (7, 14), "assomption": (8, 15), "assumption day": (8, 15),
    "toussaint": (11, 1), "all saints' day": (11, 1), "all saints day": (11, 1), "armistice": (11, 11),
    "armistice day": (11, 11),
    "paques": 0, "dimanche de paques": 0, "easter": 0, "easter sunday": 0, "vendredi saint": -2,
    "good friday": -2, "lundi de paques": 1, "easter monday": 1, "ascension": 39, "jeudi de l'ascension": 39,
    "ascension day": 39, "pentecote": 49, "dimanche de pentecote": 49,
    "pentecost": 49, "whitsun": 49, "whit sunday": 49, "lundi de pentecote": 50, "whit monday": 50,
}


def number_value(text: str) -> int | None:
    """A cardinal written in words ("quatre-vingt-dix-sept", "twenty one", "deux mille vingt-trois"),
    or None when the words do not make one number ("deux trois")."""
    tokens = [t for t in text.replace("-", " ").split() if t not in _LINKS]
    if len(tokens) == 1 and tokens[0] in ARTICLES_AS_ONE:
        return 1
    if not tokens:
        return None
    total, group, last = 0, 0, None  # `last`: the previous additive word, which must be larger
    for i, token in enumerate(tokens):
        if token in ORDINAL_WORDS and i == len(tokens) - 1:
            value = ORDINAL_WORDS[token]
        elif token in CARDINALS:
            value = CARDINALS[token]
        else:
            return None
        if value == 1000:
            if total:
                return None
            total, group, last = (group or 1) * 1000, 0, 1000
        elif value == 100:
            if group >= 100:
                return None
            group, last = (group or 1) * 100, 100
        elif value == 20 and last == 4 and group % 100 == 4:  # quatre-vingt(s)
            group, last = group + 76, 80
        elif last is not None and not _may_follow(last, value):
            return None
        else:
            group, last = group + value, value
    return total + group


def _may_follow(last: int, value: int) -> bool:
    """"vingt-deux", "dix-sept", "soixante-quinze", "cent trois" — but not "deux trois" nor "trente quinze"."""
    if last in (100, 1000):
        return value < last
    return last % 10 == 0 and value < last and (value < 10 or (last in (60, 80) and value < 20))


def ordinal_value(text: str) -> int | None:
    """An ordinal: "premier", "1er", "troisième", "twenty-first", "vingt et unième"."""
    text = text.strip().rstrip(".")
    if text in ORDINALS:
        return ORDINALS[text]
    last = text.replace("-", " ").split()[-1] if text.strip() else ""
    if last not in ORDINAL_WORDS or (last == "unieme" and text == last):
        return None
    return number_value(text)


# Every word that can make a date, so tests can build text that must never yield one.
VOCABULARY = frozenset(
    set(MONTHS) | set(WEEKDAYS) | set(CARDINALS) | set(ARTICLES_AS_ONE) | set(ORDINAL_WORDS) | set(ORDINALS)
    | set(UNITS) | set(HOURS) | set(SEASONS)
    | {w for name in HOLIDAYS for w in name.replace("'", " ").replace("-", " ").split()}
    | {"demain", "aujourd", "hui", "today", "tomorrow", "hier", "yesterday", "quinzaine", "quinzaines",
       "huitaine", "fin", "end", "mi", "mid", "debut", "early", "annee", "year", "semestre", "trimestre",
       "quarter", "half", "mois", "month", "prochain", "prochaine", "next", "t", "q", "h", "s", "j", "d",
       "apres", "after", "rentree", "exercice", "fy", "courant", "inst", "instant", "veille", "lendemain",
       "surlendemain", "eve", "ouvres", "ouvrables", "ouvre", "ouvrable", "working", "business",
       "workdays", "dernier", "derniere", "passe", "passee", "last", "depuis", "since", "ago", "y",
       "calendaires", "fortnight"}
)
