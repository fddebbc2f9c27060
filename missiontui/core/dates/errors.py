"""Why a phrase was refused, in English and French: a refusal costs a retype, a guess a missed deadline."""

from __future__ import annotations

from missiontui.core.errors import InvalidInput
from missiontui.core.years import FIRST, LAST

_MONTH_NAMES_EN = ["", "January", "February", "March", "April", "May", "June", "July", "August", "September",
                   "October", "November", "December"]
_MONTH_NAMES_FR = ["", "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
                   "octobre", "novembre", "décembre"]
DAY_NAMES_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_DAY_NAMES_FR = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]

_ERRORS_EN = {
    "empty": "no date given",
    "no_date": "no date found in '{text}'",
    "bad_month": "'{text}': {month} is not a month (numeric dates are day first: dd/mm/yyyy)",
    "bad_day": "'{text}': {month_name} has no day {day}",
    "weekday": "'{text}': {day} is a {actual}, not a {said}",
    "out_of_range": "'{text}' is too far away to be a deadline",
    "year_range": "'{text}': the year {year} is outside the years missiontui accepts ({first} to {last})",
    "day_past": "'{text}': day {day} of this month is already past",
    "week": "'{text}': a week does not say which day is due (give a date or a weekday)",
    "part_of": "'{text}' does not say which day of the period is due (give a date)",
    "counted_from": "'{text}' is counted from something that is not a date (give the date)",
    "half_unit": "'{text}': half a month or half a week is not a number of days (give a date)",
    "clear_days": "'{text}': clear days (jours francs) depend on the procedure (give the date)",
    "school_holidays": "'{text}': school holidays differ by zone and year (give a date)",
    "which_rentree": "'{text}': this rentrée has no fixed date (give a date)",
    "bad_years": "'{text}': {second} does not follow {first}",
    "school_year": "'{text}': a school year has no fixed last day (give a date)",
    "shift_of_period": "'{text}': the day before or after a whole period is not a day (give a date)",
    "past_reference": "'{text}' refers to the past: it is not a deadline",
    "start": "'{text}' says when something starts, not when it is due",
    "bridge": "'{text}': a 'pont' depends on the year and the employer (give a date)",
    "alternative": "'{text}' offers a choice of dates: which one is due? (give one date)",
}
_ERRORS_FR = {
    "empty": "aucune date saisie",
    "no_date": "aucune date dans « {text} »",
    "bad_month": "« {text} » : {month} n'est pas un mois (les dates en chiffres s'écrivent jour d'abord : jj/mm/aaaa)",
    "bad_day": "« {text} » : {month_name} n'a pas de {day}",
    "weekday": "« {text} » : le {day} est un {actual}, pas un {said}",
    "out_of_range": "« {text} » est trop loin pour être une échéance",
    "year_range": "« {text} » : l'année {year} est hors des années acceptées par missiontui (de {first} à {last})",
    "day_past": "« {text} » : le {day} de ce mois est déjà passé",
    "week": "« {text} » : une semaine ne dit pas quel jour est l'échéance (donnez une date ou un jour)",
    "part_of": "« {text} » ne dit pas quel jour de la période est l'échéance (donnez une date)",
    "counted_from": "« {text} » se compte à partir de quelque chose qui n'est pas une date (donnez la date)",
    "half_unit": "« {text} » : un demi-mois ou une demi-semaine n'est pas un nombre de jours (donnez une date)",
    "clear_days": "« {text} » : les jours francs dépendent de la procédure (donnez la date)",
    "school_holidays": "« {text} » : les vacances scolaires changent selon la zone et l'année (donnez une date)",
    "which_rentree": "« {text} » : cette rentrée n'a pas de date fixe (donnez une date)",
    "bad_years": "« {text} » : {second} ne suit pas {first}",
    "school_year": "« {text} » : une année scolaire n'a pas de dernier jour fixe (donnez une date)",
    "shift_of_period": "« {text} » : la veille ou le lendemain d'une période entière n'est pas un jour (donnez une date)",
    "past_reference": "« {text} » renvoie au passé : ce n'est pas une échéance",
    "start": "« {text} » dit quand cela commence, pas l'échéance",
    "bridge": "« {text} » : un pont dépend de l'année et de l'employeur (donnez une date)",
    "alternative": "« {text} » propose un choix de dates : laquelle est l'échéance ? (donnez-en une)",
}


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
            params["month_name"] = _MONTH_NAMES_FR[_MONTH_NAMES_EN.index(params["month_name"])]
        for key in ("actual", "said"):
            if key in params:
                params[key] = _DAY_NAMES_FR[DAY_NAMES_EN.index(params[key])]
        from missiontui.core.i18n import french_typography

        return french_typography(_ERRORS_FR[self.code]).format(text=self.text, **params)


def year_range(text: str, year: int) -> DateError:
    return DateError("year_range", text, year=year, first=FIRST, last=LAST)


def bad_day(text: str, month: int, day: int) -> DateError:
    return DateError("bad_day", text, month_name=_MONTH_NAMES_EN[month], day=day)
