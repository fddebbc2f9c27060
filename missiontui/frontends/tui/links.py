"""What the calendar feeds' and the live reports' screens share: a table of secret links, one made
for this view (n), one revoked (r). The subclass says which links, how they read, and the use cases."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from missiontui.core.textsafe import visible
from missiontui.frontends.tui.base import Page
from missiontui.frontends.tui.footer import KeysFooter
from missiontui.frontends.tui.safe import plain

DEFAULT_BASE = "http://127.0.0.1:8421"


class LinksScreen(Page):
    BINDINGS = [Binding("escape", "app.pop_screen", "action.back")]  # n (new) and r (revoke) named by each
    # The screen's words, as catalogue keys: its title, its help line, what it says with no link yet,
    # after a revocation, under a new link (shown once), and when one is made.
    TITLE_KEY, HELP_KEY, NONE_KEY, REVOKED_KEY, SHOWN_ONCE_KEY, MADE_KEY = "", "", "", "", "", ""

    def __init__(self, mission: str | None = None, owner: str | None = None, base_url: str | None = None):
        super().__init__()
        self.mission, self.owner = mission, owner
        self.base_url = base_url

    def compose(self) -> ComposeResult:
        yield Static(id="title", classes="screen-title")
        yield Static(id="links-help", classes="status-line")
        yield Static(id="links-fresh", classes="status-line")  # a link shown once, when it is made
        yield DataTable(id="links", cursor_type="row", zebra_stripes=True)
        yield KeysFooter()

    @property
    def base(self) -> str:
        """How colleagues' calendars and browsers reach `missiontui serve`: the config's feed_base_url."""
        return self.base_url or self.app.ctx.config.feed_base_url or DEFAULT_BASE

    # --- what a subclass says --------------------------------------------------------------------

    def links(self) -> list:
        raise NotImplementedError

    def columns(self) -> list[str]:
        raise NotImplementedError

    def cells(self, link) -> list[str]:
        raise NotImplementedError

    def create(self, ctx):
        """The use case making a link for this view (run off the UI thread)."""
        raise NotImplementedError

    def revoke(self, ctx, link_id: str):
        raise NotImplementedError

    def urls(self, link) -> list[str]:
        """The addresses of a link just made (the first is copied)."""
        raise NotImplementedError

    # --- shared ----------------------------------------------------------------------------------

    def relabel(self) -> None:
        self.query_one("#title", Static).update(plain(self.t(self.TITLE_KEY)))
        self.refresh_data()

    def refresh_data(self) -> None:
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_columns(*(Text(column) for column in self.columns()))
        for link in self.links():
            table.add_row(*(Text(cell) for cell in self.cells(link)), key=str(link.id))
        help_text = self.t(self.HELP_KEY)
        if not table.row_count:
            help_text = self.t(self.NONE_KEY) + "  " + help_text
        self.query_one("#links-help", Static).update(plain(help_text))

    def selected(self):
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((link for link in self.links() if str(link.id) == key), None)

    def action_new(self) -> None:
        ctx = self.app.ctx
        self.in_background(lambda: self.create(ctx), self._created)

    def _created(self, link) -> None:
        """The database keeps only a digest: the link is shown now, on screen until the user leaves,
        and copied, or never again."""
        urls = self.urls(link)
        self.app.copy_to_clipboard(urls[0])
        if self.still_showing(DataTable):
            self.refresh_data()
            self.query_one("#links-fresh", Static).update(plain("\n".join([*urls, self.t(self.SHOWN_ONCE_KEY)])))
        self.app.say(self.t(self.MADE_KEY, id=link.id))

    def action_revoke(self) -> None:
        """Asks first: whoever uses the link loses it at once (undo gives it back)."""
        from missiontui.frontends.tui.confirm import ConfirmScreen

        link = self.selected()
        if link is None:
            self.app.say(self.t(self.NONE_KEY))
            return
        ctx = self.app.ctx

        def answered(yes: bool) -> None:
            if yes:
                self.in_background(lambda: self.revoke(ctx, str(link.id)), self._revoked)

        target = " · ".join(visible(part) for part in (link.target, link.label) if part)
        question = self.t("links.confirm_revoke", id=link.id, target=target)
        self.app.push_screen(ConfirmScreen(question, self.t("links.revoke_yes"), self.t("confirm.no")), answered)

    def _revoked(self, _) -> None:
        self.app.say(self.t(self.REVOKED_KEY))
        if self.still_showing(DataTable):
            self.refresh_data()
