"""The sponsor's status report from the TUI: write it as a file (the same as `missiontui report`),
or go to the mission's live links."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from missiontui.core.errors import MissionError
from missiontui.frontends.tui.base import Dialog
from missiontui.frontends.tui.safe import plain
from missiontui.usecases.reports import FORMATS, status_report, write_report

SUFFIXES = {"html": ".html", "markdown": ".md", "csv": ".csv", "xlsx": ".xlsx"}
NAMES = {"html": "HTML", "markdown": "Markdown", "csv": "CSV", "xlsx": "Excel (.xlsx)"}


class ReportScreen(Dialog):
    BINDINGS = [Binding("escape", "cancel", "edit.cancel"), Binding("ctrl+s", "write", "report.write")]

    def __init__(self, mission: str):
        super().__init__()
        self.mission = mission
        self.format = "html"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(id="report-title", classes="dialog-title")
            yield Label(id="l-format")
            yield Select([(NAMES[f], f) for f in FORMATS], value=self.format, allow_blank=False, id="format")
            yield Label(id="l-path")
            yield Input(id="path")
            yield Static(id="report-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(id="write", variant="primary")
                yield Button(id="links")
                yield Button(id="cancel")

    def relabel(self) -> None:
        self.query_one("#report-title", Static).update(plain(f"{self.t('report.title')} — {self.mission}"))
        self.query_one("#l-format", Label).update(self.t("report.format"))
        self.query_one("#l-path", Label).update(self.t("export.path"))
        path = self.query_one("#path", Input)
        if not path.value:
            name = f"{self.t('report.file_name')}-{self.mission}".replace("/", "-")
            path.value = str(Path.home() / (name + SUFFIXES[self.format]))
        self.query_one("#write", Button).label = self.t("report.write")
        self.query_one("#links", Button).label = self.t("report.live_links")
        self.query_one("#cancel", Button).label = self.t("edit.cancel")
        path.focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        """The file's suffix follows the format, unless the user typed another one."""
        path = self.query_one("#path", Input)
        old, new = SUFFIXES[self.format], SUFFIXES[event.value]
        if path.value.lower().endswith(old):
            path.value = path.value[: -len(old)] + new
        self.format = event.value

    def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {"write": self.action_write, "links": self.action_links, "cancel": self.action_cancel}
        actions[event.button.id]()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_write()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_links(self) -> None:
        from missiontui.frontends.tui.report_links import ReportLinksScreen

        self.dismiss(None)
        self.app.push_screen(ReportLinksScreen(mission=self.mission))

    def action_write(self) -> None:
        target = self.query_one("#path", Input).value.strip()  # a space typed after the name is a slip
        app, mission, fmt = self.app, self.mission, self.format
        self.query_one("#report-error", Static).update("")

        def work():  # a wrong folder, a full disk: said in the dialog, which stays open
            return write_report(status_report(app.store, mission, today=app.today), fmt, app.language, target)

        self.in_background(work, self._written, on_error=self._failed)

    def _failed(self, error: MissionError) -> None:
        if self.still_showing("#report-error"):
            self.query_one("#report-error", Static).update(plain(error.localized(self.lang)))

    def _written(self, files: list[Path]) -> None:
        self.app.say(self.t("report.written", path=", ".join(str(f) for f in files)))
        if self.is_attached:
            self.dismiss(str(files[0]))
