"""A mission from the TUI: the letter's reference, title, signatory, addressees, date, lead — a new
one, or one to correct (saved through the use case, merged with a colleague's newer version)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static

from missiontui.usecases.inputs import resolve_date
from missiontui.usecases.missions import add_mission, edit_mission
from missiontui.core.dates import DateError
from missiontui.core.i18n import long_date
from missiontui.frontends.tui.base import Dialog
from missiontui.frontends.tui.safe import TextEditor, TextInput, plain
from missiontui.frontends.tui.template_choice import offer_templates

FIELDS = ("reference", "title", "authority", "signatory", "signed")


class MissionFormScreen(Dialog):
    """Dismisses with the new or saved mission's reference, or None."""

    BINDINGS = [Binding("ctrl+s", "save", "edit.save"), Binding("escape", "cancel", "edit.cancel")]

    def __init__(self, reference: str | None = None):
        super().__init__()
        self.original = None
        self.reference = reference  # None: a new mission

    def compose(self) -> ComposeResult:
        m = self.original = self.app.store.mission(self.reference) if self.reference else None
        with Vertical(classes="dialog edit-form"):
            yield Static(id="form-title", classes="dialog-title")
            with VerticalScroll():
                values = {"reference": m.reference, "title": m.title, "authority": m.authority,
                          "signatory": m.signatory,
                          "signed": m.signed_on.isoformat() if m.signed_on else ""} if m else {}
                for field in FIELDS:
                    yield Label(id=f"l-{field}")
                    yield TextInput(values.get(field, ""), id=field)
                yield Static(id="signed-preview", classes="preview")
                yield Label(id="l-addressees")
                yield TextEditor("\n".join(m.addressees) if m else "", id="addressees")
                yield Label(id="l-lead")
                people = self.app.store.people()
                yield Select([(plain(p.name), p.id) for p in people], id="lead", allow_blank=True,
                             value=m.lead_id if m and m.lead_id in {p.id for p in people} else Select.NULL)
                if m is None:  # a new mission may lay out a template's phases
                    yield Label(id="l-template")
                    yield Select([], id="template", allow_blank=True)
                    yield Static(id="template-problems", classes="error")
                yield Label(id="l-summary")
                yield TextEditor(m.summary if m else "", id="summary", soft_wrap=True)
            yield Static(id="form-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(id="save", variant="primary")
                yield Button(id="cancel")

    def relabel(self) -> None:
        title = self.t("mission.edit_of", reference=self.original.reference) if self.original else self.t("mission.new")
        self.query_one("#form-title", Static).update(plain(title, single_line=True))
        for field in (*FIELDS, "addressees", "lead", "summary", *(() if self.original else ("template",))):
            self.query_one(f"#l-{field}", Label).update(self.t(f"mission.{field}"))
        self.query_one("#lead", Select).prompt = self.t("template.no_lead")
        if self.original is None:
            offer_templates(self)
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
        value = {field: self.query_one(f"#{field}", TextInput).typed for field in FIELDS}
        lead = self.query_one("#lead", Select).value
        addressees = [line for line in self.query_one("#addressees", TextEditor).typed.splitlines() if line.strip()]
        names = {p.id: p.name for p in self.app.store.people()}
        summary, ctx = self.query_one("#summary", TextEditor).typed, self.app.ctx
        lead = None if lead is Select.NULL else names.get(lead)
        m = self.original
        if m is None:
            template = self.query_one("#template", Select).value
            if template is not Select.NULL and not value["signed"].strip():  # name this form's field, not a flag
                self.query_one("#form-error", Static).update(plain(self.t("template.needs_signed_field",
                                                                          name=template)))
                return
            fields = dict(authority=value["authority"], signatory=value["signatory"], addressees=addressees,
                          signed_on=value["signed"], summary=summary, lead=lead)

            def work():
                if template is Select.NULL:
                    return add_mission(ctx, value["reference"], value["title"], **fields)
                from missiontui.usecases.templates import mission_from_template

                return mission_from_template(ctx, template, value["reference"], value["title"], **fields)
        else:
            changes = {"reference": value["reference"], "title": value["title"], "authority": value["authority"],
                       "signatory": value["signatory"], "addressees": addressees, "signed_on": value["signed"],
                       "summary": summary, "lead": lead}

            def work():
                return edit_mission(ctx, m.reference, changes, version=m.version)
        self.in_background(work, self._saved, on_error=lambda exc: self.query_one("#form-error", Static).update(
            plain(exc.localized(self.lang))))

    def _saved(self, mission) -> None:
        key = "mission.saved" if self.original else "mission.added"
        self.app.say(self.t(key, reference=mission.reference))
        self.app.refresh_all()
        self.dismiss(mission.reference)
