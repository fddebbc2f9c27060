"""W4: start the TUI headless on a database and stop at its first frame: the agenda, its rows read
(late items, the next 14 days, what is to schedule). Run as a whole process.

    python bench/tui_first_frame.py DB             # the whole process is timed by bench/run
    python bench/tui_first_frame.py DB --missions  # then the missions overview, its visible rows' figures in
    python bench/tui_first_frame.py DB --inside    # also print the seconds from App start to the frame"""

import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from missiontui.frontends.tui.app import MissionApp  # noqa: E402
from missiontui.frontends.tui.table import LazyTable  # noqa: E402
from missiontui.store import Store  # noqa: E402
from missiontui.store.connection import Create  # noqa: E402
from missiontui.usecases.context import Context, FixedClock  # noqa: E402

STARTED = time.perf_counter()


def overview_filled(app) -> bool:
    """The missions overview has its ids and has drawn the visible rows with their figures."""
    table = next(iter(app.screen.query("#missions").results(LazyTable)), None)
    if table is None:
        return False
    if not table.ids:
        return not app.workers  # an empty database: nothing left to come
    visible = table.ids[:max(table.size.height - 1, 1)]
    return all(row_id in table._cache for row_id in visible)


async def first_frame(pilot):
    await pilot.app.workers.wait_for_complete()  # the agenda's query ran in a worker
    await pilot.pause()  # and its rows are painted
    if "--missions" in sys.argv:
        await pilot.press("m")
        while not overview_filled(pilot.app):
            await pilot.pause(0.005)
    if "--inside" in sys.argv:
        print(f"{time.perf_counter() - STARTED:.3f}")
    pilot.app.exit()


if __name__ == "__main__":
    ctx = Context(Store(sys.argv[1], Create.NO), "bench", FixedClock(date(2026, 11, 22)))
    MissionApp(ctx, language="en").run(headless=True, size=(120, 40), auto_pilot=first_frame)
