"""SVG snapshots of the main screens at a fixed size (pytest --snapshot-update after a reviewed change)."""

from datetime import date

import pytest

from missiontui.usecases.seeds import load_seeds
from missiontui.store import Store
from missiontui.usecases.context import Context, FixedClock
from missiontui.frontends.tui.app import MissionApp

TODAY = date(2022, 5, 16)


@pytest.fixture
def app(db_path):
    store = Store(db_path)
    ctx = Context(store, "Thomas Audigé", FixedClock(TODAY, "2022-05-16T08:00:00.000000Z"))
    load_seeds(ctx)
    yield lambda language="en": MissionApp(ctx, language=language)
    store.close()


async def settle(pilot):
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def keys(*presses, start="missions"):
    """Press `presses` from the missions overview (`m` from the agenda) or from the agenda."""
    presses = ("m", *presses) if start == "missions" else presses

    async def run_before(pilot):
        await settle(pilot)
        for key in presses:
            await pilot.press(key)
            await settle(pilot)
        steady_cursors(pilot.app)
    return run_before


def steady_cursors(app) -> None:
    """A blinking cursor is drawn or not depending on when the picture is taken: keep it drawn."""
    from textual.widgets import Input, TextArea

    for widget in app.screen.query("Input, TextArea"):
        if isinstance(widget, (Input, TextArea)):
            widget.cursor_blink = False


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


# --- the screens of issue 13, on the demo's day, at both sizes, in both languages ----------------

DEMO_DAY = date(2022, 9, 26)
SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def demo(db_path):
    store = Store(db_path)
    ctx = Context(store, "Thomas Audigé", FixedClock(DEMO_DAY, "2022-09-26T08:00:00.000000Z"))
    load_seeds(ctx)
    yield lambda language="en": MissionApp(ctx, language=language, demo=True)
    store.close()


def sized(test):
    test = pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")(test)
    return pytest.mark.parametrize("language", ["en", "fr"])(test)


@sized
def test_agenda(snap_compare, demo, language, size):
    assert snap_compare(demo(language), terminal_size=size, run_before=keys(start="agenda"))


@sized
def test_month(snap_compare, demo, language, size):
    assert snap_compare(demo(language), terminal_size=size, run_before=keys("c", start="agenda"))


@sized
def test_day(snap_compare, demo, language, size):
    assert snap_compare(demo(language), terminal_size=size,
                        run_before=keys("c", "right", "right", "right", "right", "enter", start="agenda"))


@sized
def test_mission_edit_form(snap_compare, demo, language, size):
    assert snap_compare(demo(language), terminal_size=size, run_before=keys("e"))


@sized
def test_person_edit_form(snap_compare, demo, language, size):
    assert snap_compare(demo(language), terminal_size=size, run_before=keys("p", "e"))


@sized
def test_help_of_the_agenda(snap_compare, demo, language, size):
    assert snap_compare(demo(language), terminal_size=size, run_before=keys("question_mark", start="agenda"))
