"""The agenda, the TUI's first screen: what is late, then day by day what falls due over the next
weeks, then what is still to schedule; across missions, or for one mission. Act on a row from here:
edit, done, open its mission, history.

The view holds ids and headings; a row's deliverable is read only when it is drawn, so thousands of
late items cost what a screenful does."""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from textual.app import ComposeResult
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Static

from missiontui.core.agenda import Agenda
from missiontui.core.i18n import STATUSES, long_date, t
from missiontui.core.model import Deliverable, Status
from missiontui.frontends.tui.base import Page
from missiontui.frontends.tui.footer import KeysFooter
from missiontui.frontends.tui.rows import RowActions
from missiontui.frontends.tui.safe import fit, plain
from missiontui.frontends.tui.table import scroll_row_into_view

HORIZONS = (7, 14, 28, 56, 91, 182, 365)  # + and - step through these (days)


@dataclass(frozen=True)
class Line:
    kind: str  # "section", "day", "item", "note", "blank"
    text: str = ""
    deliverable_id: int | None = None
    tone: str = ""  # for items: late, soon, done, undated


def agenda_lines(agenda: Agenda, lang: str) -> list[Line]:
    """Headings and rows in the order shown: late, each period and day, to schedule."""
    lines: list[Line] = []
    if agenda.late:
        lines.append(Line("section", t("agenda.late", lang, count=len(agenda.late)), tone="late"))
        lines += [Line("item", deliverable_id=i, tone="late") for i in agenda.late]
    period = None
    for day in agenda.days:
        if day.period != period:
            period = day.period
            lines += [Line("blank")] if lines else []
            lines.append(Line("section", t(f"agenda.period.{period}", lang), tone=period))
        lines.append(Line("day", long_date(day.day, lang)))
        soon = day.period in ("today", "this-week")
        lines += [Line("item", deliverable_id=i, tone="soon" if soon else "") for i in day.ids]
    if not agenda.days:
        lines += [Line("blank")] if lines else []
        lines.append(Line("note", t("agenda.nothing_due", lang, until=long_date(agenda.until, lang))))
    if agenda.undated:
        lines += [Line("blank"), Line("section", t("agenda.undated", lang, count=len(agenda.undated)), tone="undated")]
        lines += [Line("item", deliverable_id=i, tone="undated") for i in agenda.undated]
    return lines


