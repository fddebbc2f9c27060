"""Who changed a deliverable, when, from what to what, and why; deadline moves stand out."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Static

from missiontui.core.display import field_name, local_time, show
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
        missions = {m.id: m.reference for m in self.app.store.missions()}
        for r in self.app.store.history("deliverable", self.deliverable_id):
            when, who, action = local_time(r.at), visible(r.actor), self.t(f"history.{r.kind}_{r.action}")
            if r.action == "create":
                table.add_row(Text(when), Text(who), Text(action), Text(""),
                              Text(visible(str(r.after.get("title", "")))[:80]), Text(visible(r.reason)[:60]))
                continue
            for name in r.after:
                style = "bold yellow" if name == "due" else ""  # a moved deadline is what people look for
                change = (f"{show(name, r.before.get(name), self.lang, missions=missions)} → "
                          f"{show(name, r.after[name], self.lang, missions=missions)}")
                table.add_row(Text(when), Text(who), Text(action), Text(field_name(name, self.lang), style=style),
                              Text(visible(change)[:80], style=style), Text(visible(r.reason)[:60]))
