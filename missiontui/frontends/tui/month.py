"""The month calendar: six weeks, each day with its deadlines (titles while they fit, then a count),
moved through by day (←→), week (↑↓) and month (PageUp/PageDown); Enter lists the day's deliverables.

Only what is drawn is read: the ids and days of the six weeks shown, then the few titles that fit."""

from __future__ import annotations

from datetime import date, timedelta

from rich.segment import Segment
from rich.style import Style
from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import Click
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from missiontui.core.i18n import MONTHS, STATUSES, WEEKDAYS_SHORT, long_date, t
from missiontui.core.model import Deliverable, DeliverableFilter, Status
from missiontui.frontends.tui.base import Page
from missiontui.frontends.tui.footer import KeysFooter
from missiontui.frontends.tui.rows import RowActions
from missiontui.frontends.tui.safe import fit, plain
from missiontui.frontends.tui.table import Column, LazyTable, Row

SHOWN = (Status.PLANNED, Status.IN_PROGRESS, Status.BLOCKED, Status.DONE)


def grid_start(month: date) -> date:
    """The Monday on or before the first of the month: the grid's first cell."""
    first = month.replace(day=1)
    return first - timedelta(days=first.weekday())


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has no such day (31 → 30)."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, candidate)
        except ValueError:
            continue
    raise AssertionError("every month has a 28th")


