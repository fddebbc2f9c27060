"""MissionApp: the screens, the live refresh, the language, undo and redo, the command palette.

Reads on the UI thread use their own connection (`self.store`), so a long write — an import, a sync
— never blocks drawing; every change runs a use case in a worker with `self.ctx`."""

from __future__ import annotations

import logging
from datetime import date

from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive

from missiontui.core.errors import MissionError
from missiontui.core.textsafe import visible
from missiontui.frontends.tui.base import Translated, translate_bindings, translate_tree
from missiontui.frontends.tui.palette import MissionCommands
from missiontui.frontends.tui.sync import SyncController
from missiontui.store import Store
from missiontui.store.errors import DatabaseError, OperationalError
from missiontui.usecases.context import Context

REFRESH_SECONDS = 1.0
log = logging.getLogger("missiontui.tui")


class MissionApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "missiontui"
    COMMANDS = App.COMMANDS | {MissionCommands}
    BINDINGS = [
        Binding("q", "quit", "app.quit", id="app.quit"),
        Binding("ctrl+q", "quit", "app.quit", show=False, priority=True, id="app.quit_now"),
        Binding("ctrl+p", "command_palette", "app.palette", show=False, priority=True, id="app.palette"),
        Binding("question_mark,f1", "help", "app.help", key_display="?", id="app.help"),
        Binding("ctrl+z", "undo", "action.undo", show=False, id="app.undo"),
        Binding("ctrl+y", "redo", "action.redo", show=False, id="app.redo"),
        Binding("ctrl+l", "toggle_language", "action.language", show=False, id="app.language"),
        Binding("f5", "sync", "action.sync", show=False, id="app.sync"),
    ]
    language = reactive("en")

    def __init__(self, ctx: Context, *, language: str = "en", demo: bool = False):
        super().__init__()
        self.ctx = ctx
        self.demo = demo  # every screen says so, with the day the demo pins
        self.store = Store(ctx.store.path)  # the UI thread's own connection, for reading
        self.set_reactive(MissionApp.language, language if language in ("en", "fr") else "en")
        self._marker = None

    @property
    def today(self) -> date:
        """Read from the clock each time: an app left open past midnight knows the new day."""
        return self.ctx.today()

    def reading_context(self) -> Context:
        """The use cases' context on the UI's own connection: for reads (a write uses `self.ctx`)."""
        ctx = self.ctx
        return Context(self.store, ctx.actor, ctx.clock, ctx.config, source="tui")

    def on_mount(self) -> None:
        from missiontui.frontends.tui.agenda import AgendaScreen

        self.set_keymap(dict(self.ctx.config.keymap))
        translate_bindings(self, self.language)
        self._marker = self.store.data_version()
        self.set_interval(REFRESH_SECONDS, self.check_for_changes)
        self.sync = SyncController(self)
        self.push_screen(AgendaScreen())

    def on_unmount(self) -> None:
        self.store.close()

    # --- background work: one place where its errors end up -------------------------------------

    def run_use_case(self, work, then=None, *, on_error=None, group: str = "write") -> None:
        """`work()` in a worker thread; its result to `then` on the UI thread. A MissionError is said
        (or given to `on_error`); anything unexpected is said and logged, and the app goes on."""

        def job():
            try:
                result = work()
            except MissionError as exc:
                self.call_from_thread(on_error or self._say_error, exc)
            except DatabaseError as exc:  # the file itself: locked too long, full, damaged — as the CLI says it
                key = "cli.database_busy" if isinstance(exc, OperationalError) else "cli.database_damaged"
                self.call_from_thread(self._say_database, key, str(exc))
            except Exception as exc:  # a bug: show it, keep the app and any open form alive
                log.exception("background work failed")
                self.call_from_thread(self.worker_failed, exc)
            else:
                if then is not None and self.is_running:
                    self.call_from_thread(then, result)

        self.run_worker(job, thread=True, group=group, exit_on_error=False)

    def _say_database(self, key: str, reason: str) -> None:
        from missiontui.core.i18n import t

        self.say(t(key, self.language, reason=reason), error=True)

    def _say_error(self, exc: MissionError) -> None:
        self.say(exc.localized(self.language), error=True)

    def worker_failed(self, exc: BaseException) -> None:
        from missiontui.core.i18n import t

        self.say(t("app.error", self.language, e=f"{type(exc).__name__}: {exc}"), error=True)

    # --- live refresh ---------------------------------------------------------------------------

    def check_for_changes(self) -> None:
        """PRAGMA data_version moves when another connection commits: a colleague, the CLI, our own writes."""
        marker = self.store.data_version()
        if marker != self._marker:
            self._marker = marker
            self.refresh_all()

    def refresh_all(self) -> None:
        if self._exit or self._closing:  # shutting down: the screens are losing their widgets
            return
        for screen in self.screen_stack:
            if isinstance(screen, Translated) and screen.is_mounted and not screen._closing:
                screen.refresh_data()

    # --- undo / redo ----------------------------------------------------------------------------

    def action_undo(self) -> None:
        from missiontui.usecases import undo

        self.run_use_case(lambda: undo.undo(self.ctx), lambda r: self._reverted("undo.ok", r))

    def action_redo(self) -> None:
        from missiontui.usecases import undo

        self.run_use_case(lambda: undo.redo(self.ctx), lambda r: self._reverted("redo.ok", r))

    def _reverted(self, key: str, result) -> None:
        from missiontui.core.i18n import t

        titles = [r.after.get("title") or r.before.get("title") or self._title_of(r.entity, r.entity_id)
                  for r in result.records]
        self.say(t(key, self.language, title=", ".join(str(x) for x in titles[:3])))
        self.refresh_all()

    def _title_of(self, entity: str, entity_id: int) -> str:
        """What the user knows a thing by, when the change undone did not touch its title ("#11 Rapport")."""
        from missiontui.core.errors import MissionError

        try:
            if entity == "deliverable":
                return f"#{entity_id} {self.store.deliverable(entity_id, include_deleted=True).title}"
            if entity == "mission":
                return self.store.mission_by_id(entity_id).reference
            if entity == "person":
                return self.store.person(entity_id).name
        except (MissionError, TypeError):
            pass
        from missiontui.core.i18n import t

        return t("out.entity_ref", self.language, entity=t(f"out.entity.{entity}", self.language), id=entity_id)

    # --- team sync (frontends/tui/sync.py) -----------------------------------------------------

    def action_sync(self) -> None:
        self.sync.start()

    def action_sync_conflicts(self) -> None:
        self.sync.open_conflicts()

    # --- language -------------------------------------------------------------------------------

    def action_toggle_language(self) -> None:
        self.language = "fr" if self.language == "en" else "en"

    def watch_language(self) -> None:
        translate_bindings(self, self.language)
        for screen in self.screen_stack:
            if isinstance(screen, Translated):
                translate_tree(screen, self.language)
                screen._demo_note()
                screen.relabel()
        self.refresh_bindings()

    def get_key_display(self, binding: Binding) -> str:
        """Key names in the user's language: the French keyboard says "espace", "entrée", "suppr"."""
        from missiontui.core.i18n import catalogue

        shown = super().get_key_display(binding)
        return catalogue().get(f"keyname.{shown}", {}).get(self.language, shown)

    # --- navigation shared by screens -----------------------------------------------------------

    def action_help(self) -> None:
        from missiontui.frontends.tui.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def open_missions(self) -> None:
        """The missions overview, one key away from the agenda (and back with Escape)."""
        from missiontui.frontends.tui.missions import MissionsScreen

        below = [s for s in self.screen_stack if isinstance(s, MissionsScreen)]
        if below:
            while self.screen is not below[-1]:
                self.pop_screen()
        else:
            self.push_screen(MissionsScreen())

    def open_agenda(self, mission: str | None = None) -> None:
        """Everyone's agenda (the first screen: back to it), or one mission's."""
        from missiontui.frontends.tui.agenda import AgendaScreen

        landing = self.screen_stack[1] if len(self.screen_stack) > 1 else None
        if mission is None and isinstance(landing, AgendaScreen) and landing.mission is None:
            while self.screen is not landing:
                self.pop_screen()
        else:
            self.push_screen(AgendaScreen(mission=mission))

    def open_month(self, mission: str | None = None) -> None:
        from missiontui.frontends.tui.month import MonthScreen

        self.push_screen(MonthScreen(mission=mission))

    def open_mission(self, reference: str | None) -> None:
        from missiontui.frontends.tui.deliverables import DeliverablesScreen

        self.push_screen(DeliverablesScreen(mission=reference))

    def open_deliverable(self, deliverable_id: int) -> None:
        from missiontui.frontends.tui.deliverables import DeliverablesScreen

        d = self.store.deliverable(deliverable_id)
        self.push_screen(DeliverablesScreen(mission=d.mission_ref, select=deliverable_id))

    def open_letter(self) -> None:
        from missiontui.frontends.tui.letter import LetterScreen

        self.push_screen(LetterScreen(), lambda reference: reference and self.open_mission(reference))

    def open_people(self) -> None:
        from missiontui.frontends.tui.people import PeopleScreen

        self.push_screen(PeopleScreen())

    def open_export(self, mission: str | None = None, owner: str | None = None) -> None:
        from missiontui.frontends.tui.export import ExportScreen

        self.push_screen(ExportScreen(mission=mission, owner=owner))

    def open_feeds(self, mission: str | None = None, owner: str | None = None) -> None:
        from missiontui.frontends.tui.feeds import FeedsScreen

        self.push_screen(FeedsScreen(mission=mission, owner=owner))

    def action_report(self) -> None:
        self.open_report()

    def open_report(self, mission: str | None = None) -> None:
        """The status report of `mission`, else of the mission the screen shows, else of the
        highlighted deliverable's (the agenda, all deliverables)."""
        from missiontui.frontends.tui.report import ReportScreen
        from missiontui.frontends.tui.rows import RowActions

        screen = self.screen
        mission = mission or getattr(screen, "mission", None)
        if not mission and isinstance(screen, RowActions) and screen.selected_id() is not None:
            # the highlighted row's (a colleague may have deleted it since the last refresh)
            mission = self.store.deliverable(screen.selected_id(), include_deleted=True).mission_ref
        if not mission:
            from missiontui.core.i18n import t

            self.say(t("report.needs_mission", self.language), error=True)
            return
        self.push_screen(ReportScreen(mission))

    # --- the command palette, in the user's language ---------------------------------------------

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        from missiontui.core.i18n import t

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder=t("palette.placeholder", self.language),
                                            id="--command-palette"))

    def get_system_commands(self, screen):
        """Textual's own commands in the user's language; its "Keys" panel gives way to our help
        (listed by MissionCommands), so help is offered once."""
        from missiontui.frontends.tui.base import textual_word

        for command in super().get_system_commands(screen):
            if command.callback != self.action_show_help_panel and command.callback != self.action_hide_help_panel:
                yield command._replace(title=textual_word(command.title, self.language),
                                       help=textual_word(command.help, self.language))

    def say(self, text: str, *, error: bool = False) -> None:
        """A notification of user text: never markup, and its control characters shown, not sent
        to the terminal (a colleague's title may hold escape sequences)."""
        self.notify(visible(text, single_line=False), severity="error" if error else "information", markup=False)