class AgendaView(ScrollView, can_focus=True):
    """Lines of headings and deliverables; the cursor moves over deliverables only."""

    DEFAULT_CSS = """
    AgendaView { height: 1fr; }
    AgendaView > .agenda--section { text-style: bold; color: $text-accent; }
    AgendaView > .agenda--late-section { text-style: bold; color: $error; }
    AgendaView > .agenda--day { text-style: bold; }
    AgendaView > .agenda--note { color: $text-muted; }
    AgendaView > .agenda--cursor { background: $accent 40%; }
    AgendaView:focus > .agenda--cursor { background: $accent; color: $text; }
    AgendaView > .agenda--late { color: $error; }
    AgendaView > .agenda--soon { color: $warning; }
    AgendaView > .agenda--done { color: $text-muted; }
    AgendaView > .agenda--cancelled { color: $text-disabled; text-style: strike; }
    AgendaView > .agenda--undated { color: $text-accent; text-style: italic; }
    """
    COMPONENT_CLASSES = {"agenda--section", "agenda--late-section", "agenda--day", "agenda--note", "agenda--cursor",
                         "agenda--late", "agenda--soon", "agenda--done", "agenda--cancelled", "agenda--undated"}
    BINDINGS = [
        Binding("up,k", "move(-1)", show=False), Binding("down,j", "move(1)", show=False),
        Binding("pageup", "page(-1)", show=False), Binding("pagedown", "page(1)", show=False),
        Binding("home", "jump(0)", show=False), Binding("end", "jump(-1)", show=False),
    ]  # Enter is the screen's: edit
    cursor = reactive(0, always_update=True)  # an index into `items`

    class Chosen(Message):
        def __init__(self, deliverable_id: int) -> None:
            super().__init__()
            self.deliverable_id = deliverable_id

    def __init__(self, fetch, row_text, **kwargs):
        super().__init__(**kwargs)
        self.fetch = fetch  # ids -> {id: Deliverable}
        self.row_text = row_text  # (Deliverable, width) -> str
        self.lines: list[Line] = []
        self.items: list[int] = []  # line numbers of the deliverables
        self._cache: dict[int, Deliverable] = {}

    def set_lines(self, lines: list[Line], keep: int | None = None) -> None:
        self.lines = lines
        self.items = [n for n, line in enumerate(lines) if line.kind == "item"]
        self._cache.clear()
        self.virtual_size = Size(self.size.width, len(lines))
        ids = [lines[n].deliverable_id for n in self.items]
        self.cursor = ids.index(keep) if keep in ids else min(self.cursor, max(len(self.items) - 1, 0))
        self.refresh()

    @property
    def current_id(self) -> int | None:
        return self.lines[self.items[self.cursor]].deliverable_id if self.items else None

    def first_item_of(self, tones: set[str]) -> int | None:
        """The index (in `items`) of the first row of those tones: "." jumps to today's rows."""
        return next((i for i, n in enumerate(self.items) if self.lines[n].tone in tones), None)

    def deliverable(self, deliverable_id: int) -> Deliverable | None:
        return self._cache.get(deliverable_id)

    def _load(self, top: int) -> None:
        missing = [line.deliverable_id for line in self.lines[top:top + self.size.height + 1]
                   if line.kind == "item" and line.deliverable_id not in self._cache]
        if missing:
            if len(self._cache) > 2000:
                self._cache.clear()
            self._cache.update(self.fetch(missing))

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        top = int(self.scroll_offset.y)
        index = top + y
        if index >= len(self.lines):
            return Strip.blank(width, self.rich_style)
        line = self.lines[index]
        style = self.rich_style
        if line.kind == "section":
            style += self.get_component_rich_style("agenda--late-section" if line.tone == "late" else "agenda--section")
            text = " " + line.text
        elif line.kind in ("day", "note"):
            style += self.get_component_rich_style(f"agenda--{line.kind}")
            text = "  " + line.text
        elif line.kind == "item":
            self._load(top)
            d = self._cache.get(line.deliverable_id)
            if d is None:  # deleted between the query and now: the next refresh drops it
                return Strip.blank(width, self.rich_style)
            tone = ("done" if d.status is Status.DONE else "cancelled" if d.status is Status.CANCELLED
                    else line.tone)
            if tone:
                style += self.get_component_rich_style(f"agenda--{tone}")
            if self.items and index == self.items[self.cursor]:
                style += self.get_component_rich_style("agenda--cursor")
            text = "    " + self.row_text(d, max(width - 4, 10))
        else:
            text = ""
        return Strip([Segment(fit(text, width), style)]).crop(0, width)

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.lines))

    def watch_cursor(self) -> None:
        if self.items:
            row = self.items[self.cursor]
            # a heading just above the first row of its group stays in sight
            scroll_row_into_view(self, row, header_lines=0)
            if row - 2 < self.scroll_offset.y and self.cursor == 0:
                self.scroll_to(y=0, animate=False)
        self.refresh()

    def action_move(self, delta: int) -> None:
        if self.items:
            self.cursor = max(0, min(len(self.items) - 1, self.cursor + delta))

    def action_page(self, direction: int) -> None:
        self.action_move(direction * max(self.size.height - 4, 1))

    def action_jump(self, where: int) -> None:
        if self.items:
            self.cursor = 0 if where == 0 else len(self.items) - 1

    def action_choose(self) -> None:
        if self.current_id is not None:
            self.post_message(self.Chosen(self.current_id))


