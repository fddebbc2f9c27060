"""The rule table, in order of precedence when two readings are as long: days, spans, counts, refusals."""

from __future__ import annotations

from datetime import timedelta
from functools import cache
from sys import modules

from missiontui.core.dates import periods
from missiontui.core.dates.periods import Period
from missiontui.core.dates.rules import counts, days, refusals, spans  # noqa: F401  (they register their rules)
from missiontui.core.dates.rules.base import DIGIT, RULES, Context, Rule, Yearly, count, in_month, shift
from missiontui.core.dates.words import WEEKDAYS

__all__ = ["DIGIT", "Context", "Rule", "Yearly", "count", "rules_for", "shift", "whole_rules"]


_TABLE = sorted(RULES, key=lambda r: (days, spans, counts, refusals).index(modules[r.resolve.__module__]))


@cache
def _by_word() -> dict[str, list[int]]:
    """Trigger word -> the positions in the table of the rules it may start."""
    index: dict[str, list[int]] = {}
    for position, r in enumerate(_TABLE):
        for word in r.when[0]:
            index.setdefault(word, []).append(position)
    return index


def rules_for(tokens: set[str]) -> list[Rule]:
    """The rules that could match a text made of these words (DIGIT stands for any digit), in order."""
    index = _by_word()
    positions = {p for word in tokens for p in index.get(word, ())}
    return [r for r in map(_TABLE.__getitem__, sorted(positions)) if r.may_match(tokens)]


# A bare month, weekday or year is a date only when it is the whole input ("septembre", "jeudi").
_WHOLE_MONTH = Rule(lambda f: f.MON, lambda m, c: in_month(m, c.ref, periods.month), ())
_WHOLE_WEEKDAY = Rule(lambda f: f.WD_FULL, relative=True, when=(), resolve=lambda m, c: Period.day(
    c.ref + timedelta(days=(WEEKDAYS[m["wd"]] - c.ref.weekday()) % 7)))
_WHOLE_YEAR = Rule(lambda f: rf"(?P<year>{f.YEAR_DIGITS})", lambda m, c: periods.year(int(m["year"])), ())


def whole_rules() -> tuple[Rule, ...]:
    return _WHOLE_MONTH, _WHOLE_WEEKDAY, _WHOLE_YEAR

