"""MissionApp: the screens, the live refresh, the language, the command palette."""

from __future__ import annotations

from datetime import date

from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive

from missiontui.store import Store
from missiontui.frontends.tui import messages  # noqa: F401  (registers the TUI's words)
from missiontui.frontends.tui.base import Translated, translate_bindings, translate_tree
from missiontui.frontends.tui.palette import MissionCommands

REFRESH_SECONDS = 1.0


class MissionApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "missiontui"
    COMMANDS = App.COMMANDS | {MissionCommands}
    BINDINGS = [
        Binding("q", "quit", "app.quit"),
        Binding("question_mark,f1", "help", "app.help", key_display="?"),
        Binding("ctrl+l", "toggle_language", "action.language", show=False),
    ]
    language = reactive("en")

    def __init__(self, store: Store, *, language: str = "en", today: date | None = None):
        super().__init__()
        self.store = store
        self.today = today or date.today()
        self.set_reactive(MissionApp.language, language if language in ("en", "fr") else "en")
        self._marker = None

    def on_mount(self) -> None:
        from missiontui.frontends.tui.missions import MissionsScreen

        translate_bindings(self, self.language)
        self._marker = self.store.data_version()
        self.set_interval(REFRESH_SECONDS, self.check_for_changes)
        self.push_screen(MissionsScreen())

    # --- live refresh ---------------------------------------------------------------------------

    def check_for_changes(self) -> None:
        """PRAGMA data_version moves when another connection commits: a colleague, the CLI."""
        marker = self.store.data_version()
        if marker != self._marker:
            self._marker = marker
            self.refresh_all()

    def refresh_all(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, Translated):
                screen.refresh_data()

    # --- language -------------------------------------------------------------------------------

    def action_toggle_language(self) -> None:
        self.language = "fr" if self.language == "en" else "en"

    def watch_language(self) -> None:
        translate_bindings(self, self.language)
        for screen in self.screen_stack:
            if isinstance(screen, Translated):
                translate_tree(screen, self.language)
                screen.relabel()
        self.refresh_bindings()

    # --- navigation shared by screens -----------------------------------------------------------

    def action_help(self) -> None:
        from missiontui.frontends.tui.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def open_mission(self, reference: str | None) -> None:
        from missiontui.frontends.tui.deliverables import DeliverablesScreen

        self.push_screen(DeliverablesScreen(mission=reference))

    def open_deliverable(self, deliverable_id: int) -> None:
        from missiontui.frontends.tui.deliverables import DeliverablesScreen

        d = self.store.deliverable(deliverable_id)
        self.push_screen(DeliverablesScreen(mission=d.mission_ref, select=deliverable_id))

    def open_people(self) -> None:
        from missiontui.frontends.tui.people import PeopleScreen

        self.push_screen(PeopleScreen())

    def open_export(self, mission: str | None = None, owner: str | None = None) -> None:
        from missiontui.frontends.tui.export import ExportScreen

        self.push_screen(ExportScreen(mission=mission, owner=owner))

    def open_feeds(self, mission: str | None = None, owner: str | None = None) -> None:
        from missiontui.frontends.tui.feeds import FeedsScreen

        self.push_screen(FeedsScreen(mission=mission, owner=owner))

    def say(self, text: str, *, error: bool = False) -> None:
        """A notification of user text: never markup."""
        self.notify(text, severity="error" if error else "information", markup=False)
