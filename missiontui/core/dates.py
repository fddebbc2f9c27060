"""Deadline phrases, in French and English, turned into a `Due`: a date, its precision, its words.

Conventions (see tests/data/date_phrases.json): a month, quarter, half or year means its last day;
numeric dates are day-first; a year-less date is its next occurrence on or after the reference date;
"quinzaine" is 15 days and "huitaine" 8. The parser never guesses: input it cannot read with
certainty raises `DateError` with a reason, and nothing else escapes it.

It is a table of regular expressions run over a normalised copy of the text (lower case, accents
removed, apostrophes unified); the longest match wins, then the earliest. No dateutil parser, so
importing this module costs a few milliseconds.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from missiontui.core.errors import InvalidInput
from missiontui.core.model import Due, Precision


class DateError(InvalidInput):
    """The text holds no deadline, or one that cannot be read without guessing."""

    def __init__(self, code: str, text: str, **params):
        self.code, self.text, self.params = code, text, params
        super().__init__(_ERRORS_EN[code].format(text=text, **params))

    def localized(self, lang: str) -> str:
        """The reason in French or English (the TUI shows it under the field)."""
        if lang != "fr":
            return str(self)
        params = dict(self.params)
        if "month_name" in params:
            params["month_name"] = _MONTH_NAMES_FR[MONTHS[params["month_name"].lower()]]
        for key in ("actual", "said"):
            if key in params:
                params[key] = _DAY_NAMES_FR[_DAY_NAMES_EN.index(params[key])]
        return _ERRORS_FR[self.code].format(text=self.text, **params)


_ERRORS_EN = {
    "empty": "no date given",
    "no_date": "no date found in '{text}'",
    "bad_month": "'{text}': {month} is not a month (numeric dates are day first: dd/mm/yyyy)",
    "bad_day": "'{text}': {month_name} has no day {day}",
    "weekday": "'{text}': {day} is a {actual}, not a {said}",
    "out_of_range": "'{text}' is too far away to be a deadline",
}

_ERRORS_FR = {
    "empty": "aucune date saisie",
    "no_date": "aucune date dans « {text} »",
    "bad_month": "« {text} » : {month} n'est pas un mois (les dates en chiffres s'écrivent jour d'abord : jj/mm/aaaa)",
    "bad_day": "« {text} » : {month_name} n'a pas de {day}",
    "weekday": "« {text} » : le {day} est un {actual}, pas un {said}",
    "out_of_range": "« {text} » est trop loin pour être une échéance",
}
_MONTH_NAMES_FR = ["", "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
                   "octobre", "novembre", "décembre"]
_DAY_NAMES_FR = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]

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
WEEKDAYS = {
    "lundi": 0, "lun": 0, "monday": 0, "mon": 0,
    "mardi": 1, "mar": 1, "tuesday": 1, "tue": 1, "tues": 1,
    "mercredi": 2, "mer": 2, "wednesday": 2, "wed": 2,
    "jeudi": 3, "jeu": 3, "thursday": 3, "thu": 3, "thurs": 3,
    "vendredi": 4, "ven": 4, "friday": 4, "fri": 4,
    "samedi": 5, "sam": 5, "saturday": 5, "sat": 5,
    "dimanche": 6, "dim": 6, "sunday": 6, "sun": 6,
}
NUMBERS = {
    "un": 1, "une": 1, "a": 1, "an": 1, "one": 1, "deux": 2, "two": 2, "trois": 3, "three": 3,
    "quatre": 4, "four": 4, "cinq": 5, "five": 5, "six": 6, "sept": 7, "seven": 7, "huit": 8,
    "eight": 8, "neuf": 9, "nine": 9, "dix": 10, "ten": 10, "onze": 11, "eleven": 11, "douze": 12,
    "twelve": 12, "quinze": 15, "fifteen": 15, "vingt": 20, "twenty": 20, "trente": 30,
    "thirty": 30, "quarante": 40, "forty": 40, "soixante": 60, "sixty": 60, "quatre-vingt-dix": 90,
    "ninety": 90,
}
ORDINALS = {
    "premier": 1, "premiere": 1, "1er": 1, "1re": 1, "first": 1, "1st": 1,
    "deuxieme": 2, "second": 2, "seconde": 2, "2e": 2, "2eme": 2, "2nd": 2,
    "troisieme": 3, "3e": 3, "3eme": 3, "third": 3, "3rd": 3,
    "quatrieme": 4, "4e": 4, "4eme": 4, "fourth": 4, "4th": 4,
}
UNITS = {  # unit word -> (days, months)
    "jour": (1, 0), "jours": (1, 0), "j": (1, 0), "day": (1, 0), "days": (1, 0), "d": (1, 0),
    "semaine": (7, 0), "semaines": (7, 0), "sem": (7, 0), "week": (7, 0), "weeks": (7, 0),
    "w": (7, 0), "s": (7, 0),
    "mois": (0, 1), "month": (0, 1), "months": (0, 1), "m": (0, 1),
    "an": (0, 12), "ans": (0, 12), "annee": (0, 12), "annees": (0, 12), "year": (0, 12),
    "years": (0, 12), "y": (0, 12), "a": (0, 12),
}
HOURS = ("heure", "heures", "h", "hour", "hours")
_MONTH_NAMES_EN = [calendar.month_name[m] for m in range(13)]
_DAY_NAMES_EN = list(calendar.day_name)

# Every word that can make a date, so tests can build text that must never yield one.
VOCABULARY = frozenset(
    set(MONTHS) | set(WEEKDAYS) | set(NUMBERS) | set(ORDINALS) | set(UNITS) | set(HOURS)
    | {"demain", "aujourd", "hui", "today", "tomorrow", "hier", "yesterday", "quinzaine",
       "huitaine", "fin", "end", "mi", "mid", "debut", "early", "annee", "year", "semestre",
       "trimestre", "quarter", "half", "mois", "month", "prochain", "prochaine", "next", "t", "q",
       "h", "s", "j", "d", "apres", "after"}
)


def _alt(words) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


def _words_with_dots(table: dict) -> str:
    """Full words as they are; abbreviations ("sept", "avr", "mar") may take a dot."""
    abbreviations = {w for w in table if any(o != w and o.startswith(w) and table[o] == table[w] for o in table)}
    return f"{_alt(set(table) - abbreviations)}|(?:{_alt(abbreviations)})\\.?"


_MON = rf"(?P<mon>{_words_with_dots(MONTHS)})(?![a-z])"
_WD = rf"(?P<wd>{_words_with_dots(WEEKDAYS)})(?![a-z])"
_WD_FULL = rf"(?P<wd>{_alt(w for w in WEEKDAYS if len(w) > 3)})(?![a-z])"
_YEAR = r"(?P<year>(?:19|20)\d\d)(?![\d/.-]\d)"
_OPT_YEAR = rf"(?:,?\s+(?:de\s+|of\s+)?{_YEAR})?"
_NUM = rf"(?P<n>\d{{1,5}}|{_alt(NUMBERS)})"
_ORD = rf"(?P<ord>{_alt(ORDINALS)})"
_B = r"(?<![\w/.+-])"  # start of a word, and not inside a number like 2021-1104
_E = r"(?![\w])"
_OF_MONTH = r"(?:(?:du\s+)?mois\s+(?:de\s+|d')|(?:the\s+)?month\s+of\s+|de\s+|d'|of\s+)?"


@dataclass(frozen=True)
class Found:
    """A deadline found in a text: the resolved Due and where its words stand in the text."""

    due: Due
    start: int
    end: int


_PLAIN_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_due(text: str, ref: date | None = None) -> Due:
    """The deadline in `text` (a whole input or a sentence), resolved against `ref` (default today)."""
    if isinstance(text, str) and _PLAIN_ISO.fullmatch(text):  # bulk loads: skip the phrase rules
        try:
            return Due(date.fromisoformat(text), Precision.DAY, text)
        except ValueError:
            pass  # 2022-02-30: let the rules say why
    found = find_due(text, ref)
    if found is None:
        raise DateError("no_date" if text.strip() else "empty", text.strip())
    return found.due


def find_due(text: str, ref: date | None = None) -> Found | None:
    """The first deadline in `text`, or None; raises DateError for one that cannot be read."""
    found = find_all(text, ref)
    return found[0] if found else None


def find_all(text: str, ref: date | None = None) -> list[Found]:
    """Every deadline in `text`, in reading order. Overlapping readings keep the longest."""
    ref = ref or date.today()
    if not isinstance(text, str):
        raise DateError("empty", "")
    norm, index = _normalise(text)
    candidates: list[tuple[int, int, object]] = []
    for rule in _RULES:
        for m in rule.pattern.finditer(norm):
            candidates.append((m.start(), m.end(), (rule, m)))
    whole = norm.strip().rstrip(".")
    if not candidates and whole:
        # A bare month, weekday or year is a deadline only when it is the whole input.
        m = _WHOLE.fullmatch(whole)
        if m:
            start = norm.index(whole)
            candidates.append((start, start + len(whole), (_WHOLE_RULE, m)))
    chosen: list[tuple[int, int, object]] = []
    for start, end, payload in sorted(candidates, key=lambda c: (-(c[1] - c[0]), c[0])):
        if all(end <= s or start >= e for s, e, _ in chosen):
            chosen.append((start, end, payload))
    results = []
    for start, end, (rule, m) in sorted(chosen, key=lambda c: c[0]):
        phrase = text[index[start]: index[end - 1] + 1].strip()
        try:
            day, precision = rule.resolve(m, ref, phrase)
        except (ValueError, OverflowError):
            raise DateError("out_of_range", phrase) from None
        results.append(Found(Due(day, precision, phrase), index[start], index[end - 1] + 1))
    return results


@dataclass(frozen=True)
class LetterDeadlines:
    """A letter's date (what its relative phrases count from) and every deadline in its text."""

    signed: date | None
    found: list[Found]


