"""A new mission from its letter: a file's path or the letter's pasted text, read into a proposal
shown as a checklist — untick what should not be created, correct the reference and title, pick a
template — then created in one change set (usecases/letter_missions.py)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Select, SelectionList, Static, TextArea
from textual.widgets.selection_list import Selection

from missiontui.core.i18n import KINDS, long_date, short_date
from missiontui.core.letters import MissionProposal, ProposedDeliverable
from missiontui.frontends.tui.base import Dialog
from missiontui.frontends.tui.safe import plain
from missiontui.frontends.tui.template_choice import offer_templates


class LetterScreen(Dialog):
    """Dismisses with the new mission's reference, or None."""

    BINDINGS = [Binding("ctrl+s", "create", "letter.create"), Binding("ctrl+r", "read", "letter.read"),
                Binding("escape", "cancel", "edit.cancel")]
    DEFAULT_CSS = """
    LetterScreen .letter-form SelectionList { max-height: 12; }
    LetterScreen .letter-form #plan, LetterScreen .letter-form #letter { height: auto; }
    """

    def __init__(self):
        super().__init__()
        self.proposal: MissionProposal | None = None
        self.source = ""  # the file's name, for the history's reason

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog edit-form letter-form"):
            yield Static(id="form-title", classes="dialog-title")
            with VerticalScroll():
                yield Label(id="l-path")
                yield Input(id="path")
                yield Label(id="l-text")
                yield TextArea(id="text", soft_wrap=True)
                yield Static(id="letter", classes="preview")
                yield Label(id="l-reference")
                yield Input(id="reference")
                yield Label(id="l-title")
                yield Input(id="title")
                yield Label(id="l-template")
                yield Select([], id="template", allow_blank=True)
                yield Static(id="template-problems", classes="error")
                yield Label(id="l-items")
                yield SelectionList(id="items")
                yield Static(id="plan", classes="preview")
                yield Static(id="set-aside", classes="status-line")
            yield Static(id="form-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(id="read")
                yield Button(id="create", variant="primary", disabled=True)
                yield Button(id="cancel")

    def relabel(self) -> None:
        for key in ("path", "text", "reference", "title", "template", "items"):
            self.query_one(f"#l-{key}", Label).update(self.t(f"letter.{key}"))
        self.query_one("#form-title", Static).update(self.t("letter.heading"))
        self.query_one("#read", Button).label = self.t("letter.read")
        self.query_one("#create", Button).label = self.t("letter.create")
        self.query_one("#cancel", Button).label = self.t("edit.cancel")
        offer_templates(self)
        if self.proposal is not None:
            self._show(self.proposal, keep=set(self.query_one("#items", SelectionList).selected))
        self.query_one("#path", Input).focus()

    # --- reading --------------------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "path":
            self.action_read()

    def action_read(self) -> None:
        from pathlib import Path

        from missiontui.core.letters import propose
        from missiontui.usecases.letter_proposal import propose_from_file

        path = self.query_one("#path", Input).value.strip()
        text = self.query_one("#text", TextArea).text
        if not path and not text.strip():
            self._error(self.t("letter.nothing"))
            return
        today = self.app.today
        known = [p.name for p in self.app.store.people()]
        self.source = Path(path).name if path else ""
        work = (lambda: propose_from_file(Path(path).expanduser(), today, known).proposal) if path else \
            (lambda: propose(text, today, known))
        self._error("")
        self.in_background(work, self._read, on_error=lambda exc: self._error(exc.localized(self.lang)))

    def _read(self, proposal: MissionProposal) -> None:
        self.proposal = proposal
        self.query_one("#reference", Input).value = proposal.reference.value
        self.query_one("#title", Input).value = proposal.title
        self._show(proposal)
        self.query_one("#create", Button).disabled = False
        self.query_one("#items", SelectionList).focus()

    def _show(self, p: MissionProposal, keep: set[str] | None = None) -> None:
        signed = (self.t("letter.signed", day=long_date(p.signed.date, self.lang)) if p.signed
                  else self.t("letter.unsigned", day=long_date(p.counted_from, self.lang)))
        people = ", ".join(x.name for x in p.people) or "—"
        who = f"{p.signatory.name or '—'} → {p.lead or '—'}"
        self.query_one("#letter", Static).update(plain(f"{signed} · {who} · {people}"))
        items = self.query_one("#items", SelectionList)
        items.clear_options()
        for d in p.deliverables:
            items.add_option(Selection(plain(self._line(d), single_line=True), d.key,
                                       keep is None or d.key in keep))
        aside = "; ".join(f"« {s.phrase} » ({s.reason})" for s in p.set_aside)
        self.query_one("#set-aside", Static).update(plain(self.t("letter.set_aside", what=aside) if aside else ""))
        self._preview_plan()

    def _line(self, d: ProposedDeliverable) -> str:
        when = short_date(d.due, self.lang) if d.due else self.t("due.undated")
        owners = ", ".join(d.owners) or "—"
        phrase = f" « {d.phrase} »" if d.phrase else ""
        return f"{when} · {KINDS[self.lang][d.kind]} · {d.title}{phrase} · {owners}"

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "template":
            self._preview_plan()

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        self._preview_plan()

    def _template(self) -> str | None:
        value = self.query_one("#template", Select).value
        return None if value is Select.NULL else value

    def _preview_plan(self) -> None:
        """What the template adds to the ticked deliverables, before anything is written."""
        from missiontui.core.errors import MissionError
        from missiontui.core.letters.draft import mission_draft, roles
        from missiontui.core.templates import with_template
        from missiontui.usecases.templates import load_template

        plan = self.query_one("#plan", Static)
        name, p = self._template(), self.proposal
        if not name or p is None:
            plan.update("")
            return
        keep = set(self.query_one("#items", SelectionList).selected)
        try:
            draft = with_template(mission_draft(p, keep), load_template(self.app.ctx.config, name), p.counted_from,
                                  roles(p))
        except MissionError as exc:
            plan.update(plain(exc.localized(self.lang)))
            return
        added = [d for d in draft.deliverables if d.key not in keep]
        lines = [f"{short_date(d.due.date, self.lang)} · {d.title}" for d in added if d.due]
        plan.update(plain(self.t("letter.plan", count=len(added), name=name) + "\n" + "\n".join(lines)))

    # --- creating -------------------------------------------------------------------------------

    def on_button_pressed(self, event: Button.Pressed) -> None:
        {"read": self.action_read, "create": self.action_create}.get(event.button.id, self.action_cancel)()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_create(self) -> None:
        from missiontui.usecases.letter_missions import create_from_letter

        if self.proposal is None:
            self._error(self.t("letter.nothing"))
            return
        p, ctx, template, source = self.proposal, self.app.ctx, self._template(), self.source
        keep = set(self.query_one("#items", SelectionList).selected)
        reference = self.query_one("#reference", Input).value
        title = self.query_one("#title", Input).value
        self.in_background(
            lambda: create_from_letter(ctx, p, keep=keep, reference=reference, title=title, template=template,
                                       letter_name=source),
            self._created, on_error=lambda exc: self._error(exc.localized(self.lang)))

    def _created(self, mission) -> None:
        self.app.say(self.t("letter.created", reference=mission.reference))
        self.app.refresh_all()
        self.dismiss(mission.reference)

    def _error(self, message: str) -> None:
        self.query_one("#form-error", Static).update(plain(message))
