"""The digest: what is late and what is due within N days, for a team or for one person.

Pure: built from deliverables already read, rendered as text (terminals, mail bodies), Markdown or
JSON (fields only ever added). Titles are user text: made visible, escaped in Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from missiontui.core.errors import InvalidInput
from missiontui.core.i18n import long_date, short_date, t
from missiontui.core.model import Deliverable
from missiontui.core.report.escape import markdown_text as md
from missiontui.core.report.words import days, left_text
from missiontui.core.textsafe import visible


_WITHIN = re.compile(r"^\s*(\d{1,4})\s*(d|j|days?|jours?|w|s|weeks?|semaines?)?\s*$", re.IGNORECASE)


def parse_within(text: str) -> int:
    """"7d", "7", "2w", "10j", "3 semaines" → a number of days (at most ten years)."""
    m = _WITHIN.match(text or "")
    if not m:
        raise InvalidInput.of("digest.bad_within", text=visible(text or ""))
    number, unit = int(m.group(1)), (m.group(2) or "d").lower()
    count = number * 7 if unit[0] in "ws" else number
    if count > 3660:
        raise InvalidInput.of("digest.within_too_far")
    return count


@dataclass(frozen=True)
class Digest:
    today: date
    within_days: int
    late: tuple[Deliverable, ...]  # open, due before today; oldest first
    soon: tuple[Deliverable, ...]  # open, due from today to today + within_days

    @property
    def until(self) -> date:
        return self.today + timedelta(days=self.within_days)

    @property
    def empty(self) -> bool:
        return not self.late and not self.soon

    def for_person(self, name: str) -> Digest:
        """Only the items `name` owns (case-insensitive)."""
        key = name.casefold()

        def mine(items):
            return tuple(d for d in items if any(o.name.casefold() == key for o in d.owners))

        return replace(self, late=mine(self.late), soon=mine(self.soon))


def build_digest(deliverables: Iterable[Deliverable], *, today: date, within_days: int) -> Digest:
    until = today + timedelta(days=within_days)
    items = sorted((d for d in deliverables if d.status.is_open and d.due.date <= until),
                   key=lambda d: (d.due.date, d.mission_ref, d.id))
    return Digest(today, within_days, tuple(d for d in items if d.due.date < today),
                  tuple(d for d in items if d.due.date >= today))


def _when(d: Deliverable, today: date, lang: str) -> str:
    left = d.days_left(today)
    return t("digest.days_late", lang, days=days(left, lang)) if left < 0 else left_text(left, lang)


def _owners(d: Deliverable) -> str:
    return ", ".join(o.name + ("*" if o.lead else "") for o in d.owners) or "—"


def _heading(digest: Digest, lang: str, name: str | None) -> str:
    params = dict(days=days(digest.within_days, lang), until=long_date(digest.until, lang),
                  today=long_date(digest.today, lang))
    return t("digest.heading_for", lang, name=name, **params) if name else t("digest.heading", lang, **params)


def render_text(digest: Digest, lang: str, name: str | None = None) -> str:
    lines = [visible(_heading(digest, lang, name)), ""]
    if digest.empty:
        return "\n".join(lines + [t("digest.nothing", lang, days=days(digest.within_days, lang)), ""])
    for key, items in (("digest.late", digest.late), ("digest.soon", digest.soon)):
        if not items:
            continue
        lines.append(f"{t(key, lang)} ({len(items)})")
        for d in items:
            lines.append(f"  #{d.id}  {short_date(d.due.date, lang)}  {_when(d, digest.today, lang)}")
            lines.append(f"      {visible(d.mission_ref)} · {visible(d.title)} · {visible(_owners(d))}")
        lines.append("")
    return "\n".join(lines)


def render_markdown(digest: Digest, lang: str, name: str | None = None) -> str:
    lines = [f"## {md(_heading(digest, lang, name))}", ""]
    if digest.empty:
        return "\n".join(lines + [md(t("digest.nothing", lang, days=days(digest.within_days, lang))), ""])
    for key, items in (("digest.late", digest.late), ("digest.soon", digest.soon)):
        if not items:
            continue
        lines += [f"### {md(t(key, lang))} ({len(items)})", ""]
        lines += [f"- **{md(short_date(d.due.date, lang))}** ({md(_when(d, digest.today, lang))}) · "
                  f"{md(d.mission_ref)} · #{d.id} {md(d.title)} · {md(_owners(d))}" for d in items]
        lines.append("")
    return "\n".join(lines)


def digest_json(digest: Digest) -> dict:
    def item(d: Deliverable) -> dict:
        lead = d.lead
        return {"id": d.id, "uid": d.uid, "mission": d.mission_ref, "title": d.title, "kind": d.kind.value,
                "due": d.due.date.isoformat(), "precision": d.due.precision.value, "phrase": d.due.phrase,
                "status": d.status.value, "owners": [{"name": o.name, "lead": o.lead} for o in d.owners],
                "lead": lead.name if lead else None, "days_left": d.days_left(digest.today)}

    return {"today": digest.today.isoformat(), "within_days": digest.within_days, "until": digest.until.isoformat(),
            "late": [item(d) for d in digest.late], "due": [item(d) for d in digest.soon]}


def subject(digest: Digest, lang: str) -> str:
    return t("digest.subject", lang, late=len(digest.late), soon=len(digest.soon),
             days=days(digest.within_days, lang))
