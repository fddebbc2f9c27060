"""What slips if this slips: before a deadline moved later is saved, the deliverables it would leave
before it — though they depend on it — and the choice to move them by the same shift in the same
change (one reason, one undo), to move only this one, or to go back to the form."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from missiontui.core.i18n import short_date
from missiontui.core.model import Deliverable, Due
from missiontui.frontends.tui.base import Dialog
from missiontui.frontends.tui.safe import plain


class SlipScreen(Dialog):
    """Dismisses with "move", "only" or "back"."""

    BINDINGS = [Binding("escape", "choose('back')", show=False)]
    DEFAULT_CSS = """
    SlipScreen .slips VerticalScroll { height: auto; max-height: 12; }
    SlipScreen .slips .value { height: auto; padding: 0 0 0 2; }
    """

    def __init__(self, title: str, slipped: tuple[tuple[Deliverable, Due], ...]):
        super().__init__()
        self.moved_title, self.slipped = title, slipped

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog slips"):
            yield Static(id="slips-title", classes="dialog-title")
            yield Static(id="question", classes="question")
            with VerticalScroll():
                for d, _ in self.slipped:
                    yield Static(id=f"slip-{d.id}", classes="value")
            with Horizontal(classes="buttons"):
                yield Button(id="move", variant="primary")
                yield Button(id="only", variant="warning")
                yield Button(id="back")

    def relabel(self) -> None:
        first, due = self.slipped[0]
        days = (due.date - first.due.date).days
        self.query_one("#slips-title", Static).update(self.t("slips.title"))
        self.query_one("#question", Static).update(plain(self.t("slips.question", title=self.moved_title, days=days)))
        for d, new in self.slipped:
            self.query_one(f"#slip-{d.id}", Static).update(plain(
                f"#{d.id} {d.title}: {short_date(d.due.date, self.lang)} → {short_date(new.date, self.lang)}",
                single_line=True))
        for key in ("move", "only", "back"):
            self.query_one(f"#{key}", Button).label = self.t(f"slips.{key}")
        self.query_one("#move", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)
