"""The first screen: every mission with its progress, next deadline, lateness and lead.

A lazy table too: an inspection service accumulates thousands of missions, and only the visible
ones' figures are computed — in a worker, from the deliverable_mission index alone, so the first
frame shows the missions at once whatever their size, and their figures a moment later."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from missiontui.core.i18n import short_date
from missiontui.frontends.tui.footer import KeysFooter
from missiontui.frontends.tui.base import Page
from missiontui.frontends.tui.safe import plain
from missiontui.frontends.tui.table import Column, LazyTable, Row


class MissionsScreen(Page):
    BINDINGS = [
        Binding("enter", "open", "missions.open", id="missions.open"),
        Binding("g,escape", "agenda", "missions.agenda", key_display="g", id="missions.agenda"),
        Binding("a", "all", "missions.all", id="missions.all"),
        Binding("n", "new", "missions.new", id="missions.new"),
        Binding("e", "edit", "missions.edit", id="missions.edit"),
        Binding("x", "close_or_reopen", "missions.close", id="missions.close"),
        Binding("p", "people", "missions.people", id="missions.people"),
        Binding("ctrl+e", "export", "action.export", show=False, id="missions.export"),
        Binding("f", "feeds", "action.feeds", show=False, id="missions.feeds"),
        Binding("r", "report", "action.report", show=False, id="missions.report"),
        Binding("h", "history", "action.history", show=False, id="missions.history"),
        Binding("l", "letter", "missions.letter", show=False, id="missions.letter"),  # ? and the palette list it
    ]

    def compose(self) -> ComposeResult:
        yield Static(id="title", classes="screen-title")
        yield LazyTable(self._columns(), self._fetch, background=True, id="missions")
        yield Static(id="empty", classes="status-line")
        yield KeysFooter()

    def _columns(self) -> list[Column]:
        columns = [Column("reference", self.t("col.reference"), 16), Column("title", self.t("col.mission_title"), 0),
                   Column("progress", self.t("col.progress"), 7, align_right=True),
                   Column("next", self.t("col.next"), 18),  # "ven. 30 sept. 2022"
                   Column("overdue", self.t("col.overdue"), 9, align_right=True), Column("lead", self.t("col.lead"), 14)]
        self._shown = (tuple(c.key for c in columns), self.lang)  # what the row worker writes, and in which language
        return columns

    def relabel(self) -> None:
        self.query_one("#title", Static).update(plain(self.t("missions.title")))
        self.query_one(LazyTable).set_columns(self._columns())
        self.refresh_data()
        self.query_one(LazyTable).focus()

    def refresh_data(self) -> None:
        table = self.query_one(LazyTable)
        keep = table.current_id
        store = self.app.store
        self.run_worker(lambda: self.app.call_from_thread(self._show, store.mission_ids(), keep),
                        thread=True, exclusive=True, group="missions")

    def _show(self, ids: list[int], keep: int | None) -> None:
        if not self.still_showing(LazyTable):  # the answer came after the screen went away
            return
        self.query_one(LazyTable).set_ids(ids, keep)
        self.query_one("#empty", Static).update("" if ids else plain(self.t("missions.empty")))

    def _fetch(self, ids: list[int]) -> dict[int, Row]:
        """In a worker (the table fetches in the background): reads the store, touches no widget."""
        rows, (keys, lang) = {}, self._shown
        for s in self.app.store.mission_summaries(self.app.today, ids):
            closed = s.mission.status.value == "closed"
            next_due = short_date(s.next_due, lang) if s.next_due else "—"
            cells = {"reference": s.mission.reference, "title": s.mission.title, "progress": f"{s.done}/{s.total}",
                     "next": self.t("mission_status.closed") if closed else next_due, "overdue": str(s.overdue),
                     "lead": s.mission.lead or "—"}
            tone = "done" if closed else "overdue" if s.overdue else ""
            rows[s.mission.id] = Row(tuple(cells[key] for key in keys), tone)
        return rows

    @property
    def mission(self) -> str | None:
        """The highlighted mission: the one the report key and the palette's report act on."""
        return self._current()

    def _current(self) -> str | None:
        mission_id = self.query_one(LazyTable).current_id
        return self.app.store.mission_by_id(mission_id).reference if mission_id is not None else None

    def on_lazy_table_chosen(self, event: LazyTable.Chosen) -> None:
        self.app.open_mission(self.app.store.mission_by_id(event.row_id).reference)

    def action_open(self) -> None:
        reference = self._current()
        if reference:
            self.app.open_mission(reference)

    def action_new(self) -> None:
        from missiontui.frontends.tui.mission_form import MissionFormScreen

        self.app.push_screen(MissionFormScreen(), lambda reference: reference and self.refresh_data())

    def action_agenda(self) -> None:
        self.app.open_agenda()

    def action_edit(self) -> None:
        from missiontui.frontends.tui.mission_form import MissionFormScreen

        reference = self._current()
        if reference:
            self.app.push_screen(MissionFormScreen(reference), lambda saved: saved and self.refresh_data())

    def action_close_or_reopen(self) -> None:
        from missiontui.core.model import MissionStatus
        from missiontui.usecases.missions import close_mission, reopen_mission

        reference = self._current()
        if not reference:
            return
        closing = self.app.store.mission(reference).status is MissionStatus.ACTIVE
        ctx = self.app.ctx
        work = (lambda: close_mission(ctx, reference)) if closing else (lambda: reopen_mission(ctx, reference))
        self.in_background(work, lambda m: (
            self.app.say(self.t("mission.closed" if closing else "mission.reopened", reference=m.reference)),
            self.app.refresh_all()))

    def action_history(self) -> None:
        from missiontui.frontends.tui.history import HistoryScreen

        mission_id = self.query_one(LazyTable).current_id
        if mission_id is not None:
            self.app.push_screen(HistoryScreen(mission_id, entity="mission"))

    def action_letter(self) -> None:
        self.app.open_letter()

    def action_all(self) -> None:
        self.app.open_mission(None)

    def action_people(self) -> None:
        self.app.open_people()

    def action_export(self) -> None:
        self.app.open_export(mission=self._current())

    def action_feeds(self) -> None:
        self.app.open_feeds(mission=self._current())

    def action_report(self) -> None:
        self.app.open_report(self._current())
