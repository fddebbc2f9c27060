"""Deadline phrases, in French and English, turned into a `Due`: a date, its precision, its words.

Conventions (tests/data/date_phrases.json holds them with examples):
- a period means its last day: a month, fortnight, quarter, season, half or year is due on its last
  day; "avant" a period without a day is the day before it starts ("avant septembre": 31 August);
  "avant" a day is that day;
- numeric dates are day-first; a year-less date is its next occurrence on or after the reference
  day (read on 30 June, "fin juin" is that day), or with "dernier"/"passé"/"last" the latest on or
  before it; "quinzaine" is 15 days, "huitaine" 8;
- seasons are fixed: spring 20 Mar-20 Jun, summer 21 Jun-22 Sep, autumn 23 Sep-20 Dec, winter
  21 Dec-19 Mar (winter 2023 begins in December 2023); the rentrée is 1 September; the fiscal year
  is the calendar year; working days skip weekends (jours ouvrés; Sundays only for jours ouvrables)
  and French public holidays, counted from the day after the reference;
- a phrase that only counts from today ("demain", "dans 3 semaines", "next friday") comes back
  with an empty phrase: it says nothing the date does not;
- not deadlines: the past ("le 12 mai dernier", "suite à notre réunion du 3 mars", "votre note du
  12 septembre", "j'ai bien reçu le 3 mai": the latest on or before the reference), starts ("à
  partir du", "après l'été", "à l'issue du comité du", and a deadline denied: "ne pas publier avant
  le", "do not publish before"), names ("la loi de programmation militaire 2024-2030", "le programme
  Horizon 2020"); refused as guesses: a choice ("en juin ou en juillet", "soit fin avril, soit
  mi-mai") and a delay counted from another event ("dans les deux mois qui suivent la publication
  du décret"); said again, not the past: "le 12/07 dernier délai"; a time given to act counts from
  the letter ("vous disposez de trois semaines pour", "within 45 days of receiving this letter").

The parser never guesses: input it cannot read with certainty raises `DateError` with a reason in
English and French, and nothing else escapes it. A year is four digits or more, in every phrase
that takes one; outside the supported years (core/years.py: 1900-2199) the phrase is refused naming
it, and so is a date counted outside them ("dans 300 ans"). It is a table of regular expressions over a
normalised copy of the text (lower case, accents removed, apostrophes unified), compiled on first
use; the longest match wins, then the earliest.
"""

from missiontui.core.dates.errors import DateError
from missiontui.core.dates.letter import LetterDeadlines, find_in_letter
from missiontui.core.dates.periods import add_months, last_day
from missiontui.core.dates.scan import Found, find_all, find_due, parse_due
from missiontui.core.dates.text import normalise as _normalise
from missiontui.core.dates.words import MONTHS, VOCABULARY, WEEKDAYS

__all__ = ["DateError", "Due", "Found", "LetterDeadlines", "MONTHS", "VOCABULARY", "WEEKDAYS", "add_months",
           "find_all", "find_due", "find_in_letter", "last_day", "parse_due", "_normalise"]

from missiontui.core.model import Due  # noqa: E402  (re-exported: callers read Due from here too)