_LETTER_DATE = re.compile(r"(?im)^[\s*_>]*paris\s*,\s*(?:le\s+)?(.{4,40}?)[\s*_]*$")


def find_in_letter(text: str, default_ref: date | None = None) -> LetterDeadlines:
    """Every deadline of a letter, resolved against the letter's own date ("Paris, le 21 avril
    2022") when it has one, else against `default_ref`. Phrases that cannot be read are skipped:
    a letter is prose, and one odd number must not hide the rest."""
    signed = None
    match = _LETTER_DATE.search(text)
    if match:
        try:
            due = parse_due(match.group(1), default_ref)
        except DateError:
            due = None
        if due is not None and due.precision is Precision.DAY:
            signed = due.date
    ref = signed or default_ref or date.today()
    found: list[Found] = []
    # Dates before the letter are references ("le décret du 20 décembre 2019"), not deadlines.
    offset = 0
    for paragraph in text.split("\n"):
        try:
            found += [Found(f.due, f.start + offset, f.end + offset) for f in find_all(paragraph, ref)
                      if signed is None or f.due.date >= signed]
        except DateError:
            pass
        offset += len(paragraph) + 1
    return LetterDeadlines(signed, found)


def _normalise(text: str) -> tuple[str, list[int]]:
    """Lower case, no accents, one kind of apostrophe; `index[i]` is where char i came from."""
    if text.isascii():
        return text.lower().replace("`", "'"), list(range(len(text)))
    out, index = [], []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKD", ch):
            if unicodedata.combining(c):
                continue
            c = "'" if c in "\u2019\u2018\u02bc`\u00b4" else c
            for low in c.lower():
                out.append(low)
                index.append(i)
    return "".join(out), index


