"""The timeline picture: a Gantt-style SVG of a mission's deadlines, drawn from the report's rows.

One line per deliverable: a diamond at its deadline in its colour, a light band over the period the
letter gives ("en septembre" is all of September), and, when the deadline moved in the period, a
hollow diamond where it was joined to where it is. A dashed line marks today. Every user text is
made visible (control characters) and escaped: titles are text, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from missiontui.core.i18n import MONTHS_SHORT, t
from missiontui.core.model import Due, Precision
from missiontui.core.report.escape import html_text
from missiontui.core.report.model import Row, StatusReport
from missiontui.core.report.rag import Rag

COLOURS = {Rag.RED: "#c62828", Rag.AMBER: "#e08a00", Rag.GREEN: "#2e7d32", Rag.DONE: "#8a8a8a",
           Rag.CANCELLED: "#bdbdbd"}
WIDTH, LABEL_WIDTH, LEFT, RIGHT = 800, 250, 262, 786
HEADER, ROW, FOOTER = 38, 20, 18
LABEL_CHARS = 38  # what fits in LABEL_WIDTH at 11 px
ROWS_PER_PICTURE = 40  # a picture this tall still fits an A4 page


def window_start(due: Due) -> date | None:
    """Where the period a deadline was given as starts ("courant avril" → 1 April), or None for a day."""
    d, p = due.date, due.precision
    if p is Precision.MONTH:
        return d.replace(day=1)
    if p is Precision.END_OF_MONTH:  # "fin juin": the last ten days or so
        return d.replace(day=min(21, d.day))
    if p is Precision.QUARTER:
        return date(d.year, (d.month - 1) // 3 * 3 + 1, 1)
    if p is Precision.HALF:
        return date(d.year, 1 if d.month <= 6 else 7, 1)
    if p is Precision.YEAR:
        return date(d.year, 1, 1)
    return None


def date_range(report: StatusReport) -> tuple[date, date]:
    """From the first of the month of the earliest date shown to the first of the month after the last."""
    days = [report.today]
    for row in report.rows:
        days.append(row.deliverable.due.date)
        days.append(window_start(row.deliverable.due) or row.deliverable.due.date)
        if row.baseline:
            days.append(row.baseline)
    first, last = min(days), max(days)
    end = (last.replace(day=28) + timedelta(days=4)).replace(day=1)
    return first.replace(day=1), end


def _ticks(start: date, end: date, lang: str) -> list[tuple[date, str, str]]:
    """(day, month label, year label) marks: every month, quarter or year, whichever keeps labels apart.
    The year is written on its own line, at the first mark and at each January."""
    months = (end.year - start.year) * 12 + end.month - start.month
    step = 1 if months <= 16 else 3 if months <= 48 else 12
    names = MONTHS_SHORT.get(lang, MONTHS_SHORT["en"])
    ticks, day = [], start
    while day <= end:
        if (day.month - 1) % step == 0 or not ticks:
            year = str(day.year) if day.month == 1 or not ticks else ""
            ticks.append((day, "" if step == 12 else names[day.month - 1], year))
        day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return ticks


def _diamond(x: float, y: float, size: float, fill: str, stroke: str) -> str:
    return (f'<polygon points="{x:.1f},{y - size:.1f} {x + size:.1f},{y:.1f} {x:.1f},{y + size:.1f} '
            f'{x - size:.1f},{y:.1f}" fill="{fill}" stroke="{stroke}" stroke-width="1.2"/>')


def timeline_svg(rows: Sequence[Row], *, start: date, end: date, today: date, lang: str, label: str,
                 standalone: bool = False) -> str:
    """One SVG picture of `rows` on the axis start–end. `standalone` adds the XML namespace for a file."""
    span = max(1, (end - start).days)

    def x(day: date) -> float:
        return LEFT + (day - start).days / span * (RIGHT - LEFT)

    height = HEADER + ROW * len(rows) + FOOTER
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
           f'height="{height}" role="img" aria-label="{html_text(label)}" class="timeline" '
           f'font-family="Liberation Sans, DejaVu Sans, Arial, sans-serif" font-size="11">'
           if standalone else
           f'<svg viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{html_text(label)}" class="timeline" '
           f'font-size="11">',
           f"<title>{html_text(label)}</title>",
           f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#fff"/>']
    for n in range(0, len(rows), 2):
        out.append(f'<rect x="0" y="{HEADER + n * ROW}" width="{WIDTH}" height="{ROW}" fill="#f3f5f8"/>')
    bottom = height - FOOTER
    free_from = {"month": 0.0, "year": 0.0}  # where the last label of each line ends: labels never overlap
    for day, month, year in _ticks(start, end, lang):
        tx = x(day)
        out.append(f'<line x1="{tx:.1f}" y1="{HEADER - 6}" x2="{tx:.1f}" y2="{bottom}" stroke="#d5d9e0"/>')
        for line, text, y, weight in (("month", month, HEADER - 10, ""), ("year", year, HEADER - 24, "bold")):
            width = 6.5 * len(text) + 6
            if not text or tx + 3 < free_from[line] or tx + width > WIDTH:
                continue
            free_from[line] = tx + 3 + width
            out.append(f'<text x="{tx + 3:.1f}" y="{y}" fill="#444"'
                       + (f' font-weight="{weight}"' if weight else "") + f">{html_text(text)}</text>")
    for n, row in enumerate(rows):
        d, cy = row.deliverable, HEADER + n * ROW + ROW / 2
        colour = COLOURS[row.rag]
        out.append(f'<text x="6" y="{cy + 4:.1f}" fill="#222"><title>{html_text(d.title)}</title>'
                   f'{html_text(f"#{d.id} {d.title}", LABEL_CHARS)}</text>')
        window = window_start(d.due)
        if window and window < d.due.date:
            out.append(f'<rect x="{x(window):.1f}" y="{cy - 4:.1f}" width="{x(d.due.date) - x(window):.1f}" '
                       f'height="8" fill="{colour}" fill-opacity="0.22"/>')
        if row.baseline and row.baseline != d.due.date:
            out.append(f'<line x1="{x(row.baseline):.1f}" y1="{cy:.1f}" x2="{x(d.due.date):.1f}" y2="{cy:.1f}" '
                       f'stroke="#555" stroke-dasharray="3 2"/>')
            out.append(_diamond(x(row.baseline), cy, 4.5, "#fff", "#555"))
        hollow = row.rag is Rag.CANCELLED
        out.append(_diamond(x(d.due.date), cy, 6, "#fff" if hollow else colour, colour if hollow else "#222"))
    if start <= today <= end:
        tx = x(today)
        out.append(f'<line x1="{tx:.1f}" y1="{HEADER - 6}" x2="{tx:.1f}" y2="{bottom + 4}" stroke="#c62828" '
                   f'stroke-width="1.5" stroke-dasharray="5 3"/>')
        anchor = "end" if tx > WIDTH - 60 else "middle"
        out.append(f'<text x="{tx:.1f}" y="{height - 3}" fill="#c62828" text-anchor="{anchor}">'
                   f'{html_text(t("report.today", lang))}</text>')
    out.append("</svg>")
    return "".join(out)


def timeline_pictures(report: StatusReport, lang: str, per_picture: int = ROWS_PER_PICTURE) -> list[str]:
    """The timeline for HTML: pictures of at most `per_picture` lines on one shared axis (so each prints on a page)."""
    start, end = date_range(report)
    label = t("report.timeline.label", lang, reference=report.mission.reference)
    rows = report.rows or ()
    return [timeline_svg(rows[i:i + per_picture], start=start, end=end, today=report.today, lang=lang, label=label)
            for i in range(0, max(len(rows), 1), per_picture)]


def timeline_file(report: StatusReport, lang: str) -> str:
    """The whole timeline as one standalone .svg file (next to a Markdown or CSV report)."""
    start, end = date_range(report)
    label = t("report.timeline.label", lang, reference=report.mission.reference)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            + timeline_svg(report.rows, start=start, end=end, today=report.today, lang=lang, label=label,
                           standalone=True) + "\n")
