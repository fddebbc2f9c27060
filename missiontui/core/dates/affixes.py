"""The words around a date that change what it means, whatever the date is:

- before it: "avant" (the day before a span), "la veille de" / "le lendemain de", "deux semaines
  avant" / "10 jours ouvrés après" (a day moved), "depuis" / "last" / "lors de mon discours du" (the
  past), "début de" / "mi-" in front of a whole span (which day of it? refused), and words that only
  introduce it ("d'ici", "au plus tard") and belong to the phrase;
- after it: "dernier" / "passé" (the past), and "à compter de la remise du rapport" after a delay
  (counted from something that is not a date: refused).

Each pattern compiles on first use, and only runs when a word it needs is nearby.
"""

from __future__ import annotations

import re
from datetime import timedelta
from functools import cache

from missiontui.core.dates.fragments import fragments
from missiontui.core.dates.holidays import add_working_days
from missiontui.core.dates.rules import count, shift

_ARTICLE = r"(?:(?:la|le|les|the)\s+|l')?"


@cache
def _shift() -> re.Pattern:
    return re.compile(
        r"(?:(?P<m2>l'avant[- ]veille)|(?P<m1>(?:la\s+)?veille|the\s+day\s+before|(?:the\s+)?eve)"
        r"|(?P<p2>(?:le\s+|au\s+)?surlendemain)|(?P<p1>(?:le\s+|au\s+)?lendemain|the\s+day\s+after))"
        r"(?:\s+(?:de\s+la\s+|de\s+l'|du\s+|des\s+|de\s+|d'|of\s+(?:the\s+)?)|\s+)\Z")


@cache
def _offset() -> re.Pattern:
    return re.compile(
        rf"(?:(?:dans\s+un\s+delai\s+de|dans|sous|within|in)\s+)?{fragments().NUM}\s+"
        r"(?P<unit>jours?|semaines?|mois|ans?|annees?|days?|weeks?|months?|years?)"
        r"(?:\s+(?P<work>ouvres?|ouvrables?|working|business))?(?:\s+days?)?"
        r"\s+(?P<dir>avant|apres|a\s+compter|a\s+partir|suivant|before|after|from|following)"
        r"(?:\s+(?:du|de\s+la|de\s+l'|des|de|d'|le|la|l'|les|the))?\s*\Z")


@cache
def _lead() -> re.Pattern:
    return re.compile(
        r"(?:(?P<before>avant|before|prior\s+to)|d'ici(?:\s+a)?|au\s+plus\s+tard|at\s+the\s+latest\s+by"
        rf"|no\s+later\s+than|jusqu'(?:au|a|en)|by|until)\s+{_ARTICLE}\Z")


@cache
def _start() -> re.Pattern:
    return re.compile(
        r"(?:a\s+partir|a\s+compter|(?:pas|non)\s+avant|au\s+plus\s+tot|des(?=\s+(?:le|la|l'|les)\b|\s*\Z)"
        r"|(?:starting|beginning)(?:\s+(?:on|in|from))?|from|as\s+of|not\s+before|no\s+earlier\s+than)"
        r"(?:\s+(?:du|de\s+la|de\s+l'|des|de|d'|le|la|l'|les|the))?\s*\Z")


@cache
def _citation() -> re.Pattern:
    """ "la loi du 7 août 2015", "par courrier en date du 3 mars", "votre lettre du 12 mai": the date of a text."""
    return re.compile(
        r"(?<![a-z])(?:lois?|decrets?|arretes?|circulaires?|ordonnances?|instructions?|directives?|reglements?"
        r"|courriers?|lettres?|saisines?|courriels?|(?:en\s+)?date|acts?|laws?|decrees?|letters?)"
        r"(?:\s+(?:organique|ministerielle|interministerielle|n\s*[°o]\s*[\w./-]+|no\.?\s*[\w./-]+)){0,2}"
        r"\s+(?:en\s+date\s+du|du|dated|of)\s*\Z")


@cache
def _event() -> re.Pattern:
    """ "lors de la réunion du 12 septembre": the date of an event, past if the sentence is."""
    return re.compile(
        r"(?:lors|a\s+l'occasion|au\s+cours)\s+d(?:e|u|es)\s+(?:(?:la|le|les|votre|vos|leur|leurs|son|sa|ses)\s+|l')?"
        r"(?:[\w'-]+\s+){0,3}?(?:(?:du|de\s+la|de\s+l'|de|des|d'|le|en)\s*)?\Z")


@cache
def _past() -> re.Pattern:
    return re.compile(
        rf"(?:(?:depuis|since|last)\s+{_ARTICLE}"
        r"|(?:lors|a\s+l'occasion)\s+d(?:e|u|es)\s+(?:mon|ma|mes|notre|nos)\s+(?:[\w'-]+\s+){0,4}?"
        r"(?:(?:du|de\s+la|de\s+l'|de|des|d'|le|en)\s*)?"
        r"|(?:during|in|at)\s+(?:my|our)\s+(?:[\w'-]+\s+){0,4}?(?:on|of)\s+(?:the\s+)?)\Z")


@cache
def _past_after() -> re.Pattern:
    return re.compile(r"\s+(?:dernier|derniere|passe|passee)(?![a-z])")


@cache
def _next_after() -> re.Pattern:
    return re.compile(r"\s+(?:prochain|prochaine)(?![a-z])")


@cache
def _year_after() -> re.Pattern:
    return re.compile(r"\s+(?:de\s+(?:l'annee|l'an|cette\s+annee)|of\s+(?:this|next|last)\s+year)"
                      r"(?:\s+(?P<which>prochaine?|derniere?|passee?|en\s+cours))?(?![a-z])")


