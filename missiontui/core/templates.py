"""Mission templates: the standard phases of a kind of mission, laid out from a letter's date.

A template is data (db/templates/*.toml, and the user's own beside the config file). Each phase
has a kind, owners by role ("signatory", "lead", "addressees"), a date counted from the letter's
date or backward from the report's ("letter + 1 month", "report - 6 weeks"), and the phases it
depends on. The report's date is the letter's when the letter gives one, else the template's
default ("report = letter + 6 months").

`with_template` lays a template's phases out around a mission's own deliverables (none for `mission
add --template`; a letter's for `letter --create --template`): a letter deliverable takes the place
of the phase it matches (the mandate, a phase whose `matches` words are in its title, the report),
and keeps its own date — the template only dates what the letter leaves undated. The mandate phase,
due on the letter's day, is done: the letter is signed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta

from missiontui.core.dates import add_months
from missiontui.core.drafts import DeliverableDraft, MissionDraft
from missiontui.core.errors import InvalidInput
from missiontui.core.letters.text import fold
from missiontui.core.model import Due, Kind, Precision, Status

ROLES = ("signatory", "lead", "addressees")
_ANCHORS = {"letter": "letter", "lettre": "letter", "report": "report", "rapport": "report"}
_UNITS = {"day": "day", "days": "day", "jour": "day", "jours": "day", "week": "week", "weeks": "week",
          "semaine": "week", "semaines": "week", "month": "month", "months": "month", "mois": "month",
          "year": "year", "years": "year", "an": "year", "ans": "year", "annee": "year", "annees": "year"}
_WHEN = re.compile(r"\s*(?P<anchor>[a-z]+)\s*(?:(?P<sign>[+-])\s*(?P<n>\d{1,3})\s*(?P<unit>[a-z]+))?\s*")


@dataclass(frozen=True)
class When:
    """A date counted from the letter's or the report's: "report - 6 weeks"."""

    anchor: str  # "letter" or "report"
    months: int = 0
    days: int = 0

    def on(self, letter: date, report: date) -> date:
        start = letter if self.anchor == "letter" else report
        return add_months(start, self.months) + timedelta(days=self.days)


@dataclass(frozen=True)
class Phase:
    key: str
    title: str
    kind: Kind
    when: When
    owners: tuple[str, ...] = ()  # roles
    depends_on: tuple[str, ...] = ()  # keys of earlier phases
    matches: tuple[str, ...] = ()  # words of a letter deliverable's title that make it this phase (folded)
    notes: str = ""


@dataclass(frozen=True)
class Template:
    name: str
    title: Mapping[str, str]  # {"en": …, "fr": …}
    description: Mapping[str, str]
    report: When  # the report's date when the letter gives none
    phases: tuple[Phase, ...]
    source: str = ""  # the file it was read from

    @property
    def report_phase(self) -> Phase | None:
        return next((p for p in self.phases if p.when == When("report")), None)

    def label(self, lang: str) -> str:
        return self.title.get(lang) or self.title.get("en") or self.name


# --- reading a template's data ------------------------------------------------------------------

def parse_when(text: object, where: str) -> When:
    m = _WHEN.fullmatch(fold(text)) if isinstance(text, str) else None
    anchor = _ANCHORS.get(m["anchor"]) if m else None
    unit = _UNITS.get(m["unit"]) if m and m["unit"] else None
    if anchor is None or (m["sign"] and unit is None):
        raise InvalidInput.of("template.bad_when", where=where, value=str(text))
    n = int(m["n"] or 0) * (-1 if m["sign"] == "-" else 1)
    months = n * {"month": 1, "year": 12}.get(unit, 0)
    days = n * {"day": 1, "week": 7}.get(unit, 0)
    return When(anchor, months, days)


def parse_template(name: str, data: Mapping, source: str = "") -> Template:
    """A template from its data (a TOML file's tables), every mistake one sentence naming the file."""
    where = source or name

    def text(table: Mapping, key: str, at: str, required: bool = True) -> str:
        value = table.get(key, "")
        if not isinstance(value, str) or (required and not value.strip()):
            raise InvalidInput.of("template.bad_field", where=at, field=key)
        return value.strip()

    def strings(table: Mapping, key: str, at: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise InvalidInput.of("template.bad_field", where=at, field=key)
        return tuple(v.strip() for v in value)

    def languages(key: str) -> dict[str, str]:
        value = data.get(key, {})
        if isinstance(value, str):
            return {"en": value, "fr": value}
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise InvalidInput.of("template.bad_field", where=where, field=key)
        return dict(value)

    unknown = set(data) - {"title", "description", "report", "phase"}
    if unknown:
        raise InvalidInput.of("template.unknown_field", where=where, field=", ".join(sorted(unknown)))
    tables = data.get("phase")
    if not isinstance(tables, list) or not tables or not all(isinstance(t, dict) for t in tables):
        raise InvalidInput.of("template.no_phase", where=where)
    phases: list[Phase] = []
    for i, table in enumerate(tables, 1):
        at = f"{where}, phase {i}"
        unknown = set(table) - {"key", "title", "kind", "due", "owners", "depends_on", "matches", "notes"}
        if unknown:
            raise InvalidInput.of("template.unknown_field", where=at, field=", ".join(sorted(unknown)))
        key = text(table, "key", at)
        if any(p.key == key for p in phases):
            raise InvalidInput.of("template.duplicate_key", where=at, key=key)
        kind = text(table, "kind", at)
        if kind not in {k.value for k in Kind}:
            raise InvalidInput.of("template.bad_kind", where=at, kind=kind, kinds=" ".join(k.value for k in Kind))
        owners = strings(table, "owners", at)
        for role in owners:
            if role not in ROLES:
                raise InvalidInput.of("template.bad_role", where=at, role=role, roles=" ".join(ROLES))
        depends_on = strings(table, "depends_on", at)
        for dep in depends_on:
            if not any(p.key == dep for p in phases):
                raise InvalidInput.of("template.bad_dependency", where=at, key=dep)
        phases.append(Phase(key, text(table, "title", at), Kind(kind), parse_when(table.get("due"), at), owners,
                            depends_on, tuple(fold(w) for w in strings(table, "matches", at)),
                            text(table, "notes", at, required=False)))
    uses_report = any(p.when.anchor == "report" for p in phases)
    report = parse_when(data.get("report", "letter"), f"{where}, report")
    if uses_report and (report.anchor != "letter" or sum(p.when == When("report") for p in phases) != 1):
        raise InvalidInput.of("template.no_report", where=where)
    return Template(name, languages("title") or {"en": name}, languages("description"), report, tuple(phases),
                    source)


# --- laying a template out ----------------------------------------------------------------------

def with_template(draft: MissionDraft, template: Template, letter: date,
                  roles: Mapping[str, tuple[str, ...]] | None = None, report: date | None = None) -> MissionDraft:
    """`draft` (a letter's mission, or an empty one) with the template's phases around its
    deliverables. Where a deliverable of the draft matches a phase, it stays and keeps its date; it
    takes the phase's date only when it has none, and the phase's dependencies too."""
    roles = roles or default_roles(draft)
    matched = _match(template, draft.deliverables)
    anchor = template.report_phase
    letter_report = matched.get(anchor.key) if anchor else None
    report = report or (letter_report.due.date if letter_report and letter_report.due else None) \
        or template.report.on(letter, letter)
    key_of = {p.key: matched[p.key].key if p.key in matched else p.key for p in template.phases}
    taken = {d.key for d in draft.deliverables}
    for p in template.phases:  # a phase added beside the letter's deliverables keeps a key of its own
        if p.key not in matched and p.key in taken:
            key_of[p.key] = _free_key(p.key, taken)
        taken.add(key_of[p.key])
    phase_of = {d.key: p for p, d in ((p, matched[p.key]) for p in template.phases if p.key in matched)}
    out: list[DeliverableDraft] = []
    for d in draft.deliverables:
        p = phase_of.get(d.key)
        if p is not None:
            deps = tuple(dict.fromkeys(d.depends_on + tuple(key_of[k] for k in p.depends_on)))
            d = replace(d, depends_on=tuple(k for k in deps if k != d.key))
            if d.due is None:
                d = replace(d, due=Due(p.when.on(letter, report), Precision.DAY, ""))
            if not d.owners:
                d = replace(d, owners=_names(p.owners, roles))
        out.append(d)
    for p in template.phases:
        if p.key not in matched:
            out.append(_phase_draft(p, p.when.on(letter, report), roles, key_of))
    return replace(draft, deliverables=tuple(_in_order(out)))


def default_roles(draft: MissionDraft) -> dict[str, tuple[str, ...]]:
    lead = (draft.lead,) if draft.lead else ()
    return {"signatory": (draft.signatory,) if draft.signatory else (), "lead": lead, "addressees": lead}


def _phase_draft(p: Phase, day: date, roles: Mapping[str, tuple[str, ...]], key_of: Mapping[str, str]
                 ) -> DeliverableDraft:
    done = p.kind is Kind.MANDATE and p.when == When("letter")
    return DeliverableDraft(
        key=key_of.get(p.key, p.key), title=p.title, kind=p.kind, due=Due(day, Precision.DAY, ""),
        status=Status.DONE if done else Status.PLANNED, owners=_names(p.owners, roles), notes=p.notes,
        depends_on=tuple(key_of.get(k, k) for k in p.depends_on), completed_on=day if done else None)


def _names(owner_roles: tuple[str, ...], roles: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(name for role in owner_roles for name in roles.get(role, ()) if name))


def _match(template: Template, deliverables: tuple[DeliverableDraft, ...]) -> dict[str, DeliverableDraft]:
    """Which of the letter's deliverables stands for which phase: the mandate for the mandate phase;
    a deliverable whose title holds one of a phase's `matches` words; for the report phase, failing
    words, the letter's latest dated report."""
    matched: dict[str, DeliverableDraft] = {}
    used: set[str] = set()
    for p in template.phases:
        for d in deliverables:
            if d.key in used:
                continue
            if (p.kind is Kind.MANDATE and d.kind is Kind.MANDATE) or \
                    any(re.search(rf"\b{re.escape(w)}\b", fold(d.title)) for w in p.matches):
                matched[p.key] = d
                used.add(d.key)
                break
    anchor = template.report_phase
    if anchor and anchor.key not in matched:
        reports = [d for d in deliverables if d.key not in used and d.kind is Kind.REPORT and d.due
                   and d.status is Status.PLANNED]
        if reports:
            latest = max(reports, key=lambda d: (d.due.date, -deliverables.index(d)))
            matched[anchor.key] = latest
    return matched


def _free_key(key: str, taken: set[str]) -> str:
    n = 2
    while f"{key}-{n}" in taken:
        n += 1
    return f"{key}-{n}"


def _in_order(items: list[DeliverableDraft]) -> list[DeliverableDraft]:
    """Date order (undated last), except that a deliverable comes after those it depends on, so the
    plan can be created in one pass."""
    order = {d.key: i for i, d in enumerate(items)}
    pending = sorted(items, key=lambda d: (d.due is None, d.due.date if d.due else date.max, order[d.key]))
    placed: set[str] = set()
    out: list[DeliverableDraft] = []
    while pending:
        ready = next((d for d in pending if set(d.depends_on) <= placed), None)
        if ready is None:
            raise InvalidInput.of("template.cycle", keys=", ".join(d.key for d in pending))
        out.append(ready)
        placed.add(ready.key)
        pending.remove(ready)
    return out
