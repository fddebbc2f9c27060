"""100,000 deliverables: the TUI opens, scrolls, sorts and filters them correctly (speed: bench/)."""

import sys
from pathlib import Path

import pytest

from missiontui.core.model import DeliverableFilter
from missiontui.store import Store
from missiontui.usecases.context import Context, FixedClock
from tests.conftest import ROOT, TODAY
from tests.test_tui import run, screen_text, settle, table

sys.path.insert(0, str(ROOT / "bench"))


@pytest.fixture(scope="session")
def big_db(tmp_path_factory) -> Path:
    from generate import build

    path = tmp_path_factory.mktemp("scale") / "100k.db"
    build(path, 100_000)
    return path


def test_a_100k_database_opens_scrolls_sorts_and_filters(big_db):
    store = Store(big_db)
    expected_search = store.deliverable_ids(DeliverableFilter(text="procedure contradictoire"))
    last = store.deliverables(DeliverableFilter(), order="due", descending=True, limit=1)[0]
    first_by_title = store.deliverables(DeliverableFilter(), order="title", limit=1)[0]

    async def scenario(app, pilot):
        assert "M-" in screen_text(app)  # the overview lists missions
        await pilot.press("a")
        await settle(pilot)
        assert len(table(app).ids) == 100_000
        await pilot.press("end")
        await pilot.pause()
        assert table(app).current_id == last.id and last.title[:20] in screen_text(app)
        await pilot.press("home", "s")
        await settle(pilot)
        assert table(app).ids[0] == first_by_title.id
        await pilot.press("slash", *"procedure contradictoire")
        await settle(pilot)
        assert table(app).ids[:50] and set(table(app).ids) == set(expected_search)
        assert f"{len(expected_search)} of 100000" in screen_text(app)

    run(Context(store, "tester", FixedClock(TODAY)), scenario, size=(120, 40))
    store.close()
