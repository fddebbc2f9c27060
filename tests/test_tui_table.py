"""The lazy table's background mode: rows whose cells take a query of their own (the missions
overview's figures) never hold the first frame nor the keyboard, and answers that come late for
rows no longer shown are dropped."""

import asyncio
import threading

from textual.app import App

from missiontui.frontends.tui.table import Column, LazyTable, Row
from tests.test_tui import screen_text, until

COLUMNS = [Column("name", "NAME", 12), Column("figure", "FIGURE", 8)]


class Slow:
    """A fetch the test lets through when it decides: what a slow aggregate looks like to the table."""

    def __init__(self):
        self.gate = threading.Event()
        self.calls: list[list[int]] = []

    def __call__(self, ids: list[int]) -> dict[int, Row]:
        self.calls.append(list(ids))
        assert self.gate.wait(10), "the test never let the fetch through"
        return {i: Row((f"row {i}", str(i * 10))) for i in ids if i != 3}  # 3 was deleted meanwhile


class OneTable(App):
    def __init__(self, fetch, ids):
        super().__init__()
        self.fetch, self.ids = fetch, ids

    def compose(self):
        yield LazyTable(COLUMNS, self.fetch, background=True)

    def on_mount(self):
        self.query_one(LazyTable).set_ids(self.ids)
        self.query_one(LazyTable).focus()


def test_a_slow_fetch_holds_neither_the_first_frame_nor_the_keys():
    slow = Slow()

    async def main():
        app = OneTable(slow, [1, 2, 3, 4])
        async with app.run_test(size=(40, 10)) as pilot:
            await pilot.pause()
            table = app.query_one(LazyTable)
            await until(pilot, lambda: slow.calls, "the rows asked for")
            assert "NAME" in screen_text(app) and "…" in screen_text(app) and "row 1" not in screen_text(app)
            await pilot.press("down", "down")  # the keyboard answers while the fetch waits
            assert table.cursor == 2 and table.fetching
            slow.gate.set()
            await until(pilot, lambda: "row 4" in screen_text(app), "the figures shown")
            text = screen_text(app)
            assert "row 1" in text and "40" in text and "…" not in text
            assert not table.fetching and slow.calls == [[1, 2, 3, 4]]  # the deleted row is not asked again
            await pilot.press("down")
            await pilot.pause()
            assert slow.calls == [[1, 2, 3, 4]]

    asyncio.run(main())


def test_an_answer_for_rows_no_longer_shown_is_dropped():
    slow = Slow()

    async def main():
        app = OneTable(slow, [1, 2])
        async with app.run_test(size=(40, 10)) as pilot:
            await until(pilot, lambda: slow.calls, "the first rows asked for")
            table = app.query_one(LazyTable)
            table.set_ids([5, 6])  # a filter changed while the first fetch was running
            await until(pilot, lambda: len(slow.calls) == 2, "the new rows asked for")
            slow.gate.set()
            await until(pilot, lambda: "row 6" in screen_text(app), "the new rows shown")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert "row 1" not in screen_text(app) and set(table._cache) == {5, 6}

    asyncio.run(main())
