"""Any text is safe: titles, names and references built to break markup are shown literally on every
screen, dialog, notification and palette hit, and nothing crashes or runs."""

import pytest

from tests.conftest import TODAY, open_as

from missiontui.store import Store
from missiontui.usecases import deliverables, missions, people
from missiontui.usecases.context import Context, FixedClock
from missiontui.frontends.tui.deliverables import DeliverablesScreen
from tests.test_tui import palette_hits, run, screen_text, select, settle, table, until

HOSTILE = ["[/]", "[bold]x", "[@click=app.quit]x", "a [b", "[$accent]y", "\x1b[31mred\x1b[0m", "L" + "o" * 4999,
           "宽字符🙂 [i]"]
REF = "[b]REF"


@pytest.fixture
def hostile(db_path):
    with Store(db_path) as store:
        ctx = Context(store, "[red]Eve[/]", FixedClock(TODAY))
        people.add_person(ctx, "[red]Eve[/]", email="eve@example.org")
        missions.add_mission(ctx, REF, "[@click=app.quit]Mission", signatory="[/]", addressees=["a [b"])
        for title in HOSTILE:
            deliverables.add_deliverable(ctx, mission=REF, title=title, due="2022-06-30", owners=["[red]Eve[/]"],
                                         notes="[/] notes")
        yield ctx


def assert_literal(app, *fragments):
    text = screen_text(app)
    for fragment in fragments:
        assert fragment in text, fragment
    assert app.is_running


def test_every_screen_shows_hostile_text_literally(hostile, db_path):
    async def scenario(app, pilot):
        assert_literal(app, "[b]REF", "[@click=app.quit]Mis")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DeliverablesScreen)
        assert_literal(app, "[/]", "[bold]x", "[@click=app.quit]x", "a [b", "[$accent]y", "\\x1b[31mred", "宽字符🙂",
                       "[red]Eve[/]")
        # every row's dialog, timeline, history
        for deliverable_id in table(app).ids:
            await select(app, pilot, deliverable_id)
            await pilot.press("enter")
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert_literal(app, "[@click=app.quit]x"[:14])
        await pilot.press("escape")
        await select(app, pilot, table(app).ids[2])
        await pilot.press("h")
        await settle(pilot)
        assert_literal(app, "[@click=app.quit]x")
        await pilot.press("escape", "p")
        await settle(pilot)
        assert_literal(app, "[red]Eve[/]")
        await pilot.press("escape", "question_mark")
        await settle(pilot)
        await pilot.press("escape", "f")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert_literal(app, "[b]REF")
        await pilot.press("escape")
        await settle(pilot)
        # notifications and the confirmation dialog carry the titles
        await select(app, pilot, table(app).ids[0])
        await pilot.press("space")
        await settle(pilot)
        await pilot.press("delete")
        await settle(pilot)
        assert_literal(app, "[/]")
        await pilot.press("y")
        await settle(pilot)
        assert any("[/]" in n.message for n in app._notifications)
        # the palette's hits
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"click")
        await until(pilot, lambda: palette_hits(app) > 0, "the palette finds the hostile title")
        assert_literal(app, "[@click=app.quit]x")
        await pilot.press("escape")
        await settle(pilot)
        # a conflict dialog whose values are hostile
        target = table(app).ids[1]
        await select(app, pilot, target)
        await pilot.press("enter")
        await settle(pilot)
        with open_as(db_path, "Bob") as bob:
            deliverables.edit_deliverable(bob, target, {"notes": "[@click=app.quit]theirs"})
        app.screen.query_one("#notes").text = "[/]mine"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert_literal(app, "[@click=app.quit]theirs", "[/]mine")

    run(hostile, scenario, size=(120, 40))


def test_hostile_text_at_80_columns(hostile):
    async def scenario(app, pilot):
        await pilot.press("enter")
        await settle(pilot)
        assert_literal(app, "[bold]x", "a [b")

    run(hostile, scenario, size=(80, 24))


