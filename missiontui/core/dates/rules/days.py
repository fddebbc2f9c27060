"""Rules for a day: written dates, a day of this month ("le 12 courant"), holidays, the rentrée."""

from __future__ import annotations

import re
from datetime import date, timedelta

from missiontui.core.dates.errors import DateError
from missiontui.core.dates.holidays import easter
from missiontui.core.dates.periods import Period, add_months
from missiontui.core.dates.rules.base import (DIGIT, NUMBER_WORDS, Yearly, checked_day, day_number, fixed_or_yearly,
                                              month_number, rule, second_year, with_weekday, year_of)
from missiontui.core.dates.words import HOLIDAYS, MONTHS
from missiontui.core.model import Precision


@rule(lambda f: rf"{f.B}(?P<year>\d{{4}})-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}}){f.E}", when=DIGIT)
def _iso(m, c):
    return Period.day(checked_day(int(m["year"]), int(m["m"]), int(m["d"]), c.phrase))


@rule(lambda f: rf"{f.B}(?P<d>\d{{1,2}})(?P<sep>[/.-])(?P<m>\d{{1,2}})(?P=sep)(?P<year>\d{{4}}|\d{{2}})(?![\w/.-]\w)",
      when=DIGIT)
def _numeric(m, c):
    year = int(m["year"]) + (2000 if len(m["year"]) == 2 else 0)  # two digits: 20yy
    return Period.day(checked_day(year, int(m["m"]), int(m["d"]), c.phrase))


@rule(lambda f: rf"{f.B}(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})(?![\w/])", when=DIGIT)
def _numeric_yearless(m, c):
    """ "30/09", "le 1/7": a day and month — but "un tiers (1/3)" and "24/7" are not dates: in a
    sentence, a year-less d/m wants a word before it that introduces a date."""
    if not (c.whole or _introduced(m)):
        return None
    day, month = int(m["d"]), int(m["m"])
    checked_day(2000, month, day, c.phrase)  # refuses 31/09 and 12/13; 2000 was a leap year
    return Yearly(lambda y: Period.day(date(y, month, day)))  # 29/02 waits for a leap year


_INTRODUCING = {"le", "au", "du", "avant", "ici", "pour", "jusqu'au", "on", "by", "before", "until", "after", "apres",
                "from", "des", "depuis", "since", "the", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi",
                "dimanche", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "tard"}


def _introduced(m) -> bool:
    words = m.string[max(0, m.start() - 12):m.start()].replace("d'ici", "ici").split()
    return bool(words) and words[-1] in _INTRODUCING


# A day in words ("le quinze mars", "the first of May") only after an article or a weekday, where
# it cannot be a count; an English month is never followed by a day in words ("it may first...").
@rule(lambda f: (
    rf"{f.B}(?:{f.WD},?\s+)?(?:(?:le|the|au|du)\s+)?{f.DAY_DIGITS}(?:\s+(?:of\s+)?|-){f.MON}{f.OPT_YEAR}",
    rf"{f.B}(?:{f.WD},?\s+)?{f.MON}\s+(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)(?:,?\s+{f.YEAR})?(?![\w/.-])",
), when=(MONTHS, {DIGIT}))
def _day_of_month(m, c):
    day = day_number(m)
    if day is None:
        return None
    month = month_number(m)
    checked_day(2000, month, day, c.phrase)
    year = year_of(m)
    if year is not None:
        return Period.day(with_weekday(m, checked_day(year, month, day, c.phrase), c.phrase))
    return Yearly(lambda y: Period.day(date(y, month, day)), lambda p: with_weekday(m, p.last, c.phrase))


rule(lambda f: rf"{f.B}(?:{f.WD},?\s+(?:(?:le|the)\s+)?|(?:le|the|au|du)\s+){f.DAY_WORDS}\s+(?:day\s+)?(?:of\s+)?"
               rf"{f.MON}{f.OPT_YEAR_IN_WORDS}",
     when=(MONTHS, NUMBER_WORDS))(_day_of_month)


