"""Team sync in the TUI: sync now (F5, the palette), an optional background sync every N minutes, a
status line on every page once a mission is linked (last sync, changes to send, conflicts, progress),
and the conflicts screen where each field is settled as theirs or yours.

Everything that talks to the server or writes runs in a worker thread (`app.run_use_case`), so a
slow server never holds the screen; the status line is computed off the UI thread too.
"""

from __future__ import annotations

from missiontui.core.frozen import replace

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Static

from missiontui.core.display import field_name, local_time, show
from missiontui.core.i18n import t
from missiontui.core.textsafe import visible
from missiontui.frontends.tui.base import Page
from missiontui.frontends.tui.safe import plain


class SyncController:
    """The app's one sync at a time, and what the status line says about it."""

    def __init__(self, app):
        self.app = app
        self.running = False
        self.progress = ""  # "sending 120/1000" while a sync runs
        self.failed = ""  # the last sync's error, until the next one succeeds
        minutes = app.ctx.config.sync.interval_minutes
        if minutes > 0:
            app.set_interval(minutes * 60, self.in_background)

    def in_background(self) -> None:
        if not self.running and self.app.store.sync_links():
            self.start(quiet=True)

    def start(self, *, quiet: bool = False) -> None:
        from missiontui.usecases import sync as syncing

        lang = self.app.language
        if self.running:
            self.app.say(t("sync.tui.already", lang))
            return
        if not self.app.store.sync_links():
            self.app.say(t("sync.nothing_linked", lang), error=True)
            return
        self.running, self.progress = True, t("sync.tui.starting", lang)
        self.refresh()

        def step(reference: str, stage: str, done: int, total: int) -> None:
            self.app.call_from_thread(self._step, reference, stage, done, total)

        self.app.run_use_case(lambda: syncing.sync(self.app.ctx, progress=step),
                              lambda reports: self._done(reports, quiet), on_error=self._failed, group="sync")

    def _step(self, reference: str, stage: str, done: int, total: int) -> None:
        self.progress = t(f"sync.tui.{stage}", self.app.language, reference=reference, done=done, total=total)
        self.refresh()

    def _done(self, reports, quiet: bool) -> None:
        self.running, self.progress, self.failed = False, "", ""
        lang = self.app.language
        changed = sum(len(r.lines) for r in reports)
        conflicts = sum(r.conflicts for r in reports)
        if conflicts:
            self.app.say(t("sync.tui.conflicts", lang, count=conflicts), error=True)
        elif not quiet or changed:
            self.app.say(t("sync.tui.done", lang, count=changed))
        self.app.refresh_all()
        self.refresh()

    def _failed(self, exc) -> None:
        self.running, self.progress = False, ""
        self.failed = exc.localized(self.app.language)
        self.app.say(self.failed, error=True)
        self.refresh()

    def refresh(self) -> None:
        for screen in self.app.screen_stack:
            for indicator in screen.query(SyncStatus):
                indicator.refresh_status()

    def open_conflicts(self) -> None:
        self.app.push_screen(SyncConflictsScreen())


class SyncStatus(Static):
    """One line above the footer: "⇄ synced 10:02 · 2 to send · 1 conflict", or the progress."""

    DEFAULT_CSS = """
    SyncStatus {
        height: 1;
        padding: 0 1;
        color: $text-muted;
    }
    SyncStatus.attention {
        color: $warning;
    }
    """

    def on_mount(self) -> None:
        self._marker = None
        self.refresh_status()
        self.set_interval(1.0, self._check)

    def _check(self) -> None:
        marker = self.app.store.data_version()
        if marker != self._marker:
            self._marker = marker
            self.refresh_status()

    def refresh_status(self) -> None:
        controller = getattr(self.app, "sync", None)
        if controller is not None and (controller.running or controller.failed):
            self._show(("⇄ " + controller.progress) if controller.running else "⇄ " + controller.failed,
                       attention=bool(controller.failed))
            return
        store = self.app.store
        self.run_worker(lambda: self._counted(store), thread=True, exclusive=True, group="sync-status")

    def _counted(self, store) -> None:
        links = store.sync_links()
        pending = sum(len(store.unsent(link.mission_id)) for link in links)
        conflicts = sum(store.count_conflicts(link.mission_id) for link in links)
        last = max((link.last_sync for link in links if link.last_sync), default=None)
        self.app.call_from_thread(self._summary, pending, conflicts, last)

    def _summary(self, pending: int, conflicts: int, last: str | None) -> None:
        lang = self.app.language
        parts = [t("sync.tui.last", lang, time=local_time(last)) if last else t("sync.tui.never", lang)]
        if pending:
            parts.append(t("sync.tui.pending", lang, count=pending))
        if conflicts:
            parts.append(t("sync.tui.conflict_count", lang, count=conflicts))
        self._show("⇄ " + " · ".join(parts), attention=bool(conflicts))

    def _show(self, text: str, *, attention: bool) -> None:
        self.set_class(attention, "attention")
        self.update(plain(text, single_line=True))


