"""W4: start the TUI headless on a database and stop at its first frame: the agenda, its rows read
(late items, the next 14 days, what is to schedule). Run as a whole process.

    python bench/tui_first_frame.py DB            # the whole process is timed by bench/run
    python bench/tui_first_frame.py DB --inside   # also print the seconds from App start to the frame"""

import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from missiontui.store import Store  # noqa: E402
from missiontui.store.connection import Create  # noqa: E402
from missiontui.usecases.context import Context, FixedClock  # noqa: E402
from missiontui.frontends.tui.app import MissionApp  # noqa: E402

STARTED = time.perf_counter()


async def first_frame(pilot):
    await pilot.app.workers.wait_for_complete()  # the agenda's query ran in a worker
    await pilot.pause()  # and its rows are painted
    if "--inside" in sys.argv:
        print(f"{time.perf_counter() - STARTED:.3f}")
    pilot.app.exit()


if __name__ == "__main__":
    ctx = Context(Store(sys.argv[1], Create.NO), "bench", FixedClock(date(2026, 11, 22)))
    MissionApp(ctx).run(headless=True, size=(120, 40), auto_pilot=first_frame)
