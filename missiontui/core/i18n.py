"""Words shown to users, in English and French, and dates written the way each language writes them.

`t(key, lang, **params)` looks a message up; a key missing in French falls back to English, and a
test checks that both catalogues hold the same keys. Parameters are user text: callers render the
result as plain text, never as markup.
"""

from __future__ import annotations

from datetime import date

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


def t(key: str, lang: str, **params) -> str:
    catalogue = CATALOGUE.get(lang, CATALOGUE["en"])
    text = catalogue.get(key) or CATALOGUE["en"].get(key, key)
    return text.format(**params) if params else text


CATALOGUE: dict[str, dict[str, str]] = {
    "en": {},
    "fr": {},
}


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


def register(messages: dict[str, tuple[str, str]]) -> None:
    """Front ends add their messages as {key: (english, french)}, next to the code that shows them."""
    for key, (en, fr) in messages.items():
        CATALOGUE["en"][key] = en
        CATALOGUE["fr"][key] = fr


register({
    "error.not_text": ("{what} must be text", "texte attendu : {what}"),
    "error.empty": ("{what} cannot be empty", "champ obligatoire : {what}"),
    "error.nul": ("{what} cannot contain a NUL character", "caractère NUL interdit : {what}"),
    "error.too_long": ("{what} cannot be longer than {limit} characters", "{limit} caractères au plus : {what}"),
    "error.lead_not_owner": ("the lead must be one of the owners", "le pilote doit être l'un des responsables"),
    "error.completion_not_done": ("only a done deliverable has a completion date",
                                  "seul un livrable fait a une date d'achèvement"),
    "error.self_dependency": ("#{id} cannot depend on itself", "le n° {id} ne peut pas dépendre de lui-même"),
    "error.cycle": ("dependency cycle: {path}", "dépendances circulaires : {path}"),
    "error.one_lead": ("a deliverable has exactly one lead", "un livrable a un seul pilote"),
    "error.person_exists": ("a person named '{name}' already exists", "« {name} » existe déjà"),
    "error.no_person_id": ("no person #{id}", "aucune personne n° {id}"),
    "error.unknown_person": ("unknown person '{name}' (add them with: missiontui people add)",
                             "personne inconnue : « {name} » (l'ajouter avec : missiontui people add)"),
    "error.mission_exists": ("a mission with reference '{reference}' already exists",
                             "une mission de référence « {reference} » existe déjà"),
    "error.no_mission": ("no mission with reference '{reference}'", "aucune mission de référence « {reference} »"),
    "error.no_mission_id": ("no mission #{id}", "aucune mission n° {id}"),
    "error.no_deliverable": ("no deliverable #{id}", "aucun livrable n° {id}"),
    "error.not_deleted": ("no deleted deliverable #{id}", "aucun livrable supprimé n° {id}"),
    "error.no_dependency": ("no deliverable #{id} to depend on", "aucun livrable n° {id} dont dépendre"),
    "error.storage": ("the database could not take the change ({reason}); nothing was changed",
                      "la base n'a pas pu enregistrer la modification ({reason}) ; rien n'a été modifié"),
    "error.unknown_kind": ("unknown kind '{value}' (choose from {choices})", "type inconnu « {value} » (au choix : {choices})"),
    "error.unknown_status": ("unknown status '{value}' (choose from {choices})",
                             "statut inconnu « {value} » (au choix : {choices})"),
})