def show_status(page) -> None:
    """Put the status line on a page when some mission is linked."""
    if page.app.store.sync_links() and not page.query(SyncStatus):
        footers = page.query(Footer)
        page.mount(SyncStatus(), before=footers.first() if footers else None)


class SyncConflictsScreen(Page):
    """Each field both sides changed: base, theirs (the server), yours (here); t or y settles it."""

    BINDINGS = [
        Binding("t", "choose('theirs')", "sync.tui.take_theirs", id="sync.theirs"),
        Binding("y", "choose('yours')", "sync.tui.keep_yours", id="sync.yours"),
        Binding("escape", "app.pop_screen", "action.back", id="sync.back"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(id="title", classes="screen-title")
        yield DataTable(id="conflicts", cursor_type="row", zebra_stripes=True)
        yield Static(id="hint", classes="status-line")
        yield Footer()

    def relabel(self) -> None:
        self.query_one("#title", Static).update(plain(self.t("sync.tui.conflicts_title")))
        self.refresh_data()

    def refresh_data(self) -> None:
        from missiontui.usecases import sync_links

        ctx = replace(self.app.ctx, store=self.app.store)  # read on the UI's own connection
        self.run_worker(lambda: self.app.call_from_thread(self._show, sync_links.conflicts(ctx)), thread=True,
                        exclusive=True, group="sync-conflicts")

    def _show(self, views) -> None:
        if not self.still_showing(DataTable):
            return
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear(columns=True)
        lang = self.lang
        table.add_columns(*(Text(self.t(k)) for k in ("sync.tui.item", "sync.tui.field", "sync.tui.col_base",
                                                      "sync.tui.col_theirs", "sync.tui.col_yours")))
        self.views = views
        for v in views:
            c = v.conflict
            cells = [visible(v.title, single_line=True), field_name(c.field, lang)]
            cells += [self._value(c.field, getattr(c, side)) for side in ("base", "theirs", "yours")]
            table.add_row(*(Text(cell) for cell in cells))
        if views:
            table.move_cursor(row=min(keep, len(views) - 1))
        self.query_one("#hint", Static).update(plain(self.t("sync.tui.hint" if views else "sync.tui.none")))
        table.focus()

    def _value(self, name: str, value) -> str:
        if name == "deleted":
            return self.t("sync.tui.deleted" if value else "sync.tui.kept") if value is not None else "—"
        return visible(show(name, value, self.lang), single_line=True)

    def action_choose(self, choice: str) -> None:
        from missiontui.usecases import sync_links

        views = getattr(self, "views", [])
        row = self.query_one(DataTable).cursor_row
        if not views or row is None or row >= len(views):
            return
        c = views[row].conflict
        target = {"deliverable_id": c.entity_id} if c.entity == "deliverable" else {"mission": views[row].reference}
        ctx = self.app.ctx

        def settled(done) -> None:
            self.app.say(self.t("sync.tui.resolved", title=done.title, field=field_name(c.field, self.lang),
                                choice=self.t(f"sync.tui.{choice}")))
            self.refresh_data()
            self.app.sync.refresh()

        self.in_background(lambda: sync_links.resolve(ctx, choices={c.field: choice}, **target), settled)
