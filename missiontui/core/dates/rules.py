"""The rules: each a regular expression over the normalised text and what its match means.

A rule answers a `Period` (its day or span is known), a `Yearly` (a day or span that comes back each
year: the scanner picks the occurrence), None (the match is not a date after all), or raises
`DateError` with the reason the phrase cannot be read. Patterns compile on first use.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from functools import cache

from missiontui.core.dates import periods
from missiontui.core.dates.errors import DAY_NAMES_EN, DateError, bad_day
from missiontui.core.dates.fragments import fragments
from missiontui.core.dates.holidays import add_working_days, easter
from missiontui.core.dates.periods import Period, add_months, days_in_month, last_day
from missiontui.core.dates.words import (HOLIDAYS, HOURS, MONTHS, SEASONS, UNITS, WEEKDAYS,
                                         number_value, ordinal_value)
from missiontui.core.model import Precision


# Plain classes rather than dataclasses: each dataclass costs about a millisecond at import.

class Yearly:
    """A span that comes back every year ("fin juin", "Noël", "l'été"): `of(year)` is that year's;
    `check` runs on the occurrence chosen ("mardi 3 octobre" must be a Tuesday)."""

    __slots__ = ("of", "check")

    def __init__(self, of: Callable[[int], Period], check: Callable[[Period], object] | None = None):
        self.of, self.check = of, check


class Context:
    """What a rule knows besides its match: the reference day, the words as written (for error
    messages), and whether they are the whole input rather than a phrase inside a sentence."""

    __slots__ = ("ref", "phrase", "whole")

    def __init__(self, ref: date, phrase: str, whole: bool):
        self.ref, self.phrase, self.whole = ref, phrase, whole


class Rule:
    """`patterns(fragments)`: one regular expression or a tuple; `resolve(match, context)`;
    `relative`: counted from the reference day, so its words say nothing more than the date;
    `weak`: a bare word ("septembre", "2023") that is a date only next to "avant", "dernier"...;
    `counts`: a delay, refused when counted from something other than the reference day."""

    __slots__ = ("patterns", "resolve", "relative", "weak", "counts")

    def __init__(self, patterns, resolve, relative=False, weak=False, counts=False):
        self.patterns, self.resolve, self.relative, self.weak, self.counts = patterns, resolve, relative, weak, counts


RULES: list[Rule] = []


def rule(patterns, *, relative: bool = False, weak: bool = False, counts: bool = False):
    def register(fn):
        RULES.append(Rule(patterns, fn, relative, weak, counts))
        return fn
    return register


@cache
def compiled() -> list[tuple[re.Pattern, Rule]]:
    f = fragments()
    table = []
    for r in RULES:
        found = r.patterns(f)
        table += [(re.compile(p), r) for p in (found if isinstance(found, tuple) else (found,))]
    return table


# --- helpers -----------------------------------------------------------------------------------

def checked_day(year: int, month: int, day: int, phrase: str) -> date:
    if not 1 <= month <= 12:
        raise DateError("bad_month", phrase, month=month)
    if not 1 <= day <= days_in_month(year, month):
        raise bad_day(phrase, month, day)
    return date(year, month, day)


def year_of(m, group: str = "year") -> int | None:
    text = m.groupdict().get(group)
    if not text:
        return None
    if text.isdigit():
        return int(text)
    value = number_value(text)
    if value is None or not 1900 <= value <= 2099:
        raise DateError("no_date", text)
    return value


def second_year(m, first: int, phrase: str) -> None:
    """ "l'hiver 2023-2024", "rentrée 2023/24": the second year must be the next one."""
    text = m.groupdict().get("year2")
    if text and int(text) != (first + 1 if len(text) == 4 else (first + 1) % 100):
        raise DateError("bad_years", phrase, first=first, second=text)


def fixed_or_yearly(m, make: Callable[[int], Period]) -> Period | Yearly:
    year = year_of(m)
    return make(year) if year is not None else Yearly(make)


def month_number(m) -> int:
    return MONTHS[m["mon"].rstrip(".")]


_REL_MONTH_SHIFT = (("after next", 2), ("prochain", 1), ("next", 1), ("dernier", -1), ("precedent", -1),
                    ("last", -1), ("previous", -1))


def in_month(m, ref: date, make: Callable[[int, int], Period]) -> Period | Yearly:
    """A span inside a named month ("fin juin 2023") or this/next/last month ("fin du mois prochain")."""
    rel = m.groupdict().get("relm")
    if rel:
        shift = next((n for word, n in _REL_MONTH_SHIFT if word in rel), 0)
        base = add_months(ref.replace(day=1), shift)
        return make(base.year, base.month)
    number = month_number(m)
    return fixed_or_yearly(m, lambda y: make(y, number))


def day_number(m, phrase: str) -> int | None:
    """The day of the month, from digits or words; None when the words are a count, not a day."""
    if m["d"] if "d" in m.re.groupindex else None:
        return int(m["d"])
    words = m["dw"]
    if words.split()[0].split("-")[0] in ("un", "une", "one", "a", "an"):
        return None
    value = ordinal_value(words) or number_value(words)
    return value if value and 1 <= value <= 31 else None


def count(m) -> int:
    value = int(m["n"]) if m["n"].isdigit() else number_value(m["n"])
    if value is None:
        raise DateError("no_date", m["n"])
    return value


def shift(ref: date, n: int, unit: str) -> date:
    if unit in HOURS:
        return ref + timedelta(days=-(-n // 24))  # 48 hours = 2 days; 36 hours = 2 days
    days, months = UNITS[unit]
    return add_months(ref, n * months) if months else ref + timedelta(days=n * days)


def with_weekday(m, day: date, phrase: str) -> date:
    said = (m.groupdict().get("wd") or "").rstrip(".")
    if said and WEEKDAYS[said] != day.weekday():
        raise DateError("weekday", phrase, day=day.isoformat(),
                        actual=DAY_NAMES_EN[day.weekday()], said=DAY_NAMES_EN[WEEKDAYS[said]])
    return day


# --- days --------------------------------------------------------------------------------------

@rule(lambda f: rf"{f.B}(?P<y>\d{{4}})-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}}){f.E}")
def _iso(m, c):
    return Period.day(checked_day(int(m["y"]), int(m["m"]), int(m["d"]), c.phrase))


@rule(lambda f: rf"{f.B}(?P<d>\d{{1,2}})(?P<sep>[/.-])(?P<m>\d{{1,2}})(?P=sep)(?P<y>\d{{4}}|\d{{2}})(?![\w/.-]\w)")
def _numeric(m, c):
    year = int(m["y"]) + (2000 if len(m["y"]) == 2 else 0)
    return Period.day(checked_day(year, int(m["m"]), int(m["d"]), c.phrase))


@rule(lambda f: rf"{f.B}(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})(?![\w/])")
def _numeric_yearless(m, c):
    day, month = int(m["d"]), int(m["m"])
    checked_day(2000, month, day, c.phrase)  # refuses 31/09 and 12/13; 2000 was a leap year
    return Yearly(lambda y: Period.day(date(y, month, day)))  # 29/02 waits for a leap year


def _day_of_month(m, c):
    day = day_number(m, c.phrase)
    if day is None:
        return None
    month = month_number(m)
    checked_day(2000, month, day, c.phrase)
    year = year_of(m)
    if year is not None:
        return Period.day(with_weekday(m, checked_day(year, month, day, c.phrase), c.phrase))
    return Yearly(lambda y: Period.day(date(y, month, day)), lambda p: with_weekday(m, p.last, c.phrase))


rule(lambda f: (
    rf"{f.B}(?:{f.WD},?\s+)?(?:(?:le|the|au|du)\s+)?{f.DAY_DIGITS}\s+(?:of\s+)?{f.MON}{f.OPT_YEAR}",
    rf"{f.B}(?:{f.WD},?\s+(?:(?:le|the)\s+)?|(?:le|the|au|du)\s+){f.DAY_WORDS}\s+(?:day\s+)?(?:of\s+)?{f.MON}{f.OPT_YEAR}",
))(_day_of_month)


@rule(lambda f: rf"{f.B}(?:{f.WD},?\s+)?{f.MON}\s+(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)(?:,?\s+{f.YEAR})?(?![\w/.-])")
def _month_day_en(m, c):
    return _day_of_month(m, c)


@rule(lambda f: (
    rf"{f.B}(?:(?:le|the|au|du)\s+)?(?:{f.DAY_DIGITS}|{f.DAY_WORDS})\s+(?:courant|(?:du|de\s+ce)\s+mois"
    r"(?:\s+(?:en\s+cours|courant|-ci)|-ci)|(?:of\s+)?(?:this|the\s+current)\s+month|inst\.?|instant)" + f.E,
    rf"{f.B}(?:(?:le|the|au)\s+)?(?:{f.DAY_DIGITS}|{f.DAY_WORDS})\s+(?:du\s+mois\s+prochain|of\s+next\s+month)" + f.E,
), relative=True)
def _day_of_current_month(m, c):
    """ "le 12 courant": the 12th of this month, refused once past; "le 12 du mois prochain"."""
    day = day_number(m, c.phrase)
    if day is None:
        return None
    if "prochain" in m[0] or "next" in m[0]:
        base = add_months(c.ref.replace(day=1), 1)
        return Period.day(checked_day(base.year, base.month, day, c.phrase))
    found = checked_day(c.ref.year, c.ref.month, day, c.phrase)
    if found < c.ref:
        raise DateError("day_past", c.phrase, day=day)
    return Period.day(found)


@rule(lambda f: rf"{f.B}(?:(?:le\s+)?jour\s+de\s+|(?:la|le|the)\s+|l')?{f.HOLIDAY}(?:\s+(?:de\s+)?{f.YEAR})?{f.E}")
def _holiday(m, c):
    """Public holidays and the days Easter brings (lundi de Pâques, Ascension, Pentecôte)."""
    at = HOLIDAYS[re.sub(r"\s+", " ", m["name"])]
    # A name alone in a sentence may be a person ("Noël Martin"): want an article, a year or a preposition.
    if not (m[0] != m["name"] or m["year"] or c.whole or _preceded_by_a_preposition(m)):
        return None
    if isinstance(at, int):
        return fixed_or_yearly(m, lambda y: Period.day(easter(y) + timedelta(days=at)))
    return fixed_or_yearly(m, lambda y: Period.day(date(y, *at)))


_PREPOSITIONS = ("a", "avant", "pour", "d'ici", "des", "apres", "jusqu'a", "before", "by", "at", "for", "until",
                 "on", "since", "depuis")


def _preceded_by_a_preposition(m) -> bool:
    words = m.string[max(0, m.start() - 12):m.start()].split()
    return bool(words) and words[-1] in _PREPOSITIONS


@rule(lambda f: rf"{f.B}(?:(?:la|a\s+la|des\s+la|de\s+la|the)\s+)?(?P<next>prochaine\s+)?rentree(?P<kind>\s+(?:scolaire|universitaire|de\s+septembre|prochaine|sociale|politique|parlementaire|judiciaire|litteraire|solennelle))?(?:\s+(?:de\s+)?{f.YEAR}{f.YEAR2})?{f.E}")
def _rentree(m, c):
    """La rentrée: 1 September, the next one not past."""
    if m["kind"] and m["kind"].split()[0] in ("parlementaire", "judiciaire", "litteraire", "solennelle"):
        raise DateError("which_rentree", c.phrase)
    if m["year"]:
        second_year(m, year_of(m), c.phrase)
    return fixed_or_yearly(m, lambda y: Period.day(date(y, 9, 1), Precision.EARLY_MONTH))


# --- spans of a month --------------------------------------------------------------------------

@rule(lambda f: rf"{f.B}(?:(?:a|at)\s+)?(?:(?:la|the)\s+)?(?:fin|end\s+of|late)\s+(?:the\s+)?{f.OF_MONTH}{f.MREF}")
def _end_of_month(m, c):
    return in_month(m, c.ref, lambda y, mo: Period.day(last_day(y, mo), Precision.END_OF_MONTH))


@rule(lambda f: rf"{f.B}(?:(?:au|at\s+the|en)\s+)?(?:debut|early|beginning\s+of|start\s+of)\s+(?:the\s+)?{f.OF_MONTH}{f.MREF}")
def _early_month(m, c):
    return in_month(m, c.ref, lambda y, mo: Period.day(date(y, mo, 1), Precision.EARLY_MONTH))


@rule(lambda f: rf"{f.B}(?:a\s+la\s+)?(?:mi|mid)(?:-|\s+)(?:{f.OF_MONTH}){f.MREF}")
def _mid_month(m, c):
    return in_month(m, c.ref, lambda y, mo: Period.day(date(y, mo, 15), Precision.MID_MONTH))


@rule(lambda f: (
    rf"{f.B}(?:(?:en|courant|in|during|pour|for|by|d'ici|jusqu'en|durant|pendant)\s+"
    rf"|(?:au|(?:au\s+cours|dans\s+le\s+courant)\s+du)\s+mois\s+(?:de\s+|d'))"
    rf"(?:le\s+mois\s+(?:de\s+|d')|(?:the\s+)?month\s+of\s+)?{f.MON}{f.OPT_YEAR}",
    rf"{f.B}{f.MON}\s+{f.YEAR}",
))
def _month(m, c):
    return in_month(m, c.ref, periods.month)


@rule(lambda f: rf"{f.B}{f.MON_FULL}{f.E}", weak=True)
def _bare_month(m, c):
    """ "avant septembre", "depuis juin", "en mars dernier" once the scanner has seen the word around it."""
    return in_month(m, c.ref, periods.month)


@rule(lambda f: rf"{f.B}(?:(?:dans|durant|pendant|au\s+cours\s+de|pour|en|during|in|by)\s+)?(?:la\s+|the\s+)?(?P<which>{f.ORD}|derniere|last|latter)\s+(?:quinzaine|half|fortnight)\s+(?:de\s+|d'|du\s+mois\s+(?:de\s+|d')|of\s+(?:the\s+month\s+of\s+)?)?{f.MREF}")
def _fortnight(m, c):
    """First fortnight: the 1st to the 15th (mid-month); second: the 16th to the month's end."""
    which = 2 if m["which"] in ("derniere", "last", "latter") else ordinal_value(m["which"])
    if which not in (1, 2):
        return None
    if which == 1:
        return in_month(m, c.ref, lambda y, mo: Period(date(y, mo, 1), date(y, mo, 15), Precision.MID_MONTH))
    return in_month(m, c.ref, lambda y, mo: Period(date(y, mo, 16), last_day(y, mo), Precision.END_OF_MONTH))


