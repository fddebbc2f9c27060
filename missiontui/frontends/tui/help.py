"""Every key of the screen underneath and of the app, in the current language: one row per action
with all its keys ("?, f1", as `[keymap]` set them), and the binding's id, the name `[keymap]` in
the config remaps it by."""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from missiontui.frontends.tui.base import Page
from missiontui.frontends.tui.footer import KeysFooter
from missiontui.frontends.tui.safe import plain


class HelpScreen(Page):
    BINDINGS = [Binding("escape,q,question_mark", "app.pop_screen", "action.back", key_display="esc", id="help.back")]

    def compose(self) -> ComposeResult:
        yield Static(id="title", classes="screen-title")
        yield DataTable(id="keys", cursor_type="row", zebra_stripes=True)
        yield Static(id="palette-hint", classes="status-line")
        yield KeysFooter()

    def relabel(self) -> None:
        stack = [s for s in self.app.screen_stack if s is not self]
        under = stack[-1] if stack else None
        self.query_one("#title", Static).update(plain(self.t("help.title")))
        self.query_one("#palette-hint", Static).update(plain(self.t("help.palette")))
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_columns(Text(self.t("help.key")), Text(self.t("help.does")), Text(self.t("help.id")))
        for keys, description, ids in self.rows(([under] if under else []) + [self.app]):
            table.add_row(Text(", ".join(keys)), Text(description), Text(", ".join(ids) or "—"))

    def rows(self, sources) -> list[tuple[list[str], str, list[str]]]:
        """(keys, what it does, ids) per action, the screen's first: a key a screen and the app both
        bind appears where it acts (the screen's), once."""
        rows: dict[tuple[int, str], tuple[list[str], str, list[str]]] = {}
        taken: set[str] = set()
        for source in sources:
            bindings = source._bindings.copy()
            bindings.apply_keymap(self.app._keymap)  # the keys [keymap] gave, as the app itself does
            for key, binding in bindings:
                if not binding.description or binding.system or key in taken:
                    continue
                taken.add(key)
                keys, _, ids = rows.setdefault((id(source), binding.action), ([], binding.description, []))
                shown = self.app.get_key_display(replace(binding, key_display=None))
                if shown not in keys:
                    keys.append(shown)
                if binding.id and binding.id not in ids:
                    ids.append(binding.id)
        return sorted(rows.values(), key=lambda row: not row[2])  # ours first, Textual's own (no id) last
