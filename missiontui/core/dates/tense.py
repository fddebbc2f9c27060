"""Is a French sentence told in the past? "Comme je l'ai annoncé aujourd'hui", "L'exercice 2021 a été
clos", "nous sommes convenus": a date it names that is not after the reference day is a reference,
not a deadline. Read on the original text, whose accents tell a participle ("annoncé") from a noun
("annonce") and the verb "a" from the preposition "à"."""

from __future__ import annotations

import re
from functools import cache

_AVOIR = r"ai|as|a|avons|avez|ont|avais|avait|avions|aviez|avaient|eu"
_ETRE = r"suis|es|est|sommes|êtes|sont|étais|était|étions|étiez|étaient"
# Verbs whose past takes "être" ("nous sommes convenus"); any other "est + participle" is a passive
# present ("le rapport est attendu le 15 mai"), which says nothing of the past.
_WITH_ETRE = (r"convenu|venu|arrivé|parti|resté|devenu|parvenu|revenu|allé|entré|sorti|retourné|tombé|intervenu"
              r"|survenu")
_ENDINGS = r"é|ée|és|ées|i|ie|is|ies|u|ue|us|ues|it|ite|its|ert|erte|erts|aint|eint|ait|aite|aits"
_NOT_PARTICIPLES = {"lieu", "trait", "droit", "priori", "fortiori", "posteriori", "cours", "voulu"}


@cache
def _past() -> re.Pattern:
    adverbs = r"(?:(?:pas|plus|jamais|déjà|bien|tous|toutes|ensemble|récemment|notamment)\s+){0,2}"
    return re.compile(
        rf"(?<![\w])(?:(?P<avoir>{_AVOIR})\s+{adverbs}(?P<p1>été|eu|[a-zàâçéèêëîïôûù]+(?:{_ENDINGS}))"
        rf"|(?:me|m'|te|t'|se|s'|nous|vous)\s*(?:{_ETRE})\s+{adverbs}"
        rf"(?P<p2>[a-zàâçéèêëîïôûù]+(?:{_ENDINGS}))"
        rf"|(?:{_ETRE})\s+{adverbs}(?P<p3>(?:{_WITH_ETRE})(?:e|s|es)?))(?![\w])")


@cache
def _sentence_end() -> re.Pattern:
    return re.compile(r"[.;!?\n]")


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding text[start:end] (bounded by . ; ! ? or a line break)."""
    ends = _sentence_end()
    before = max((m.end() for m in ends.finditer(text, 0, start)), default=0)
    after = ends.search(text, end)
    return text[before: after.start() if after else len(text)]


def told_in_the_past(sentence: str) -> bool:
    for m in _past().finditer(sentence.lower()):
        participle = m["p1"] or m["p2"] or m["p3"]
        if participle not in _NOT_PARTICIPLES:  # "il y a lieu de", "a trait à": idioms
            return True
    return False