class AgendaScreen(RowActions, Page):
    """Across missions (the first screen), or one mission's (`g` on its deliverables)."""

    BINDINGS = [
        Binding("enter", "edit", "action.edit", id="agenda.edit"),
        Binding("space", "done", "action.done", id="agenda.done"),
        Binding("o", "open", "agenda.open", id="agenda.open"),
        Binding("m", "missions", "agenda.missions", id="agenda.missions"),
        Binding("c", "calendar", "agenda.calendar", id="agenda.calendar"),
        Binding("w", "mine", "agenda.mine", id="agenda.mine"),
        Binding("a", "add", "action.add", show=False, id="agenda.add"),
        Binding("h", "history", "action.history", show=False, id="agenda.history"),
        Binding("p", "people", "action.people", show=False, id="agenda.people"),
        Binding("r", "app.report", "action.report", show=False, id="agenda.report"),
        Binding("full_stop", "today", "action.today", show=False, key_display=".", id="agenda.today"),
        Binding("plus", "horizon(1)", "agenda.longer", show=False, key_display="+", id="agenda.longer"),
        Binding("minus", "horizon(-1)", "agenda.shorter", show=False, key_display="-", id="agenda.shorter"),
        Binding("u", "app.undo", "action.undo", show=False, id="agenda.undo"),
        Binding("U", "app.redo", "action.redo", show=False, id="agenda.redo"),
        Binding("escape", "back", "action.back", show=False, id="agenda.back"),
    ]

    def __init__(self, mission: str | None = None, days: int = 14):
        super().__init__()
        self.mission, self.days, self.mine = mission, days, False
        self.agenda: Agenda | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="title", classes="screen-title")
        yield AgendaView(self._fetch, self._row_text, id="agenda")
        yield Static(id="summary", classes="status-line")
        yield KeysFooter()

    def relabel(self) -> None:
        self._title()
        self.refresh_data()
        self.query_one(AgendaView).focus()

    def _title(self) -> None:
        scope = self.mission or (self.t("agenda.scope_mine") if self.mine else self.t("agenda.scope_all"))
        self.query_one("#title", Static).update(plain(self.t("agenda.title", scope=scope), single_line=True))

    # --- data -----------------------------------------------------------------------------------

    def refresh_data(self) -> None:
        from missiontui.usecases import agenda as usecase

        view = self.query_one(AgendaView)
        keep, ctx = view.current_id, self.app.reading_context()
        scope = usecase.Scope(days=self.days, mission=self.mission, mine=self.mine)
        self.app.run_use_case(lambda: usecase.agenda(ctx, scope), lambda plan: self._show(plan, keep),
                              on_error=self._refused, group="agenda")

    def _refused(self, error) -> None:
        if self.mine:  # you are not among the people: say so, and show everyone's again
            self.mine = False
            self._title()
        self.app.say(error.localized(self.lang), error=True)

    def _show(self, agenda: Agenda, keep: int | None) -> None:
        if not self.still_showing(AgendaView):
            return
        self.agenda = agenda
        self.query_one(AgendaView).set_lines(agenda_lines(agenda, self.lang), keep)
        due = sum(len(d.ids) for d in agenda.days)
        self.query_one("#summary", Static).update(plain(self.t(
            "agenda.summary", late=len(agenda.late), due=due, days=self.days, undated=len(agenda.undated))))

    def _fetch(self, ids: list[int]) -> dict[int, Deliverable]:
        return {d.id: d for d in self.app.store.deliverables_by_ids(ids)}

    def _row_text(self, d: Deliverable, width: int) -> str:
        """"−88 j  Point d'étape…  D-22-010393  Thomas Audigé  prévu", as much as `width` holds."""
        days = d.days_left(self.app.today)
        late = days is not None and days < 0 and d.status.is_open
        head = fit(self.t("agenda.days_short", days=-days), 7) + " " if late else ""
        columns = [(d.mission_ref, 16)] if self.mission is None else []
        if width >= 90:
            columns.append((d.lead.name if d.lead else "—", 18))
        columns.append((STATUSES[self.lang][d.status], 11))
        tail = "  ".join(fit(text, size) for text, size in columns)
        return head + fit(d.title, max(width - len(head) - len(tail) - 2, 8)) + "  " + tail

    # --- keys -----------------------------------------------------------------------------------

    def selected_id(self) -> int | None:
        return self.query_one(AgendaView).current_id

    def on_agenda_view_chosen(self, event: AgendaView.Chosen) -> None:
        self.action_edit()

    def action_today(self) -> None:
        view = self.query_one(AgendaView)
        found = view.first_item_of({"soon", ""})
        if found is None:
            found = view.first_item_of({"undated"})
        if found is not None:
            view.cursor = found

    def action_mine(self) -> None:
        self.mine = not self.mine
        self._title()
        self.refresh_data()

    def action_horizon(self, step: int) -> None:
        at = min(range(len(HORIZONS)), key=lambda i: abs(HORIZONS[i] - self.days))
        self.days = HORIZONS[max(0, min(len(HORIZONS) - 1, at + step))]
        self.refresh_data()

    def action_people(self) -> None:
        self.app.open_people()

    def action_missions(self) -> None:
        self.app.open_missions()

    def action_calendar(self) -> None:
        self.app.open_month(self.mission)

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
