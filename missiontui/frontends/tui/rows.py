"""Acting on the deliverable under the cursor, the same way from every view that lists them (the
agenda, a day of the month calendar): edit, done, open it in its mission, history, add."""

from __future__ import annotations

from missiontui.core.i18n import short_date
from missiontui.core.model import Status


class RowActions:
    """Mixin for a Page with `selected_id()` and `mission` (None: across missions)."""

    mission: str | None = None

    def selected_id(self) -> int | None:
        raise NotImplementedError

    def action_edit(self) -> None:
        from missiontui.frontends.tui.edit import EditScreen

        if self.selected_id() is not None:
            self.app.push_screen(EditScreen(deliverable_id=self.selected_id()))

    def action_add(self) -> None:
        from missiontui.frontends.tui.edit import EditScreen

        if self.mission or self.app.store.missions():
            self.app.push_screen(EditScreen(mission=self.mission))

    def action_done(self) -> None:
        from missiontui.usecases import deliverables as cases

        selected = self.selected_id()
        if selected is None:
            return
        d = self.app.store.deliverable(selected)
        if d.status is Status.DONE:
            self.app.say(self.t("done.already"))
            return
        ctx, version = self.app.ctx, d.version
        self.in_background(lambda: cases.complete(ctx, selected, version=version), self._done_finished)

    def _done_finished(self, saved) -> None:
        d = saved.deliverable
        if saved.occurrence:  # a repeating meeting: this occurrence done, the next one comes up
            self.app.say(self.t("done.occurrence", day=short_date(saved.occurrence, self.lang), title=d.title,
                                next=short_date(d.due.date, self.lang)))
        else:
            self.app.say(self.t("done.ok", title=d.title))
        self.app.refresh_all()

    def action_open(self) -> None:
        if self.selected_id() is not None:
            self.app.open_deliverable(self.selected_id())

    def action_history(self) -> None:
        from missiontui.frontends.tui.history import HistoryScreen

        if self.selected_id() is not None:
            self.app.push_screen(HistoryScreen(self.selected_id()))
