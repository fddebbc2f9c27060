"""W4: start the TUI headless on a database and stop at its first frame. Run as a whole process."""

import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from missiontui.store import Store  # noqa: E402
from missiontui.frontends.tui.app import MissionApp  # noqa: E402


async def first_frame(pilot):
    await pilot.pause()  # the missions overview has been composed and painted
    pilot.app.exit()


if __name__ == "__main__":
    app = MissionApp(Store(sys.argv[1], "bench"), today=date(2026, 11, 22))
    app.run(headless=True, size=(120, 40), auto_pilot=first_frame)