# --- quarters, halves, seasons, years ----------------------------------------------------------

_FIN = r"(?:(?P<fin>(?:(?:a\s+)?la\s+|the\s+)?(?:fin|end)\s+(?:du\s+|de\s+la\s+|de\s+l'|de\s+|d'|of\s+(?:the\s+)?)?))?"


def _ends(m, period: Period) -> Period:
    """ "fin du T3" is the quarter's last day, a day: "avant fin T3" is still that day."""
    return Period.day(period.last, period.precision) if m.groupdict().get("fin") else period


@rule(lambda f: rf"{f.B}{_FIN}(?:(?:le|la|the)\s+)?(?:(?:t|q)(?P<q>[1-4])|{f.ORD}\s+(?:trimestre|quarter))(?:\s+(?:de\s+|of\s+)?{f.YEAR})?{f.E}")
def _quarter(m, c):
    q = int(m["q"]) if m["q"] else ordinal_value(m["ord"])
    if q not in (1, 2, 3, 4):
        return None
    return fixed_or_yearly(m, lambda y: _ends(m, periods.months(y, 3 * q - 2, 3, Precision.QUARTER)))


@rule(lambda f: (
    rf"{f.B}{_FIN}(?:(?:le|la|the)\s+)?(?:(?:s|h)(?P<h>[12])|{f.ORD}\s+(?:semestre|half)(?:\s+of)?)(?:\s+(?:de\s+|of\s+)?{f.YEAR})?{f.E}",
    rf"{f.B}(?:mi|mid)-?\s*(?P<midyear>(?:19|20)\d\d){f.E}",
))
def _half(m, c):
    if m.groupdict().get("midyear"):
        return Period.day(date(int(m["midyear"]), 6, 30), Precision.HALF)
    h = int(m["h"]) if m["h"] else ordinal_value(m["ord"])
    if h not in (1, 2):
        return None
    return fixed_or_yearly(m, lambda y: _ends(m, periods.months(y, 6 * h - 5, 6, Precision.HALF)))


