"""Pieces of regular expression the rules are written with, built on first use (not at import)."""

from __future__ import annotations

import re
from functools import cache
from types import SimpleNamespace

from missiontui.core.dates.words import (ARTICLES_AS_ONE, CARDINALS, FULL_MONTHS, HOLIDAYS, HOURS, MONTHS,
                                         ORDINAL_WORDS, ORDINALS, UNITS, WEEKDAYS)


def alt(words) -> str:
    return "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in words), key=len, reverse=True))


def _words_with_dots(table: dict) -> str:
    """Full words as they are; abbreviations ("sept", "avr", "mar") may take a dot."""
    abbreviations = {w for w in table if any(o != w and o.startswith(w) and table[o] == table[w] for o in table)}
    return f"{alt(set(table) - abbreviations)}|(?:{alt(abbreviations)})\\.?"


@cache
def fragments() -> SimpleNamespace:
    f = SimpleNamespace()
    f.B = r"(?<![\w/.+-])"  # start of a word, and not inside a number like 2021-1104
    f.E = r"(?![\w])"
    f.MON = rf"(?P<mon>{_words_with_dots(MONTHS)})(?![a-z])"
    f.MON_FULL = rf"(?P<mon>{alt(FULL_MONTHS)})(?![a-z'])"
    f.WD = rf"(?P<wd>{_words_with_dots(WEEKDAYS)})(?![a-z])"
    f.WD_FULL = rf"(?P<wd>{alt(w for w in WEEKDAYS if len(w) > 3)})(?![a-z])"
    card = rf"(?:{alt(CARDINALS)})(?![a-z'])"
    f.NUMSEQ = rf"{card}(?:(?:[\s-]+(?:et|and)[\s-]+|[\s-]+){card})*"
    # First to fourth: quarters, halves and fortnights need no more (and a short pattern compiles fast).
    first_to_fourth = (w for w, v in (ORDINALS | ORDINAL_WORDS).items() if v <= 4 and w != "unieme")
    f.ORD = rf"(?P<ord>(?:{alt(first_to_fourth)})(?![a-z]))"
    f.NUM = rf"(?P<n>\d{{1,5}}(?![\d/.,]\d)|(?:{alt(ARTICLES_AS_ONE)})(?![\w'])|{f.NUMSEQ})"
    # A year is four digits or more, whatever they are: one outside the supported years is refused
    # (scan.py), never left out of the phrase ("fin juin 2200" is not "fin juin").
    f.YEAR_DIGITS = r"\d{4,}"
    f.YEAR = rf"(?P<year>{f.YEAR_DIGITS}(?![\d/.-]\d))"
    f.OPT_YEAR = rf"(?:,?\s+(?:de\s+|of\s+)?{f.YEAR})?"
    # A year, or a school year or winter across two ("2023-2024", "2023/24").
    f.YEARS = rf"(?P<year>{f.YEAR_DIGITS})(?:\s?[-/\u2013]\s?(?P<year2>(?:\d\d)?\d\d))?(?![\d/.-]\d)"
    # A day of the month: digits ("15", "1er", "3rd") anywhere; words ("quinze", "premier",
    # "fifteenth") only after an article or a weekday, where they cannot be a count.
    f.DAY_DIGITS = r"(?P<d>\d{1,2})(?:er|re|e|st|nd|rd|th)?"
    # A day in words ("trente et un", "twenty-first") is made of the words for 1 to 30 only; a date
    # written in words may write its year so too ("deux mille vingt-trois").
    day_card = rf"(?:{alt(w for w, v in CARDINALS.items() if v <= 30)})(?![a-z'])"
    day_ordinal = rf"(?:{alt(w for w, v in ORDINAL_WORDS.items() if v <= 31)})(?![a-z])"
    f.DAY_WORDS = (rf"(?P<dw>(?:{day_card}(?:[\s-]+(?:et|and))?[\s-]+){{0,2}}{day_ordinal}"
                   rf"|{day_card}(?:(?:[\s-]+(?:et|and)[\s-]+|[\s-]+){day_card}){{0,2}})")
    word_year = rf"(?:deux\s+mil(?:le)?|two\s+thousand(?:\s+and)?)[\s-]+{f.NUMSEQ}"
    f.OPT_YEAR_IN_WORDS = rf"(?:,?\s+(?:de\s+|of\s+)?(?P<year>{f.YEAR_DIGITS}(?![\d/.-]\d)|{word_year}))?"
    f.OF_MONTH = r"(?:(?:du\s+)?mois\s+(?:de\s+|d')|(?:the\s+)?month\s+of\s+|de\s+|d'|of\s+)?"
    # This, next or last month, where a named month could stand ("fin du mois prochain").
    f.REL_MONTH = (r"(?P<relm>(?:du\s+|le\s+)?mois\s+(?:prochain|en\s+cours|courant|dernier|precedent)"
                   r"|(?:de\s+)?ce\s+mois(?:-ci)?|(?:the\s+)?(?:next|this|current|last|previous)\s+month"
                   r"|(?:the\s+)?month\s+after\s+next)")
    f.MREF = rf"(?:{f.MON}{f.OPT_YEAR}|{f.REL_MONTH})"
    f.WORD_UNITS = alt(u for u in list(UNITS) + list(HOURS) if len(u) > 1 or u in ("j", "h"))
    f.UNIT = rf"(?P<unit>{f.WORD_UNITS})"
    f.HOLIDAY = rf"(?P<name>{alt(HOLIDAYS)})"
    # What a delay is counted from when it is the letter itself: its receipt, its date, today.
    f.RECEIPT = (r"(?P<rc>,?\s+(?:a\s+compter\s+(?:de\s+|du\s+|d')|a\s+partir\s+(?:de\s+|du\s+|d')|apres\s+|suivant\s+"
                 r"|qui\s+(?:suit|suivent|suivra|suivront)\s+|that\s+follows?\s+"
                 r"|des\s+|de\s+|from\s+|after\s+|following\s+|of\s+)(?:la\s+|sa\s+|votre\s+|the\s+|your\s+|l')?"
                 r"(?:(?:date\s+de\s+(?:la\s+)?)?(?:reception|notification)|receipt|presente"
                 r"|date\s+de\s+(?:la\s+presente|cette\s+lettre|ce\s+courrier)"
                 r"|ce\s+jour|aujourd'hui|today|now|date\s+of\s+this\s+letter"
                 r"|receiving\s+(?:this|the\s+present|the|my|our)\s+letter)"
                 r"(?:\s+(?:de\s+|of\s+)(?:la\s+presente(?:\s+(?:lettre|note|demande))?|cette\s+(?:lettre|note)"
                 r"|ce\s+courrier|la\s+lettre|this\s+letter|the\s+letter)|\s+du\s+(?:present\s+)?courrier"
                 # the receipt of something else ("de votre rapport") is not the letter's
                 r"|(?!\s+(?:de|du|des|of)\s|\s+d')))")
    return f
