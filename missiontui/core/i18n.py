"""Words shown to users, in English and French, and dates written the way each language writes them.

`t(key, lang, **params)` looks a message up; a key missing in French falls back to English, and a
test checks that both catalogues hold the same keys. Parameters are user text: callers render the
result as plain text, never as markup.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from missiontui.core.model import Due, Kind, Precision, Status

MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"],
}
MONTHS_SHORT = {
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    "fr": ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."],
}
WEEKDAYS = {
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
}
WEEKDAYS_SHORT = {
    "en": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    "fr": ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."],
}

PRECISIONS = {
    "en": {Precision.DAY: "exact day", Precision.EARLY_MONTH: "early in the month",
           Precision.MID_MONTH: "mid-month", Precision.END_OF_MONTH: "end of month", Precision.MONTH: "during the month",
           Precision.QUARTER: "end of quarter",
           Precision.SEASON: "end of season", Precision.HALF: "end of half-year", Precision.YEAR: "end of year"},
    "fr": {Precision.DAY: "jour exact", Precision.EARLY_MONTH: "début de mois", Precision.MID_MONTH: "mi-mois",
           Precision.END_OF_MONTH: "fin de mois", Precision.MONTH: "courant du mois",
           Precision.QUARTER: "fin de trimestre",
           Precision.SEASON: "fin de saison", Precision.HALF: "fin de semestre", Precision.YEAR: "fin d'année"},
}
KINDS = {
    "en": {Kind.MANDATE: "mandate", Kind.CHECKPOINT: "checkpoint", Kind.REPORT: "report", Kind.DECISION: "decision",
           Kind.MEETING: "meeting", Kind.OTHER: "other"},
    "fr": {Kind.MANDATE: "mandat", Kind.CHECKPOINT: "point d'étape", Kind.REPORT: "rapport", Kind.DECISION: "décision",
           Kind.MEETING: "réunion", Kind.OTHER: "autre"},
}
STATUSES = {
    "en": {Status.PLANNED: "planned", Status.IN_PROGRESS: "in progress", Status.DONE: "done",
           Status.BLOCKED: "blocked", Status.CANCELLED: "cancelled"},
    "fr": {Status.PLANNED: "prévu", Status.IN_PROGRESS: "en cours", Status.DONE: "fait",
           Status.BLOCKED: "bloqué", Status.CANCELLED: "annulé"},
}


def long_date(day: date, lang: str) -> str:
    """"jeudi 30 juin 2022" / "Thursday 30 June 2022"."""
    lang = lang if lang in MONTHS else "en"
    return f"{WEEKDAYS[lang][day.weekday()]} {day.day}{'er' if lang == 'fr' and day.day == 1 else ''} " \
           f"{MONTHS[lang][day.month - 1]} {day.year}"


def short_date(day: date, lang: str) -> str:
    """"jeu. 30 juin 2022" / "Thu 30 Jun 2022": for table cells."""
    lang = lang if lang in MONTHS else "en"
    return f"{WEEKDAYS_SHORT[lang][day.weekday()]} {day.day:>2} {MONTHS_SHORT[lang][day.month - 1]} {day.year}"


def describe_due(due: Due, lang: str) -> str:
    """What the edit form shows back: "jeudi 30 juin 2022 · fin de mois"."""
    lang = lang if lang in PRECISIONS else "en"
    return f"{long_date(due.date, lang)} · {PRECISIONS[lang][due.precision]}"


def t(key: str, lang: str, /, **params) -> str:
    """The message `key` in `lang` (English when French lacks it), with `params` filled in; a
    parameter that is a Phrase is said in `lang` too."""
    catalogue = _catalogue()
    entry = catalogue.get(key)
    text = (entry.get(lang) or entry["en"]) if entry else key
    if not params:
        return text
    return text.format(**{name: value.text(lang) if isinstance(value, Phrase) else value
                          for name, value in params.items()})


@dataclass(frozen=True)
class Phrase:
    """A message said later, in the reader's language: a part of another message ("nothing was
    sent" at the end of a mail error), or a sentence a use case hands to a front end. `str()` is
    the English one."""

    key: str
    params: dict = field(default_factory=dict)

    def text(self, lang: str) -> str:
        return t(self.key, lang, **self.params)

    def __str__(self) -> str:
        return self.text("en")


def phrase(key: str, /, **params) -> Phrase:
    return Phrase(key, params)


_FRENCH_SPACES = re.compile(r" (?=[:;?!»])|(?<=«) ")


def french_typography(text: str) -> str:
    """A non-breaking space (U+00A0) before : ; ? ! and inside « », where French puts a space: a line
    never starts with a colon, and the catalogue stays right whoever adds a line to it."""
    return _FRENCH_SPACES.sub("\u00a0", text)


@cache
def _catalogue() -> dict[str, dict[str, str]]:
    """Every message, from missiontui/catalogue/*.json: data, read on first use, never at import."""
    messages: dict[str, dict[str, str]] = {}
    for path in sorted((Path(__file__).resolve().parent.parent / "catalogue").glob("*.json")):
        for key, entry in json.loads(path.read_text(encoding="utf-8")).items():
            if "fr" in entry:
                entry["fr"] = french_typography(entry["fr"])
            messages[key] = entry
    return messages


def catalogue() -> dict[str, dict[str, str]]:
    return dict(_catalogue())


# Field names inside error messages ("the title cannot be empty").
_WHAT_FR = {
    "the title": "l'intitulé", "the notes": "les notes", "a person's name": "le nom", "email": "l'adresse",
    "role": "la fonction", "organisation": "l'organisme", "the mission reference": "la référence de la mission",
    "the mission title": "l'intitulé de la mission", "an addressee": "un destinataire", "the authority": "l'autorité",
    "the signatory": "le signataire", "the summary": "le résumé", "the due phrase": "l'échéance",
    "the label": "le libellé", "the description": "la description", "the phrase": "l'échéance",
}


def error_message(key: str, lang: str, params: dict) -> str:
    if lang == "fr" and "what" in params:
        params = {**params, "what": _WHAT_FR.get(params["what"], params["what"])}
    return t(key, lang, **params)
