"""Everyone, with their open deliverables, what is late, and their next deadline."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Static

from missiontui.core.i18n import short_date
from missiontui.core.textsafe import visible
from missiontui.frontends.tui.base import Page
from missiontui.frontends.tui.safe import plain


class PeopleScreen(Page):
    BINDINGS = [Binding("enter", "open", "missions.open"), Binding("escape", "app.pop_screen", "action.back")]

    def compose(self) -> ComposeResult:
        yield Static(id="title", classes="screen-title")
        yield DataTable(id="people", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def relabel(self) -> None:
        self.query_one("#title", Static).update(plain(self.t("people.title")))
        self.refresh_data()

    def refresh_data(self) -> None:
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear(columns=True)
        for key in ("col.name", "col.role", "col.organisation", "col.open", "col.overdue", "col.next"):
            table.add_column(Text(self.t(key)), key=key)
        for r in self.app.store.people_workload(self.app.today.isoformat()):
            next_due = short_date(date.fromisoformat(r["next_due"]), self.lang) if r["next_due"] else "—"
            table.add_row(Text(visible(r["name"])), Text(visible(r["role"])[:40]), Text(visible(r["organisation"])[:30]),
                          Text(str(r["open"])), Text(str(r["overdue"] or 0), style="bold red" if r["overdue"] else ""),
                          Text(next_due), key=r["name"])
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self._open(event.row_key.value)

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            self._open(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def _open(self, name: str) -> None:
        from missiontui.frontends.tui.deliverables import DeliverablesScreen

        self.app.push_screen(DeliverablesScreen(mission=None, owner=name))
