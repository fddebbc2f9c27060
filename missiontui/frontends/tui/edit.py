"""The edit form: every field of a deliverable, the deadline read back as you type, and a conflict
dialog when a colleague saved first. Saving is one transaction, in a worker."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, DataTable, Input, Label, Select, SelectionList, Static, TextArea
from textual.widgets.selection_list import Selection

from missiontui import usecases
from missiontui.core.dates import DateError
from missiontui.core.errors import Conflict, MissionError
from missiontui.core.i18n import KINDS, STATUSES, describe_due
from missiontui.core.model import Deliverable, DeliverableFilter, Kind, Status
from missiontui.core.rules import owners_with_lead
from missiontui.frontends.tui.base import Dialog
from missiontui.frontends.tui.safe import plain


class EditScreen(Dialog):
    """Dismisses with the saved deliverable's id, or None when cancelled."""

    BINDINGS = [Binding("ctrl+s", "save", "edit.save"), Binding("escape", "cancel", "edit.cancel")]

    def __init__(self, deliverable_id: int | None = None, mission: str | None = None):
        super().__init__()
        self.deliverable_id = deliverable_id
        self.original: Deliverable | None = None
        self.mission = mission
        self.version: int | None = None

    def compose(self) -> ComposeResult:
        store = self.app.store
        if self.deliverable_id is not None:
            self.original = store.deliverable(self.deliverable_id)
            self.mission, self.version = self.original.mission_ref, self.original.version
        d = self.original
        people = store.people()
        owner_ids = {o.person_id for o in d.owners} if d else set()
        siblings = [s for s in store.deliverables(DeliverableFilter(mission=self.mission)) if not d or s.id != d.id]
        with Vertical(classes="dialog edit-form"):
            yield Static(id="form-title", classes="dialog-title")
            with VerticalScroll():
                yield Label(id="l-title")
                yield Input(d.title if d else "", id="title")
                with Horizontal(classes="row"):
                    with Vertical():
                        yield Label(id="l-kind")
                        yield Select([(KINDS[self.lang][k], k.value) for k in Kind], id="kind", allow_blank=False,
                                     value=d.kind.value if d else Kind.OTHER.value)
                    with Vertical():
                        yield Label(id="l-status")
                        yield Select([(STATUSES[self.lang][x], x.value) for x in Status], id="status",
                                     allow_blank=False, value=d.status.value if d else Status.PLANNED.value)
                yield Label(id="l-due")
                yield Input((d.due.phrase or d.due.date.isoformat()) if d else "", id="due")
                yield Static(id="due-preview", classes="preview")
                yield Label(id="l-reason", classes="reason")
                yield Input(id="reason", classes="reason")
                yield Label(id="l-owners")
                yield SelectionList(*[Selection(plain(p.name, single_line=True), p.id, p.id in owner_ids)
                                      for p in people], id="owners")
                yield Input(id="new-person")
                yield Label(id="l-lead")
                yield Select([], id="lead", allow_blank=True)
                yield Label(id="l-notes")
                yield TextArea(d.notes if d else "", id="notes", soft_wrap=True)
                yield Label(id="l-depends")
                yield SelectionList(*[Selection(plain(f"#{s.id} {s.title}", single_line=True), s.id,
                                                bool(d and s.id in d.depends_on)) for s in siblings], id="depends")
            yield Static(id="form-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(id="save", variant="primary")
                yield Button(id="cancel")

    def relabel(self) -> None:
        d = self.original
        title = self.t("edit.title_of", id=d.id) if d else self.t("edit.new", ref=self.mission)
        self.query_one("#form-title", Static).update(plain(title, single_line=True))
        for key in ("title", "kind", "status", "due", "reason", "owners", "lead", "notes", "depends"):
            self.query_one(f"#l-{key}", Label).update(self.t(f"edit.{key}"))
        self.query_one("#new-person", Input).placeholder = self.t("edit.new_person")
        self.query_one("#save", Button).label = self.t("edit.save")
        self.query_one("#cancel", Button).label = self.t("edit.cancel")
        for selector, labels, enum in (("#kind", KINDS, Kind), ("#status", STATUSES, Status)):
            select = self.query_one(selector, Select)
            value = select.value
            select.set_options([(labels[self.lang][member], member.value) for member in enum])
            select.value = value
        self._update_lead_options(initial=d.lead.person_id if d and d.lead else None)
        self._preview()
        self.query_one("#title", Input).focus()

    # --- live feedback --------------------------------------------------------------------------

    def _due_touched(self) -> bool:
        d = self.original
        return d is None or self.query_one("#due", Input).value.strip() != (d.due.phrase or d.due.date.isoformat())

    def _preview(self) -> None:
        """"fin juin → jeudi 30 juin 2022 · fin de mois", or why the phrase is not a date."""
        preview = self.query_one("#due-preview", Static)
        text = self.query_one("#due", Input).value
        moved = False
        if not self._due_touched():
            preview.update(plain(describe_due(self.original.due, self.lang)))
            preview.remove_class("invalid")
        elif not text.strip():
            preview.update("")
        else:
            try:
                due = usecases.resolve_due(text, self.app.today)
            except DateError as exc:
                preview.update(plain(exc.localized(self.lang)))
                preview.add_class("invalid")
            else:
                preview.update(plain(f"{due.phrase} → {describe_due(due, self.lang)}"))
                preview.remove_class("invalid")
                moved = self.original is not None and due.date != self.original.due.date
        for widget in self.query(".reason"):
            widget.display = moved

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "due":
            self._preview()

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        if event.selection_list.id == "owners":
            self._update_lead_options()

    def _update_lead_options(self, initial: int | None = None) -> None:
        owners = self.query_one("#owners", SelectionList)
        lead = self.query_one("#lead", Select)
        current = initial if initial is not None else lead.value
        names = {p.id: p.name for p in self.app.store.people()}
        lead.set_options([(plain(names[pid], single_line=True), pid) for pid in owners.selected if pid in names])
        if current in owners.selected:
            lead.value = current

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "new-person" and event.value.strip():
            self._add_person(event.value)
        elif event.input.id != "new-person":
            self.action_save()

    def _add_person(self, name: str) -> None:
        try:
            person = self.app.store.add_person(name)
        except MissionError as exc:
            self._error(exc.localized(self.lang))
            return
        owners = self.query_one("#owners", SelectionList)
        owners.add_option(Selection(plain(person.name, single_line=True), person.id, True))
        self.query_one("#new-person", Input).value = ""
        self._update_lead_options()
        self.app.say(self.t("edit.person_added", name=person.name))

    def _error(self, message: str) -> None:
        self.query_one("#form-error", Static).update(plain(message))

    # --- saving ---------------------------------------------------------------------------------

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _typed(self) -> dict:
        """The form as the user left it, ready for the use case."""
        owners = list(self.query_one("#owners", SelectionList).selected)
        lead = self.query_one("#lead", Select).value
        names = {p.id: p.name for p in self.app.store.people()}
        ordered = owners_with_lead(owners, lead if lead in owners else None)
        fields = {
            "title": self.query_one("#title", Input).value,
            "kind": self.query_one("#kind", Select).value,
            "status": self.query_one("#status", Select).value,
            "owners": [names[pid] for pid, _ in ordered],
            "lead": next((names[pid] for pid, is_lead in ordered if is_lead), None),
            "notes": self.query_one("#notes", TextArea).text,
            "depends_on": list(self.query_one("#depends", SelectionList).selected),
        }
        if self._due_touched():
            fields["due"] = self.query_one("#due", Input).value
        return fields

    def action_save(self, version: int | None = None) -> None:
        fields = self._typed()
        reason = self.query_one("#reason", Input).value
        store, today = self.app.store, self.app.today
        target, version = self.deliverable_id, version if version is not None else self.version

        def save():
            if target is None:
                return usecases.add_deliverable(store, mission=self.mission, today=today, **fields)
            return usecases.edit_deliverable(store, target, version=version, reason=reason, today=today, **fields)

        def job():
            try:
                saved = save()
            except Conflict as conflict:
                self.app.call_from_thread(self._conflict, conflict.current, fields)
            except MissionError as exc:
                self.app.call_from_thread(self._error, exc.localized(self.lang))
            else:
                self.app.call_from_thread(self._saved, saved)

        self.run_worker(job, thread=True, group="save", exclusive=True)

    def _saved(self, saved: usecases.Saved) -> None:
        key = "edit.saved" if self.original else "edit.added"
        self.app.say(self.t(key, title=saved.deliverable.title))
        for warning in saved.warnings:
            self.app.notify(warning, severity="warning", markup=False)
        self.app.refresh_all()
        self.dismiss(saved.deliverable.id)

    def _conflict(self, theirs: Deliverable, mine: dict) -> None:
        def decided(choice: str | None) -> None:
            if choice == "theirs":
                self.dismiss(theirs.id)
            elif choice == "mine":
                self.version = theirs.version
                self.action_save(version=theirs.version)
            else:  # edit again, on top of their version
                self.version = theirs.version
                self.original = theirs

        self.app.push_screen(ConflictScreen(theirs, mine), decided)


class ConflictScreen(Dialog):
    """Theirs against yours, field by field; the user chooses. Nothing is overwritten silently."""

    BINDINGS = [Binding("escape", "choose('edit')", show=False)]

    def __init__(self, theirs: Deliverable, mine: dict):
        super().__init__()
        self.theirs, self.mine = theirs, mine

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog conflict"):
            yield Static(id="conflict-title", classes="dialog-title")
            yield DataTable(id="diff", cursor_type="none")
            with Horizontal(classes="buttons"):
                yield Button(id="theirs")
                yield Button(id="mine", variant="warning")
                yield Button(id="edit", variant="primary")

    def relabel(self) -> None:
        from rich.text import Text

        from missiontui.core.textsafe import visible

        self.query_one("#conflict-title", Static).update(self.t("conflict.title"))
        for key, label in (("theirs", "conflict.keep_theirs"), ("mine", "conflict.use_mine"), ("edit", "conflict.edit")):
            self.query_one(f"#{key}", Button).label = self.t(label)
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_columns(Text(self.t("conflict.field")), Text(self.t("conflict.theirs")), Text(self.t("conflict.yours")))
        theirs = {
            "title": self.theirs.title, "kind": self.theirs.kind.value, "status": self.theirs.status.value,
            "due": self.theirs.due.phrase or self.theirs.due.date.isoformat(),
            "owners": ", ".join(o.name for o in self.theirs.owners), "notes": self.theirs.notes,
            "depends_on": ", ".join(f"#{x}" for x in self.theirs.depends_on),
        }
        for field, value in self.mine.items():
            if field == "lead":
                continue
            yours = ", ".join(f"#{x}" for x in value) if field == "depends_on" else (
                ", ".join(value) if isinstance(value, list) else str(value))
            if yours != theirs.get(field, ""):
                table.add_row(Text(self.t(f"edit.{field}" if field != "depends_on" else "edit.depends")),
                              Text(visible(theirs.get(field, ""))[:60]), Text(visible(yours)[:60]))
        self.query_one("#edit", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)
