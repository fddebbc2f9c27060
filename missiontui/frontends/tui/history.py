"""Who changed a deliverable (or a mission, a person), when — in local time —, from what to what, and
why; deadline moves stand out."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from missiontui.core.display import field_name, local_time, show
from missiontui.core.textsafe import visible
from missiontui.frontends.tui.footer import KeysFooter
from missiontui.frontends.tui.base import Page
from missiontui.frontends.tui.safe import plain


class HistoryScreen(Page):
    BINDINGS = [Binding("escape", "app.pop_screen", "action.back")]

    def __init__(self, entity_id: int, entity: str = "deliverable"):
        super().__init__()
        self.entity_id, self.entity = entity_id, entity

    def compose(self) -> ComposeResult:
        yield Static(id="title", classes="screen-title")
        yield DataTable(id="history", cursor_type="row", zebra_stripes=True)
        yield KeysFooter()

    def relabel(self) -> None:
        store = self.app.store
        if self.entity == "mission":
            m = store.mission_by_id(self.entity_id)
            title = self.t("history.title_of", what=f"{m.reference} — {m.title}")
        elif self.entity == "person":
            title = self.t("history.title_of", what=store.person(self.entity_id).name)
        else:
            d = store.deliverable(self.entity_id, include_deleted=True)
            title = self.t("history.title", id=d.id, title=d.title)
        self.query_one("#title", Static).update(plain(title, single_line=True))
        self.refresh_data()

    def refresh_data(self) -> None:
        table = self.query_one(DataTable)
        table.clear(columns=True)
        for key in ("col.when", "col.who", "col.action", "col.field", "col.change", "col.reason"):
            table.add_column(Text(self.t(key)), key=key)
        missions = {m.id: m.reference for m in self.app.store.missions()}
        people = {p.id: p.name for p in self.app.store.people()}
        for r in self.app.store.history(self.entity, self.entity_id):
            when, who, action = local_time(r.at), visible(r.actor), self.t(f"history.{r.kind}_{r.action}")
            if r.action == "create":
                created = r.after.get("title") or r.after.get("name") or r.after.get("reference") or ""
                table.add_row(Text(when), Text(who), Text(action), Text(""),
                              Text(visible(str(created))[:80]), Text(visible(r.reason)[:60]))
                continue
            for name in r.after:
                style = "bold yellow" if name == "due" else ""  # a moved deadline is what people look for
                change = (f"{show(name, r.before.get(name), self.lang, missions=missions, people=people)} → "
                          f"{show(name, r.after[name], self.lang, missions=missions, people=people)}")
                table.add_row(Text(when), Text(who), Text(action), Text(field_name(name, self.lang), style=style),
                              Text(visible(change)[:80], style=style), Text(visible(r.reason)[:60]))
