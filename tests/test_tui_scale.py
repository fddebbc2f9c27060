"""100,000 deliverables: the TUI opens, scrolls, sorts and filters them correctly (speed: bench/).

The expectations do not come from the queries under test: four deliverables with known titles,
dates and notes are added to the generated ones (due 2018–2026), and the test knows where each
must show — the latest deadline, the first title in alphabetical order, the only three a search
for "procedure xylophone" finds."""

import sys
from datetime import date
from pathlib import Path

import pytest

from missiontui.store import Store
from missiontui.core.model import DeliverableFilter
from missiontui.usecases import deliverables
from missiontui.usecases.context import Context, FixedClock
from tests.conftest import ROOT, TODAY
from tests.test_tui import run, screen_text, settle, table

sys.path.insert(0, str(ROOT / "bench"))

GENERATED = 100_000
LAST = "Bilan du programme (échéance la plus tardive)"
FIRST_BY_TITLE = "Abaque des délais de la mission"  # generated titles start with C, D, E, L, N, P, R
XYLOPHONE = ["Procédure xylophone : audition", "Note sur la procédure xylophone"]


@pytest.fixture(scope="session")
def big_db(tmp_path_factory) -> tuple[Path, dict[str, int]]:
    from generate import build

    path = tmp_path_factory.mktemp("scale") / "100k.db"
    build(path, GENERATED)
    with Store(path) as store:
        ctx = Context(store, "tester", FixedClock(TODAY))
        mission = store.missions()[0].reference

        def add(title, due, notes=""):
            return deliverables.add_deliverable(ctx, mission=mission, title=title, due=due, notes=notes).deliverable.id

        known = {"last": add(LAST, "31/12/2027"), "first_by_title": add(FIRST_BY_TITLE, "15/03/2024")}
        known["xylophone"] = sorted([add(XYLOPHONE[0], "2024-05-01"), add(XYLOPHONE[1], "2024-06-01"),
                                     add("Entretien DGOS", "2024-07-01", notes="Suite de la procédure xylophone.")])
    return path, known


def test_a_100k_database_opens_scrolls_sorts_and_filters(big_db):
    path, known = big_db
    total = GENERATED + 5

    async def scenario(app, pilot):
        assert "M-" in screen_text(app)  # the overview lists missions
        await pilot.press("a")
        await settle(pilot)
        assert len(table(app).ids) == total
        await pilot.press("end")
        await settle(pilot)
        assert table(app).current_id == known["last"] and LAST[:20] in screen_text(app)
        await pilot.press("s")  # by title; the cursor stays on the deliverable it was on
        await settle(pilot)
        await pilot.press("home")
        await settle(pilot)
        assert table(app).ids[0] == known["first_by_title"] and FIRST_BY_TITLE[:20] in screen_text(app)
        await pilot.press("slash", *"procedure xylophone")  # no accent typed: found all the same
        await settle(pilot)
        assert sorted(table(app).ids) == known["xylophone"]
        assert f"3 of {total}" in screen_text(app)

    with Store(path) as store:
        run(Context(store, "tester", FixedClock(TODAY)), scenario, size=(120, 40))


def test_the_agenda_of_100k_shows_what_is_late_and_what_is_due(big_db):
    """Thousands of late items: the first screen still shows them on top and today's week below."""
    store = Store(big_db[0])
    ctx = Context(store, "bench", FixedClock(date(2026, 11, 22)))
    late = store.deliverable_ids(DeliverableFilter(overdue_on=date(2026, 11, 22)))
    first_late = store.deliverable(late[0])

    async def scenario(app, pilot):
        text = screen_text(app)
        assert f"Late · {len(late)}" in text and first_late.title[:30] in text
        await pilot.press("end")
        await settle(pilot)
        assert app.screen.query_one("AgendaView").current_id is not None

    run(ctx, scenario, size=(120, 40), start="agenda")
    store.close()
