"""What the CLI prints: JSON whose fields are never removed (see README), and plain tables."""

from __future__ import annotations

import json
import shutil
import sys
from datetime import date

import click

from missiontui.core.changes import Recorded, encode
from missiontui.core.display import show
from missiontui.core.model import Deliverable, Mission, MissionSummary, Person
from missiontui.core.textsafe import visible

MAX_COLUMN = 32  # on a terminal, no middle column takes more than this


def deliverable_json(d: Deliverable) -> dict:
    lead = d.lead
    return {
        "id": d.id, "uid": d.uid, "mission": d.mission_ref, "title": d.title, "kind": d.kind.value,
        "due": d.due.date.isoformat() if d.due else None, "precision": d.due.precision.value if d.due else None,
        "phrase": d.due.phrase if d.due else "",
        "status": d.status.value, "owners": [{"name": o.name, "lead": o.lead} for o in d.owners],
        "lead": lead.name if lead else None, "depends_on": list(d.depends_on), "notes": d.notes,
        "completed_on": d.completed_on.isoformat() if d.completed_on else None,
        "version": d.version, "sequence": d.sequence, "created_at": d.created_at, "updated_at": d.updated_at,
        "deleted": d.deleted_at is not None, "recurrence": d.recurrence,
    }


def mission_json(m: Mission) -> dict:
    return {
        "id": m.id, "reference": m.reference, "title": m.title, "authority": m.authority,
        "signatory": m.signatory, "addressees": list(m.addressees),
        "signed_on": m.signed_on.isoformat() if m.signed_on else None, "summary": m.summary,
        "status": m.status.value, "lead": m.lead or None, "version": m.version,
    }


def due_text(d: Deliverable, lang: str = "en") -> str:
    """"due 2022-09-30 (during the month)", or "no date yet (to schedule)"."""
    from missiontui.core.i18n import PRECISIONS, t

    if d.due is None:
        return t("out.undated", lang)
    return t("out.due", lang, date=d.due.date.isoformat(), precision=PRECISIONS[lang][d.due.precision])


def summary_json(s: MissionSummary) -> dict:
    return {**mission_json(s.mission), "total": s.total, "done": s.done, "overdue": s.overdue,
            "next_due": s.next_due.isoformat() if s.next_due else None, "next_title": s.next_title}


def person_json(p: Person) -> dict:
    return {"id": p.id, "name": p.name, "email": p.email, "role": p.role, "organisation": p.organisation}


def history_json(r: Recorded) -> list[dict]:
    """One object per field changed (a create: one object, `new_value` the whole record). `old` and
    `new` read as people read them; `old_value`/`new_value` are the typed values as JSON."""
    base = {"change": r.change_id, "at": r.at, "actor": r.actor, "entity": r.entity, "entity_id": r.entity_id,
            "action": r.action, "reason": r.reason, "source": r.source, "kind": r.kind, "version": r.version}
    if r.action == "create":
        title = r.after.get("title") or r.after.get("name") or r.after.get("reference") or r.after.get("scope")
        return [base | {"id": r.row_ids[0], "field": "", "old": None, "new": title, "old_value": None,
                        "new_value": {k: json.loads(encode(k, v)) for k, v in r.after.items()}}]
    return [base | {"id": row_id, "field": name, "old": show(name, r.before.get(name)),
                    "new": show(name, r.after.get(name)), "old_value": json.loads(encode(name, r.before.get(name))),
                    "new_value": json.loads(encode(name, r.after.get(name)))} for row_id, name in zip(r.row_ids, r.after)]


def echo_json(value) -> None:
    """A list prints as a JSON array with one item per line: valid JSON, and friendly to grep."""
    if isinstance(value, list):
        click.echo("[" + ",\n".join(json.dumps(v, ensure_ascii=False) for v in value) + "]")
    else:
        click.echo(json.dumps(value, ensure_ascii=False, indent=2))


def echo_table(headers: list[str], rows: list[list[str]], *, wrap_last: bool = True) -> None:
    """Columns sized to their content. On a terminal, long cells are cut to fit; piped, nothing is cut."""
    cells = [[visible(str(c)) for c in row] for row in rows]
    on_terminal = sys.stdout.isatty()
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    if on_terminal:
        widths = [min(w, MAX_COLUMN) for w in widths[:-1]] + widths[-1:]
        room = shutil.get_terminal_size((120, 24)).columns - sum(widths[:-1]) - 2 * (len(widths) - 1)
        if wrap_last:
            widths[-1] = max(10, min(widths[-1], room))

    def fit(value: str, width: int) -> str:
        return value if len(value) <= width or not on_terminal else value[: width - 1] + "…"

    def line(values):
        return "  ".join(fit(v, w).ljust(w) for v, w in zip(values, widths)).rstrip()

    click.echo(line(headers))
    for row in cells:
        click.echo(line(row))


def owners_text(d: Deliverable) -> str:
    return ", ".join(o.name + ("*" if o.lead else "") for o in d.owners) or "—"


def deliverable_rows(items: list[Deliverable], today: date, lang: str = "en") -> list[list[str]]:
    from missiontui.core.i18n import KINDS, STATUSES, t

    undated = t("due.undated", lang)
    return [[str(d.id), (d.due.date.isoformat() + (" ↻" if d.recurrence else "")) if d.due else undated,
             str(d.days_left(today)) if d.due else "", STATUSES[lang][d.status], KINDS[lang][d.kind],
             d.mission_ref, owners_text(d), d.title] for d in items]


def deliverable_headers(lang: str) -> list[str]:
    return headers(lang, "id", "due", "days", "status", "kind", "mission", "owners", "title")


def headers(lang: str, *names: str) -> list[str]:
    """Column titles of a table, in capitals, in the user's language."""
    from missiontui.core.i18n import t

    return [t(f"out.col.{name}", lang).upper() for name in names]
