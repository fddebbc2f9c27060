"""Export the calendar of the current view to a file, from the TUI."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Label, Static

from missiontui.core.errors import MissionError, os_reason
from missiontui.core.i18n import t
from missiontui.usecases import calendars as calendar
from missiontui.frontends.tui.base import Dialog
from missiontui.frontends.tui.safe import plain


class ExportScreen(Dialog):
    BINDINGS = [Binding("escape", "cancel", "edit.cancel"), Binding("ctrl+s", "export", "action.export")]

    def __init__(self, mission: str | None = None, owner: str | None = None):
        super().__init__()
        self.mission, self.owner = mission, owner

    def compose(self) -> ComposeResult:
        name = f"missiontui-{self.mission or 'all'}.ics".replace("/", "-")
        with Vertical(classes="dialog"):
            yield Static(id="export-title", classes="dialog-title")
            yield Label(id="l-path")
            yield Input(str(Path.home() / name), id="path")
            yield Checkbox(id="todo")
            yield Static(id="export-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(id="export", variant="primary")
                yield Button(id="cancel")

    def relabel(self) -> None:
        scope = self.mission or self.owner or ""
        self.query_one("#export-title", Static).update(plain(f"{self.t('export.title')} {scope}".strip()))
        self.query_one("#l-path", Label).update(self.t("export.path"))
        self.query_one("#todo", Checkbox).label = self.t("export.todo")
        self.query_one("#export", Button).label = self.t("action.export")
        self.query_one("#cancel", Button).label = self.t("edit.cancel")
        self.query_one("#path", Input).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_export() if event.button.id == "export" else self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_export()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_export(self) -> None:
        target = Path(self.query_one("#path", Input).value).expanduser()
        todo = self.query_one("#todo", Checkbox).value
        app, scope = self.app, calendar.Scope(mission=self.mission, owner=self.owner)

        def job():
            try:
                exported = calendar.export_to_file(app.store, target, scope, today=app.today, language=app.language,
                                                reminders=app.ctx.config.reminders, todo=todo)
            except OSError as exc:  # a wrong folder, a full disk: said in the dialog, which stays open
                self._failed(t("os.file_error", app.language, reason=os_reason(exc), path=str(target)))
                return
            except MissionError as exc:  # a wrong reference
                self._failed(exc.localized(app.language))
                return
            except Exception as exc:  # a bug: said, and the app goes on
                app.call_from_thread(app.worker_failed, exc)
                return
            app.call_from_thread(self._done, exported, target)

        self.run_worker(job, thread=True, exclusive=True, group="export")

    def _failed(self, message: str) -> None:
        self.app.call_from_thread(self.query_one("#export-error", Static).update, plain(message))

    def _done(self, exported, target: Path) -> None:
        n, gone = exported.deadlines, exported.cancellations
        message = self.t("export.ok_one" if n == 1 else "export.ok_many", count=n, path=str(target))
        if gone:  # deleted or cancelled lately: published as cancelled so calendars remove them
            message += " " + self.t("export.cancellations_one" if gone == 1 else "export.cancellations_many",
                                    count=gone)
        self.app.say(message)
        self.dismiss(str(target))
