"""The status report as an Excel workbook (openpyxl): Summary, Deliverables, Moves and Timeline sheets.

Cells are typed: dates are date cells, numbers are numbers, and every text is stored as text (a
title starting with "=" is not a formula, "#N/A" is not an error). The timeline is drawn in cells,
one row per deliverable and one column per week (per month for missions longer than two years):
native to Excel and LibreOffice, printable, and no image library needed.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from missiontui.core.i18n import MONTHS_SHORT, t
from missiontui.core.report.model import StatusReport, local_day
from missiontui.core.report.rag import SOON_DAYS, Rag
from missiontui.core.report.table import COLUMNS, HEADINGS, records
from missiontui.core.report.timeline import COLOURS, date_range, window_start
from missiontui.core.report.words import rag_label, rule_lines
from missiontui.core.textsafe import visible

DATE_FORMAT = "yyyy-mm-dd"
LIGHT = {Rag.RED: "F4C7C3", Rag.AMBER: "FCE3B0", Rag.GREEN: "C8E6C9", Rag.DONE: "E0E0E0", Rag.CANCELLED: "F0F0F0"}


def write_xlsx(report: StatusReport, lang: str, target: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    summary = book.active
    summary.title = t("report.sheet.summary", lang)
    _summary(summary, report, lang)
    _deliverables(book.create_sheet(t("report.sheet.deliverables", lang)), report, lang)
    _moves(book.create_sheet(t("report.sheet.moves", lang)), report, lang)
    _timeline(book.create_sheet(t("report.sheet.timeline", lang)), report, lang)
    book.save(target)


def _put(sheet, row: int, column: int, value, **style):
    """One cell, typed: text stays text whatever it starts with."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = visible(value)
        cell.data_type = "s"
    else:
        cell.value = value
        if isinstance(value, date):
            cell.number_format = DATE_FORMAT
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def _fill(rgb: str):
    from openpyxl.styles import PatternFill

    return PatternFill(fill_type="solid", start_color=rgb, end_color=rgb)


def _summary(sheet, report: StatusReport, lang: str) -> None:
    from openpyxl.styles import Font

    m = report.mission
    _put(sheet, 1, 1, f"{t('report.title', lang)} · {m.reference}", font=Font(bold=True, size=14))
    _put(sheet, 2, 1, m.title, font=Font(bold=True))
    facts = [
        ("reference", m.reference), ("as_of", report.today),
        ("since", report.since if report.since.year > 1 else None), ("signed", m.signed_on),
        ("lead", m.lead or None), ("done", report.done), ("counted", report.counted),
        ("percent", report.percent_done),
        *((rag.value, report.count(rag)) for rag in (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.DONE, Rag.CANCELLED)),
    ]
    labels = {**{key: t(f"report.fact.{key}", lang) for key, _ in facts[:8]},
              **{rag.value: rag_label(rag, lang) for rag in Rag}}
    for n, (key, value) in enumerate(facts, start=4):
        _put(sheet, n, 1, labels[key])
        _put(sheet, n, 2, value)
        if key in {r.value for r in Rag}:
            sheet.cell(row=n, column=1).fill = _fill(LIGHT[Rag(key)])
    row = 5 + len(facts)
    _put(sheet, row, 1, t("report.rule.title", lang), font=Font(bold=True))
    for rag, (word, sentence) in zip((Rag.RED, Rag.AMBER, Rag.GREEN), rule_lines(lang, SOON_DAYS)):
        row += 1
        _put(sheet, row, 1, word, fill=_fill(LIGHT[rag]))
        _put(sheet, row, 2, sentence)
    _put(sheet, row + 1, 2, t("report.rule.closed", lang))
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 100


def _header(sheet, names: list[str]) -> None:
    from openpyxl.styles import Font

    for column, name in enumerate(names, start=1):
        _put(sheet, 1, column, name, font=Font(bold=True), fill=_fill("E8EBF0"))
    sheet.freeze_panes = "A2"


