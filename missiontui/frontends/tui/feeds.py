"""Subscription links from the TUI: create one for this view, copy it, revoke it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from missiontui.usecases import calendars as calendar
from missiontui.usecases.subscriptions import add_feed, revoke_feed
from missiontui.core.textsafe import visible
from missiontui.frontends.tui.footer import KeysFooter
from missiontui.frontends.tui.base import Page
from missiontui.frontends.tui.safe import plain

DEFAULT_BASE = "http://127.0.0.1:8421"


class FeedsScreen(Page):
    BINDINGS = [
        Binding("n", "new", "feeds.new"),
        Binding("y", "copy", "feeds.copy"),
        Binding("r", "revoke", "feeds.revoke"),
        Binding("escape", "app.pop_screen", "action.back"),
    ]

    def __init__(self, mission: str | None = None, owner: str | None = None, base_url: str | None = None):
        super().__init__()
        self.mission, self.owner = mission, owner
        self.base_url = base_url

    def compose(self) -> ComposeResult:
        yield Static(id="title", classes="screen-title")
        yield Static(id="feeds-help", classes="status-line")
        yield DataTable(id="feeds", cursor_type="row", zebra_stripes=True)
        yield KeysFooter()

    @property
    def base(self) -> str:
        """How colleagues' calendars reach `missiontui serve`: the config's feed_base_url."""
        return self.base_url or self.app.ctx.config.feed_base_url or DEFAULT_BASE

    def relabel(self) -> None:
        self.query_one("#title", Static).update(plain(self.t("feeds.title")))
        self.refresh_data()

    def refresh_data(self) -> None:
        self.query_one("#feeds-help", Static).update(plain(self.t("feeds.help")))
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_columns(Text("#"), Text(self.t("col.mission")), Text("URL"), Text("webcal"))
        for token in self.app.store.feed_tokens():
            url = calendar.feed_url(self.base, token)
            table.add_row(Text(str(token.id)), Text(visible(token.target)), Text(url), Text(calendar.webcal_url(url)),
                          key=str(token.id))
        if not table.row_count:
            self.query_one("#feeds-help", Static).update(plain(self.t("feeds.none") + "  " + self.t("feeds.help")))

    def _selected(self):
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((t for t in self.app.store.feed_tokens() if str(t.id) == key), None)

    def action_new(self) -> None:
        ctx, mission, owner = self.app.ctx, self.mission, self.owner
        self.in_background(lambda: add_feed(ctx, mission=mission, person=owner), self._created)

    def _created(self, token) -> None:
        self.refresh_data()
        self.app.copy_to_clipboard(calendar.feed_url(self.base, token))
        self.app.say(calendar.feed_url(self.base, token))

    def action_copy(self) -> None:
        token = self._selected()
        if token:
            self.app.copy_to_clipboard(calendar.feed_url(self.base, token))
            self.app.say(self.t("feeds.copied"))

    def action_revoke(self) -> None:
        token = self._selected()
        if token:
            ctx = self.app.ctx
            self.in_background(lambda: revoke_feed(ctx, str(token.id)),
                               lambda _: (self.app.say(self.t("feeds.revoked")), self.refresh_data()))
