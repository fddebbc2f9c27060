"""Reading a text: the rules its words can trigger, their matches (the longest kept, then the
earliest), the words around each that change its meaning (affixes.py), then the day."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from missiontui.core.years import supported_year
from missiontui.core.dates import affixes, tense
from missiontui.core.dates.errors import DateError, year_range
from missiontui.core.dates.periods import Period
from missiontui.core.dates.rules import DIGIT, Context, Rule, Yearly, rules_for, whole_rules
from missiontui.core.dates.text import normalise
from missiontui.core.dates.words import number_value
from missiontui.core.model import Due, Precision


@dataclass(frozen=True)
class Found:
    """A date found in a text: the resolved Due, where its words stand, and what it is.

    `past`: the date is before the reference day, or the words point back in time. `deadline`:
    something is due then — False when the words point back ("le 12 mai dernier", "depuis dix ans",
    "lors de mon discours du 14 juillet", "la loi du 7 août 2015", a sentence told in the past),
    when they name a start ("à partir du 15 septembre", "pas avant la Toussaint"), and in a letter
    for the letter's own date. A date typed before today with no such words is an overdue deadline."""

    due: Due
    start: int
    end: int
    past: bool = False
    deadline: bool = True


def parse_due(text: str, ref: date | None = None, *, deadline_only: bool = True) -> Due:
    """The deadline in `text` (a whole input or a sentence), resolved against `ref` (default today).

    A past reference ("le 12 mai dernier", "hier") or a start ("à partir du 15 septembre") is not a
    deadline: refused with that reason, unless `deadline_only` is False (a date to filter by).
    A phrase that only counts from today ("demain", "dans 3 semaines", "next friday") comes back
    with an empty phrase: its words say nothing the date does not."""
    if isinstance(text, str) and _plain_iso(text):  # bulk loads: skip the phrase rules
        try:
            day = date.fromisoformat(text)
        except ValueError:
            pass  # 2022-02-30: let the rules say why
        else:
            if not supported_year(day.year):
                raise year_range(text, day.year)
            return Due(day, Precision.DAY, text)
    found = find_all(text, ref)
    due = next((f.due for f in found if f.deadline or not deadline_only), None)
    if due is not None:
        return due
    if found:
        first = found[0]
        raise DateError("past_reference" if first.past else "start", _plain(text[first.start:first.end]))
    raise DateError("no_date" if text.strip() else "empty", text.strip())


def find_due(text: str, ref: date | None = None) -> Found | None:
    """The first date in `text`, or None; raises DateError for one that cannot be read."""
    found = find_all(text, ref)
    return found[0] if found else None


def find_all(text: str, ref: date | None = None) -> list[Found]:
    """Every date in `text`, in reading order; raises DateError for the first that cannot be read."""
    results = scan(text, ref or date.today())
    for r in results:
        if isinstance(r, DateError):
            raise r
    return results


def _plain(words: str) -> str:
    """A phrase as one line: a letter wraps it across lines."""
    return " ".join(words.split())


def _plain_iso(text: str) -> bool:
    return len(text) == 10 and text[4] == text[7] == "-" and (text[:4] + text[5:7] + text[8:]).isdigit()


class _Match:
    __slots__ = ("start", "end", "rule", "m")

    def __init__(self, start: int, end: int, rule: Rule, m: re.Match):
        self.start, self.end, self.rule, self.m = start, end, rule, m


def scan(text: str, ref: date, keep_relative: bool = False) -> list[Found | DateError]:
    """Every date in `text`, or the reason one cannot be read, in reading order. `keep_relative`
    keeps the words of phrases counted from `ref` (in a letter they are the letter's wording)."""
    if not isinstance(text, str):
        return [DateError("empty", "")]
    norm, index = normalise(text)
    whole = norm.strip().rstrip(".")
    results: list[tuple[int, Found | DateError]] = []  # (end in `norm`, what was found there)
    last_choice, choice_start = None, 0  # the last refusal of a choice ("en juin ou en juillet"), where it starts
    for c in _choose(_candidates(norm, whole)):
        if results and results[-1][0] > c.start:
            continue  # inside the phrase before ("fin juin de l'année prochaine")
        around = affixes.around(norm, c.start, c.end)
        while results and results[-1][0] > around.start:  # "deux mois à compter du 1er mars" takes
            results.pop()  # "dans un délai de deux mois" with it
        phrase = _plain(text[index[around.start]: index[around.end - 1] + 1])
        try:
            found = _resolve(c, around, ref, text, index, norm, phrase, whole)
        except DateError as error:
            found = error
        except (ValueError, OverflowError):  # a year past 9999
            found = DateError("out_of_range", phrase)
        end = around.end
        if isinstance(found, tuple):
            day, precision, back, end = found
            phrase = _plain(text[index[around.start]: index[end - 1] + 1])
            choice = affixes.alternative(norm, text, index, around.start, end)
            if choice:  # "en juin ou en juillet": which one? a guess either way; one refusal for both
                first = choice[0]
                if results and results[-1][1] is last_choice and first < results[-1][0]:
                    first = choice_start
                    results.pop()
                choice_start = first
                found = last_choice = DateError("alternative", _plain(text[index[first]: index[choice[1] - 1] + 1]))
            else:
                words = "" if c.rule.relative and precision is Precision.DAY and not keep_relative else phrase
                found = Found(Due(day, precision, words), index[around.start], index[end - 1] + 1,
                              past=back or day < ref, deadline=not (back or around.starts))
        if found is not None:
            results.append((end, found))
    return [r for _, r in results]