class MonthGrid(Widget, can_focus=True):
    DEFAULT_CSS = """
    MonthGrid { height: 1fr; }
    MonthGrid > .month--weekday { text-style: bold; background: $panel; }
    MonthGrid > .month--day { text-style: bold; }
    MonthGrid > .month--other-month { color: $text-disabled; }
    MonthGrid > .month--today { color: $accent; text-style: bold reverse; }
    MonthGrid > .month--cursor { background: $accent 40%; }
    MonthGrid:focus > .month--cursor { background: $accent; color: $text; }
    MonthGrid > .month--late { color: $error; }
    MonthGrid > .month--done { color: $text-muted; }
    MonthGrid > .month--more { color: $text-muted; text-style: italic; }
    MonthGrid > .month--rule { color: $text-disabled; }
    """
    COMPONENT_CLASSES = {"month--weekday", "month--day", "month--other-month", "month--today", "month--cursor",
                         "month--late", "month--done", "month--more", "month--rule"}
    BINDINGS = [
        Binding("left,h", "move(-1)", show=False), Binding("right,l", "move(1)", show=False),
        Binding("up,k", "move(-7)", show=False), Binding("down,j", "move(7)", show=False),
        Binding("pageup,less_than_sign", "month(-1)", "month.earlier", key_display="PgUp", id="month.earlier"),
        Binding("pagedown,greater_than_sign", "month(1)", "month.later", key_display="PgDn", id="month.later"),
        Binding("home,full_stop", "today", "action.today", key_display=".", id="month.today"),
        Binding("enter", "choose", "month.open_day", id="month.open_day"),
    ]
    cursor: reactive[date] = reactive(date(2000, 1, 1), always_update=True)

    class Moved(Message):
        """The cursor moved; to another month (`new_month`): its six weeks are to be read."""

        def __init__(self, new_month: bool) -> None:
            super().__init__()
            self.new_month = new_month

    class Chosen(Message):
        def __init__(self, day: date) -> None:
            super().__init__()
            self.day = day

    def __init__(self, today: date, lang: str, **kwargs):
        super().__init__(**kwargs)
        self.today, self.lang = today, lang
        self.set_reactive(MonthGrid.cursor, today)
        self.days: dict[date, tuple[int, ...]] = {}  # ids due each day of the six weeks
        self.items: dict[int, Deliverable] = {}  # those that fit on screen
        self.fetch = lambda ids: {}

    @property
    def start(self) -> date:
        return grid_start(self.cursor)

    def show(self, days: dict[date, tuple[int, ...]]) -> None:
        self.days = days
        self.items = {}
        self.refresh()

    # --- geometry -------------------------------------------------------------------------------

    def _cell_width(self) -> int:
        return max(4, (self.size.width - 6) // 7)  # six rules between seven days

    def _rows_per_week(self) -> int:
        return max(2, (self.size.height - 1) // 6)

    def _cell_at(self, x: int, y: int) -> date | None:
        if y < 1:
            return None
        week, column = (y - 1) // self._rows_per_week(), x // (self._cell_width() + 1)
        if week > 5 or column > 6:
            return None
        return self.start + timedelta(days=week * 7 + column)

    # --- drawing --------------------------------------------------------------------------------

    def _visible_titles(self) -> None:
        """Read the deliverables whose titles fit in their cell, once per set of days."""
        room = self._rows_per_week() - 1
        wanted = [i for ids in self.days.values() for i in (ids if len(ids) <= room else ids[: room - 1])]
        missing = [i for i in wanted if i not in self.items]
        if missing:
            self.items.update(self.fetch(missing))

    def render_line(self, y: int) -> Strip:
        width, cell = self.size.width, self._cell_width()
        style = self.rich_style
        rule = self.get_component_rich_style("month--rule")
        if y == 0:
            header = self.get_component_rich_style("month--weekday")
            names = [fit(" " + WEEKDAYS_SHORT[self.lang][i], cell) for i in range(7)]
            return Strip([Segment("│".join(names), header)]).extend_cell_length(width, header).crop(0, width)
        rows = self._rows_per_week()
        week, line = divmod(y - 1, rows)
        if week > 5:
            return Strip.blank(width, style)
        self._visible_titles()
        segments: list[Segment] = []
        for column in range(7):
            day = self.start + timedelta(days=week * 7 + column)
            text, cell_style = self._cell_line(day, line, rows - 1, cell)
            if day == self.cursor:
                cell_style += self.get_component_rich_style("month--cursor")
            if column:
                segments.append(Segment("│", style + rule))
            segments.append(Segment(text, style + cell_style))
        return Strip(segments).extend_cell_length(width, style).crop(0, width)

    def _cell_line(self, day: date, line: int, room: int, cell: int) -> tuple[str, Style]:
        """Line `line` of a day's cell: its number and count, then titles, then "+N" for the rest."""
        ids = self.days.get(day, ())
        other = day.month != self.cursor.month
        if line == 0:
            count = f" ·{len(ids)}" if ids else ""
            component = "month--today" if day == self.today else "month--other-month" if other else "month--day"
            return fit(f"{day.day:>2}{count}", cell), self.get_component_rich_style(component)
        index = line - 1
        if index >= len(ids):
            return " " * cell, Style()
        if len(ids) > room and index == room - 1:
            more = t("month.more", self.lang, count=len(ids) - index)
            return fit(more, cell), self.get_component_rich_style("month--more")
        d = self.items.get(ids[index])
        if d is None:
            return " " * cell, Style()
        tone = ("month--done" if d.status is Status.DONE else "month--late" if d.is_overdue(self.today)
                else "month--other-month" if other else "")
        return fit(d.title, cell), self.get_component_rich_style(tone) if tone else Style()

    # --- moving ---------------------------------------------------------------------------------

    def _go(self, day: date) -> None:
        new_month = (day.year, day.month) != (self.cursor.year, self.cursor.month)
        self.cursor = day
        self.post_message(self.Moved(new_month))

    def action_move(self, days: int) -> None:
        self._go(self.cursor + timedelta(days=days))

    def action_month(self, months: int) -> None:
        self._go(add_months(self.cursor, months))

    def action_today(self) -> None:
        self._go(self.today)

    def action_choose(self) -> None:
        self.post_message(self.Chosen(self.cursor))

    def watch_cursor(self) -> None:
        self.refresh()

    def on_click(self, event: Click) -> None:
        day = self._cell_at(event.x, event.y)
        if day is not None:
            if day == self.cursor and event.chain == 2:
                self.action_choose()
            self._go(day)


class MonthScreen(Page):
    BINDINGS = [Binding("escape", "app.pop_screen", "action.back", id="month.back")]

    def __init__(self, mission: str | None = None):
        super().__init__()
        self.mission = mission

    def compose(self) -> ComposeResult:
        yield Static(id="title", classes="screen-title")
        grid = MonthGrid(self.app.today, self.app.language, id="month")
        grid.fetch = self._fetch
        yield grid
        yield Static(id="day-summary", classes="status-line")
        yield KeysFooter()

    def relabel(self) -> None:
        grid = self.query_one(MonthGrid)
        grid.lang = self.lang
        self.refresh_data()
        grid.focus()

    def _title(self) -> None:
        grid = self.query_one(MonthGrid)
        month = f"{MONTHS[self.lang][grid.cursor.month - 1]} {grid.cursor.year}"
        scope = self.mission or self.t("agenda.scope_all")
        self.query_one("#title", Static).update(plain(self.t("month.title", month=month, scope=scope),
                                                      single_line=True))

    def refresh_data(self) -> None:
        grid = self.query_one(MonthGrid)
        start = grid.start
        flt = DeliverableFilter(mission=self.mission, due_after=start, due_before=start + timedelta(days=41),
                                statuses=SHOWN)
        store = self.app.store

        def read():
            days: dict[date, list[int]] = {}
            for deliverable_id, day in store.due_dates(flt):
                days.setdefault(day, []).append(deliverable_id)
            return {day: tuple(ids) for day, ids in days.items()}

        self.app.run_use_case(read, lambda days: self._show(start, days), group="month")

    def _show(self, start: date, days: dict[date, tuple[int, ...]]) -> None:
        grid = self.query_one(MonthGrid)
        if not self.is_attached or grid.start != start:  # the user moved on meanwhile: another read comes
            return
        grid.show(days)
        self._title()
        self._summary()

    def _fetch(self, ids: list[int]) -> dict[int, Deliverable]:
        return {d.id: d for d in self.app.store.deliverables_by_ids(ids)}

    def _summary(self) -> None:
        grid = self.query_one(MonthGrid)
        count = len(grid.days.get(grid.cursor, ()))
        key = "month.day_summary" if count else "month.day_none"
        self.query_one("#day-summary", Static).update(plain(self.t(key, day=long_date(grid.cursor, self.lang),
                                                                   count=count)))

    def on_month_grid_moved(self, event: MonthGrid.Moved) -> None:
        if event.new_month:
            self.query_one(MonthGrid).show({})
            self.refresh_data()
        self._title()
        self._summary()

    def on_month_grid_chosen(self, event: MonthGrid.Chosen) -> None:
        self.app.push_screen(DayScreen(event.day, self.mission))


class DayScreen(RowActions, Page):
    """The deliverables of one day, to act on like anywhere else."""

    BINDINGS = [
        Binding("enter", "edit", "action.edit", id="day.edit"),
        Binding("space", "done", "action.done", id="day.done"),
        Binding("o", "open", "agenda.open", id="day.open"),
        Binding("h", "history", "action.history", show=False, id="day.history"),
        Binding("escape", "app.pop_screen", "action.back", id="day.back"),
    ]

    def __init__(self, day: date, mission: str | None = None):
        super().__init__()
        self.day, self.mission = day, mission

    def compose(self) -> ComposeResult:
        yield Static(id="title", classes="screen-title")
        yield LazyTable(self._columns(), self._fetch, id="day")
        yield Static(id="empty", classes="status-line")
        yield KeysFooter()

    def _columns(self) -> list[Column]:
        return [Column("title", self.t("col.title"), 0), Column("mission", self.t("col.mission"), 16),
                Column("owners", self.t("col.owners"), 18), Column("status", self.t("col.status"), 11)]

    def relabel(self) -> None:
        self.query_one("#title", Static).update(plain(long_date(self.day, self.lang), single_line=True))
        self.query_one(LazyTable).set_columns(self._columns())
        self.refresh_data()
        self.query_one(LazyTable).focus()

    def refresh_data(self) -> None:
        table = self.query_one(LazyTable)
        ids = self.app.store.deliverable_ids(DeliverableFilter(mission=self.mission, due_after=self.day,
                                                               due_before=self.day, statuses=SHOWN))
        table.set_ids(ids, table.current_id)
        self.query_one("#empty", Static).update("" if ids else plain(self.t("month.nothing")))

    def _fetch(self, ids: list[int]) -> dict[int, Row]:
        rows = {}
        for d in self.app.store.deliverables_by_ids(ids):
            tone = "done" if d.status is Status.DONE else "overdue" if d.is_overdue(self.app.today) else ""
            rows[d.id] = Row((d.title, d.mission_ref, ", ".join(o.name for o in d.owners) or "—",
                              STATUSES[self.lang][d.status]), tone)
        return rows

    def selected_id(self) -> int | None:
        return self.query_one(LazyTable).current_id

    def on_lazy_table_chosen(self, event: LazyTable.Chosen) -> None:
        self.action_edit()