def _deliverables(sheet, report: StatusReport, lang: str) -> None:
    from openpyxl.utils import get_column_letter

    _header(sheet, [t(HEADINGS[c], lang) for c in COLUMNS])
    rag_column = COLUMNS.index("rag") + 1
    for n, (record, row) in enumerate(zip(records(report, lang), report.rows), start=2):
        for column, name in enumerate(COLUMNS, start=1):
            _put(sheet, n, column, record[name])
        sheet.cell(row=n, column=rag_column).fill = _fill(LIGHT[row.rag])
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(1, len(report.rows) + 1)}"
    widths = {"id": 6, "title": 48, "why": 60, "owners": 30, "lead": 20, "phrase": 24}
    for column, name in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = widths.get(name, 13)


def _moves(sheet, report: StatusReport, lang: str) -> None:
    _header(sheet, [t(k, lang) for k in ("report.col.id", "report.col.deliverable", "report.col.moved_on",
                                         "report.col.from", "report.col.to", "report.col.shift", "report.col.by",
                                         "report.col.reasons")])
    n = 1
    for row in report.moved:
        for move in row.moves:
            n += 1
            for column, value in enumerate([row.deliverable.id, row.deliverable.title, local_day(move.at), move.old,
                                            move.new, move.shift_days, move.actor, move.reason], start=1):
                _put(sheet, n, column, value)
    for letter, width in zip("ABCDEFGH", (6, 48, 13, 13, 13, 8, 20, 60)):
        sheet.column_dimensions[letter].width = width


def _timeline(sheet, report: StatusReport, lang: str) -> None:
    """A Gantt chart in cells: ◆ the deadline in its colour, light cells for the letter's period,
    ◇ and grey cells from where the deadline was to where it is, a red column for today."""
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

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
        """The column (1-based, after the label column) holding `day`."""
        if weekly:
            return 2 + (day - start).days // 7
        return 2 + (day.year - start.year) * 12 + day.month - start.month

    bold, centre = Font(bold=True), Alignment(horizontal="center")
    _put(sheet, 1, 1, t("report.timeline.label", lang, reference=report.mission.reference), font=bold)
    previous_month = None
    for n, day in enumerate(slots):
        month_day = day + timedelta(days=6) if weekly else day  # a week belongs to the month it ends in
        if (month_day.year, month_day.month) != previous_month:
            label = names[month_day.month - 1] + (f" {month_day.year}" if month_day.month == 1 or n == 0 else "")
            _put(sheet, 2, 2 + n, label, font=bold)
            previous_month = (month_day.year, month_day.month)
        sheet.column_dimensions[get_column_letter(2 + n)].width = 3 if weekly else 5
    today_column = slot(report.today)
    red_edge = Side(style="medium", color=COLOURS[Rag.RED][1:])
    _put(sheet, 3, today_column, t("report.today", lang), font=Font(bold=True, color=COLOURS[Rag.RED][1:]))
    for n, row in enumerate(report.rows, start=4):
        d = row.deliverable
        _put(sheet, n, 1, f"#{d.id} {d.title}")
        window = window_start(d.due)
        if window:
            for column in range(slot(window), slot(d.due.date)):
                sheet.cell(row=n, column=column).fill = _fill(LIGHT[row.rag])
        if row.baseline and row.baseline != d.due.date:
            low, high = sorted((slot(row.baseline), slot(d.due.date)))
            for column in range(low, high + 1):
                sheet.cell(row=n, column=column).fill = _fill("E6E6E6")
            _put(sheet, n, slot(row.baseline), "◇", alignment=centre)
        _put(sheet, n, slot(d.due.date), "◆", alignment=centre, fill=_fill(COLOURS[row.rag][1:]),
             font=Font(color="FFFFFF", bold=True))
        sheet.cell(row=n, column=today_column).border = Border(left=red_edge)
    sheet.column_dimensions["A"].width = 48
    sheet.freeze_panes = "B4"
