"""A mission on a timeline: months across, one row per deliverable with its marker, a today line,
and each row's dependencies (←#n; the selected row's prerequisites are highlighted). Deliverables
with no date yet come last, in a "to schedule" band of their own."""

from __future__ import annotations

import calendar
from datetime import date

from rich.segment import Segment
from rich.style import Style
from textual.app import ComposeResult
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Static

from missiontui.core.i18n import MONTHS_SHORT
from missiontui.core.model import Deliverable, DeliverableFilter, Status
from missiontui.frontends.tui.footer import KeysFooter
from missiontui.frontends.tui.base import Page
from missiontui.frontends.tui.safe import fit, plain
from missiontui.frontends.tui.table import scroll_row_into_view

MARKERS = {Status.DONE: "◇", Status.CANCELLED: "✕"}


def month_index(day: date, start: date) -> int:
    return (day.year - start.year) * 12 + day.month - start.month


class TimelineView(ScrollView, can_focus=True):
    DEFAULT_CSS = """
    TimelineView { height: 1fr; }
    TimelineView > .timeline--header { text-style: bold; background: $panel; }
    TimelineView > .timeline--today { color: $accent; text-style: bold; }
    TimelineView > .timeline--cursor { background: $accent 40%; }
    TimelineView:focus > .timeline--cursor { background: $accent; color: $text; }
    TimelineView > .timeline--overdue { color: $error; text-style: bold; }
    TimelineView > .timeline--done { color: $success; }
    TimelineView > .timeline--prerequisite { background: $warning 30%; }
    TimelineView > .timeline--grid { color: $text-disabled; }
    TimelineView > .timeline--undated { color: $text-accent; text-style: italic; }
    """
    COMPONENT_CLASSES = {"timeline--header", "timeline--today", "timeline--cursor", "timeline--overdue",
                         "timeline--done", "timeline--prerequisite", "timeline--grid", "timeline--undated"}
    BINDINGS = [
        Binding("up,k", "move(-1)", show=False), Binding("down,j", "move(1)", show=False),
        Binding("left,h", "shift(-1)", "action.earlier"), Binding("right,l", "shift(1)", "action.later"),
        Binding("plus", "zoom(2)", show=False), Binding("minus", "zoom(-2)", show=False),
        Binding("full_stop", "today", "action.today", key_display="."), Binding("enter", "choose", show=False),
    ]
    cursor = reactive(0, always_update=True)

    class Chosen(Message):
        def __init__(self, deliverable_id: int) -> None:
            super().__init__()
            self.deliverable_id = deliverable_id

    def __init__(self, today: date, lang: str, **kwargs):
        super().__init__(**kwargs)
        self.today, self.lang = today, lang
        self.undated_label = "to schedule"
        self.items: list[Deliverable] = []
        self.start = date(today.year, today.month, 1)
        self.months = 12
        self.cell = 6  # columns per month
        self.first_month = 0  # first month shown

    def set_items(self, items: list[Deliverable], keep: int | None = None, start: date | None = None) -> None:
        self.items = [d for d in items if d.due] + [d for d in items if not d.due]  # to schedule: last
        dues = [d.due.date for d in items if d.due] + ([start] if start else [])
        first, last = (min(dues), max(dues)) if dues else (self.today, self.today)
        self.start = date(first.year, first.month, 1)
        self.months = month_index(last, self.start) + 2
        self.virtual_size = Size(self.size.width, len(items) + 2)
        ids = [d.id for d in items]
        if keep in ids:
            self.cursor = ids.index(keep)
        else:
            self.cursor = min(self.cursor, max(len(items) - 1, 0))
        self._follow(self._day(self.cursor))

    def _day(self, index: int) -> date:
        """Where row `index` sits on the grid (one to schedule: today, so the view does not jump)."""
        d = self.items[index] if 0 <= index < len(self.items) else None
        return d.due.date if d and d.due else self.today

    @property
    def label_width(self) -> int:
        return max(14, min(32, self.size.width // 3))

    def _visible_months(self) -> int:
        return max(1, (self.size.width - self.label_width - 1) // self.cell)

    def _follow(self, day: date) -> None:
        """Scroll sideways so `day` is on screen."""
        index = month_index(day, self.start)
        if not self.first_month <= index < self.first_month + self._visible_months():
            self.first_month = max(0, min(index - 1, self.months - self._visible_months()))
        self.refresh()

    def _column(self, day: date) -> int | None:
        index = month_index(day, self.start) - self.first_month
        if not 0 <= index < self._visible_months():
            return None
        days = calendar.monthrange(day.year, day.month)[1]
        return index * self.cell + min(self.cell - 1, (day.day - 1) * self.cell // days)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        grid_width = self._visible_months() * self.cell
        label = self.label_width
        header = self.get_component_rich_style("timeline--header")
        if y in (0, 1):
            cells = [" "] * grid_width
            for i in range(self._visible_months()):
                year, month = divmod(self.start.month - 1 + self.first_month + i, 12)
                if y == 0:  # the month, and a space before the next one: "juil. août sept."
                    text = MONTHS_SHORT[self.lang][month][: self.cell - 1]
                else:  # the year under January and the first month shown: "┬2022─"
                    text = "┬" + (str(self.start.year + year) if month == 0 or i == 0 else "")[: self.cell - 1]
                    text += "─" * (self.cell - len(text))
                for j, ch in enumerate(text):
                    cells[i * self.cell + j] = ch
            today_col = self._column(self.today)
            segments = [Segment(fit("" if y else self._today_hint(), label) + " ", header)]
            segments += self._grid(cells, today_col, header)
            return Strip(segments).extend_cell_length(width, header).crop(0, width)
        index = int(self.scroll_offset.y) + y - 2
        if index >= len(self.items):
            return Strip.blank(width, self.rich_style)
        d = self.items[index]
        base = self.rich_style
        selected = self.items[self.cursor] if self.items else None
        if selected and d.id in selected.depends_on:
            base += self.get_component_rich_style("timeline--prerequisite")
        label_style = base + (self.get_component_rich_style("timeline--cursor") if index == self.cursor else Style())
        if d.due is None:
            undated = base + self.get_component_rich_style("timeline--undated")
            segments = [Segment(fit(d.title, label), label_style), Segment(" ", base),
                        Segment(fit(self.undated_label, grid_width), undated)]
            return Strip(segments).extend_cell_length(width, base).crop(0, width)
        cells = [" "] * grid_width
        for i in range(self._visible_months()):
            cells[i * self.cell] = "·"
        column = self._column(d.due.date)
        if column is not None:
            cells[column] = "↻" if d.recurrence and d.status.is_open else MARKERS.get(d.status, "◆")
            tag = "".join(f"←#{dep}" for dep in d.depends_on)
            for j, ch in enumerate(tag):
                if column + 1 + j < grid_width:
                    cells[column + 1 + j] = ch
        tone = ("timeline--done" if d.status is Status.DONE else
                "timeline--overdue" if d.is_overdue(self.today) else "")
        marker_style = base + (self.get_component_rich_style(tone) if tone else Style())
        segments = [Segment(fit(d.title, label), label_style), Segment(" ", base)]
        segments += self._grid(cells, self._column(self.today), base, marker_at=column, marker_style=marker_style)
        return Strip(segments).extend_cell_length(width, base).crop(0, width)

    def _grid(self, cells, today_col, style, marker_at=None, marker_style=None) -> list[Segment]:
        grid = self.get_component_rich_style("timeline--grid")
        today = self.get_component_rich_style("timeline--today")
        segments = []
        for i, ch in enumerate(cells):
            if i == marker_at or (marker_at is not None and marker_at < i and ch not in " ·"):
                segments.append(Segment(ch, marker_style))
            elif i == today_col:
                segments.append(Segment("│" if ch in " ·┬─" else ch, style + today))
            else:
                segments.append(Segment(ch, style + (grid if ch in "·┬─" else Style())))
        return segments

    def _today_hint(self) -> str:
        last_shown = month_index(self.today, self.start) - self.first_month
        if last_shown >= self._visible_months():
            return f"→ {self.today.isoformat()}"
        if last_shown < 0:
            return f"← {self.today.isoformat()}"
        return ""

    def watch_cursor(self) -> None:
        scroll_row_into_view(self, self.cursor, header_lines=2)
        if self.items:
            self._follow(self._day(self.cursor))

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.items) + 2)
        self.first_month = 0  # the width is known only now: show from the start if it fits
        self._follow(self._day(self.cursor))

    def action_move(self, delta: int) -> None:
        if self.items:
            self.cursor = max(0, min(len(self.items) - 1, self.cursor + delta))

    def action_shift(self, months: int) -> None:
        self.first_month = max(0, min(self.first_month + months, max(self.months - self._visible_months(), 0)))
        self.refresh()

    def action_zoom(self, delta: int) -> None:
        self.cell = max(3, min(16, self.cell + delta))
        self._follow(self._day(self.cursor))

    def action_today(self) -> None:
        index = month_index(self.today, self.start)
        self.first_month = max(0, index - self._visible_months() // 2)
        self.refresh()

    def action_choose(self) -> None:
        if self.items:
            self.post_message(self.Chosen(self.items[self.cursor].id))


class TimelineScreen(Page):
    BINDINGS = [Binding("escape", "app.pop_screen", "action.back")]

    def __init__(self, mission: str, select: int | None = None):
        super().__init__()
        self.mission, self.keep = mission, select

    def compose(self) -> ComposeResult:
        yield Static(id="title", classes="screen-title")
        yield TimelineView(self.app.today, self.app.language, id="timeline")
        yield Static(id="legend", classes="status-line")
        yield KeysFooter()

    def relabel(self) -> None:
        self.query_one("#title", Static).update(plain(self.t("timeline.title", ref=self.mission), single_line=True))
        self.query_one("#legend", Static).update(plain(self.t("timeline.legend")))
        view = self.query_one(TimelineView)
        view.lang = self.lang
        view.undated_label = "· " + self.t("due.undated")
        self.refresh_data()
        view.focus()

    def refresh_data(self) -> None:
        view = self.query_one(TimelineView)
        keep = view.items[view.cursor].id if view.items else self.keep
        mission = self.app.store.mission(self.mission)
        view.set_items(self.app.store.deliverables(DeliverableFilter(mission=self.mission)), keep, mission.signed_on)

    def on_timeline_view_chosen(self, event: TimelineView.Chosen) -> None:
        from missiontui.frontends.tui.edit import EditScreen

        self.app.push_screen(EditScreen(deliverable_id=event.deliverable_id), lambda _: self.refresh_data())
