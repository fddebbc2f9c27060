"""Deliverables of one mission (or all): filter as you type, sort, and act on the selected row."""

from __future__ import annotations

from missiontui.core.frozen import replace

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Checkbox, Input, Select, Static

from missiontui.usecases import deliverables as cases
from missiontui.core.i18n import KINDS, STATUSES, short_date
from missiontui.core.errors import MissionError
from missiontui.core.model import Deliverable, DeliverableFilter, Kind, Status
from missiontui.frontends.tui.footer import KeysFooter
from missiontui.frontends.tui.base import Page
from missiontui.frontends.tui.rows import RowActions
from missiontui.frontends.tui.safe import plain
from missiontui.frontends.tui.table import Column, LazyTable, Row

SORTS = ["due", "title", "kind", "status", "owner", "mission"]
COLUMN_SORT = {"due": "due", "days": "due", "title": "title", "kind": "kind", "status": "status",
               "owners": "owner", "mission": "mission"}


class DeliverablesScreen(RowActions, Page):
    BINDINGS = [
        Binding("enter", "edit", "action.edit", id="deliverables.edit"),
        Binding("a", "add", "action.add", id="deliverables.add"),
        Binding("space", "done", "action.done", id="deliverables.done"),
        Binding("delete,x", "delete", "action.delete", id="deliverables.delete"),
        Binding("u", "app.undo", "action.undo", id="deliverables.undo"),
        Binding("U", "app.redo", "action.redo", show=False, id="deliverables.redo"),
        Binding("h", "history", "action.history", id="deliverables.history"),
        Binding("t", "timeline", "action.timeline", id="deliverables.timeline"),
        Binding("g", "agenda", "missions.agenda", id="deliverables.agenda"),
        Binding("slash", "search", "action.search", key_display="/", id="deliverables.search"),
        Binding("s", "sort", "action.sort", id="deliverables.sort"),
        Binding("S", "reverse", "action.reverse", show=False, id="deliverables.reverse"),
        Binding("m", "toggle('mine')", "action.mine", show=False, id="deliverables.mine"),
        Binding("o", "toggle('overdue')", "action.overdue", show=False, id="deliverables.overdue"),
        Binding("c", "clear", "action.clear", show=False, id="deliverables.clear"),
        Binding("p", "people", "action.people", show=False, id="deliverables.people"),
        Binding("ctrl+e", "export", "action.export", show=False, id="deliverables.export"),
        Binding("f", "feeds", "action.feeds", show=False, id="deliverables.feeds"),
        Binding("r", "report", "action.report", show=False, id="deliverables.report"),
        Binding("escape", "back", "action.back", id="deliverables.back"),
    ]

    def __init__(self, mission: str | None = None, select: int | None = None, owner: str | None = None):
        super().__init__()
        self.mission = mission
        self.keep = select
        self.initial_owner = owner
        self.sort, self.descending = "due", False
        self.total = 0
        self.scope_counts: tuple[int, tuple[int, int]] | None = None  # data version, (total, undated) of the view

    # --- layout ---------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="title", classes="screen-title")
        with Horizontal(id="filters"):
            yield Input(id="search")
            yield Select([], id="owner", allow_blank=True)
            yield Select([], id="status", allow_blank=True)
            yield Select([], id="kind", allow_blank=True)
            yield Checkbox(id="mine")
            yield Checkbox(id="overdue")
        yield LazyTable(self._columns(100), self._fetch, id="table")
        yield Static(id="count", classes="status-line")
        yield KeysFooter()

    def _columns(self, width: int) -> list[Column]:
        narrow = width < 110
        columns = [Column("due", self.t("col.due"), 18),  # "ven. 30 sept. 2022"
                   Column("days", self.t("col.days"), 6, align_right=True),
                   Column("title", self.t("col.title"), 0)]
        if not narrow:
            columns.append(Column("kind", self.t("col.kind"), 13))
        columns.append(Column("owners", self.t("col.owners"), 14 if narrow else 24))
        columns.append(Column("status", self.t("col.status"), 9 if narrow else 11))
        if self.mission is None and not narrow:
            columns.append(Column("mission", self.t("col.mission"), 16))
        return columns

    def relabel(self) -> None:
        store = self.app.store
        if self.mission:
            m = store.mission(self.mission)
            title = self.t("deliverables.of", ref=m.reference, title=m.title)
        else:
            title = self.t("deliverables.all")
        self.query_one("#title", Static).update(plain(title))
        self.query_one("#search", Input).placeholder = self.t("filter.search")
        people = [(plain(p.name), p.name) for p in store.people()]
        self._reset_select("#owner", people, self.t("filter.owner"))
        self._reset_select("#status", [(STATUSES[self.lang][s], s.value) for s in Status], self.t("filter.status"))
        self._reset_select("#kind", [(KINDS[self.lang][k], k.value) for k in Kind], self.t("filter.kind"))
        self.query_one("#mine", Checkbox).label = self.t("filter.mine")
        self.query_one("#overdue", Checkbox).label = self.t("filter.overdue")
        if self.initial_owner:
            self.query_one("#owner", Select).value = self.initial_owner
            self.initial_owner = None
        self.on_resize()
        self.reload()
        self.query_one(LazyTable).focus()

    def _reset_select(self, selector: str, options: list, prompt: str) -> None:
        select = self.query_one(selector, Select)
        value = select.value
        select.set_options([(label if not isinstance(label, str) else plain(label), v) for label, v in options])
        select.prompt = prompt
        if value is not Select.NULL and any(v == value for _, v in options):
            select.value = value

    def on_resize(self) -> None:
        table = self.query_one(LazyTable)
        table.set_columns(self._columns(self.size.width))
        table.sorted_key = next((k for k, v in COLUMN_SORT.items() if v == self.sort and k != "days"), "")

    # --- data -----------------------------------------------------------------------------------

    def current_filter(self) -> DeliverableFilter:
        owner = self.query_one("#owner", Select).value
        status = self.query_one("#status", Select).value
        kind = self.query_one("#kind", Select).value
        if self.query_one("#mine", Checkbox).value:
            owner = self.app.ctx.actor
        return DeliverableFilter(
            mission=self.mission, owner=None if owner is Select.NULL else owner,
            statuses=() if status is Select.NULL else (Status(status),),
            kinds=() if kind is Select.NULL else (Kind(kind),),
            overdue_on=self.app.today if self.query_one("#overdue", Checkbox).value else None,
            text=self.query_one("#search", Input).value)

    def reload(self, keep: int | None = None) -> None:
        """Ask for the ids in a worker (at 100,000 rows the query takes tens of ms)."""
        table = self.query_one(LazyTable)
        keep = keep if keep is not None else (self.keep if self.keep is not None else table.current_id)
        self.keep = None
        flt, sort, descending = self.current_filter(), self.sort, self.descending
        scope = DeliverableFilter(mission=self.mission)
        store, known = self.app.store, self.scope_counts

        def query():
            # The view's total and its undated count change only with the data: counted once per
            # change, not at every keystroke (two counts of 100,000 rows cost a third of a filter).
            version = store.data_version()
            counts = known[1] if known and known[0] == version else (
                store.count_deliverables(scope), store.count_deliverables(replace(scope, dated=False)))
            ids = store.deliverable_ids(flt, sort, descending)
            undated = store.count_deliverables(replace(flt, dated=False)) if ids and counts[1] else 0
            return ids, (version, counts), undated

        self.run_worker(lambda: self._show_later(query(), keep), thread=True, exclusive=True, group="query")

    def _show_later(self, result, keep) -> None:
        self.app.call_from_thread(self._show, *result, keep)

    def _show(self, ids: list[int], counted: tuple[int, tuple[int, int]], undated: int, keep: int | None) -> None:
        if not self.still_showing(LazyTable):  # the answer came after the screen went away
            return
        self.scope_counts = counted
        self.total = total = counted[1][0]
        self.query_one(LazyTable).set_ids(ids, keep)
        direction = " ↓" if self.descending else ""
        text = self.t("deliverables.count", shown=len(ids), total=total, sort=self.t(f"col.{self._sort_label()}"),
                      dir=direction)
        if undated:
            text += " · " + self.t("deliverables.undated", count=undated)
        if not ids:
            text += " — " + self.t("deliverables.empty")
        self.query_one("#count", Static).update(plain(text))

    def _sort_label(self) -> str:
        return {"owner": "owners"}.get(self.sort, self.sort)

    def refresh_data(self) -> None:
        """A colleague, or a form of ours, changed the database: the rows, and the people offered."""
        people = [(plain(p.name), p.name) for p in self.app.store.people()]
        self._reset_select("#owner", people, self.t("filter.owner"))
        self.reload()

    def _fetch(self, ids: list[int]) -> dict[int, Row]:
        return {d.id: self._row(d) for d in self.app.store.deliverables_by_ids(ids)}

    def _row(self, d: Deliverable) -> Row:
        days = d.days_left(self.app.today)
        cells = {"due": short_date(d.due.date, self.lang) if d.due else self.t("due.undated"),
                 "days": "" if days is None else f"{days:+d}" if days else "0",
                 "title": ("↻ " if d.recurrence else "") + d.title,  # a repeating meeting: due is its next occurrence
                 "kind": KINDS[self.lang][d.kind],
                 "owners": ", ".join(o.name + ("*" if o.lead else "") for o in d.owners) or "—",
                 "status": STATUSES[self.lang][d.status], "mission": d.mission_ref}
        tone = ("done" if d.status is Status.DONE else "cancelled" if d.status is Status.CANCELLED
                else "undated" if days is None else "overdue" if days < 0 else "soon" if days <= 7 else "")
        return Row(tuple(cells[c.key] for c in self.query_one(LazyTable).columns), tone)

    # --- filters --------------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search":
            self.reload()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            self.query_one(LazyTable).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        self.reload()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        if event.checkbox.id == "mine" and event.value:
            try:
                self.app.store.find_person(self.app.ctx.actor)
            except MissionError as exc:
                self.app.say(exc.localized(self.lang), error=True)
                event.checkbox.value = False
                return
        self.reload()

    def action_toggle(self, which: str) -> None:
        box = self.query_one(f"#{which}", Checkbox)
        box.value = not box.value

    def action_clear(self) -> None:
        self.query_one("#search", Input).value = ""
        for selector in ("#owner", "#status", "#kind"):
            self.query_one(selector, Select).clear()
        self.query_one("#mine", Checkbox).value = False
        self.query_one("#overdue", Checkbox).value = False

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_sort(self) -> None:
        order = [s for s in SORTS if s != "mission" or self.mission is None]
        self.sort = order[(order.index(self.sort) + 1) % len(order)]
        self.on_resize()
        self.reload()

    def action_reverse(self) -> None:
        self.descending = not self.descending
        self.reload()

    def on_lazy_table_header_clicked(self, event: LazyTable.HeaderClicked) -> None:
        sort = COLUMN_SORT.get(event.key, "due")
        self.descending = not self.descending if sort == self.sort else False
        self.sort = sort
        self.on_resize()
        self.reload()

    # --- actions on the selected row ------------------------------------------------------------

    def _selected(self) -> int | None:
        return self.query_one(LazyTable).current_id

    selected_id = _selected  # for RowActions (done)

    def on_lazy_table_chosen(self, event: LazyTable.Chosen) -> None:
        self.action_edit()

    def action_edit(self) -> None:
        from missiontui.frontends.tui.edit import EditScreen

        if self._selected() is not None:
            self.app.push_screen(EditScreen(deliverable_id=self._selected()), self._after_edit)

    def action_add(self) -> None:
        """On a mission's list, a new deliverable of that mission; on all deliverables, the form asks which."""
        from missiontui.frontends.tui.edit import EditScreen

        if self.mission or self.app.store.missions():
            self.app.push_screen(EditScreen(mission=self.mission), self._after_edit)

    def _after_edit(self, saved_id: int | None) -> None:
        if saved_id is not None:
            self.reload(keep=saved_id)

    def action_delete(self) -> None:
        from missiontui.frontends.tui.confirm import ConfirmScreen

        selected = self._selected()
        if selected is None:
            return
        d = self.app.store.deliverable(selected)
        self.app.push_screen(ConfirmScreen(self.t("confirm.delete", title=d.title), self.t("confirm.yes"),
                                           self.t("confirm.no")), lambda yes: yes and self._delete(d))

    def _delete(self, d: Deliverable) -> None:
        ctx = self.app.ctx
        self.in_background(lambda: cases.delete(ctx, d.id, version=d.version), self._deleted)

    def _deleted(self, saved: cases.Saved) -> None:
        self.app.say(self.t("deleted.ok", title=saved.deliverable.title))
        self.app.refresh_all()

    def action_history(self) -> None:
        from missiontui.frontends.tui.history import HistoryScreen

        if self._selected() is not None:
            self.app.push_screen(HistoryScreen(self._selected()))

    def action_timeline(self) -> None:
        from missiontui.frontends.tui.timeline import TimelineScreen

        mission = self.mission or (self.app.store.deliverable(self._selected()).mission_ref
                                   if self._selected() else None)
        if mission:
            self.app.push_screen(TimelineScreen(mission, select=self._selected()))

    def action_agenda(self) -> None:
        self.app.open_agenda(self.mission)

    def action_people(self) -> None:
        self.app.open_people()

    def action_export(self) -> None:
        self.app.open_export(mission=self.mission)

    def action_feeds(self) -> None:
        self.app.open_feeds(mission=self.mission)

    def action_report(self) -> None:
        self.app.open_report(self.mission)

    def action_back(self) -> None:
        if self.focused is not self.query_one(LazyTable):
            self.query_one(LazyTable).focus()
        elif len(self.app.screen_stack) > 2:
            self.app.pop_screen()
