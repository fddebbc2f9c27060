"""Rules that count from the reference day: delays ("dans deux semaines", "deux mois après réception
de la présente"), working days, shorthands ("+2w", "J+10"), "demain", weekdays, and the past ("il y a
trois semaines", "depuis dix ans")."""

from __future__ import annotations

import re
from datetime import timedelta
from functools import cache

from missiontui.core.dates.errors import DateError
from missiontui.core.dates.holidays import add_working_days
from missiontui.core.dates.periods import Period, add_months
from missiontui.core.dates.rules.base import DIGIT, count, rule, shift
from missiontui.core.dates.words import HOURS, UNITS, WEEKDAYS

_UNIT_WORDS = {u for u in set(UNITS) | set(HOURS) if len(u) > 1 or u in ("j", "h")}  # "d'ici" is no unit
_DELAY = (r"(?:dans|sous|d'ici(?:\s+a)?|en|in|within|under)\s+"
          r"(?:un\s+delai\s+(?:(?:maximal|maximum|max\.?|impartie?|de\s+rigueur)\s+)?(?:de\s+|d')|les\s+"
          r"|a\s+(?:period|delay)\s+of\s+|the\s+next\s+)?")
_EXTRA = r"(?:\s+(?:calendaires|pleins|calendar))?(?P<half>\s+(?:et\s+demie?|and\s+a\s+half))?(?P<francs>\s+francs)?"
# "vous disposez de trois semaines pour", "vous avez un mois pour", "you have 30 days to": a time given to
# do something, from the letter (the words of purpose say it is a time to act, not "deux mois de retard")
_HAVE = (r"(?P<have>(?:(?:vous|nous|tu)\s+(?:disposez|disposerez|disposons|disposerons|disposes|disposeras|avez|aurez"
         r"|avons|aurons|as|auras)|il\s+(?:vous|nous|te)\s+rest(?:e|era)|(?:you|we)\s+(?:have|will\s+have|'ll\s+have))"
         r"\s+(?:(?:donc|encore|alors|desormais|ainsi|maintenant|still|now|then)\s+)?(?:de\s+|d')?"
         r"(?:un\s+delai\s+(?:(?:maximal|maximum|impartie?|de\s+rigueur)\s+)?(?:de\s+|d')|a\s+(?:period|delay)\s+of\s+)?)")
# ... or counted from the letter's receipt, or from something else (then refused as counted from elsewhere)
_GIVEN = (r"(?:{RECEIPT}|(?=,?\s+(?:pour|afin|to|in\s+which|a\s+compter|a\s+partir|suivant|qui\s+suiv|from|after"
          r"|following)(?![a-z])))")


@rule(lambda f: (rf"{f.B}{_DELAY}{f.NUM}\s+{f.UNIT}{_EXTRA}{f.RECEIPT}?{f.E}",
                 rf"{f.B}{f.NUM}\s+{f.UNIT}{_EXTRA}{f.RECEIPT}{f.E}",
                 rf"{f.B}dans\s+(?:le\s+|la\s+|l')(?P<unit>mois|semaine|annee){f.RECEIPT}{f.E}",
                 rf"{f.B}{_HAVE}{f.NUM}\s+{f.UNIT}{_EXTRA}" + _GIVEN.format(RECEIPT=f.RECEIPT)),
      when=_UNIT_WORDS, relative=True, counts=True)
def _delay(m, c):
    """A delay from the reference day, or from the letter's receipt (which is the reference day):
    "dans un délai de six semaines", "deux mois après réception", "dans le mois suivant la réception",
    "vous disposez de trois semaines pour"."""
    if m.groupdict().get("francs"):
        raise DateError("clear_days", c.phrase)
    if m.groupdict().get("have") and not m["rc"] and _counted_later().search(_clause_after(m)):
        raise DateError("counted_from", c.phrase)  # "deux mois pour former un recours à compter de la décision"
    n, unit = (count(m) if m.groupdict().get("n") else 1), m["unit"]
    if m.groupdict().get("half"):
        if UNITS.get(unit, (0, 0))[1] != 12:
            raise DateError("half_unit", c.phrase)
        return Period.day(add_months(c.ref, 12 * n + 6))  # "un an et demi": 18 months
    return Period.day(shift(c.ref, n, unit))


@cache
def _counted_later() -> re.Pattern:
    return re.compile(r"(?<![a-z])(?:a\s+compter|a\s+partir|apres|suivant|qui\s+suiv[a-z]*|from|after|following)(?![a-z])")


def _clause_after(m) -> str:
    """The rest of the sentence after the match: where a "pour ..." may say what the time counts from."""
    rest = m.string[m.end():]
    return re.split(r"[.;:!?\n]", rest, maxsplit=1)[0]


_WORKING = r"(?:jours?\s+(?P<kind>ouvres?|ouvrables?)|(?:working|business)\s+days?|workdays?)"


@rule(lambda f: (rf"{f.B}(?:{_DELAY})?{f.NUM}\s+{_WORKING}{f.RECEIPT}?{f.E}",
                 rf"{f.B}(?:(?<![\w/.-])(?:j|d)\s?)?\+\s?(?P<n>\d{{1,4}})\s+(?:jours?\s+)?"
                 rf"(?:(?P<kind>ouvres?|ouvrables?)"
                 rf"|(?:working|business)\s+days?){f.E}"),
      when=("ouvres", "ouvre", "ouvrables", "ouvrable", "working", "business", "workdays", "workday"),
      relative=True, counts=True)
