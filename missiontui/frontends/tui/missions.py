"""The first screen: every mission with its progress, next deadline, lateness and lead.

A lazy table too: an inspection service accumulates thousands of missions, and only the visible
ones' figures are computed — in a worker, from the deliverable_mission index alone, so the first
frame shows the missions at once whatever their size, and their figures a moment later."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Static

from missiontui.core.i18n import short_date
from missiontui.frontends.tui.base import Page
from missiontui.frontends.tui.safe import plain
from missiontui.frontends.tui.table import Column, LazyTable, Row


class MissionsScreen(Page):
    BINDINGS = [
        Binding("enter", "open", "missions.open"),
        Binding("a", "all", "missions.all"),
        Binding("n", "new", "missions.new"),
        Binding("p", "people", "missions.people"),
        Binding("ctrl+e", "export", "action.export"),
        Binding("f", "feeds", "action.feeds"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(id="title", classes="screen-title")
        yield LazyTable(self._columns(), self._fetch, background=True, id="missions")
        yield Static(id="empty", classes="status-line")
        yield Footer()

    def _columns(self) -> list[Column]:
        columns = [Column("reference", self.t("col.reference"), 16), Column("title", self.t("col.mission_title"), 0),
                   Column("progress", self.t("col.progress"), 7, align_right=True),
                   Column("next", self.t("col.next"), 16),
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
        if not self.is_attached:  # the answer came after the screen went away
            return
        self.query_one(LazyTable).set_ids(ids, keep)
        self.query_one("#empty", Static).update("" if ids else plain(self.t("missions.empty")))

    def _fetch(self, ids: list[int]) -> dict[int, Row]:
        """In a worker (the table fetches in the background): reads the store, touches no widget."""
        rows, (keys, lang) = {}, self._shown
        for s in self.app.store.mission_summaries(self.app.today, ids):
            cells = {"reference": s.mission.reference, "title": s.mission.title, "progress": f"{s.done}/{s.total}",
                     "next": short_date(s.next_due, lang) if s.next_due else "—", "overdue": str(s.overdue),
                     "lead": s.mission.lead or "—"}
            tone = "overdue" if s.overdue else ("done" if s.mission.status.value == "closed" else "")
            rows[s.mission.id] = Row(tuple(cells[key] for key in keys), tone)
        return rows

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

    def action_all(self) -> None:
        self.app.open_mission(None)

    def action_people(self) -> None:
        self.app.open_people()

    def action_export(self) -> None:
        self.app.open_export(mission=self._current())

    def action_feeds(self) -> None:
        self.app.open_feeds(mission=self._current())