_SEASON_WORDS = r"(?P<season>printemps|ete|automne|hiver|spring|summer|autumn|fall|winter)"


@rule(lambda f: rf"{f.B}{_FIN.replace('fin|end', 'fin|end|late')}(?P<art>(?:l'|le\s+|the\s+|cet\s+|ce\s+|this\s+|en\s+|au\s+|a\s+l'|in\s+(?:the\s+)?|by\s+(?:the\s+)?|during\s+(?:the\s+)?|over\s+(?:the\s+)?))?(?P<next>next\s+)?{_SEASON_WORDS}(?:\s+(?:de\s+|of\s+)?{f.YEAR}{f.YEAR2}|\s+(?P<post>prochain))?(?!\s+of\s+(?!(?:19|20)\d\d))(?![\w'-])")
def _season(m, c):
    """Spring 20 Mar-20 Jun, summer 21 Jun-22 Sep, autumn 23 Sep-20 Dec, winter 21 Dec-19 Mar."""
    name = SEASONS[m["season"]]
    if not (m["art"] or m["next"] or m["year"] or m["fin"] or m["post"] or c.whole):
        return None  # "a été" is the verb, "été" alone is not a season
    if m["year"]:
        second_year(m, year_of(m), c.phrase)
    if m["next"] or m["post"]:  # "l'été prochain": the next one that has not begun
        y = next(y for y in range(c.ref.year - 1, c.ref.year + 2) if periods.season(name, y).first > c.ref)
        return _ends(m, periods.season(name, y))
    return fixed_or_yearly(m, lambda y: _ends(m, periods.season(name, y)))


