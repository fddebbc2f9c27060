"""Kinds and statuses as people type them: the stored value or its label, in English or French, with
or without accents, hyphens or capitals ("rapport", "fait", "en cours", "in_progress", "Point d'étape")."""

from __future__ import annotations

import unicodedata
from functools import cache

from missiontui.core.i18n import KINDS, STATUSES
from missiontui.core.model import Kind, Status


def fold(text: str) -> str:
    """"Point d'Étape" → "point d etape": what two spellings of one word have in common."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in letters).split())


@cache
def _table(enum) -> dict[str, object]:
    labels = KINDS if enum is Kind else STATUSES
    table = {}
    for member in enum:
        for name in (member.value, labels["en"][member], labels["fr"][member]):
            table[fold(name)] = member
    return table


def read_kind(text: str) -> Kind | None:
    return _table(Kind).get(fold(text))


def read_status(text: str) -> Status | None:
    return _table(Status).get(fold(text))
