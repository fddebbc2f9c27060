"""A new mission from the TUI: the letter's reference, title, signatory, addressees, date, lead."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from missiontui.usecases.inputs import resolve_date
from missiontui.usecases.missions import add_mission
from missiontui.core.dates import DateError
from missiontui.core.i18n import long_date
from missiontui.frontends.tui.base import Dialog
from missiontui.frontends.tui.safe import plain

FIELDS = ("reference", "title", "authority", "signatory", "signed")


class MissionFormScreen(Dialog):
    """Dismisses with the new mission's reference, or None."""

    BINDINGS = [Binding("ctrl+s", "save", "edit.save"), Binding("escape", "cancel", "edit.cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog edit-form"):
            yield Static(id="form-title", classes="dialog-title")
            with VerticalScroll():
                for field in FIELDS:
                    yield Label(id=f"l-{field}")
                    yield Input(id=field)
                yield Static(id="signed-preview", classes="preview")
                yield Label(id="l-addressees")
                yield TextArea(id="addressees")
                yield Label(id="l-lead")
                yield Select([(plain(p.name), p.id) for p in self.app.store.people()], id="lead", allow_blank=True)
                yield Label(id="l-summary")
                yield TextArea(id="summary", soft_wrap=True)
            yield Static(id="form-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(id="save", variant="primary")
                yield Button(id="cancel")

    def relabel(self) -> None:
        self.query_one("#form-title", Static).update(self.t("mission.new"))
        for field in (*FIELDS, "addressees", "lead", "summary"):
            self.query_one(f"#l-{field}", Label).update(self.t(f"mission.{field}"))
        self.query_one("#save", Button).label = self.t("edit.save")
        self.query_one("#cancel", Button).label = self.t("edit.cancel")
        self.query_one("#reference", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "signed":
            preview = self.query_one("#signed-preview", Static)
            try:
                day = resolve_date(event.value, self.app.today) if event.value.strip() else None
            except DateError as exc:
                preview.update(plain(exc.localized(self.lang)))
            else:
                preview.update(plain(long_date(day, self.lang)) if day else "")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_save() if event.button.id == "save" else self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        value = {field: self.query_one(f"#{field}", Input).value for field in FIELDS}
        lead = self.query_one("#lead", Select).value
        addressees = [line for line in self.query_one("#addressees", TextArea).text.splitlines() if line.strip()]
        names = {p.id: p.name for p in self.app.store.people()}
        summary, ctx = self.query_one("#summary", TextArea).text, self.app.ctx
        self.in_background(
            lambda: add_mission(ctx, value["reference"], value["title"], authority=value["authority"],
                                signatory=value["signatory"], addressees=addressees, signed_on=value["signed"],
                                summary=summary, lead=None if lead is Select.NULL else names.get(lead)),
            self._added, on_error=lambda exc: self.query_one("#form-error", Static).update(
                plain(exc.localized(self.lang))))

    def _added(self, mission) -> None:
        self.app.say(self.t("mission.added", reference=mission.reference))
        self.app.refresh_all()
        self.dismiss(mission.reference)
