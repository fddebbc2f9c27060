"""W5: in the TUI, how long from a keystroke in the search box to the updated table (median ms).

Opens every deliverable, then types a word letter by letter. The time runs from the key press to
the moment the screen hands the new rows to the table (the query ran in a worker meanwhile); the
test harness' own settling afterwards is not counted."""

import asyncio
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from missiontui.store import Store  # noqa: E402
from missiontui.store.connection import Create  # noqa: E402
from missiontui.usecases.context import Context, FixedClock  # noqa: E402
from missiontui.frontends.tui.app import MissionApp  # noqa: E402
from missiontui.frontends.tui.table import LazyTable  # noqa: E402

WORDS = ["rapport", "etape", "sante", "comite"]


async def main(path: str) -> None:
    app = MissionApp(Context(Store(path, Create.NO), "bench", FixedClock(date(2026, 11, 22))))
    timings = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("m")  # from the agenda to the missions overview
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("a")
        await app.workers.wait_for_complete()
        await pilot.pause()
        for word in WORDS:
            await pilot.press("slash")
            screen = app.screen
            shown_at = []
            original = screen._show

            def recorded(*args, original=original, shown_at=shown_at):
                original(*args)
                shown_at.append(time.perf_counter())

            screen._show = recorded
            for letter in word:
                table = screen.query_one(LazyTable)
                before = table.ids
                started = time.perf_counter()
                await pilot.press(letter)
                await app.workers.wait_for_complete()
                await pilot.pause()
                assert table.ids is not before and shown_at
                timings.append((shown_at[-1] - started) * 1000)
            app.screen.query_one("#search").value = ""
            await app.workers.wait_for_complete()
            await pilot.press("escape")
        shown = len(app.screen.query_one(LazyTable).ids)
    print(f"{statistics.median(timings):.1f} {max(timings):.1f} {shown}")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
