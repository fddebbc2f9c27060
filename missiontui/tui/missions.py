"""The first screen: every mission with its progress, next deadline, lateness and lead."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Static

from missiontui.core.i18n import short_date
from missiontui.textsafe import visible
from missiontui.tui.base import Page
from missiontui.tui.safe import plain


class MissionsScreen(Page):
    BINDINGS = [
        Binding("enter", "open", "missions.open"),
        Binding("a", "all", "missions.all"),
        Binding("p", "people", "missions.people"),
        Binding("ctrl+e", "export", "action.export"),
        Binding("f", "feeds", "action.feeds"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(id="title", classes="screen-title")
        yield DataTable(id="missions", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def relabel(self) -> None:
        self.query_one("#title", Static).update(plain(self.t("missions.title")))
        self.refresh_data()

    def refresh_data(self) -> None:
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear(columns=True)
        # The title takes what the other columns leave, so everything fits in 80 columns.
        widths = {"col.reference": 16, "col.progress": 5, "col.next": 16, "col.overdue": 9, "col.lead": 14,
                  "col.status": 7}
        title_width = max(16, self.size.width - sum(widths.values()) - 2 * 7 - 2)
        widths["col.mission_title"] = title_width
        for key in ("col.reference", "col.mission_title", "col.progress", "col.next", "col.overdue", "col.lead",
                    "col.status"):
            table.add_column(Text(self.t(key)), key=key, width=widths[key])
        for s in self.app.store.mission_summaries(self.app.today):
            late = Text(str(s.overdue), style="bold red" if s.overdue else "")
            next_due = Text(short_date(s.next_due, self.lang) if s.next_due else "—")
            table.add_row(Text(visible(s.mission.reference)), Text(visible(s.mission.title)[:title_width]),
                          Text(f"{s.done}/{s.total}"), next_due, late, Text(visible(s.mission.lead or "—")),
                          Text(s.mission.status.value), key=s.mission.reference)
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))

    def on_resize(self) -> None:
        if self.is_mounted:
            self.refresh_data()

    def _current(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.app.open_mission(event.row_key.value)

    def action_open(self) -> None:
        reference = self._current()
        if reference:
            self.app.open_mission(reference)

    def action_all(self) -> None:
        self.app.open_mission(None)

    def action_people(self) -> None:
        self.app.open_people()

    def action_export(self) -> None:
        self.app.open_export(mission=self._current())

    def action_feeds(self) -> None:
        self.app.open_feeds(mission=self._current())
