"""The status report as an Excel workbook (openpyxl): Summary, Deliverables, Moves and Timeline sheets.

Cells are typed: dates are date cells, numbers are numbers, and every text is stored as text (a
title starting with "=" is not a formula, "#N/A" is not an error). The timeline is drawn in cells,
one row per deliverable and one column per week (per month for missions longer than two years):
native to Excel and LibreOffice, printable, and no image library needed. The workbook is written
row by row (openpyxl's write-only mode): a 1,000-deliverable mission takes a fraction of a second.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from missiontui.core.i18n import MONTHS_SHORT, t
from missiontui.core.report.model import StatusReport, local_day
from missiontui.core.report.rag import SOON_DAYS, Rag
from missiontui.core.report.table import COLUMNS, HEADINGS, records
from missiontui.core.report.timeline import COLOURS, date_range, window_start
from missiontui.core.report.words import rag_label, rule_lines
from missiontui.core.textsafe import visible

DATE_FORMAT = "yyyy-mm-dd"
LIGHT = {Rag.RED: "F4C7C3", Rag.AMBER: "FCE3B0", Rag.GREEN: "C8E6C9", Rag.DONE: "E0E0E0", Rag.CANCELLED: "F0F0F0"}
HEADER_FILL = "E8EBF0"


def write_xlsx(report: StatusReport, lang: str, target: Path) -> None:
    book = Workbook(write_only=True)
    _summary(book.create_sheet(t("report.sheet.summary", lang)), report, lang)
    _deliverables(book.create_sheet(t("report.sheet.deliverables", lang)), report, lang)
    _moves(book.create_sheet(t("report.sheet.moves", lang)), report, lang)
    _timeline(book.create_sheet(t("report.sheet.timeline", lang)), report, lang)
    book.save(target)


def _cell(sheet, value, *, fill: str | None = None, bold: bool = False, colour: str | None = None,
          centre: bool = False, left_edge: str | None = None):
    """One cell, typed: text stays text whatever it starts with; None stays an empty cell."""
    plain = not (fill or bold or colour or centre or left_edge)
    if plain and (value is None or isinstance(value, int)):
        return value
    cell = WriteOnlyCell(sheet, value=visible(value) if isinstance(value, str) else value)
    if isinstance(value, str):
        cell.data_type = "s"
    elif isinstance(value, date):
        cell.number_format = DATE_FORMAT
    if fill:
        cell.fill = _fill(fill)
    if bold or colour:
        cell.font = _font(bold, colour)
    if centre:
        cell.alignment = _centre()
    if left_edge:
        cell.border = _left_edge(left_edge)
    return cell


# openpyxl hashes every style object it is given: make each one once.
@functools.cache
def _fill(rgb: str):
    return PatternFill(fill_type="solid", start_color=rgb, end_color=rgb)


@functools.cache
def _font(bold: bool, colour: str | None):
    return Font(bold=bold, color=colour)


@functools.cache
def _centre():
    return Alignment(horizontal="center")


@functools.cache
def _left_edge(colour: str):
    return Border(left=Side(style="medium", color=colour))


def _widths(sheet, widths: list[float]) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def _summary(sheet, report: StatusReport, lang: str) -> None:
    m = report.mission
    _widths(sheet, [44, 100])
    sheet.append([_cell(sheet, f"{t('report.title', lang)} · {m.reference}", bold=True)])
    sheet.append([_cell(sheet, m.title, bold=True)])
    sheet.append([])
    facts = [("reference", m.reference), ("as_of", report.today),
             ("since", report.since if report.since.year > 1 else None), ("signed", m.signed_on),
             ("lead", m.lead or None), ("done", report.done), ("counted", report.counted),
             ("percent", report.percent_done)]
    for key, value in facts:
        sheet.append([_cell(sheet, t(f"report.fact.{key}", lang)), _cell(sheet, value)])
    for rag in (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.DONE, Rag.CANCELLED):
        sheet.append([_cell(sheet, rag_label(rag, lang), fill=LIGHT[rag]), report.count(rag)])
    sheet.append([])
    sheet.append([_cell(sheet, t("report.rule.title", lang), bold=True)])
    for rag, (word, sentence) in zip((Rag.RED, Rag.AMBER, Rag.GREEN), rule_lines(lang, SOON_DAYS)):
        sheet.append([_cell(sheet, word, fill=LIGHT[rag]), _cell(sheet, sentence)])
    sheet.append([None, _cell(sheet, t("report.rule.closed", lang))])


def _header(sheet, names: list[str]) -> None:
    sheet.freeze_panes = "A2"
    sheet.append([_cell(sheet, name, bold=True, fill=HEADER_FILL) for name in names])


def _deliverables(sheet, report: StatusReport, lang: str) -> None:
    widths = {"id": 6, "title": 48, "why": 60, "owners": 30, "lead": 20, "phrase": 24}
    _widths(sheet, [widths.get(name, 13) for name in COLUMNS])
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(report.rows) + len(report.undated) + 1}"
    _header(sheet, [t(HEADINGS[c], lang) for c in COLUMNS])
    rags = [row.rag for row in report.rows] + [None] * len(report.undated)  # no date yet: no colour
    for record, rag in zip(records(report, lang), rags):
        sheet.append([_cell(sheet, record[name], fill=LIGHT[rag] if name == "rag" and rag else None)
                      for name in COLUMNS])


def _moves(sheet, report: StatusReport, lang: str) -> None:
    _widths(sheet, [6, 48, 13, 13, 13, 8, 20, 60])
    _header(sheet, [t(k, lang) for k in ("report.col.id", "report.col.deliverable", "report.col.moved_on",
                                         "report.col.from", "report.col.to", "report.col.shift", "report.col.by",
                                         "report.col.reasons")])
    for row in report.moved:
        for move in row.moves:
            sheet.append([_cell(sheet, value) for value in (
                row.deliverable.id, row.deliverable.title, local_day(move.at), move.old, move.new, move.shift_days,
                move.actor, move.reason)])


def _timeline(sheet, report: StatusReport, lang: str) -> None:
    """A Gantt chart in cells: ◆ the deadline in its colour, light cells for the letter's period,
    ◇ and grey cells from where the deadline was to where it is, a red edge for today."""
    start, end = date_range(report)
    weekly = (end - start).days <= 2 * 366
    names = MONTHS_SHORT.get(lang, MONTHS_SHORT["en"])
    if weekly:
        start -= timedelta(days=start.weekday())  # columns are weeks starting on Monday
        slots = [start + timedelta(weeks=n) for n in range((end - start).days // 7 + 1)]
    else:
        slots, day = [], start
        while day <= end:
            slots.append(day)
            day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)

    def slot(day: date) -> int:
        """The 0-based index of the column holding `day`."""
        if weekly:
            return (day - start).days // 7
        return (day.year - start.year) * 12 + day.month - start.month

    _widths(sheet, [48] + [3 if weekly else 5] * len(slots))
    sheet.freeze_panes = "B4"
    sheet.append([_cell(sheet, t("report.timeline.label", lang, reference=report.mission.reference), bold=True)])
    months, previous = [None] * len(slots), None
    for n, day in enumerate(slots):
        month_day = day + timedelta(days=6) if weekly else day  # a week belongs to the month it ends in
        if (month_day.year, month_day.month) != previous:
            label = names[month_day.month - 1] + (f" {month_day.year}" if month_day.month == 1 or n == 0 else "")
            months[n] = _cell(sheet, label, bold=True)
            previous = (month_day.year, month_day.month)
    sheet.append([None] + months)
    today, red = slot(report.today), COLOURS[Rag.RED][1:]
    marks = [None] * len(slots)
    marks[today] = _cell(sheet, t("report.today", lang), bold=True, colour=red)
    sheet.append([None] + marks)
    for row in report.rows:
        d = row.deliverable
        fills: dict[int, str] = {}
        texts: dict[int, str] = {}
        window = window_start(d.due)
        if window:
            fills.update((n, LIGHT[row.rag]) for n in range(slot(window), slot(d.due.date)))
        if row.baseline and row.baseline != d.due.date:
            low, high = sorted((slot(row.baseline), slot(d.due.date)))
            fills.update((n, "E6E6E6") for n in range(low, high + 1))
            texts[slot(row.baseline)] = "◇"
        due = slot(d.due.date)
        cells = [_cell(sheet, f"#{d.id} {d.title}")]
        for n in range(max([due, today, *fills]) + 1):
            if n == due:
                cells.append(_cell(sheet, "◆", fill=COLOURS[row.rag][1:], bold=True, colour="FFFFFF", centre=True,
                                   left_edge=red if n == today else None))
            else:
                cells.append(_cell(sheet, texts.get(n), fill=fills.get(n), centre=n in texts,
                                   left_edge=red if n == today else None))
        sheet.append(cells)