_DIGITS = frozenset("0123456789")


def _candidates(norm: str, whole: str) -> list[_Match]:
    words = set(re.findall(r"[a-z]+", norm))
    if not _DIGITS.isdisjoint(norm):
        words.add(DIGIT)
    found = []
    for rule in rules_for(words):
        for pattern in rule.compiled():
            for m in pattern.finditer(norm):
                if m.end() > m.start() and (not rule.weak or affixes.makes_a_date(norm, m.start(), m.end())):
                    found.append(_Match(m.start(), m.end(), rule, m))
    if not found and whole:
        start = norm.index(whole)  # a bare month, weekday or year is a date when it is the whole input
        for rule in whole_rules():
            m = rule.compiled()[0].fullmatch(norm, start, start + len(whole))
            if m:
                return [_Match(start, start + len(whole), rule, m)]
    return found


def _choose(candidates: list[_Match]) -> list[_Match]:
    """Overlapping readings keep the longest, then the earliest; in reading order."""
    chosen: list[_Match] = []
    for c in sorted(candidates, key=lambda c: (-(c.end - c.start), c.start)):
        if all(c.end <= o.start or c.start >= o.end for o in chosen):
            chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


def _resolve(c: _Match, around: affixes.Around, ref: date, text: str, index: list[int], norm: str, phrase: str,
             whole: str):
    """(day, precision, whether the words point back, where the phrase ends), or None when the match
    is not a date after all."""
    is_whole = whole == norm[c.start:c.end].strip().rstrip(".")
    if not is_whole and re.compile(_COUNTED).match(norm, c.end) and any(not supported_year(y) for y in _years_said(c.m)):
        return None  # "avant 20000 euros", "d'ici 5000 dossiers": a count of things, not a year
    _check_years(c.m, phrase)
    reading = c.rule.resolve(c.m, Context(ref, phrase, is_whole))
    if reading is None:
        return None
    if c.rule.counts and affixes.counted_from_elsewhere(norm, around.end):
        raise DateError("counted_from", phrase)

    def transform(period: Period) -> Period:
        if around.vague and period.first != period.last:
            raise DateError("part_of", phrase)
        if around.shift:
            if period.first != period.last:
                raise DateError("shift_of_period", phrase)
            period = Period.day(around.shift(period.last))
        return period.before() if around.before else period

    end = around.end
    yearly = isinstance(reading, Yearly)
    in_the_past = False  # the sentence's tense: read only when it can change the answer
    if not yearly:
        period = transform(reading)
        if period.last <= ref and not around.past:
            in_the_past = _told_in_the_past(text, index, c)
    elif around.year is not None:  # "fin juin de l'année prochaine"
        if around.following:  # "de l'année suivante": the year after which?
            raise DateError("counted_from", _plain(text[index[around.start]: index[around.year_end - 1] + 1]))
        period = transform(reading.of(ref.year + around.year))
        end = around.year_end
        in_the_past = around.year < 0  # "le 15 mars de l'année dernière"
    else:
        in_the_past = around.event and _told_in_the_past(text, index, c)
        backwards = around.past or around.citation or in_the_past
        period = _occurrence(reading, transform, ref, backwards, around.next_end is not None, phrase)
        end = around.next_end or end
    if yearly and reading.check:
        reading.check(period)
    if not supported_year(period.last.year):  # "dans 300 ans", "avant 1900"
        raise year_range(phrase, period.last.year)
    back = (around.past or (c.rule.relative and period.last < ref)
            or (period.last <= ref and (around.citation or in_the_past)))
    return period.last, period.precision, back, end


# A number followed by a word that is not a connector ("au plus tard", "et", "inclus"): what it counts.
_COUNTED = r"\s+(?!(?:au|at|by|ou|or|et|and|le|la|les|inclus|included|compris)\b)[a-z]"  # compiled on first use


def _check_years(m: re.Match, phrase: str) -> None:
    """Every year the words say, before a rule reads it: one outside the supported years is refused,
    never dropped for the next occurrence ("fin juin 2200")."""
    for year in _years_said(m):
        if not supported_year(year):
            raise year_range(phrase, year)


def _years_said(m: re.Match):
    """The years of a match (the rules' groups named "year..."). Two digits are 20yy ("30/06/99",
    "FY23", "2023/24"): always supported, so not given."""
    for name, text in m.groupdict().items():
        if text and name.startswith("year") and len(text) != 2:
            year = int(text) if text.isdigit() else number_value(text)
            if year is not None:
                yield year


def _told_in_the_past(text: str, index: list[int], c: _Match) -> bool:
    """ "Comme je l'ai annoncé aujourd'hui", "L'exercice 2021 a été clos": the sentence of the match."""
    return tense.told_in_the_past(tense.sentence_around(text, index[c.start], index[c.end - 1] + 1))


def _occurrence(reading: Yearly, transform, ref: date, past: bool, begun: bool, phrase: str) -> Period:
    """The next occurrence on or after `ref` (read ON 30 June, "fin juin" is that day); with
    "prochain" the next one not begun; with "dernier" the latest on or before `ref`."""
    years = range(ref.year + 1, ref.year - 11, -1) if past else range(ref.year - 1, ref.year + 10)
    for year in years:
        try:
            period = transform(reading.of(year))
        except (ValueError, OverflowError):
            continue  # 29 February in a common year; a year outside the calendar
        if (period.last <= ref) if past else (period.first > ref) if begun else (period.last >= ref):
            return period
    raise DateError("out_of_range", phrase)
