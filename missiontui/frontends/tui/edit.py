"""The edit form: every field of a deliverable, the deadline read back as you type, and — when a
colleague saved first — a merge: their other changes are kept, and each field you both changed is
shown with its three values and chosen one by one. Saving runs the use case in a worker."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from rich.text import Text
from textual.widgets import (
    Button, Input, Label, RadioButton, RadioSet, Select, SelectionList, Static,
)
from textual.widgets.selection_list import Selection

from missiontui.core.changes import FieldConflict, deliverable_state
from missiontui.core.dates import DateError
from missiontui.core.display import field_name, show
from missiontui.core.errors import MergeConflict, MissionError
from missiontui.core.i18n import KINDS, STATUSES, describe_due
from missiontui.core.model import Deliverable, DeliverableFilter, Kind, Owner, Status
from missiontui.core.rules import owners_with_lead
from missiontui.frontends.tui.base import Dialog
from missiontui.core.textsafe import visible
from missiontui.frontends.tui.safe import TextEditor, TextInput, plain
from missiontui.usecases import deliverables as cases
from missiontui.usecases.inputs import resolve_due
from missiontui.usecases.people import add_person


class EditScreen(Dialog):
    """Dismisses with the saved deliverable's id, or None when cancelled."""

    BINDINGS = [Binding("ctrl+s", "save", "edit.save", id="edit.save"),
                Binding("escape", "cancel", "edit.cancel", id="edit.cancel")]

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
        missions = store.missions()
        mission = self.mission or (missions[0].reference if missions else None)
        siblings = [s for s in store.deliverables(DeliverableFilter(mission=mission)) if not d or s.id != d.id]
        with Vertical(classes="dialog edit-form"):
            yield Static(id="form-title", classes="dialog-title")
            with VerticalScroll():
                yield Label(id="l-mission")
                yield Select([(plain(_short(f"{m.reference} — {m.title}"), single_line=True), m.reference)
                              for m in missions], id="mission", allow_blank=False, value=mission)
                yield Label(id="l-title")
                yield TextInput(d.title if d else "", id="title")
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
                yield TextInput(_due_text(d) if d else "", id="due")
                yield Static(id="due-preview", classes="preview")
                yield Label(id="l-repeat", classes="repeat")
                yield Input(d.recurrence if d else "", id="repeat", classes="repeat")
                yield Label(id="l-reason", classes="reason")
                yield Input(id="reason", classes="reason")
                yield Label(id="l-owners")
                yield SelectionList(*[Selection(plain(p.name, single_line=True), p.id, p.id in owner_ids)
                                      for p in people], id="owners")
                yield Input(id="new-person")
                yield Label(id="l-lead")
                yield Select([], id="lead", allow_blank=True)
                yield Label(id="l-notes")
                yield TextEditor(d.notes if d else "", id="notes", soft_wrap=True)
                yield Label(id="l-depends")
                yield SelectionList(*[Selection(plain(f"#{s.id} {s.title}", single_line=True), s.id,
                                                bool(d and s.id in d.depends_on)) for s in siblings], id="depends")
            yield Static(id="form-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(id="save", variant="primary")
                yield Button(id="cancel")

    def relabel(self) -> None:
        d = self.original
        title = self.t("edit.title_of", id=d.id) if d else self.t("edit.new", ref=self._mission() or "")
        self.query_one("#form-title", Static).update(plain(title, single_line=True))
        for key in ("mission", "title", "kind", "status", "due", "reason", "owners", "lead", "notes", "depends"):
            self.query_one(f"#l-{key}", Label).update(self.t(f"edit.{key}"))
        self.query_one("#l-repeat", Label).update(self.t("edit.repeat"))
        self.query_one("#new-person", Input).placeholder = self.t("edit.new_person")
        self.query_one("#save", Button).label = self.t("edit.save")
        self.query_one("#cancel", Button).label = self.t("edit.cancel")
        for selector, labels, enum in (("#kind", KINDS, Kind), ("#status", STATUSES, Status)):
            select = self.query_one(selector, Select)
            value = select.value
            select.set_options([(labels[self.lang][member], member.value) for member in enum])
            select.value = value
        self._update_lead_options(initial=d.lead.person_id if d and d.lead else None)
        self._show_repeat()
        self._preview()
        self.query_one("#title", Input).focus()

    # --- live feedback --------------------------------------------------------------------------

    def _mission(self) -> str | None:
        value = self.query_one("#mission", Select).value
        return None if value is Select.NULL else value

    def _due_touched(self) -> bool:
        d = self.original
        return d is None or self.query_one("#due", TextInput).typed.strip() != _due_text(d)

    def _preview(self) -> None:
        """"fin juin → jeudi 30 juin 2022 · fin de mois", or why the phrase is not a date."""
        preview = self.query_one("#due-preview", Static)
        text = self.query_one("#due", TextInput).typed
        moved = False
        if not self._due_touched():
            due = self.original.due
            preview.update(plain(describe_due(due, self.lang)) if due else self.t("due.undated"))
            preview.remove_class("invalid")
        elif not text.strip():
            preview.update(self.t("due.undated"))
            moved = self.original is not None and self.original.due is not None
        else:
            try:
                due = resolve_due(text, self.app.today)
            except DateError as exc:
                preview.update(plain(exc.localized(self.lang)))
                preview.add_class("invalid")
            else:
                preview.update(plain(f"{due.phrase} → {describe_due(due, self.lang)}"))
                preview.remove_class("invalid")
                moved = self.original is not None and (self.original.due is None or due.date != self.original.due.date)
        for widget in self.query(".reason"):
            widget.display = moved

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "due":
            self._preview()

    def _show_repeat(self) -> None:
        """Only a meeting repeats: the rule's field shows for meetings (and for a rule to remove)."""
        shown = self.query_one("#kind", Select).value == Kind.MEETING.value or bool(
            self.original and self.original.recurrence)
        for widget in self.query(".repeat"):
            widget.display = shown

    def on_select_changed(self, event: Select.Changed) -> None:
        """Another mission: its deliverables are the ones this one can depend on."""
        if event.select.id == "kind" and self.is_mounted:
            self._show_repeat()
        if event.select.id != "mission" or not self.is_mounted:
            return
        d = self.original
        depends = self.query_one("#depends", SelectionList)
        depends.clear_options()
        for s in self.app.store.deliverables(DeliverableFilter(mission=self._mission())):
            if not d or s.id != d.id:
                depends.add_option(Selection(plain(f"#{s.id} {s.title}", single_line=True), s.id,
                                             bool(d and s.id in d.depends_on)))
        if d is None:
            self.query_one("#form-title", Static).update(plain(self.t("edit.new", ref=self._mission() or ""),
                                                               single_line=True))

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
        ctx = self.app.ctx
        self.in_background(lambda: add_person(ctx, name), self._person_added,
                           on_error=lambda exc: self._error(exc.localized(self.lang)))

    def _person_added(self, person) -> None:
        owners = self.query_one("#owners", SelectionList)
        owners.add_option(Selection(plain(person.name, single_line=True), person.id, True))
        self.query_one("#new-person", Input).value = ""
        self._update_lead_options()
        self.app.say(self.t("edit.person_added", name=person.name))
        self.app.refresh_all()  # the "who" filters behind this form offer the new person at once

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
        """The form as the user left it, as the use case takes it."""
        owners = list(self.query_one("#owners", SelectionList).selected)
        lead = self.query_one("#lead", Select).value
        names = {p.id: p.name for p in self.app.store.people()}
        ordered = owners_with_lead([Owner(pid, names.get(pid, "")) for pid in owners if pid in names],
                                   lead if lead in owners else None)
        fields = {
            "title": self.query_one("#title", TextInput).typed,
            "kind": self.query_one("#kind", Select).value,
            "status": self.query_one("#status", Select).value,
            "owners": [o.name for o in ordered],
            "lead": next((o.name for o in ordered if o.lead), None),
            "notes": self.query_one("#notes", TextEditor).typed,
            "depends_on": list(self.query_one("#depends", SelectionList).selected),
        }
        if self._due_touched():
            fields["due"] = self.query_one("#due", TextInput).typed
        repeat = self.query_one("#repeat", Input).value.strip()
        if repeat != (self.original.recurrence if self.original else ""):
            fields["recurrence"] = repeat
        if self.original is not None and self._mission() != self.original.mission_ref:
            fields["mission"] = self._mission()
        return fields

    def action_save(self, choices: dict | None = None, cascade: bool | None = None) -> None:
        fields = self._typed()
        reason = self.query_one("#reason", Input).value
        ctx, target, version, mission = self.app.ctx, self.deliverable_id, self.version, self._mission()
        if cascade is None and target is not None and "due" in fields:  # what slips if this slips? ask first
            self.in_background(lambda: cases.what_slips(ctx, target, fields["due"]),
                               lambda slipped: self._ask_slips(slipped, choices), on_error=self._failed)
            return

        def save():
            if target is None:
                return cases.add_deliverable(ctx, mission=mission, **fields)
            return cases.edit_deliverable(ctx, target, fields, version=version, choices=choices or {}, reason=reason,
                                          cascade=bool(cascade))

        self.in_background(save, self._saved, on_error=self._failed)

    def _ask_slips(self, slipped, choices: dict | None) -> None:
        from missiontui.frontends.tui.slips import SlipScreen

        if not slipped:
            self.action_save(choices, cascade=False)
            return

        def chosen(choice) -> None:
            if choice in ("move", "only"):
                self.action_save(choices, cascade=choice == "move")

        self.app.push_screen(SlipScreen(self.query_one("#title", TextInput).typed, slipped), chosen)

    def _failed(self, exc: MissionError) -> None:
        if isinstance(exc, MergeConflict):
            self._conflict(exc)
        else:
            self._error(exc.localized(self.lang))

    def _saved(self, saved: cases.Saved) -> None:
        key = "edit.saved" if self.original else "edit.added"
        self.app.say(self.t(key, title=saved.deliverable.title))
        if saved.cascaded:
            self.app.say(self.t("slips.moved", count=len(saved.slipped)))
        if saved.kept:
            self.app.say(self.t("conflict.kept", fields=", ".join(field_name(f, self.lang) for f in saved.kept)))
        for warning in saved.warnings:
            self.app.notify(visible(warning, single_line=False), severity="warning", markup=False)
        self.app.refresh_all()
        self.dismiss(saved.deliverable.id)

    def _conflict(self, conflict: MergeConflict) -> None:
        theirs = conflict.current

        def decided(choice) -> None:
            if choice == "theirs":
                self.dismiss(theirs.id)
            elif isinstance(choice, dict):
                self.action_save(choices=choice)
            else:
                self._take_theirs_where_untouched(theirs)

        self.app.push_screen(ConflictScreen(theirs, conflict.conflicts), decided)

    def _take_theirs_where_untouched(self, theirs: Deliverable) -> None:
        """Back to editing: the fields you had not touched now show the colleague's values, so saving
        can never put the old ones back; the fields you both changed keep yours, and the next save
        shows them again. The form still merges against the version you opened."""
        base = deliverable_state(self.original)
        now = deliverable_state(theirs)
        if now["title"] != base["title"] and self.query_one("#title", TextInput).typed == base["title"]:
            self.query_one("#title", TextInput).show(theirs.title)
        if now["notes"] != base["notes"] and self.query_one("#notes", TextEditor).typed == base["notes"]:
            self.query_one("#notes", TextEditor).show(theirs.notes)
        if now["due"] != base["due"] and not self._due_touched():
            self.query_one("#due", TextInput).show(_due_text(theirs))
        for name, selector in (("kind", "#kind"), ("status", "#status")):
            select = self.query_one(selector, Select)
            if now[name] != base[name] and select.value == base[name].value:
                select.value = now[name].value
        self.original = theirs
        self._preview()


def _short(text: str, width: int = 48) -> str:
    """One line in the form's narrowest width (80 columns): a long mission title is cut, not wrapped."""
    return text if len(text) <= width else text[: width - 1] + "…"


def _due_text(d: Deliverable) -> str:
    return (d.due.phrase or d.due.date.isoformat()) if d.due else ""


class ConflictScreen(Dialog):
    """The fields you and a colleague both changed, one under the other: its value when you opened
    the form, theirs, yours, and which to keep. Dismisses with {field: "yours"|"theirs"} to save with,
    "theirs" to discard your edit, or "edit" to go back to the form."""

    BINDINGS = [Binding("escape", "choose('edit')", show=False)]

    def __init__(self, theirs: Deliverable, conflicts: tuple[FieldConflict, ...]):
        super().__init__()
        self.theirs, self.conflicts = theirs, conflicts

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog conflict"):
            yield Static(id="conflict-title", classes="dialog-title")
            with VerticalScroll():
                for c in self.conflicts:
                    yield Static(id=f"name-{c.field}", classes="field-name")
                    for side in ("base", "theirs", "yours"):
                        yield Static(id=f"{side}-{c.field}", classes="value")
                    with RadioSet(id=f"pick-{c.field}"):
                        yield RadioButton(id=f"keep-theirs-{c.field}")
                        yield RadioButton(id=f"keep-yours-{c.field}", value=True)
            with Horizontal(classes="buttons"):
                yield Button(id="save", variant="primary")
                yield Button(id="theirs", variant="warning")
                yield Button(id="edit")

    def relabel(self) -> None:
        self.query_one("#conflict-title", Static).update(self.t("conflict.title"))
        for key, label in (("save", "conflict.save"), ("theirs", "conflict.keep_theirs"), ("edit", "conflict.edit")):
            self.query_one(f"#{key}", Button).label = self.t(label)
        missions = {m.id: m.reference for m in self.app.store.missions()}
        labels = {"base": self.t("conflict.base"), "theirs": self.t("conflict.theirs"), "yours": self.t("conflict.yours")}
        width = max(len(label) for label in labels.values())
        for c in self.conflicts:
            self.query_one(f"#name-{c.field}", Static).update(Text(field_name(c.field, self.lang)))
            for side in ("base", "theirs", "yours"):
                value = visible(show(c.field, getattr(c, side), self.lang, missions=missions))
                self.query_one(f"#{side}-{c.field}", Static).update(Text(f"{labels[side]:<{width}}  {value}"))
            self.query_one(f"#keep-theirs-{c.field}", RadioButton).label = Text(self.t("conflict.pick_theirs"))
            self.query_one(f"#keep-yours-{c.field}", RadioButton).label = Text(self.t("conflict.pick_yours"))
        self.query_one("#save", Button).focus()

    def choices(self) -> dict[str, str]:
        return {c.field: "yours" if self.query_one(f"#keep-yours-{c.field}", RadioButton).value else "theirs"
                for c in self.conflicts}

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(self.choices() if event.button.id == "save" else event.button.id)

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)
