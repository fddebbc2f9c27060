"""Typed values as people read them, in English or French: history lines, conflict dialogs, errors."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from missiontui.core.i18n import KINDS, STATUSES, t
from missiontui.core.model import Due, Kind, MissionStatus, Status


def show(name: str, value: Any, lang: str = "en", *, missions: Mapping[int, str] = {},
         people: Mapping[int, str] = {}) -> str:
    """One field's value in a sentence: "2022-10-15 (mi-octobre)", "Ann (lead), Bob", "#11, #14"."""
    if value is None:
        return t("value.undated", lang) if name == "due" else "—"
    if isinstance(value, bool):
        return t("value.yes" if value else "value.no", lang)
    if isinstance(value, Due):
        return value.date.isoformat() + (f" ({value.phrase})" if value.phrase else "")
    if isinstance(value, Kind):
        return KINDS[lang][value]
    if isinstance(value, Status):
        return STATUSES[lang][value]
    if isinstance(value, MissionStatus):
        return t(f"mission_status.{value.value}", lang)
    if isinstance(value, date):
        return value.isoformat()
    if name == "owners":
        lead = t("value.lead", lang)
        return ", ".join(o.name + (f" ({lead})" if o.lead else "") for o in value) or "—"
    if name == "depends_on":
        return ", ".join(f"#{d}" for d in value) or "—"
    if name == "mission_id":
        return missions.get(value, f"#{value}")
    if name in ("lead_id", "person_id"):
        return people.get(value, f"#{value}")
    if name == "addressees":
        return "; ".join(value) or "—"
    if isinstance(value, Mapping):  # a whole new record
        return "; ".join(f"{field_name(k, lang)}: {show(k, v, lang, missions=missions, people=people)}"
                         for k, v in value.items() if v not in (None, "", (), False))
    return str(value)


def field_name(name: str, lang: str = "en") -> str:
    return t(f"field.{name}", lang)


def local_time(at: str) -> str:
    """A UTC time from the history as this machine's local time: "2022-05-16 11:02"."""
    try:
        moment = datetime.fromisoformat(at.replace("Z", "+00:00"))
    except ValueError:
        return at
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")
