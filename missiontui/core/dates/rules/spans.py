"""Rules for a span: parts of a month, fortnights, quarters, halves, seasons, years, fiscal years,
and this/next/last month, quarter or year. A span is due on its last day."""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from missiontui.core.years import supported_year
from missiontui.core.dates import periods
from missiontui.core.dates.errors import DateError, year_range
from missiontui.core.dates.periods import Period, add_months, last_day
from missiontui.core.dates.rules.base import DIGIT, Yearly, fixed_or_yearly, in_month, rule, second_year, year_of
from missiontui.core.dates.words import FULL_MONTHS, MONTHS, SEASONS, ordinal_value
from missiontui.core.model import Precision

@rule(lambda f: rf"{f.B}(?:(?:a|at)\s+)?(?:(?:la|the)\s+)?(?:fin|end\s+of|late)\s+(?:the\s+)?{f.OF_MONTH}{f.MREF}",
      when=("fin", "end", "late"))
def _end_of_month(m, c):
    return in_month(m, c.ref, lambda y, mo: Period.day(last_day(y, mo), Precision.END_OF_MONTH))


@rule(lambda f: rf"{f.B}(?:(?:au|at\s+the|en)\s+)?(?:debut|early|beginning\s+of|start\s+of)\s+(?:the\s+)?"
                rf"{f.OF_MONTH}{f.MREF}",
      when=("debut", "early", "beginning", "start"))
def _early_month(m, c):
    return in_month(m, c.ref, lambda y, mo: Period.day(date(y, mo, 1), Precision.EARLY_MONTH))


@rule(lambda f: rf"{f.B}(?:a\s+la\s+)?(?:mi|mid)(?:-|\s+)(?:{f.OF_MONTH}){f.MREF}", when=("mi", "mid"))
def _mid_month(m, c):
    return in_month(m, c.ref, lambda y, mo: Period.day(date(y, mo, 15), Precision.MID_MONTH))


@rule(lambda f: (
    rf"{f.B}(?:(?:en|courant|in|during|pour|for|by|d'ici|jusqu'en|durant|pendant)\s+"
    rf"|au\s+mois\s+(?:de\s+|d')"
    # "dans le courant de novembre", "courant du mois de mai", "au cours d'avril", "in the course of May"
    rf"|(?:(?:dans\s+le\s+)?courant|au\s+cours)\s+(?:de\s+|d'|du\s+mois\s+(?:de\s+|d'))"
    rf"|(?:in|over|during)\s+the\s+course\s+of\s+)"
    rf"(?:le\s+mois\s+(?:de\s+|d')|(?:the\s+)?month\s+of\s+)?{f.MON}{f.OPT_YEAR}",
    rf"{f.B}{f.MON}\s+{f.YEAR}",
), when=MONTHS)
def _month(m, c):
    """ "en septembre 2022", "courant avril", "au cours du mois de mars", "dans le courant de novembre": due by
    the month's end."""
    return in_month(m, c.ref, periods.month)


@rule(lambda f: rf"{f.B}(?:(?:le\s+)?mois\s+(?:de\s+|d'))?{f.MON_FULL}(?:\s+{f.YEAR})?{f.E}",
      when=FULL_MONTHS, weak=True)
def _bare_month(m, c):
    """ "avant septembre", "depuis juin", "mars dernier": once the scanner has seen the word around it."""
    return in_month(m, c.ref, periods.month)


@rule(lambda f: rf"{f.B}(?:(?:dans|durant|pendant|au\s+cours\s+de|pour|en|during|in|by)\s+)?(?:la\s+|the\s+)?"
                rf"(?P<which>{f.ORD}|derniere|last|latter)\s+(?:quinzaine|half|fortnight)\s+"
                rf"(?:de\s+|d'|du\s+mois\s+(?:de\s+|d')|of\s+(?:the\s+month\s+of\s+)?)?{f.MREF}",
      when=("quinzaine", "half", "fortnight"))
def _fortnight(m, c):
    """First fortnight: the 1st to the 15th (mid-month); second: the 16th to the month's end."""
    which = 2 if m["which"] in ("derniere", "last", "latter") else ordinal_value(m["which"])
    if which == 1:
        return in_month(m, c.ref, lambda y, mo: Period(date(y, mo, 1), date(y, mo, 15), Precision.MID_MONTH))
    if which == 2:
        return in_month(m, c.ref, lambda y, mo: Period(date(y, mo, 16), last_day(y, mo), Precision.END_OF_MONTH))
    return None