_UNIT_WORDS = {"mois": "month", "month": "month", "trimestre": "quarter", "quarter": "quarter",
               "semestre": "half", "half-year": "half", "half year": "half", "annee": "year", "an": "year",
               "year": "year", "annee civile": "year", "exercice": "year", "exercice budgetaire": "year",
               "exercice comptable": "year", "financial year": "year", "fiscal year": "year"}


@rule(lambda f: rf"{f.B}{_FIN.replace('fin|end', 'fin|end|cloture|close')}(?:(?P<this>ce|cet|cette|this|current|present)\s+|(?:le|la|l'|the)\s*)?(?:(?P<pre>prochaine?|next)\s+)?(?P<unit>annee\s+civile|exercice\s+(?:budgetaire|comptable)|financial\s+year|fiscal\s+year|half[- ]year|mois|month|trimestre|quarter|semestre|annee|an|year|exercice)(?P<ci>-ci)?(?:\s+(?P<post>prochaine?|en\s+cours|courante?|derniere?|passee?|after\s+next|suivant))?{f.E}")
def _relative_period(m, c):
    """This, next or last month, quarter, half or year ("le trimestre prochain", "l'an dernier",
    "à la clôture de l'exercice" — the fiscal year is the calendar year)."""
    unit = _UNIT_WORDS[re.sub(r"[\s-]+", " ", m["unit"]).replace("half year", "half-year")]
    post = (m["post"] or "").split()[0] if m["post"] else ""
    if post == "suivant" and not (unit == "month" and m["fin"]):
        return None  # "l'année suivante": following what?
    if m["unit"] == "an" and not (m["pre"] or post in ("prochain", "dernier", "passe")):
        return None
    if not (m["fin"] or m["this"] or m["ci"] or m["pre"] or post):
        return None  # "l'année", "le mois": which one?
    step = (2 if post == "after" else 1 if (m["pre"] or post in ("prochain", "prochaine", "suivant"))
            else -1 if post in ("dernier", "derniere", "passe", "passee") else 0)
    ref = c.ref
    if unit == "month":
        base = add_months(ref.replace(day=1), step)
        period = periods.month(base.year, base.month)
        if m["fin"]:
            return Period.day(period.last, Precision.END_OF_MONTH)
        return period
    if unit == "quarter":
        q = (ref.month - 1) // 3 + step
        period = periods.months(ref.year + q // 4, 3 * (q % 4) + 1, 3, Precision.QUARTER)
    elif unit == "half":
        h = (ref.month - 1) // 6 + step
        period = periods.months(ref.year + h // 2, 6 * (h % 2) + 1, 6, Precision.HALF)
    else:
        period = periods.year(ref.year + step)
    return _ends(m, period)


@rule(lambda f: (rf"{f.B}(?:(?:a\s+la\s+|la\s+|en\s+)?(?P<fin>cloture|fin|close|end)\s+(?:de\s+l'|d'|du\s+|of\s+(?:the\s+)?))?(?:(?:au\s+titre\s+de\s+|pour\s+|de\s+|sur\s+|at\s+)?l'|the\s+)?(?:exercice(?:\s+(?:budgetaire|comptable))?|(?:financial|fiscal)\s+year|annee\s+civile)\s+{f.YEAR}{f.E}",
                 rf"{f.B}fy\s?(?P<fy>\d\d(?:\d\d)?){f.E}"))
def _fiscal_year(m, c):
    """ "au titre de l'exercice 2023", "clôture de l'exercice 2023", "FY2023": 31 December."""
    if m.groupdict().get("fy"):
        text = m["fy"]
        return periods.year(int(text) if len(text) == 4 else 2000 + int(text))
    return _ends(m, periods.year(year_of(m)))


@rule(lambda f: (
    rf"{f.B}(?:fin|end\s+of)\s+(?:de\s+l'annee\s+|the\s+year\s+)?{f.YEAR}{f.E}",
    rf"{f.B}(?:fin|end)\s+(?:de\s+l'|d'|of\s+(?:the\s+)?|de\s+cette\s+)?(?:annee|year)\s+{f.YEAR}{f.E}",
    rf"{f.B}year[- ]end{f.E}",
    rf"{f.B}(?:d'ici(?:\s+a)?|courant|en|in|by|during|au\s+titre\s+de|au\s+cours\s+de(?:\s+l'annee)?)\s+(?:l'annee\s+|the\s+year\s+)?{f.YEAR}{f.E}",
))
def _year_end(m, c):
    year = year_of(m)
    return periods.year(year if year is not None else c.ref.year)


@rule(lambda f: rf"{f.B}(?P<first>(?:19|20)\d\d)\s?[-\u2013/]\s?{f.YEAR}{f.E}")
def _years(m, c):
    """A period such as "feuille de route 2018-2022" is due by the end of its last year."""
    if int(m["year"]) <= int(m["first"]):
        raise DateError("no_date", c.phrase)
    return periods.year(int(m["year"]))


@rule(lambda f: rf"{f.B}(?P<year>(?:19|20)\d\d){f.E}(?![\s-]*[\u2013/-])", weak=True)
def _bare_year(m, c):
    """ "avant 2023" (31 December 2022), "depuis 2019": only with the word that makes it a date."""
    return periods.year(int(m["year"]))


# --- counted from the reference day ------------------------------------------------------------

_DELAY = r"(?:dans|sous|d'ici(?:\s+a)?|en|in|within|under)\s+(?:un\s+delai\s+(?:de\s+|d')|les\s+|a\s+(?:period|delay)\s+of\s+|the\s+next\s+)?"
_EXTRA = r"(?:\s+(?P<cal>calendaires|pleins|calendar))?(?P<half>\s+(?:et\s+demie?|and\s+a\s+half))?(?P<francs>\s+francs)?"


@rule(lambda f: (rf"{f.B}{_DELAY}{f.NUM}\s+{f.UNIT}{_EXTRA}{f.RECEIPT}?{f.E}",
                 rf"{f.B}{f.NUM}\s+{f.UNIT}{_EXTRA}{f.RECEIPT}{f.E}"), relative=True, counts=True)
def _delay(m, c):
    """ "dans deux semaines", "sous huit jours", "deux mois après réception de la présente"."""
    if m["francs"]:
        raise DateError("clear_days", c.phrase)
    n, unit = count(m), m["unit"]
    if m["half"]:
        if UNITS.get(unit, (0, 0))[1] != 12:
            raise DateError("half_unit", c.phrase)
        return Period.day(add_months(c.ref, 12 * n + 6))
    return Period.day(shift(c.ref, n, unit))


_WORKING = r"(?:jours?\s+(?P<kind>ouvres?|ouvrables?)|(?:working|business)\s+days?|workdays?)"


@rule(lambda f: (rf"{f.B}(?:{_DELAY})?{f.NUM}\s+{_WORKING}{f.RECEIPT}?{f.E}",
                 rf"{f.B}(?:j|d)\s?\+\s?(?P<n>\d{{1,4}})\s+(?:(?P<kind>ouvres?|ouvrables?)|(?:working|business)\s+days?){f.E}"),
      relative=True, counts=True)
def _working_days(m, c):
    """Jours ouvrés skip weekends and public holidays; jours ouvrables only Sundays and holidays."""
    saturdays = bool(m["kind"]) and m["kind"].startswith("ouvrable")
    return Period.day(add_working_days(c.ref, count(m), saturdays))


@rule(lambda f: rf"{f.B}(?:\+\s?(?P<n>\d{{1,5}})\s?(?P<unit>[djwsmya])|(?:j|d)\s?\+\s?(?P<jn>\d{{1,5}})){f.E}", relative=True)
def _shorthand(m, c):
    if m["jn"]:
        return Period.day(c.ref + timedelta(days=int(m["jn"])))
    return Period.day(shift(c.ref, int(m["n"]), m["unit"]))


@rule(lambda f: rf"{f.B}(?:(?:sous|dans\s+(?:la|une)|d'ici|en|within|in)\s+)(?:une\s+|a\s+)?(?P<span>quinzaine|huitaine|fortnight)(?:\s+de\s+jours)?{f.E}", relative=True)
def _quinzaine(m, c):
    """French administrative usage: a quinzaine is 15 days, a huitaine 8; an English fortnight 14."""
    return Period.day(c.ref + timedelta(days={"quinzaine": 15, "huitaine": 8, "fortnight": 14}[m["span"]]))


@rule(lambda f: rf"{f.B}(?P<word>aujourd'hui|aujourd hui|today|apres-demain|apres demain|(?:the\s+)?day\s+after\s+tomorrow|demain|tomorrow|hier|yesterday|avant-hier|avant hier|(?:the\s+)?day\s+before\s+yesterday)(?P<more>\s+en\s+(?:huit|quinze))?{f.E}", relative=True)
def _named_day(m, c):
    offsets = {"aujourd'hui": 0, "aujourd hui": 0, "today": 0, "demain": 1, "tomorrow": 1,
               "hier": -1, "yesterday": -1}
    word = m["word"]
    days = offsets.get(word, -2 if ("hier" in word or "yesterday" in word) else 2)
    if m["more"]:  # "d'aujourd'hui en huit": the same weekday next week
        days += 7 if m["more"].endswith("huit") else 14
    return Period.day(c.ref + timedelta(days=days))


@rule(lambda f: (
    rf"{f.B}(?:{f.WD_FULL}\s+(?P<next>prochain|suivant)|(?P<next2>next)\s+{f.WD_FULL.replace('wd', 'wd2')}|(?:ce\s+|this\s+){f.WD_FULL.replace('wd', 'wd3')})" + f.E,
    rf"{f.B}(?:{f.WD_FULL}\s+(?P<last>dernier|passe)|(?P<last2>last)\s+{f.WD_FULL.replace('wd', 'wd2')})" + f.E,
    rf"{f.B}(?P<by>d'ici|avant|pour|jusqu'a|by|before|until|on)\s+{f.WD_FULL}(?!\s+\d)(?!\s+(?:le|the)\s+\d)" + f.E,
    rf"{f.B}{f.WD_FULL}\s+en\s+(?P<weeks>huit|quinze)" + f.E,
), relative=True)
def _weekday(m, c):
    """Next friday: strictly after today; last Monday: strictly before; "lundi en huit": the Monday
    after the coming one."""
    g = m.groupdict()
    target = WEEKDAYS[g.get("wd") or g.get("wd2") or g.get("wd3")]
    ahead = (target - c.ref.weekday()) % 7
    if g.get("last") or g.get("last2"):
        return Period.day(c.ref - timedelta(days=(c.ref.weekday() - target) % 7 or 7))
    if ahead == 0 and (g.get("next") or g.get("next2")):
        ahead = 7
    if g.get("weeks"):
        ahead += 7 if g["weeks"] == "huit" else 14
    return Period.day(c.ref + timedelta(days=ahead))


@rule(lambda f: (rf"{f.B}(?:depuis|since|il\s+y\s+a|voici|voila)\s+(?:(?:plus|pres|moins)\s+d[e']\s*|bientot\s+|more\s+than\s+|over\s+|almost\s+|nearly\s+)?{f.NUM}\s+{f.UNIT}{f.E}",
                 rf"{f.B}{f.NUM}\s+{f.UNIT}\s+ago{f.E}"), relative=True)
def _ago(m, c):
    """ "depuis dix ans", "il y a trois semaines", "two weeks ago": a past reference."""
    return Period.day(shift(c.ref, -count(m), m["unit"]))


# --- refused: they name a time, but not a day we could choose without guessing ------------------

@rule(lambda f: (
    rf"{f.B}(?:(?:la|the|cette|this|next|last|fin\s+de\s+(?:la\s+)?|(?:the\s+)?end\s+of\s+(?:the\s+)?|dans\s+la|within\s+the|d'ici\s+la\s+fin\s+de\s+la)\s*)?(?:semaine|week)(?:\s+(?:prochaine|suivante|derniere|passee|en\s+cours|after\s+next|du\s+\d{{1,2}}|de\s+(?:noel|paques)))?{f.E}",
))
def _week(m, c):
    if re.fullmatch(r"(?:semaine|week)", m[0]):
        return None  # "une semaine", "a week": a count, handled with its number
    raise DateError("week", c.phrase)


@rule(lambda f: rf"{f.B}(?:(?:les|des|aux)\s+)?(?:grandes\s+vacances|(?:vacances|conges)(?:\s+scolaires)?(?:\s+(?:de\s+|d'|du\s+mois\s+de\s+)(?:la\s+|l')?\w+)?|fetes\s+de\s+fin\s+d'annee|(?:school|christmas|easter|summer)\s+holidays?|holiday\s+season){f.E}")
def _school_holidays(m, c):
    if not re.search(r"vacances|conges|fetes|holiday", m[0]) or m[0].strip() in ("conges", "vacances"):
        return None
    raise DateError("school_holidays", c.phrase)


@rule(lambda f: rf"{f.B}(?:l')?(?:annee\s+(?:scolaire|universitaire)|school\s+year|academic\s+year)(?:\s+{f.YEAR}{f.YEAR2})?{f.E}")
def _school_year(m, c):
    raise DateError("school_year", c.phrase)


# --- a bare month, weekday or year is a deadline only when it is the whole input ---------------

@cache
def whole_patterns() -> list[tuple[re.Pattern, Rule]]:
    f = fragments()
    return [(re.compile(f.MON), _WHOLE_MONTH), (re.compile(f.WD_FULL), _WHOLE_WEEKDAY),
            (re.compile(r"(?P<year>(?:19|20)\d\d)"), _WHOLE_YEAR)]


_WHOLE_MONTH = Rule(None, lambda m, c: in_month(m, c.ref, periods.month), relative=False, weak=False)
_WHOLE_WEEKDAY = Rule(None, lambda m, c: Period.day(c.ref + timedelta(days=(WEEKDAYS[m["wd"]] - c.ref.weekday()) % 7)),
                      relative=True, weak=False)
_WHOLE_YEAR = Rule(None, lambda m, c: periods.year(int(m["year"])), relative=False, weak=False)
