"""Who changed a deliverable, when, from what to what, and why; deadline moves stand out."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Static

from missiontui.core.textsafe import visible
from missiontui.frontends.tui.base import Page
from missiontui.frontends.tui.safe import plain


class HistoryScreen(Page):
    BINDINGS = [Binding("escape", "app.pop_screen", "action.back")]

    def __init__(self, deliverable_id: int):
        super().__init__()
        self.deliverable_id = deliverable_id

    def compose(self) -> ComposeResult:
        yield Static(id="title", classes="screen-title")
        yield DataTable(id="history", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def relabel(self) -> None:
        d = self.app.store.deliverable(self.deliverable_id, include_deleted=True)
        self.query_one("#title", Static).update(plain(self.t("history.title", id=d.id, title=d.title), single_line=True))
        self.refresh_data()

    def refresh_data(self) -> None:
        table = self.query_one(DataTable)
        table.clear(columns=True)
        for key in ("col.when", "col.who", "col.action", "col.field", "col.change", "col.reason"):
            table.add_column(Text(self.t(key)), key=key)
        for h in self.app.store.history("deliverable", self.deliverable_id):
            style = "bold yellow" if h.field == "due" else ""  # a moved deadline is what people look for
            change = f"{h.old or '—'} → {h.new or '—'}" if h.action == "update" else (h.new or h.old or "")
            table.add_row(Text(h.at[:16].replace("T", " ")), Text(visible(h.actor)), Text(h.action),
                          Text(h.field, style=style), Text(visible(change)[:80], style=style),
                          Text(visible(h.reason)[:60]))
