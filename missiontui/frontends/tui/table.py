"""A table that renders only the rows on screen, fetched by id: 100,000 rows cost what 30 do.

Textual's DataTable measures every row it is given on the UI thread (~15 s at 100k), so the view
holds only the ordered ids (from one SQL query, in a worker) and asks for the visible rows' cells
when it draws them, keeping a small cache. Cells are plain strings drawn as segments: user text is
never parsed as markup.

`background=True` fetches the cells in a worker thread too: rows whose figures take a query of their
own (the missions overview's counts) show "…" for the moment it takes, and the first frame never
waits for them. `fetch` then runs off the UI thread: it may read the store, not the widgets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.segment import Segment
from textual.binding import Binding
from textual.events import Click
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from missiontui.frontends.tui.safe import fit


def scroll_row_into_view(view: ScrollView, row: int, header_lines: int) -> None:
    """Scroll a line-API view whose first `header_lines` stay put so that `row` is on screen."""
    visible = max(view.scrollable_content_region.height - header_lines, 1)  # not under a scrollbar
    top = int(view.scroll_offset.y)
    if row < top:
        view.scroll_to(y=row, animate=False)
    elif row >= top + visible:
        view.scroll_to(y=row - visible + 1, animate=False)


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    width: int  # 0: takes the room left
    align_right: bool = False


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]
    tone: str = ""  # a component class suffix: overdue, soon, done, cancelled, undated


class LazyTable(ScrollView, can_focus=True):
    DEFAULT_CSS = """
    LazyTable { height: 1fr; }
    LazyTable > .lazy-table--header { text-style: bold; background: $panel; }
    LazyTable > .lazy-table--cursor { background: $accent 40%; }
    LazyTable:focus > .lazy-table--cursor { background: $accent; color: $text; }
    LazyTable > .lazy-table--overdue { color: $error; }
    LazyTable > .lazy-table--soon { color: $warning; }
    LazyTable > .lazy-table--done { color: $text-muted; }
    LazyTable > .lazy-table--cancelled { color: $text-disabled; text-style: strike; }
    LazyTable > .lazy-table--undated { color: $text-accent; text-style: italic; }
    LazyTable > .lazy-table--sorted { text-style: bold underline; background: $panel; }
    """
    COMPONENT_CLASSES = {"lazy-table--header", "lazy-table--cursor", "lazy-table--overdue", "lazy-table--soon",
                         "lazy-table--done", "lazy-table--cancelled", "lazy-table--undated", "lazy-table--sorted"}
    BINDINGS = [
        Binding("up,k", "move(-1)", show=False), Binding("down,j", "move(1)", show=False),
        Binding("pageup", "page(-1)", show=False), Binding("pagedown", "page(1)", show=False),
        Binding("home", "jump(0)", show=False), Binding("end", "jump(-1)", show=False),
        Binding("enter", "choose", show=False),
    ]
    cursor = reactive(0, always_update=True)

    class Chosen(Message):
        def __init__(self, row_id: int) -> None:
            super().__init__()
            self.row_id = row_id

    class HeaderClicked(Message):
        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(self, columns: list[Column], fetch: Callable[[list[int]], dict[int, Row]], *,
                 background: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.columns = columns
        self.fetch = fetch
        self.background = background
        self.ids: list[int] = []
        self.sorted_key = ""
        self._cache: dict[int, Row | None] = {}  # None: fetched, and gone (deleted since the id query)
        self._asked: set[int] = set()  # ids a worker is fetching
        self._generation = 0  # moves with every set_ids/set_columns: late answers for old rows are dropped

    # --- data -----------------------------------------------------------------------------------

    def set_ids(self, ids: list[int], keep: int | None = None) -> None:
        """New rows (after a filter, a sort, a colleague's change); the cursor stays on `keep`."""
        self.ids = ids
        self._forget()
        self.virtual_size = Size(self.size.width, len(ids) + 1)
        position = {row_id: i for i, row_id in enumerate(ids)}.get(keep) if keep is not None else None
        self.cursor = position if position is not None else min(self.cursor, max(len(ids) - 1, 0))
        self._scroll_to_cursor()
        self.refresh()

    def set_columns(self, columns: list[Column]) -> None:
        if [c.key for c in columns] != [c.key for c in self.columns]:
            self._forget()  # cached rows hold the old columns' cells
        self.columns = columns
        self.refresh()

    def _forget(self) -> None:
        self._cache.clear()
        self._asked.clear()
        self._generation += 1

    @property
    def current_id(self) -> int | None:
        return self.ids[self.cursor] if 0 <= self.cursor < len(self.ids) else None

    def _rows(self, start: int, end: int) -> None:
        missing = [i for i in self.ids[start:end] if i not in self._cache and i not in self._asked]
        if not missing:
            return
        if len(self._cache) > 2000:
            self._cache.clear()
        if not self.background:
            self._keep(missing, self.fetch(missing))
            return
        self._asked.update(missing)
        generation, fetch, app = self._generation, self.fetch, self.app

        def work() -> None:
            try:
                rows = fetch(missing)
            except Exception:
                app.call_from_thread(self._arrived, generation, missing, {})  # drawn blank, not asked again
                raise  # Textual logs it; the app goes on
            app.call_from_thread(self._arrived, generation, missing, rows)

        self.run_worker(work, thread=True, group="lazy-table-rows", exit_on_error=False)

    def _arrived(self, generation: int, asked: list[int], rows: dict[int, Row]) -> None:
        if generation != self._generation:  # asked before a new set of rows: already forgotten
            return
        self._asked.difference_update(asked)
        self._keep(asked, rows)
        self.refresh()

    def _keep(self, asked: list[int], rows: dict[int, Row]) -> None:
        self._cache.update(rows)
        for row_id in asked:
            self._cache.setdefault(row_id, None)

    @property
    def fetching(self) -> bool:
        """Rows on screen still waiting for their cells (background tables)."""
        return bool(self._asked)

    # --- drawing --------------------------------------------------------------------------------

    def _widths(self) -> list[int]:
        width = self.scrollable_content_region.width
        fixed = sum(c.width for c in self.columns if c.width) + len(self.columns) - 1
        flex = max(8, width - fixed)
        return [c.width or flex for c in self.columns]

    def _line(self, cells, widths) -> str:
        return " ".join(fit(cell, w) if not col.align_right else fit(cell.rjust(w), w)
                        for cell, w, col in zip(cells, widths, self.columns))

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        widths = self._widths()
        if y == 0:
            segments = []
            for i, (column, w) in enumerate(zip(self.columns, widths)):
                style = "lazy-table--sorted" if column.key == self.sorted_key else "lazy-table--header"
                segments.append(Segment(fit(column.title, w), self.get_component_rich_style(style)))
                if i < len(self.columns) - 1:
                    segments.append(Segment(" ", self.get_component_rich_style("lazy-table--header")))
            return Strip(segments).extend_cell_length(width, self.get_component_rich_style("lazy-table--header")).crop(0, width)
        top = int(self.scroll_offset.y)
        index = top + y - 1
        if index >= len(self.ids):
            return Strip.blank(width, self.rich_style)
        self._rows(top, top + self.size.height)
        row = self._cache.get(self.ids[index])
        if row is None:  # being fetched, or deleted between the id query and now
            style = self.rich_style + (self.get_component_rich_style("lazy-table--cursor") if index == self.cursor
                                       else self.get_component_rich_style("lazy-table--done"))
            text = "…" if self.ids[index] in self._asked else ""
            return Strip([Segment(text, style)]).extend_cell_length(width, style).crop(0, width)
        style = self.rich_style
        if row.tone:
            style += self.get_component_rich_style(f"lazy-table--{row.tone}")
        if index == self.cursor:
            style += self.get_component_rich_style("lazy-table--cursor")
        return Strip([Segment(self._line(row.cells, widths), style)]).extend_cell_length(width, style).crop(0, width)

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.ids) + 1)

    # --- moving ---------------------------------------------------------------------------------

    def _scroll_to_cursor(self) -> None:
        scroll_row_into_view(self, self.cursor, header_lines=1)

    def watch_cursor(self) -> None:
        self._scroll_to_cursor()
        self.refresh()

    def action_move(self, delta: int) -> None:
        if self.ids:
            self.cursor = max(0, min(len(self.ids) - 1, self.cursor + delta))

    def action_page(self, direction: int) -> None:
        self.action_move(direction * max(self.size.height - 2, 1))

    def action_jump(self, where: int) -> None:
        if self.ids:
            self.cursor = 0 if where == 0 else len(self.ids) - 1

    def action_choose(self) -> None:
        if self.current_id is not None:
            self.post_message(self.Chosen(self.current_id))

    def on_click(self, event: Click) -> None:
        if event.y == 0:
            x = 0
            for column, w in zip(self.columns, self._widths()):
                if x <= event.x < x + w + 1:
                    self.post_message(self.HeaderClicked(column.key))
                    return
                x += w + 1
            return
        index = int(self.scroll_offset.y) + event.y - 1
        if 0 <= index < len(self.ids):
            if index == self.cursor and event.chain == 2:
                self.action_choose()
            self.cursor = index