@rule(lambda f: (
    rf"{f.B}(?:(?:le|the|au|du)\s+)?(?:{f.DAY_DIGITS}|{f.DAY_WORDS})\s+(?:courant|du\s+mois\s+(?:en\s+cours|courant)"
    r"|de\s+ce\s+mois(?:-ci)?|(?:of\s+)?(?:this|the\s+current)\s+month|inst\.?|instant)" + f.E,
    rf"{f.B}(?:(?:le|the|au)\s+)?(?:{f.DAY_DIGITS}|{f.DAY_WORDS})\s+(?:du\s+mois\s+prochain|of\s+next\s+month)" + f.E,
), when=(("courant", "mois", "month", "inst", "instant"), NUMBER_WORDS | {DIGIT}), relative=True)
def _day_of_current_month(m, c):
    """ "le 12 courant": the 12th of this month, refused once past; "le 12 du mois prochain"."""
    day = day_number(m)
    if day is None:
        return None
    if m[0].endswith(("prochain", "next month")):
        base = add_months(c.ref.replace(day=1), 1)
        return Period.day(checked_day(base.year, base.month, day, c.phrase))
    found = checked_day(c.ref.year, c.ref.month, day, c.phrase)
    if found < c.ref:
        raise DateError("day_past", c.phrase, day=day)
    return Period.day(found)


_GENERIC = {"de", "l", "le", "la", "s", "jour", "day", "the"}


@rule(lambda f: rf"{f.B}(?:(?:le\s+)?jour\s+de\s+|(?:la|le|the)\s+|l')?{f.HOLIDAY}"
                rf"(?:\s+(?:de\s+)?{f.YEAR})?{f.E}",
      when={w for name in HOLIDAYS for w in name.replace("'", " ").replace("-", " ").split()} - _GENERIC)
def _holiday(m, c):
    """Public holidays and their neighbours: fixed days, and the days Easter brings (lundi de
    Pâques, Ascension, Pentecôte) by the Gregorian computus."""
    at = HOLIDAYS[re.sub(r"\s+", " ", m["name"])]
    # A name alone in a sentence may be a person ("Noël Martin"): want an article, a year, a preposition.
    if not (m[0] != m["name"] or m["year"] or c.whole or _in_company(m)):
        return None
    if isinstance(at, int):
        return fixed_or_yearly(m, lambda y: Period.day(easter(y) + timedelta(days=at)))
    return fixed_or_yearly(m, lambda y: Period.day(date(y, *at)))


_BEFORE_A_HOLIDAY = {"a", "avant", "pour", "d'ici", "des", "apres", "jusqu'a", "de", "du", "before", "by", "at", "for",
                     "until", "on", "since", "depuis", "of", "last"}


def _in_company(m) -> bool:
    """ "à Noël", "depuis Noël", "Noël dernier", "Pâques prochain" — not "M. Noël Martin"."""
    before = m.string[max(0, m.start() - 12):m.start()].split()
    after = m.string[m.end():m.end() + 12].split()
    return ((bool(before) and before[-1] in _BEFORE_A_HOLIDAY)
            or (bool(after) and after[0] in ("dernier", "passe", "prochain", "prochaine")))


_OTHER_RENTREES = ("parlementaire", "judiciaire", "litteraire", "solennelle")


@rule(lambda f: rf"{f.B}(?:(?:la|a\s+la|de\s+la|the)\s+)?(?:prochaine\s+)?rentree"
                rf"(?P<kind>\s+(?:scolaire|universitaire|de\s+septembre|prochaine|sociale|politique|"
                rf"{'|'.join(_OTHER_RENTREES)}))?(?:\s+(?:de\s+)?{f.YEARS})?{f.E}",
      when=("rentree",))
def _rentree(m, c):
    """La rentrée: 1 September, the next one not past; the parliament's or the courts' are refused."""
    if m["kind"] and m["kind"].split()[0] in _OTHER_RENTREES:
        raise DateError("which_rentree", c.phrase)
    if m["year"]:
        second_year(m, year_of(m), c.phrase)
    return fixed_or_yearly(m, lambda y: Period.day(date(y, 9, 1), Precision.EARLY_MONTH))
