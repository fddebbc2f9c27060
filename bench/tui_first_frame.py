"""W4: start the TUI headless on a database and stop at its first frame. Run as a whole process.

    python bench/tui_first_frame.py DB            # stop at the first frame
    python bench/tui_first_frame.py DB --filled   # stop once the visible rows show their figures
"""

import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from missiontui.frontends.tui.app import MissionApp  # noqa: E402
from missiontui.frontends.tui.table import LazyTable  # noqa: E402
from missiontui.store import Store  # noqa: E402
from missiontui.store.connection import Create  # noqa: E402
from missiontui.usecases.context import Context, FixedClock  # noqa: E402

FILLED = "--filled" in sys.argv


def shown(app) -> bool:
    """The landing view's table has its ids and has drawn the rows on screen with their figures."""
    table = next(iter(app.screen.query(LazyTable)), None)
    if table is None:
        return False
    if not table.ids:
        return not app.workers  # an empty database: nothing left to come
    visible = table.ids[:max(table.size.height - 1, 1)]
    return all(row_id in table._cache for row_id in visible)


async def first_frame(pilot):
    await pilot.pause()  # the landing view has been composed and painted
    while FILLED and not shown(pilot.app):
        await pilot.pause(0.005)
    pilot.app.exit()


if __name__ == "__main__":
    ctx = Context(Store(sys.argv[1], Create.NO), "bench", FixedClock(date(2026, 11, 22)))
    MissionApp(ctx, language="en").run(headless=True, size=(120, 40), auto_pilot=first_frame)
