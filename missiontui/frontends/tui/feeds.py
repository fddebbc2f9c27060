"""Calendar subscriptions from the TUI: make one for this view (its URL shown once, and copied),
revoke one."""

from __future__ import annotations

from textual.binding import Binding
from missiontui.core.display import local_time
from missiontui.core.textsafe import visible
from missiontui.frontends.tui.links import LinksScreen
from missiontui.usecases import calendars as calendar
from missiontui.usecases.subscriptions import add_feed, revoke_feed


class FeedsScreen(LinksScreen):
    BINDINGS = [
        Binding("n", "new", "feeds.new"),
        Binding("r", "revoke", "feeds.revoke"),
    ]
    TITLE_KEY, HELP_KEY, NONE_KEY, REVOKED_KEY = "feeds.title", "feeds.help", "feeds.none", "feeds.revoked"
    SHOWN_ONCE_KEY, MADE_KEY = "feeds.shown_once", "feeds.made"

    def links(self) -> list:
        return self.app.store.feed_tokens()

    def columns(self) -> list[str]:
        return ["#", self.t("col.mission"), self.t("reportlinks.label"), self.t("reportlinks.created")]

    def cells(self, token) -> list[str]:
        return [str(token.id), visible(token.target), visible(token.label), local_time(token.created_at)]

    def create(self, ctx):
        return add_feed(ctx, mission=self.mission, person=self.owner)

    def revoke(self, ctx, link_id: str):
        return revoke_feed(ctx, link_id)

    def urls(self, token) -> list[str]:
        url = calendar.feed_url(self.base, token)
        return [url, calendar.webcal_url(url)]
