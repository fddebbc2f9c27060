"""Calendar subscriptions from the TUI: create one for this view, copy its link, revoke it."""

from __future__ import annotations

from textual.binding import Binding

from missiontui.core.textsafe import visible
from missiontui.frontends.tui.links import LinksScreen
from missiontui.usecases import calendars as calendar
from missiontui.usecases.subscriptions import add_feed, revoke_feed


class FeedsScreen(LinksScreen):
    BINDINGS = [
        Binding("n", "new", "feeds.new"),
        Binding("y", "copy", "feeds.copy"),
        Binding("r", "revoke", "feeds.revoke"),
    ]
    TITLE_KEY, HELP_KEY, NONE_KEY, REVOKED_KEY = "feeds.title", "feeds.help", "feeds.none", "feeds.revoked"

    def links(self) -> list:
        return self.app.store.feed_tokens()

    def columns(self) -> list[str]:
        return ["#", self.t("col.mission"), "URL", "webcal"]

    def cells(self, token) -> list[str]:
        url = calendar.feed_url(self.base, token)
        return [str(token.id), visible(token.target), url, calendar.webcal_url(url)]

    def create(self, ctx):
        return add_feed(ctx, mission=self.mission, person=self.owner)

    def revoke(self, ctx, link_id: str):
        return revoke_feed(ctx, link_id)

    def created(self, token) -> None:
        url = calendar.feed_url(self.base, token)
        self.app.copy_to_clipboard(url)
        self.app.say(url)

    def action_copy(self) -> None:
        token = self.selected()
        if token:
            self.app.copy_to_clipboard(calendar.feed_url(self.base, token))
            self.app.say(self.t("feeds.copied"))