# "fin du T3", "la fin de l'exercice": the span's last day, a day ("avant fin T3" is still that day).
# Not "à l'issue de": what comes once the span is over is a start (affixes.py).
_FIN = (r"(?:(?P<fin>(?:(?:a\s+)?la\s+|the\s+|en\s+|au\s+|a\s+l')?(?:fin|end|cloture|close|terme)"
        r"\s+(?:du\s+|de\s+la\s+|de\s+l'|de\s+|d'|of\s+(?:the\s+)?)?))?")


def _ends(m, period: Period) -> Period:
    return Period.day(period.last, period.precision) if m.groupdict().get("fin") else period


@rule(lambda f: rf"{f.B}{_FIN}(?:(?:le|la|the)\s+)?(?:(?:t|q)(?P<q>[1-4])|{f.ORD}\s+(?:trimestre|quarter))"
                rf"(?:\s+(?:de\s+|of\s+)?{f.YEAR})?{f.E}",
      when=("t", "q", "trimestre", "quarter"))
def _quarter(m, c):
    q = int(m["q"]) if m["q"] else ordinal_value(m["ord"])
    if q not in (1, 2, 3, 4):
        return None
    return fixed_or_yearly(m, lambda y: _ends(m, periods.months(y, 3 * q - 2, 3, Precision.QUARTER)))


@rule(lambda f: (
    rf"{f.B}{_FIN}(?:(?:le|la|the)\s+)?(?:(?:s|h)(?P<h>[12])|{f.ORD}\s+(?:semestre|half)(?:\s+of)?)"
    rf"(?:\s+(?:de\s+|of\s+)?{f.YEAR})?{f.E}",
    rf"{f.B}(?:mi|mid)-?\s*(?P<year_mid>{f.YEAR_DIGITS}){f.E}",
    rf"{f.B}(?:(?:en|au|a\s+la)\s+)?(?:milieu\s+(?:d'|de\s+l')|mi-?)annee(?P<this>)"
    rf"(?:\s+(?P<rel>prochaine|en\s+cours|courante))?{f.E}"
    rf"|{f.B}(?:mid-?year(?P<this2>)|(?:mid|the\s+middle\s+of)[\s-]+(?P<rel2>next|this|the\s+current)\s+year){f.E}",
), when=("s", "h", "semestre", "half", "mi", "mid", "milieu", "midyear", "middle"))
def _half(m, c):
    if m.groupdict().get("year_mid"):
        return Period.day(date(int(m["year_mid"]), 6, 30), Precision.HALF)
    if "this" in m.re.groupindex:  # "en milieu d'année": the next 30 June; "mid next year"
        rel = m["rel"] or m["rel2"]
        if rel:
            return Period.day(date(c.ref.year + (rel in ("prochaine", "next")), 6, 30), Precision.HALF)
        return Yearly(lambda y: Period.day(date(y, 6, 30), Precision.HALF))
    h = int(m["h"]) if m["h"] else ordinal_value(m["ord"])
    if h not in (1, 2):
        return None
    return fixed_or_yearly(m, lambda y: _ends(m, periods.months(y, 6 * h - 5, 6, Precision.HALF)))


@rule(lambda f: rf"{f.B}{_FIN.replace('|close', '|close|late')}(?P<art>l'|le\s+|the\s+|cet\s+|ce\s+|this\s+|en\s+"
                r"|au\s+|a\s+l'|(?:in|by|during|over)\s+(?:the\s+)?)?(?P<next>next\s+)?"
                r"(?P<season>printemps|ete|automne|hiver|spring|summer|autumn|fall|winter)"
                rf"(?:\s+(?:de\s+|of\s+)?{f.YEARS}|\s+(?P<post>prochain))?"
                r"(?!\s+of\s+(?!\d{4}|(?:the\s+)?(?:this|next|last|current|coming|previous|following)\s+year"
                r"|the\s+(?:calendar\s+)?year))(?![\w'-])",
      when=SEASONS)
def _season(m, c):
    """Spring 20 Mar-20 Jun, summer 21 Jun-22 Sep, autumn 23 Sep-20 Dec, winter 21 Dec-19 Mar;
    without a year, the next one not over ("d'ici l'automne"); "l'été prochain": the next one not begun."""
    name = SEASONS[m["season"]]
    if not (m["art"] or m["next"] or m["year"] or m["fin"] or m["post"] or c.whole or _after_a_preposition(m)):
        return None  # "a été" is the verb: a season wants an article, a year, "next", "before"...
    if m["year"]:
        second_year(m, year_of(m), c.phrase)
    if m["next"] or m["post"]:
        year = next(y for y in range(c.ref.year - 1, c.ref.year + 2) if periods.season(name, y).first > c.ref)
        return _ends(m, periods.season(name, year))
    return fixed_or_yearly(m, lambda y: _ends(m, periods.season(name, y)))


