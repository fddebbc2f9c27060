"""Every key of the screen underneath and of the app, in the current language."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Static

from missiontui.frontends.tui.base import Page
from missiontui.frontends.tui.safe import plain


class HelpScreen(Page):
    BINDINGS = [Binding("escape,q,question_mark", "app.pop_screen", "action.back")]

    def compose(self) -> ComposeResult:
        yield Static(id="title", classes="screen-title")
        yield DataTable(id="keys", cursor_type="row", zebra_stripes=True)
        yield Static(id="palette-hint", classes="status-line")
        yield Footer()

    def relabel(self) -> None:
        self.query_one("#title", Static).update(plain(self.t("help.title")))
        self.query_one("#palette-hint", Static).update(plain(self.t("help.palette")))
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_columns(Text(self.t("help.title")), Text(""))
        stack = [s for s in self.app.screen_stack if s is not self]
        sources = ([stack[-1]] if stack else []) + [self.app]
        seen = set()
        for source in sources:
            for key, binding in source._bindings:
                if not binding.description or (binding.action, key) in seen:
                    continue
                seen.add((binding.action, key))
                shown = binding.key_display or self.app.get_key_display(binding)
                table.add_row(Text(shown), Text(binding.description))
