"""Live report links from the TUI: a secret link to this mission's report for a sponsor's browser,
shown (and copied) once when it is made, as `missiontui report-link add` does; revoked with r."""

from __future__ import annotations

from textual.binding import Binding

from missiontui.core.display import local_time
from missiontui.core.textsafe import visible
from missiontui.frontends.tui.links import LinksScreen
from missiontui.usecases.report_links import add_report_link, report_links, report_url, revoke_report_link


class ReportLinksScreen(LinksScreen):
    BINDINGS = [
        Binding("n", "new", "reportlinks.new"),
        Binding("r", "revoke", "feeds.revoke"),
    ]
    TITLE_KEY, HELP_KEY = "reportlinks.title", "reportlinks.help"
    NONE_KEY, REVOKED_KEY = "reportlinks.none", "reportlinks.revoked"
    SHOWN_ONCE_KEY, MADE_KEY = "reportlinks.shown_once", "reportlinks.made"

    def links(self) -> list:
        return report_links(self.app.store)

    def columns(self) -> list[str]:
        return ["#", self.t("col.mission"), self.t("reportlinks.label"), self.t("reportlinks.created")]

    def cells(self, link) -> list[str]:
        return [str(link.id), visible(link.mission_ref or ""), visible(link.label), local_time(link.created_at)]

    def action_new(self) -> None:
        if not self.mission:
            self.app.say(self.t("reportlinks.needs_mission"), error=True)
            return
        super().action_new()

    def create(self, ctx):
        return add_report_link(ctx, self.mission)

    def revoke(self, ctx, link_id: str):
        return revoke_report_link(ctx, link_id)

    def urls(self, link) -> list[str]:
        return [report_url(self.base, link)]