def test_an_edit_form_shows_escapes_as_text_and_saves_them_back_untouched(hostile, db_path):
    """A colleague's title holding terminal escapes (clear screen, set title) opened in the edit form:
    the form shows \\x1b, the terminal never receives the escape, and saving other fields leaves the
    title byte for byte as it was; a title the user retypes is saved as typed."""
    evil = "Evil \x1b]0;pwned\x07\x1b[2J title"
    target = deliverables.add_deliverable(hostile, mission=REF, title=evil, due="2022-06-30").deliverable.id
    people.add_person(hostile, "Eve \x1b[2J Escape")

    async def scenario(app, pilot):
        app.push_screen(DeliverablesScreen(REF))
        await settle(pilot)
        await select(app, pilot, target)
        await pilot.press("enter")
        await settle(pilot)
        rendered = app.screen._compositor.render_update(full=True)
        from rich.console import Console

        console = Console(width=120, file=open("/dev/null", "w"), force_terminal=True)
        with console.capture() as capture:
            console.print(rendered)
        assert "\x1b]0;pwned" not in capture.get() and "\x1b[2J" not in capture.get()
        assert "Evil \\x1b]0;pwned\\x07\\x1b[2J title" in screen_text(app)
        app.screen.query_one("#notes").text = "a note"
        await pilot.press("ctrl+s")
        await settle(pilot)

    run(hostile, scenario, size=(120, 40))
    with Store(db_path) as store:
        saved = store.deliverable(target)
        assert (saved.title, saved.notes) == (evil, "a note")


def raw_controls(text: str) -> list[str]:
    return [hex(ord(c)) for c in text if ord(c) < 0x20 and c != "\n" or 0x7f <= ord(c) <= 0x9f]


def test_notifications_show_a_title_with_terminal_escapes_literally(hostile):
    """'Done: <title>' and 'Deleted: <title>' toasts quote a colleague's title: its escape sequences
    (clear screen, set window title) must be shown as \\x1b…, not written to the terminal."""
    async def scenario(app, pilot):
        app.NOTIFICATION_TIMEOUT = 600  # a slow machine must not see the first toast expire before it is read
        await pilot.press("enter")
        await settle(pilot)
        escaped = next(d.id for d in hostile.store.deliverables() if "\x1b" in d.title)
        await select(app, pilot, escaped)
        await pilot.press("space")  # done
        await settle(pilot)
        await select(app, pilot, escaped)
        await pilot.press("delete", "y")
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert len(messages) == 2 and all("\\x1b[31mred" in m for m in messages), messages
        assert not raw_controls("".join(messages))
        assert not raw_controls(screen_text(app))

    run(hostile, scenario, size=(120, 40))


def test_history_owner_list_and_export_screen_show_markup_literally(hostile):
    """Three places a rendered tag once slipped through: a change in the history table (old → new),
    the edit form's list of owners, and the export dialog's scope (the mission reference)."""
    target = next(d for d in hostile.store.deliverables() if d.title == "[bold]x")
    deliverables.edit_deliverable(hostile, target.id, {"notes": "[b]gras[/b] et [red]rouge[/]"})

    async def scenario(app, pilot):
        await pilot.press("enter")  # the mission [b]REF
        await settle(pilot)
        await select(app, pilot, target.id)
        await pilot.press("h")
        await settle(pilot)
        assert_literal(app, "[/] notes → [b]gras[/b] et [red]rouge[/]")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("enter")  # the edit form: the owner list holds "[red]Eve[/]"
        await settle(pilot)
        assert "[red]Eve[/]" in widget_text(app.screen.query_one("#owners"))
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")  # back to the missions, whose export names the reference
        await settle(pilot)
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert REF in widget_text(app.screen.query_one("#export-title"))  # the list behind shows it too

    run(hostile, scenario, size=(120, 40))


def widget_text(widget) -> str:
    """What one widget draws, as text: the screen around it may show the same words."""
    return "\n".join(strip.text for strip in widget.render_lines(widget.region.reset_offset))
