"""Reading a text: every rule's matches, the longest kept, the words around each that change its
meaning ("avant", "la veille de", "deux semaines après", "dernier", "depuis"), then the day."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from types import SimpleNamespace

from missiontui.core.dates.errors import DateError
from missiontui.core.dates.fragments import fragments
from missiontui.core.dates.holidays import add_working_days
from missiontui.core.dates.periods import Period
from missiontui.core.dates.rules import Context, Rule, Yearly, compiled, count, shift, whole_patterns
from missiontui.core.dates.text import normalise
from missiontui.core.model import Due, Precision


@dataclass(frozen=True)
class Found:
    """A date found in a text: the resolved Due, where its words stand, and what it is.

    `past`: the words point back in time ("le 12 mai dernier", "depuis dix ans", "lors de mon
    discours du 14 juillet") or the date is before the reference day. `deadline`: something is due
    then — False for past references and, in a letter, for the letter's own date."""

    due: Due
    start: int
    end: int
    past: bool = False
    deadline: bool = True


def _plain_iso(text: str) -> bool:
    return len(text) == 10 and text[4] == text[7] == "-" and (text[:4] + text[5:7] + text[8:]).isdigit()


def parse_due(text: str, ref: date | None = None) -> Due:
    """The deadline in `text` (a whole input or a sentence), resolved against `ref` (default today).

    A phrase that only counts from today ("demain", "dans 3 semaines", "next friday") comes back
    with an empty phrase: its words say nothing the date does not."""
    if isinstance(text, str) and _plain_iso(text):  # bulk loads: skip the phrase rules
        try:
            return Due(date.fromisoformat(text), Precision.DAY, text)
        except ValueError:
            pass  # 2022-02-30: let the rules say why
    found = find_due(text, ref)
    if found is None:
        raise DateError("no_date" if text.strip() else "empty", text.strip())
    return found.due


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
    a = _affix_patterns()
    candidates = []
    for pattern, rule in compiled():
        for m in pattern.finditer(norm):
            if m.end() > m.start() and (not rule.weak or _has_affix(a, norm, m.start(), m.end())):
                candidates.append(_Match(m.start(), m.end(), rule, m))
    whole = norm.strip().rstrip(".")
    if not candidates and whole:
        # A bare month, weekday or year is a date only when it is the whole input.
        start = norm.index(whole)
        for pattern, rule in whole_patterns():
            m = pattern.fullmatch(norm, start, start + len(whole))
            if m:
                candidates.append(_Match(start, start + len(whole), rule, m))
                break
    chosen: list[_Match] = []
    for c in sorted(candidates, key=lambda c: (-(c.end - c.start), c.start)):
        if all(c.end <= o.start or c.start >= o.end for o in chosen):
            chosen.append(c)
    results: list[tuple[int, Found | DateError]] = []
    for c in sorted(chosen, key=lambda c: c.start):
        start, around = _around(a, norm, c.start, c.end)
        end = around.end
        while results and results[-1][0] > start:  # "deux mois à compter du 1er mars" takes "dans deux mois"
            results.pop()
        phrase = text[index[start]: index[end - 1] + 1].strip()
        try:
            found = _resolve(c, around, ref, norm, phrase, whole)
        except DateError as error:
            results.append((end, error))
            continue
        except (ValueError, OverflowError):
            results.append((end, DateError("out_of_range", phrase)))
            continue
        if found is None:
            continue
        day, precision, relative, past = found
        words = "" if relative and precision is Precision.DAY and not keep_relative else phrase
        results.append((end, Found(Due(day, precision, words), index[start], index[end - 1] + 1, past, not past)))
    return [r for _, r in results]


def _resolve(c: _Match, around: SimpleNamespace, ref: date, norm: str, phrase: str, whole: str):
    context = Context(ref, phrase, whole == norm[c.start:c.end].strip().rstrip("."))
    reading = c.rule.resolve(c.m, context)
    if reading is None:
        return None
    if c.rule.counts and _affix_patterns().counted_from.match(norm, around.end):
        raise DateError("counted_from", phrase)

    def transform(period: Period) -> Period:
        if around.vague and period.first != period.last:
            raise DateError("part_of", phrase)
        if around.shift:
            if period.first != period.last:
                raise DateError("shift_of_period", phrase)
            period = Period.day(around.shift(period.last))
        if around.before:
            period = period.before()
        return period

    if isinstance(reading, Yearly):
        period = _occurrence(reading, transform, ref, around.past, phrase)
    else:
        period = transform(reading)
    past = around.past or period.last < ref
    return period.last, period.precision, c.rule.relative, past


def _occurrence(reading: Yearly, transform, ref: date, past: bool, phrase: str) -> Period:
    """The next occurrence on or after `ref` (read ON 30 June, "fin juin" is that day), or with
    "dernier" the latest on or before it."""
    years = range(ref.year + 1, ref.year - 11, -1) if past else range(ref.year - 1, ref.year + 10)
    for year in years:
        try:
            period = transform(reading.of(year))
        except (ValueError, OverflowError):
            continue  # 29 February in a common year; a year outside the calendar
        if (period.last <= ref) if past else (period.last >= ref):
            if reading.check:
                reading.check(period)
            return period
    raise DateError("out_of_range", phrase)


@cache
def _affix_patterns() -> SimpleNamespace:
    f = fragments()
    article = r"(?:(?:la|le|les|the)\s+|l')?"
    return SimpleNamespace(
        shift=re.compile(
            r"(?:(?P<m2>l'avant[- ]veille)|(?P<m1>(?:la\s+)?veille|the\s+day\s+before|(?:the\s+)?eve)"
            r"|(?P<p2>(?:le\s+|au\s+)?surlendemain)|(?P<p1>(?:le\s+|au\s+)?lendemain|the\s+day\s+after))"
            r"\s+(?:de\s+la\s+|de\s+l'|du\s+|des\s+|de\s+|d'|of\s+(?:the\s+)?)\Z"),
        offset=re.compile(
            rf"(?:(?:dans\s+un\s+delai\s+de|dans|sous|within|in)\s+)?{f.NUM}\s+"
            r"(?P<unit>jours?|semaines?|mois|ans?|annees?|days?|weeks?|months?|years?)"
            r"(?:\s+(?P<work>ouvres?|ouvrables?|working|business))?(?:\s+days?)?"
            r"\s+(?P<dir>avant|apres|a\s+compter|a\s+partir|suivant|before|after|from|following)"
            r"(?:\s+(?:du|de\s+la|de\s+l'|des|de|d'|le|la|l'|les|the))?\s*\Z"),
        lead=re.compile(
            r"(?:(?P<before>avant|before|prior\s+to)|d'ici(?:\s+a)?|au\s+plus\s+tard|at\s+the\s+latest\s+by"
            rf"|no\s+later\s+than|jusqu'(?:au|a|en)|by|until)\s+{article}\Z"),
        past=re.compile(
            rf"(?:(?:depuis|since|last)\s+{article}"
            r"|(?:lors|a\s+l'occasion)\s+d(?:e|u|es)\s+(?:mon|ma|mes|notre|nos)\s+(?:[\w'-]+\s+){0,4}?"
            r"(?:(?:du|de\s+la|de\s+l'|de|des|d'|le|en)\s*)?"
            r"|(?:during|in|at)\s+(?:my|our)\s+(?:[\w'-]+\s+){0,4}?(?:on|of)\s+(?:the\s+)?)\Z"),
        past_after=re.compile(r"\s+(?:dernier|derniere|passe|passee)(?![a-z])"),
        counted_from=re.compile(r",?\s+(?:a\s+compter|a\s+partir|apres|suivant|from|after|following)(?![a-z])"),
        vague=re.compile(r"(?:debut|mi|milieu|early|mid|beginning|start|middle)(?:\s*-\s*|\s+(?:de\s+la|de\s+l'|du|de|d'|of\s+the|of)\s*|\s+)\Z"),
    )


def _window(norm: str, start: int) -> str:
    return norm[max(0, start - 80):start]


def _has_affix(a: SimpleNamespace, norm: str, start: int, end: int) -> bool:
    """A weak match ("septembre", "2023") is a date only after "avant"/"depuis"/"last" or before "dernier"."""
    before = _window(norm, start)
    lead = a.lead.search(before)
    return bool((lead and lead["before"]) or a.past.search(before) or a.past_after.match(norm, end))


def _around(a: SimpleNamespace, norm: str, start: int, end: int) -> tuple[int, SimpleNamespace]:
    """The words before and after a match that change what it means, and where the phrase then starts."""
    around = SimpleNamespace(end=end, shift=None, before=False, past=False, vague=False)
    m = a.shift.search(_window(norm, start))
    if m:
        days = -2 if m["m2"] else -1 if m["m1"] else 2 if m["p2"] else 1
        around.shift = lambda day, days=days: day + timedelta(days=days)
        start -= len(m[0])
    else:
        m = a.offset.search(_window(norm, start))
        if m:
            start -= len(m[0])
            around.shift = _offset(m)
    m = a.lead.search(_window(norm, start))
    if m:
        around.before = bool(m["before"])
        start -= len(m[0])
    m = a.past.search(_window(norm, start))
    if m:
        around.past = True
        start -= len(m[0])
    after = a.past_after.match(norm, end)
    if after:
        around.past = True
        around.end = after.end()
    around.vague = bool(a.vague.search(_window(norm, start)))
    return start, around


def _offset(m):
    """ "deux semaines avant Noël", "10 jours ouvrés avant le 15 mai", "deux mois à compter du 1er mars"."""
    n = count(m) * (-1 if m["dir"] in ("avant", "before") else 1)
    unit, work = m["unit"], m["work"]
    if work:
        return lambda day: add_working_days(day, n, work.startswith("ouvrable"))
    return lambda day: shift(day, n, unit)