def _after_a_preposition(m) -> bool:
    """ "before summer", "until autumn", "last winter", "since spring"."""
    words = m.string[max(0, m.start() - 8):m.start()].split()
    return bool(words) and words[-1] in ("before", "until", "till", "last", "since", "depuis", "avant")


_UNITS = {"mois": "month", "month": "month", "trimestre": "quarter", "quarter": "quarter", "semestre": "half",
          "half-year": "half", "half year": "half", "annee": "year", "an": "year", "year": "year",
          "annee civile": "year", "exercice": "year", "exercice budgetaire": "year", "exercice comptable": "year",
          "financial year": "year", "fiscal year": "year"}
_NEXT = ("prochain", "prochaine", "suivant", "next")
_LAST = ("dernier", "derniere", "passe", "passee", "last", "previous")


@rule(lambda f: rf"{f.B}{_FIN}(?:(?P<this>ce|cet|cette|this|current|present)\s+|(?:le|la|l'|the)\s*)?"
                r"(?:(?P<pre>prochaine?|next|last|previous)\s+)?"
                r"(?P<unit>annee\s+civile|exercice\s+(?:budgetaire|comptable)|(?:financial|fiscal)\s+year|half[- ]year"
                r"|mois|month|trimestre|quarter|semestre|annee|an|year|exercice)(?P<ci>-ci)?"
                r"(?:\s+(?P<post>prochaine?|en\s+cours|courante?|derniere?|passee?|after\s+next|suivant))?" + f.E,
      when=("mois", "month", "trimestre", "quarter", "semestre", "half", "annee", "an", "year", "exercice"),
      relative=True)
