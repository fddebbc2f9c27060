"""Tables for spreadsheets: the report as one record per deliverable with typed values, and any list
of deliverables as CSV (`list --format csv`).

Column names are stable machine names (CSV headers; fields are only ever added); the spreadsheet
shows them in the reader's language. Enum values are the machine ones (`in-progress`, `red`).
Control characters in user text are shown as \\xNN, as everywhere in the report (spreadsheets
refuse most of them).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date

from missiontui.core.model import Deliverable
from missiontui.core.report.model import StatusReport
from missiontui.core.report.words import why_text
from missiontui.core.textsafe import visible

COLUMNS = ["id", "title", "kind", "status", "rag", "rag_rule", "due", "precision", "phrase", "days_left", "lead",
           "owners", "completed_on", "baseline_due", "shift_days", "moves", "why"]
# The same columns as the spreadsheet titles them (keys of the i18n catalogue).
HEADINGS = {"id": "report.col.id", "title": "report.col.deliverable", "kind": "report.col.kind",
            "status": "report.col.status", "rag": "report.col.colour", "rag_rule": "report.col.rule",
            "due": "report.col.due", "precision": "report.col.precision", "phrase": "report.col.phrase",
            "days_left": "report.col.days_left", "lead": "report.col.lead", "owners": "report.col.owners",
            "completed_on": "report.col.completed", "baseline_due": "report.col.baseline",
            "shift_days": "report.col.shift", "moves": "report.col.moves", "why": "report.col.why"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what makes a spreadsheet read a CSV cell as a formula


def records(report: StatusReport, lang: str) -> list[dict]:
    """One dict per deliverable, in report order, values typed (int, date, str or None)."""
    out = []
    for r in report.rows:
        d = r.deliverable
        lead = d.lead
        out.append({
            "id": d.id, "title": visible(d.title), "kind": d.kind.value, "status": d.status.value, "rag": r.rag.value,
            "rag_rule": r.rule, "due": d.due.date, "precision": d.due.precision.value, "phrase": visible(d.due.phrase),
            "days_left": r.days_left, "lead": visible(lead.name) if lead else None,
            "owners": visible(", ".join(o.name for o in d.owners)), "completed_on": d.completed_on,
            "baseline_due": r.baseline, "shift_days": r.shift_days, "moves": len(r.moves),
            "why": visible(why_text(r.why, lang, _iso)) if r.why else None,
        })
    return out


def _iso(day: date, lang: str) -> str:
    return day.isoformat()


def render_csv(report: StatusReport, lang: str) -> str:
    """RFC 4180 CSV (comma, CRLF, quotes), dates as YYYY-MM-DD, empty for none. Text that a spreadsheet
    would run as a formula (=, +, -, @ first) gets a leading apostrophe, the usual guard."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for record in records(report, lang):
        writer.writerow([_cell(record[c]) for c in COLUMNS])
    return buffer.getvalue()


LIST_COLUMNS = ["id", "uid", "mission", "title", "kind", "due", "precision", "phrase", "status", "owners", "lead",
                "depends_on", "notes", "completed_on", "version", "sequence", "created_at", "updated_at", "deleted"]


def deliverables_csv(items: Iterable[Deliverable]) -> Iterator[str]:
    """`list --format csv`: the fields of `list --json`, one row per deliverable (owners joined by "; ",
    dependencies by spaces), line by line so a long list streams. Same guards as the report's CSV."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")

    def line(values) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([_cell(v) for v in values])
        return buffer.getvalue()

    yield line(LIST_COLUMNS)
    for d in items:
        lead = d.lead
        due = d.due  # None: no date yet, empty cells
        yield line([d.id, d.uid, d.mission_ref, visible(d.title), d.kind.value, due and due.date,
                    due and due.precision.value, visible(due.phrase) if due else None, d.status.value, visible("; ".join(o.name for o in d.owners)),
                    visible(lead.name) if lead else None, " ".join(map(str, d.depends_on)),
                    visible(d.notes, single_line=False), d.completed_on, d.version, d.sequence, d.created_at,
                    d.updated_at, "true" if d.deleted_at else "false"])


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_START) else value
    return str(value)
