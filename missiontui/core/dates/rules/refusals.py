"""Phrases that name a time but not a day we could choose without guessing: refused with the reason.
Each is longer than the date inside it ("les vacances de Noël" is not Noël), so it wins."""

from __future__ import annotations

import re

from missiontui.core.dates.errors import DateError
from missiontui.core.dates.rules.base import rule


@rule(lambda f: rf"{f.B}(?:(?:la|the|cette|this|next|last|fin\s+de\s+(?:la\s+)?|(?:the\s+)?end\s+of\s+(?:the\s+)?"
                r"|dans\s+la|within\s+the|d'ici\s+la\s+fin\s+de\s+la)\s*)?(?:semaine|week)"
                r"(?:\s+(?:prochaine|suivante|derniere|passee|en\s+cours|after\s+next|de\s+(?:noel|paques)"
                rf"|du\s+\d{{1,2}}(?:er)?(?:\s+{f.MON})?))?{f.E}",
      when=("semaine", "week"))
def _week(m, c):
    """ "la semaine prochaine", "next week", "la semaine du 15 mai": which day of it?"""
    if re.fullmatch(r"(?:semaine|week)", m[0]):
        return None  # "une semaine", "a week": a count, read with its number
    raise DateError("week", c.phrase)


@rule(lambda f: rf"{f.B}(?:(?:les|des|aux)\s+)?(?:grandes\s+vacances|(?:vacances|conges)(?:\s+scolaires)?"
                r"(?:\s+(?:de\s+|d'|du\s+mois\s+de\s+)(?:la\s+|l')?\w+)?|fetes\s+de\s+fin\s+d'annee"
                rf"|(?:school|christmas|easter|summer)\s+holidays?|holiday\s+season){f.E}",
      when=("vacances", "conges", "fetes", "holiday", "holidays"))
def _school_holidays(m, c):
    """ "avant les vacances de Noël": they begin before Noël, and not on the same day in every zone."""
    if m[0].strip() in ("conges", "vacances"):
        return None
    raise DateError("school_holidays", c.phrase)


@rule(lambda f: rf"{f.B}(?:(?:le|les)\s+)?ponts?\s+(?:de\s+l'|du\s+|de\s+la\s+|de\s+|d')"
                rf"(?:\d{{1,2}}(?:er)?[\s-]+)?[a-z]+{f.E}",
      when=("pont", "ponts"))
def _bridge(m, c):
    """ "le pont de l'Ascension": whether and which day depends on the year and the employer."""
    raise DateError("bridge", c.phrase)


@rule(lambda f: rf"{f.B}(?:l')?(?:annee\s+(?:scolaire|universitaire)|school\s+year|academic\s+year)"
                rf"(?:\s+{f.YEARS})?{f.E}",
      when=("scolaire", "universitaire", "school", "academic"))
def _school_year(m, c):
    raise DateError("school_year", c.phrase)
