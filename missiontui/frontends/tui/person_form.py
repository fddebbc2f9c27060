"""A person from the TUI: name, email, role, organisation — a new one, or one to correct (a change a
colleague saved meanwhile is refused, never overwritten; the history keeps both)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Static

from missiontui.frontends.tui.base import Dialog
from missiontui.frontends.tui.safe import TextInput, plain
from missiontui.usecases.people import add_person, edit_person

FIELDS = ("name", "email", "role", "organisation")


class PersonFormScreen(Dialog):
    """Dismisses with the person's name, or None."""

    BINDINGS = [Binding("ctrl+s", "save", "edit.save", id="person.save"),
                Binding("escape", "cancel", "edit.cancel", id="person.cancel")]

    def __init__(self, person_id: int | None = None):
        super().__init__()
        self.person_id = person_id
        self.original = None

    def compose(self) -> ComposeResult:
        p = self.original = self.app.store.person(self.person_id) if self.person_id is not None else None
        with Vertical(classes="dialog person-form"):
            yield Static(id="form-title", classes="dialog-title")
            with VerticalScroll():  # at 80×24 the four fields and the buttons do not all fit
                for field in FIELDS:
                    yield Label(id=f"l-{field}")
                    yield TextInput(getattr(p, field) if p else "", id=field)
            yield Static(id="form-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(id="save", variant="primary")
                yield Button(id="cancel")

    def relabel(self) -> None:
        title = self.t("person.edit_of", name=self.original.name) if self.original else self.t("person.new")
        self.query_one("#form-title", Static).update(plain(title, single_line=True))
        for field in FIELDS:
            self.query_one(f"#l-{field}", Label).update(self.t(f"person.{field}"))
        self.query_one("#save", Button).label = self.t("edit.save")
        self.query_one("#cancel", Button).label = self.t("edit.cancel")
        self.query_one("#name", Input).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_save() if event.button.id == "save" else self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_save()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        values = {field: self.query_one(f"#{field}", TextInput).typed for field in FIELDS}
        ctx, p = self.app.ctx, self.original
        if p is None:
            def work():
                return add_person(ctx, values["name"], values["email"], values["role"], values["organisation"])
        else:
            def work():
                return edit_person(ctx, p.id, values, version=p.version)
        self.in_background(work, self._saved, on_error=lambda exc: self.query_one("#form-error", Static).update(
            plain(exc.localized(self.lang))))

    def _saved(self, person) -> None:
        self.app.say(self.t("person.saved" if self.original else "person.added", name=person.name))
        self.app.refresh_all()
        self.dismiss(person.name)