def _relative_period(m, c):
    """This, next or last month, quarter, half or year ("le trimestre prochain", "l'an dernier",
    "the month after next", "à la clôture de l'exercice": the fiscal year is the calendar year)."""
    unit = _UNITS[re.sub(r"\s+", " ", m["unit"])]
    post = m["post"].split()[0] if m["post"] else ""
    if post == "suivant" and not (unit == "month" and m["fin"]):
        return None  # "l'année suivante": following what? ("fin du mois suivant" is next month's end)
    if m["unit"] == "an" and not (m["pre"] or post in ("prochain", "dernier", "passe")):
        return None  # "l'an" alone is a year as a count, or "le jour de l'an"
    if not (m["fin"] or m["this"] or m["ci"] or m["pre"] or post):
        return None  # "l'année", "le mois": which one?
    step = (2 if post == "after" else 1 if (m["pre"] in _NEXT or post in _NEXT)
            else -1 if (m["pre"] in _LAST or post in _LAST) else 0)
    if unit == "month":
        base = add_months(c.ref.replace(day=1), step)
        period = periods.month(base.year, base.month)
        return Period.day(period.last, Precision.END_OF_MONTH) if m["fin"] else period
    if unit == "quarter":
        q = (c.ref.month - 1) // 3 + step
        period = periods.months(c.ref.year + q // 4, 3 * (q % 4) + 1, 3, Precision.QUARTER)
    elif unit == "half":
        h = (c.ref.month - 1) // 6 + step
        period = periods.months(c.ref.year + h // 2, 6 * (h % 2) + 1, 6, Precision.HALF)
    else:
        period = periods.year(c.ref.year + step)
    return _ends(m, period)


@rule(lambda f: (
    rf"{f.B}{_FIN}(?:(?:au\s+titre\s+de\s+|pour\s+|de\s+|sur\s+|at\s+)?l'|the\s+)?"
    rf"(?:exercice(?:\s+(?:budgetaire|comptable))?|(?:financial|fiscal)\s+year|annee\s+civile)\s+{f.YEAR}{f.E}",
    rf"{f.B}{_FIN}(?:(?:au\s+titre\s+de\s+|pour\s+|de\s+|sur\s+)?la\s+)?gestion(?:\s+budgetaire)?\s+{f.YEAR}{f.E}",
    rf"{f.B}fy\s?(?P<year_fy>\d\d(?:\d\d)?){f.E}",
), when=("exercice", "fiscal", "financial", "civile", "fy", "gestion"))
def _fiscal_year(m, c):
    """ "au titre de l'exercice 2023", "clôture de la gestion 2022", "FY2023": 31 December."""
    if m.groupdict().get("year_fy"):
        text = m["year_fy"]
        return periods.year(int(text) if len(text) == 4 else 2000 + int(text))
    return _ends(m, periods.year(year_of(m)))


@rule(lambda f: (
    rf"{f.B}(?:fin|end\s+of)\s+(?:de\s+l'annee\s+|the\s+year\s+)?{f.YEAR}{f.E}",
    rf"{f.B}(?:fin|end)\s+(?:de\s+l'|d'|of\s+(?:the\s+)?|de\s+cette\s+)?(?:annee|year)\s+{f.YEAR}{f.E}",
    rf"{f.B}year[- ]end{f.E}",
    rf"{f.B}(?:d'ici(?:\s+a)?|courant|en|in|by|during|au\s+titre\s+de|au\s+cours\s+de(?:\s+l'annee)?)\s+"
    rf"(?:l'annee\s+|the\s+year\s+)?{f.YEAR}{f.E}",
), when=(DIGIT, "year", "deux", "two"))
def _year_end(m, c):
    year = year_of(m)
    return periods.year(year if year is not None else c.ref.year)


@rule(lambda f: (rf"{f.B}(?:(?:d'ici|a|jusqu'a|pour)\s+)?(?:l')?horizon\s+(?:de\s+(?:l'annee\s+)?|d')?{f.YEAR}{f.E}",
                 rf"{f.B}(?:by|at|on|towards?|within|with)\s+(?:the|a|an)\s+{f.YEAR}\s+(?:time\s+)?horizon{f.E}"),
      when=(("horizon",), {DIGIT}))
def _horizon(m, c):
    """ "à l'horizon 2026", "d'ici l'horizon 2030", "by the 2030 horizon": by the end of that year —
    but "le programme Horizon 2020" is a name."""
    if _named(m):
        return None
    return periods.year(year_of(m))


@rule(lambda f: rf"{f.B}(?P<first>{f.YEAR_DIGITS})\s?[-\u2013/]\s?(?P<last>{f.YEAR_DIGITS})(?![\d/.-]\d){f.E}",
      when=DIGIT)
def _years(m, c):
    """In a sentence, a span of years names a period — a law's, a plan's, a programme's ("la loi de
    programmation militaire 2024-2030", "le plan 2018-2022", "sur la période 2024-2026") — not a
    deadline: None, so a letter sets it aside. Only a roadmap to write is due by the end of its
    last year ("coordonner la rédaction de la feuille de route opérationnelle 2018-2022": the seed
    letter of 2018), and so is a span typed alone as a due date (a period means its last day).
    Going backwards it is a number ("la loi n° 2021-1104"), whose parts are not years to check."""
    first, last = int(m["first"]), int(m["last"])
    if last <= first:
        if c.whole:
            raise DateError("no_date", c.phrase)
        return None
    if not (c.whole or _roadmap().search(m.string, max(0, m.start() - 50), m.start())):
        return None
    for year in (first, last):
        if not supported_year(year):
            raise year_range(c.phrase, year)
    return periods.year(last)


@cache
def _roadmap() -> re.Pattern:
    return re.compile(r"(?<![a-z])(?:feuille\s+de\s+route|roadmap)(?:\s+[a-z]+){0,2}\s+\Z")


@cache
def _name() -> re.Pattern:
    return re.compile(r"(?<![a-z])(?:programmes?(?:-cadres?)?|projets?|plans?|strategies?|lois?|contrats?|appels?"
                      r"|initiatives?|schemas?|pactes?|agendas?|programs?|projects?|strategy|laws?|acts?)"
                      r"(?:\s+[\w'-]+){0,2}?\s+\Z")


def _named(m) -> bool:
    """ "le programme Horizon 2020", "la stratégie européenne Horizon 2030": the words are a name
    ("le projet sera livré à l'horizon 2026" is not: "à l'" says a time)."""
    return m[0].startswith("horizon") and bool(_name().search(m.string, max(0, m.start() - 50), m.start()))


@rule(lambda f: rf"{f.B}(?P<year>{f.YEAR_DIGITS}){f.E}(?![\s-]*[\u2013/-])", when=DIGIT, weak=True)
def _bare_year(m, c):
    """ "avant 2023" (31 December 2022), "depuis 2019": only with the word that makes it a date."""
    return periods.year(int(m["year"]))