@cache
def _vague() -> re.Pattern:
    return re.compile(r"(?:debut|mi|milieu|early|mid|beginning|start|middle)"
                      r"(?:\s*-\s*|\s+(?:de\s+la|de\s+l'|du|de|d'|of\s+the|of)\s*|\s+)\Z")


@cache
def _counted_from() -> re.Pattern:
    return re.compile(r",?\s+(?:a\s+compter|a\s+partir|apres|suivant|des|from|after|following|of)(?![a-z])")


def _near(window: str, *words: str) -> bool:
    return any(w in window for w in words)


def _window(norm: str, start: int) -> str:
    return norm[max(0, start - 80):start]


class Around:
    """What the words around a match say: where the phrase now starts and ends, a day to move it
    by, "avant", the past, a part of a span."""

    __slots__ = ("start", "end", "shift", "before", "past", "vague", "next_end", "year", "year_end", "starts",
                 "citation", "event")

    def __init__(self, start: int, end: int):
        self.start, self.end = start, end
        self.shift = None
        self.before = self.past = self.vague = False
        self.starts = False  # "à partir du 15 septembre", "pas avant la Toussaint": a start, not a deadline
        self.citation = False  # "la loi du 7 août 2015": the date of a text, past if not after the reference
        self.event = False  # "lors de la réunion du 12 septembre": past if the sentence is
        # Only for a date that comes back each year: "le 15 mars prochain" (the next one not begun),
        # "fin juin de l'année prochaine" (year + 1); where the phrase then ends.
        self.next_end: int | None = None
        self.year: int | None = None
        self.year_end: int | None = None


def around(norm: str, start: int, end: int) -> Around:
    """Each pattern runs only when a word it needs is in the 80 characters before the match."""
    a = Around(start, end)
    window = _window(norm, start)
    m = _shift().search(window) if _near(window, "veille", "lendemain", "day", "eve") else None
    if m:
        days = -2 if m["m2"] else -1 if m["m1"] else 2 if m["p2"] else 1
        a.shift = lambda day: day + timedelta(days=days)
    elif _near(window, "avant", "apres", "compter", "partir", "suivant", "before", "after", "from", "following"):
        m = _offset().search(window)
        if m:
            a.shift = _offset_by(m)
    if m:
        a.start -= len(m[0])
    window = _window(norm, a.start)
    m = None
    if _near(window, "partir", "compter", "avant", "tot", "des", "start", "begin", "from", "as of", "before",
             "earlier"):
        m = _start().search(window)
        a.starts = bool(m)
    if not m and _near(window, "avant", "before", "prior", "ici", "tard", "latest", "later", "jusqu", "by", "until"):
        m = _lead().search(window)
        a.before = bool(m and m["before"])
    if m:
        a.start -= len(m[0])
    window = _window(norm, a.start)
    if _near(window, *_CITED):  # the date of a text: "la loi du", with the "du" a day rule may have taken
        a.citation = bool(_citation().search(window + ("du " if norm.startswith("du ", a.start) else "")))
    back = _near(window, "depuis", "since", "last", "lors", "occasion", " my ", " our ")
    m = _past().search(window) if back else None
    if m:
        a.past = True
    elif _near(window, "lors", "occasion", "cours"):
        m = _event().search(window)
        a.event = bool(m)
    if m:
        a.start -= len(m[0])
    m = _vague().search(_window(norm, a.start)) if _near(window, "debut", "mi", "early", "mid", "begin", "start") \
        else None
    if m:
        a.vague = True
        a.start -= len(m[0])
    after = norm[end:end + 30]
    if _near(after, "dernier", "derniere", "passe"):
        m = _past_after().match(norm, end)
        if m:
            a.past, a.end = True, m.end()
    if "prochain" in after:
        m = _next_after().match(norm, end)
        a.next_end = m.end() if m else None
    if _near(after, "annee", "l'an", "year"):
        m = _year_after().match(norm, end)
        if m:
            which, words = m["which"] or "", m[0]
            a.year = (1 if which.startswith("prochain") or "next" in words else
                      -1 if which.startswith(("dernier", "passe")) or "last" in words else 0)
            a.year_end = m.end()
    return a


_CITED = ("loi", "decret", "arrete", "circulaire", "ordonnance", "instruction", "directive", "reglement", "courrier",
          "lettre", "saisine", "courriel", "date", "act", "law", "decree", "letter")


def makes_a_date(norm: str, start: int, end: int) -> bool:
    """A bare month or year ("septembre", "2023") is a date after "avant", "depuis", "last" or before
    "dernier"."""
    window = _window(norm, start)
    if _near(window, "avant", "before", "prior"):
        lead = _lead().search(window)
        if lead and lead["before"]:
            return True
    if _near(window, "depuis", "since", "last", "lors", "occasion", " my ", " our ") and _past().search(window):
        return True
    return _near(norm[end:end + 12], "dernier", "derniere", "passe") and bool(_past_after().match(norm, end))


def counted_from_elsewhere(norm: str, end: int) -> bool:
    """ "dans deux mois à compter de la remise du rapport": not from the reference day."""
    return bool(_counted_from().match(norm, end))


def _offset_by(m):
    """ "deux semaines avant Noël", "10 jours ouvrés avant le 15 mai", "deux mois à compter du 1er mars"."""
    n = count(m) * (-1 if m["dir"] in ("avant", "before") else 1)
    unit, work = m["unit"], m["work"]
    if work:
        return lambda day: add_working_days(day, n, work.startswith("ouvrable"))
    return lambda day: shift(day, n, unit)

