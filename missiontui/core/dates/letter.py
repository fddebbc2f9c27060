"""A whole letter: its own date (what its relative phrases count from) and every date in its text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache

from missiontui.core.dates.errors import DateError
from missiontui.core.dates.scan import Found, parse_due, scan
from missiontui.core.model import Precision


@dataclass(frozen=True)
class LetterDeadlines:
    """`found`: the dates from the letter's own day on (that day included, flagged `deadline=False`);
    `references`: the past ones ("le 12 mai dernier", "le décret du 20 décembre 2019")."""

    signed: date | None
    found: list[Found]
    references: list[Found] = field(default_factory=list)

    @property
    def deadlines(self) -> list[Found]:
        """What the letter asks for: neither its own date nor a past reference."""
        return [f for f in self.found if f.deadline]


@cache
def _paragraphs() -> re.Pattern:
    return re.compile(r"(?:[^\n]|\n(?![ \t]*(?:\n|$)))+")


@cache
def _letter_date() -> re.Pattern:
    return re.compile(r"(?im)^[\s*_>]*paris\s*,\s*(?:le\s+)?(.{4,40}?)[\s*_]*$")


def find_in_letter(text: str, default_ref: date | None = None) -> LetterDeadlines:
    """Every date of a letter, resolved against the letter's own date ("Paris, le 21 avril 2022")
    when it has one, else against `default_ref`. Phrases that cannot be read are skipped: a letter
    is prose, and one odd number must not hide the rest. Relative phrases keep their words: in a
    letter they are its wording ("dans un délai de trois mois à compter de la présente")."""
    signed = None
    match = _letter_date().search(text)
    if match:
        try:
            due = parse_due(match.group(1), default_ref)
        except DateError:
            due = None
        if due is not None and due.precision is Precision.DAY:
            signed = due.date
    ref = signed or default_ref or date.today()
    found: list[Found] = []
    references: list[Found] = []
    for paragraph in _paragraphs().finditer(text):  # a phrase may wrap across lines, not paragraphs
        offset = paragraph.start()
        for f in scan(paragraph[0], ref, keep_relative=True):
            if isinstance(f, DateError):
                continue
            f = replace(f, start=f.start + offset, end=f.end + offset)
            if f.past:
                references.append(f)
            elif signed is not None and f.due.date == signed and f.due.precision is Precision.DAY:
                found.append(replace(f, deadline=False))  # the letter's date, or "aujourd'hui"
            else:
                found.append(f)
    return LetterDeadlines(signed, found, references)
