"""SVG snapshots of the main screens at a fixed size (pytest --snapshot-update after a reviewed change)."""

from datetime import date

import pytest

from missiontui.usecases.seeds import load_seeds
from missiontui.store import Store
from missiontui.frontends.tui.app import MissionApp

TODAY = date(2022, 5, 16)


@pytest.fixture
def app(db_path):
    store = Store(db_path, "Thomas Audigé")
    store.clock = lambda: "2022-05-16T08:00:00.000000Z"
    load_seeds(store)
    yield lambda language="en": MissionApp(store, language=language, today=TODAY)
    store.close()


async def settle(pilot):
    await pilot.pause(0.2)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def keys(*presses):
    async def run_before(pilot):
        await settle(pilot)
        for key in presses:
            await pilot.press(key)
            await settle(pilot)
    return run_before


@pytest.mark.parametrize("language", ["en", "fr"])
def test_missions_overview(snap_compare, app, language):
    assert snap_compare(app(language), terminal_size=(100, 30), run_before=keys())


@pytest.mark.parametrize("language", ["en", "fr"])
def test_deliverables_of_a_mission(snap_compare, app, language):
    assert snap_compare(app(language), terminal_size=(100, 30), run_before=keys("enter"))


def test_all_deliverables_at_80x24(snap_compare, app):
    assert snap_compare(app(), terminal_size=(80, 24), run_before=keys("a"))


def test_edit_form(snap_compare, app):
    assert snap_compare(app(), terminal_size=(100, 40), run_before=keys("enter", "down", "enter"))


def test_timeline(snap_compare, app):
    assert snap_compare(app(), terminal_size=(100, 30), run_before=keys("enter", "t"))


def test_people(snap_compare, app):
    assert snap_compare(app(), terminal_size=(100, 30), run_before=keys("p"))


def test_help(snap_compare, app):
    assert snap_compare(app(), terminal_size=(100, 40), run_before=keys("enter", "question_mark"))
