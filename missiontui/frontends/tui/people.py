"""Everyone, with their open deliverables, what is late, and their next deadline."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from missiontui.core.i18n import short_date
from missiontui.core.textsafe import visible
from missiontui.frontends.tui.footer import KeysFooter
from missiontui.frontends.tui.base import Page
from missiontui.frontends.tui.safe import plain


class PeopleScreen(Page):
    BINDINGS = [Binding("enter", "open", "missions.open", id="people.open"),
                Binding("e", "edit", "people.edit", id="people.edit"),
                Binding("n", "new", "people.new", id="people.new"),
                Binding("h", "history", "action.history", show=False, id="people.history"),
                Binding("escape", "app.pop_screen", "action.back", id="people.back")]

    def compose(self) -> ComposeResult:
        yield Static(id="title", classes="screen-title")
        yield DataTable(id="people", cursor_type="row", zebra_stripes=True)
        yield KeysFooter()

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
                          Text(next_due), key=str(r["id"]))
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self._open(int(event.row_key.value))

    def _selected(self) -> int | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def action_open(self) -> None:
        if self._selected() is not None:
            self._open(self._selected())

    def _open(self, person_id: int) -> None:
        from missiontui.frontends.tui.deliverables import DeliverablesScreen

        self.app.push_screen(DeliverablesScreen(mission=None, owner=self.app.store.person(person_id).name))

    def action_edit(self) -> None:
        from missiontui.frontends.tui.person_form import PersonFormScreen

        if self._selected() is not None:
            self.app.push_screen(PersonFormScreen(self._selected()))

    def action_new(self) -> None:
        from missiontui.frontends.tui.person_form import PersonFormScreen

        self.app.push_screen(PersonFormScreen())

    def action_history(self) -> None:
        from missiontui.frontends.tui.history import HistoryScreen

        if self._selected() is not None:
            self.app.push_screen(HistoryScreen(self._selected(), entity="person"))