# --- resolution helpers ------------------------------------------------------------------------

def last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    """Same day n months later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _next_on_or_after(ref: date, make) -> date:
    """`make(year)` for the reference year, or the year after when that is already past."""
    first = make(ref.year)
    return first if first >= ref else make(ref.year + 1)


def _checked_day(year: int, month: int, day: int, phrase: str) -> date:
    if not 1 <= month <= 12:
        raise DateError("bad_month", phrase, month=month)
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise DateError("bad_day", phrase, month_name=_MONTH_NAMES_EN[month], day=day)
    return date(year, month, day)


def _year(m) -> int | None:
    y = m.groupdict().get("year")
    return int(y) if y else None


def _month_day(m, ref: date, phrase: str, day_of) -> date:
    """A day within a named month; year-less means the next occurrence."""
    month = MONTHS[m["mon"].rstrip(".")]
    year = _year(m)
    if year is not None:
        return day_of(year, month)
    return _next_on_or_after(ref, lambda y: day_of(y, month))


def _number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBERS[word]


# --- rules -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern
    resolve: object  # (match, ref, phrase) -> (date, Precision)


_RULES: list[_Rule] = []


def _rule(*regexes: str):
    """Register `fn` as the resolver of each pattern (alternatives that share group names)."""
    def register(fn):
        _RULES.extend(_Rule(re.compile(regex), fn) for regex in regexes)
        return fn
    return register


@_rule(_B + r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})" + _E)
def _iso(m, ref, phrase):
    return _checked_day(int(m["y"]), int(m["m"]), int(m["d"]), phrase), Precision.DAY


@_rule(_B + r"(?P<d>\d{1,2})(?P<sep>[/.-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})(?![\w/.-]\w)")
def _numeric(m, ref, phrase):
    year = int(m["y"]) + (2000 if len(m["y"]) == 2 else 0)
    return _checked_day(year, int(m["m"]), int(m["d"]), phrase), Precision.DAY


@_rule(_B + r"(?P<d>\d{1,2})/(?P<m>\d{1,2})(?![\w/])")
def _numeric_yearless(m, ref, phrase):
    day, month = int(m["d"]), int(m["m"])
    _checked_day(2000, month, day, phrase)  # refuses 31/09 and 12/13; 2000 was a leap year
    # The next year where this day exists and is not past: 29/02 waits for a leap year.
    return next(date(y, month, day) for y in range(ref.year, ref.year + 9)
                if day <= calendar.monthrange(y, month)[1] and date(y, month, day) >= ref), Precision.DAY


def _with_weekday(m, day: date, phrase: str) -> date:
    said = (m.groupdict().get("wd") or "").rstrip(".")
    if said and WEEKDAYS[said] != day.weekday():
        raise DateError("weekday", phrase, day=day.isoformat(),
                        actual=_DAY_NAMES_EN[day.weekday()], said=_DAY_NAMES_EN[WEEKDAYS[said]])
    return day


@_rule(rf"{_B}(?:{_WD},?\s+)?(?:(?:le|the)\s+)?(?P<d>\d{{1,2}})(?:er|e|st|nd|rd|th)?\s+(?:of\s+)?{_MON}{_OPT_YEAR}")
def _day_month(m, ref, phrase):
    day = _month_day(m, ref, phrase, lambda y, mo: _checked_day(y, mo, int(m["d"]), phrase))
    return _with_weekday(m, day, phrase), Precision.DAY


@_rule(rf"{_B}(?:{_WD},?\s+)?{_MON}\s+(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)(?:,?\s+{_YEAR})?(?![\w/.-])")
def _month_day_en(m, ref, phrase):
    day = _month_day(m, ref, phrase, lambda y, mo: _checked_day(y, mo, int(m["d"]), phrase))
    return _with_weekday(m, day, phrase), Precision.DAY


@_rule(rf"{_B}(?:(?:a|at)\s+)?(?:(?:la|the)\s+)?(?:fin|end\s+of|late)\s+(?:the\s+)?{_OF_MONTH}{_MON}{_OPT_YEAR}")
def _end_of_month(m, ref, phrase):
    return _month_day(m, ref, phrase, last_day), Precision.END_OF_MONTH


@_rule(rf"{_B}(?:(?:au|at\s+the)\s+)?(?:debut|early|beginning\s+of|start\s+of)\s+(?:the\s+)?{_OF_MONTH}{_MON}{_OPT_YEAR}")
def _early_month(m, ref, phrase):
    return _month_day(m, ref, phrase, lambda y, mo: date(y, mo, 1)), Precision.EARLY_MONTH


@_rule(rf"{_B}(?:a\s+la\s+)?(?:mi|mid)(?:-|\s+)(?:{_OF_MONTH}){_MON}{_OPT_YEAR}")
def _mid_month(m, ref, phrase):
    return _month_day(m, ref, phrase, lambda y, mo: date(y, mo, 15)), Precision.MID_MONTH


@_rule(rf"{_B}(?:en|courant|in|during|pour|for|by|d'ici|au\s+cours\s+du\s+mois\s+de|au\s+mois\s+de|durant)\s+(?:le\s+mois\s+(?:de\s+|d')|(?:the\s+)?month\s+of\s+)?{_MON}{_OPT_YEAR}",
       rf"{_B}{_MON}\s+{_YEAR}")
def _month(m, ref, phrase):
    return _month_day(m, ref, phrase, last_day), Precision.MONTH


@_rule(rf"{_B}(?:(?:a\s+)?la\s+|the\s+)?(?:fin|end)\s+(?:du\s+|de\s+|of\s+(?:the\s+)?)?(?P<which>mois|month)(?:\s+(?P<next>prochain|suivant))?" + _E
       + r"|" + _B + r"(?:the\s+)?end\s+of\s+(?:the\s+)?(?P<next2>next)\s+month" + _E)
def _end_of_this_month(m, ref, phrase):
    base = add_months(ref, 1) if (m["next"] or m["next2"]) else ref
    return last_day(base.year, base.month), Precision.END_OF_MONTH


@_rule(rf"{_B}(?:(?:a\s+)?la\s+|the\s+)?(?:(?:fin|end)\s+(?:du\s+|de\s+|of\s+(?:the\s+)?)?)?(?:(?:t|q)(?P<q>[1-4])|{_ORD}\s+(?:trimestre|quarter))(?:\s+(?:de\s+|of\s+)?{_YEAR})?" + _E)
def _quarter(m, ref, phrase):
    q = int(m["q"]) if m["q"] else ORDINALS[m["ord"]]
    make = lambda y: last_day(y, 3 * q)  # noqa: E731
    year = _year(m)
    return (make(year) if year else _next_on_or_after(ref, make)), Precision.QUARTER


@_rule(rf"{_B}(?:(?:a\s+)?la\s+|the\s+)?(?:(?:fin|end)\s+(?:du\s+|de\s+|of\s+(?:the\s+)?)?)?(?:(?:s|h)(?P<h>[12])|{_ORD}\s+(?:semestre|half)(?:\s+of)?)(?:\s+(?:de\s+|of\s+)?{_YEAR})?" + _E
       + rf"|{_B}(?:mi|mid)-?\s*(?P<midyear>(?:19|20)\d\d)" + _E)
def _half(m, ref, phrase):
    if m["midyear"]:
        return date(int(m["midyear"]), 6, 30), Precision.HALF
    h = int(m["h"]) if m["h"] else ORDINALS[m["ord"]]
    if h not in (1, 2):
        raise DateError("no_date", phrase)
    make = lambda y: last_day(y, 6 * h)  # noqa: E731
    year = _year(m)
    return (make(year) if year else _next_on_or_after(ref, make)), Precision.HALF


@_rule(rf"{_B}(?:fin|end\s+of)\s+(?:de\s+l'annee\s+|the\s+year\s+)?{_YEAR}" + _E,
       rf"{_B}(?:fin|end)\s+(?:de\s+l'|d'|of\s+(?:the\s+)?|de\s+cette\s+)?(?:annee|year)(?:\s+(?P<next>prochaine|next))?(?:\s+{_YEAR})?" + _E,
       rf"{_B}year[- ]end" + _E,
       rf"{_B}(?:d'ici(?:\s+a)?|courant|en|in|by|during|au\s+cours\s+de(?:\s+l'annee)?)\s+(?:l'annee\s+|the\s+year\s+)?{_YEAR}" + _E)
def _year_end(m, ref, phrase):
    year = _year(m) or ref.year + (1 if m.groupdict().get("next") else 0)
    return date(year, 12, 31), Precision.YEAR


@_rule(rf"{_B}(?P<first>(?:19|20)\d\d)\s?[-\u2013/]\s?{_YEAR}" + _E)
def _period(m, ref, phrase):
    """A period such as "feuille de route 2018-2022" is due by the end of its last year."""
    if int(m["year"]) <= int(m["first"]):
        raise DateError("no_date", phrase)
    return date(int(m["year"]), 12, 31), Precision.YEAR


@_rule(rf"{_B}(?:l'annee\s+prochaine|next\s+year)" + _E)
def _next_year(m, ref, phrase):
    return date(ref.year + 1, 12, 31), Precision.YEAR


# In words, a unit is a word ("jours", "weeks") or the French "j" and "h": a lone "a" is "à" once
# accents are gone ("d'ici 2022 à savoir"), and "m", "s" or "d" are letters, not units.
_WORD_UNITS = [u for u in list(UNITS) + list(HOURS) if len(u) > 1 or u in ("j", "h")]


@_rule(rf"{_B}(?:dans|sous|d'ici(?:\s+a)?|en|in|within|under)\s+(?:un\s+delai\s+(?:de\s+|d')|les\s+|a\s+(?:period|delay)\s+of\s+|the\s+next\s+)?{_NUM}\s+(?P<unit>{_alt(_WORD_UNITS)})" + _E)
def _duration(m, ref, phrase):
    return _shift(ref, _number(m["n"]), m["unit"]), Precision.DAY


@_rule(rf"{_B}(?:\+\s?(?P<n>\d{{1,5}})\s?(?P<unit>[djwsmya])|(?:j|d)\s?\+\s?(?P<jn>\d{{1,5}}))" + _E)
def _shorthand(m, ref, phrase):
    if m["jn"]:
        return ref + timedelta(days=int(m["jn"])), Precision.DAY
    return _shift(ref, int(m["n"]), m["unit"]), Precision.DAY


def _shift(ref: date, n: int, unit: str) -> date:
    if unit in HOURS:
        return ref + timedelta(days=-(-n // 24))  # 48 hours = 2 days; 36 hours = 2 days
    days, months = UNITS[unit]
    return add_months(ref, n * months) if months else ref + timedelta(days=n * days)


@_rule(rf"{_B}(?:(?:sous|dans\s+(?:la|une)|d'ici|en)\s+)(?:une\s+)?(?P<span>quinzaine|huitaine)" + _E)
def _quinzaine(m, ref, phrase):
    return ref + timedelta(days=15 if m["span"] == "quinzaine" else 8), Precision.DAY


@_rule(rf"{_B}(?P<word>aujourd'hui|aujourd hui|today|apres-demain|apres demain|(?:the\s+)?day\s+after\s+tomorrow|demain|tomorrow|hier|yesterday)" + _E)
def _named_day(m, ref, phrase):
    offsets = {"aujourd'hui": 0, "aujourd hui": 0, "today": 0, "demain": 1, "tomorrow": 1,
               "hier": -1, "yesterday": -1}
    return ref + timedelta(days=offsets.get(m["word"], 2)), Precision.DAY


@_rule(rf"{_B}(?:{_WD_FULL}\s+(?P<next>prochain|suivant)|(?P<next2>next)\s+{_WD_FULL.replace('wd', 'wd2')}|(?:ce\s+|this\s+){_WD_FULL.replace('wd', 'wd3')})" + _E)
def _weekday(m, ref, phrase):
    target = WEEKDAYS[m["wd"] or m["wd2"] or m["wd3"]]
    strictly_after = bool(m["next"] or m["next2"])
    ahead = (target - ref.weekday()) % 7
    if ahead == 0 and strictly_after:
        ahead = 7
    return ref + timedelta(days=ahead), Precision.DAY


# A bare month, weekday or year, accepted only as the whole input ("septembre", "jeudi", "2023").
_WHOLE = re.compile(rf"{_MON}|{_WD_FULL}|(?P<year>(?:19|20)\d\d)")


def _whole(m, ref, phrase):
    if m["mon"]:
        return _month_day(m, ref, phrase, last_day), Precision.MONTH
    if m["wd"]:
        return ref + timedelta(days=(WEEKDAYS[m["wd"]] - ref.weekday()) % 7), Precision.DAY
    return date(int(m["year"]), 12, 31), Precision.YEAR


_WHOLE_RULE = _Rule(_WHOLE, _whole)