def _working_days(m, c):
    """Jours ouvrés skip weekends and public holidays; jours ouvrables only Sundays and holidays."""
    saturdays = bool(m["kind"]) and m["kind"].startswith("ouvrable")
    return Period.day(add_working_days(c.ref, count(m), saturdays))


@rule(lambda f: rf"{f.B}(?:\+\s?(?P<n>\d{{1,5}})\s?(?P<unit>[djwsmya])|(?:j|d)\s?\+\s?(?P<jn>\d{{1,5}})){f.E}",
      when=DIGIT, relative=True)
def _shorthand(m, c):
    if m["jn"]:
        return Period.day(c.ref + timedelta(days=int(m["jn"])))
    return Period.day(shift(c.ref, int(m["n"]), m["unit"]))


@rule(lambda f: rf"{f.B}(?:(?:sous|dans\s+(?:la|une)|d'ici|en|within|in)\s+)(?:une\s+|a\s+)?"
                rf"(?P<span>quinzaine|huitaine|fortnight)(?:\s+de\s+jours)?{f.E}",
      when=("quinzaine", "huitaine", "fortnight"), relative=True)
def _quinzaine(m, c):
    """French administrative usage: a quinzaine is 15 days, a huitaine 8; an English fortnight 14."""
    return Period.day(c.ref + timedelta(days={"quinzaine": 15, "huitaine": 8, "fortnight": 14}[m["span"]]))


_NAMED_DAYS = {"aujourd'hui": 0, "aujourd hui": 0, "today": 0, "demain": 1, "tomorrow": 1, "hier": -1,
               "yesterday": -1, "apres-demain": 2, "apres demain": 2, "day after tomorrow": 2,
               "the day after tomorrow": 2, "avant-hier": -2, "avant hier": -2, "day before yesterday": -2,
               "the day before yesterday": -2}


@rule(lambda f: rf"{f.B}(?P<word>aujourd'hui|aujourd hui|today|apres-demain|apres demain|"
                r"(?:the\s+)?day\s+after\s+tomorrow|demain|tomorrow|hier|yesterday|avant-hier|avant hier|"
                rf"(?:the\s+)?day\s+before\s+yesterday)(?P<more>\s+en\s+(?:huit|quinze))?{f.E}",
      when=("aujourd", "today", "demain", "tomorrow", "hier", "yesterday"), relative=True)
def _named_day(m, c):
    days = _NAMED_DAYS[" ".join(m["word"].split())]
    if m["more"]:  # "d'aujourd'hui en huit": the same weekday next week
        days += 7 if m["more"].endswith("huit") else 14
    return Period.day(c.ref + timedelta(days=days))


@rule(lambda f: (
    rf"{f.B}(?:{f.WD_FULL}\s+(?P<next>prochain|suivant)|(?P<next2>next)\s+{f.WD_FULL.replace('wd', 'wd2')}"
    rf"|(?:ce\s+|this\s+){f.WD_FULL.replace('wd', 'wd3')})" + f.E,
    rf"{f.B}(?:{f.WD_FULL}\s+(?P<last>dernier|passe)|(?P<last2>last)\s+{f.WD_FULL.replace('wd', 'wd2')})" + f.E,
    rf"{f.B}(?:d'ici|avant|pour|jusqu'a|by|before|until|on)\s+{f.WD_FULL}(?!\s+\d)(?!\s+(?:le|the)\s+\d)" + f.E,
    rf"{f.B}{f.WD_FULL}\s+en\s+(?P<weeks>huit|quinze)" + f.E,
), when={w for w in WEEKDAYS if len(w) > 3}, relative=True)
def _weekday(m, c):
    """Next Friday: strictly after today; last Monday: strictly before; "d'ici mercredi": today if
    it is Wednesday; "lundi en huit": the Monday a week after the coming one."""
    g = m.groupdict()
    target = WEEKDAYS[g.get("wd") or g.get("wd2") or g.get("wd3")]
    if g.get("last") or g.get("last2"):
        return Period.day(c.ref - timedelta(days=(c.ref.weekday() - target) % 7 or 7))
    ahead = (target - c.ref.weekday()) % 7
    if ahead == 0 and (g.get("next") or g.get("next2")):
        ahead = 7
    if g.get("weeks"):
        ahead += 7 if g["weeks"] == "huit" else 14
    return Period.day(c.ref + timedelta(days=ahead))


@rule(lambda f: (rf"{f.B}(?:depuis|since|il\s+y\s+a|voici|voila)\s+(?:(?:plus|pres|moins)\s+d[e']\s*|bientot\s+"
                 rf"|more\s+than\s+|over\s+|almost\s+|nearly\s+)?{f.NUM}\s+{f.UNIT}{f.E}",
                 rf"{f.B}{f.NUM}\s+{f.UNIT}\s+ago{f.E}"),
      when=("depuis", "since", "il", "voici", "voila", "ago"), relative=True)
def _ago(m, c):
    """ "depuis dix ans", "il y a trois semaines", "two weeks ago": a past reference, never a deadline."""
    return Period.day(shift(c.ref, -count(m), m["unit"]))
