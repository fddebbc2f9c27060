"""The TUI, driven by keyboard through Textual's Pilot on a real database, notifications on."""

import asyncio
from datetime import date

import pytest

from tests.conftest import open_as

from missiontui.usecases import deliverables, people
from missiontui.usecases.context import Context, FixedClock
from missiontui.core.model import DeliverableFilter, Status
from missiontui.store import Store
from missiontui.frontends.tui.app import MissionApp
from missiontui.frontends.tui.deliverables import DeliverablesScreen
from missiontui.frontends.tui.confirm import ConfirmScreen
from missiontui.frontends.tui.edit import ConflictScreen, EditScreen
from missiontui.frontends.tui.missions import MissionsScreen
from missiontui.frontends.tui.table import LazyTable

TODAY = date(2022, 5, 16)
SIZES = [(80, 24), (160, 50)]


def run(seeded, scenario, size=(80, 24), language="en", start="missions"):
    """Run `scenario(app, pilot)` in the real app at a real terminal size, from the missions overview
    (one key from the agenda, the first screen) or from the agenda (start="agenda")."""
    app = MissionApp(seeded, language=language)

    async def main():
        async with app.run_test(size=size, notifications=True) as pilot:
            await settle(pilot)  # the agenda's rows come from a worker
            if start == "missions":
                await pilot.press("m")
                await settle(pilot)  # the overview's figures too
            await scenario(app, pilot)

    asyncio.run(main())
    return app


def screen_text(app) -> str:
    """What the terminal shows, as plain text."""
    from rich.console import Console

    console = Console(width=app.size.width, record=True, color_system=None, file=open("/dev/null", "w"))
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text()


async def settle(pilot):
    """Let background work finish and the screens take its results (no fixed delay)."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def until(pilot, condition, what: str, timeout: float = 10):
    """Let the app run until `condition()` holds (a colleague's write seen, a palette search done)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, f"never happened: {what}"
        await pilot.pause(0.05)


def palette_hits(app) -> int:
    from textual.command import CommandList

    lists = app.screen.query(CommandList)
    return lists.first().option_count if lists else 0


async def open_dns(app, pilot):
    await pilot.press("enter")  # the first mission, sorted by date signed: the DNS letter
    await settle(pilot)
    assert isinstance(app.screen, DeliverablesScreen) and app.screen.mission == "D-22-010393"


def table(app) -> LazyTable:
    return app.screen.query_one(LazyTable)


async def select(app, pilot, deliverable_id):
    t = table(app)
    t.cursor = t.ids.index(deliverable_id)
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_overview_shows_both_letters(seeded, size):
    async def scenario(app, pilot):
        assert isinstance(app.screen, MissionsScreen)
        text = screen_text(app)
        assert "D-22-010393" in text and "STSS-2018-02-09" in text
        assert "1/4" in text and "2/9" in text  # progress: done / total
        await open_dns(app, pilot)
        assert table(app).ids == [10, 11, 12, 13]
        assert "Point d'étape" in screen_text(app)

    run(seeded, scenario, size)


def test_add_with_a_french_phrase(seeded):
    async def scenario(app, pilot):
        await open_dns(app, pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, EditScreen)
        await pilot.press(*"Note de cadrage")
        app.screen.query_one("#due").focus()
        await pilot.press(*"fin juin")
        await pilot.pause()
        assert "Thursday 30 June 2022 · end of month" in str(app.screen.query_one("#due-preview").render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DeliverablesScreen)
        added = [d for d in seeded.store.deliverables() if d.title == "Note de cadrage"]
        assert len(added) == 1 and added[0].due.date == date(2022, 6, 30) and added[0].due.phrase == "fin juin"
        assert table(app).current_id == added[0].id

    run(seeded, scenario)


def test_a_phrase_that_is_not_a_date_is_shown_inline_and_not_saved(seeded):
    async def scenario(app, pilot):
        await open_dns(app, pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*"Essai")
        app.screen.query_one("#due").focus()
        await pilot.press(*"31/09/2022")
        await pilot.pause()
        assert "September has no day 31" in str(app.screen.query_one("#due-preview").render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EditScreen)
        assert "September has no day 31" in str(app.screen.query_one("#form-error").render())
        assert not [d for d in seeded.store.deliverables() if d.title == "Essai"]

    run(seeded, scenario)


def test_edit_moves_a_deadline_and_asks_why(seeded):
    async def scenario(app, pilot):
        await open_dns(app, pilot)
        await select(app, pilot, 12)
        await pilot.press("enter")
        await settle(pilot)
        reason = app.screen.query_one("#reason")
        assert not reason.display  # nothing moved yet
        due = app.screen.query_one("#due")
        due.value = "mi-octobre"
        await pilot.pause()
        assert reason.display
        reason.value = "entretiens ARS décalés"
        await pilot.press("ctrl+s")
        await settle(pilot)
        moved = seeded.store.deliverable(12)
        assert moved.due.date == date(2022, 10, 15)
        entry = seeded.store.history("deliverable", 12)[0]
        assert (list(entry.after), entry.reason) == (["due"], "entretiens ARS décalés")

    run(seeded, scenario)


def test_complete_with_space(seeded):
    async def scenario(app, pilot):
        await open_dns(app, pilot)
        await select(app, pilot, 11)
        await pilot.press("space")
        await settle(pilot)
        assert seeded.store.deliverable(11).status is Status.DONE
        assert any("Done: Point d'étape" in n.message for n in app._notifications)
        await pilot.press("u")
        await settle(pilot)
        assert seeded.store.deliverable(11).status is Status.PLANNED
        # the toast names what was undone by its title, though the change undone was its status
        assert any(n.message.startswith("Undone: #11 Point d'étape") for n in app._notifications)

    run(seeded, scenario)


def test_filter_as_you_type(seeded):
    seeded.actor = "Thomas Audigé"

    async def scenario(app, pilot):
        await pilot.press("a")  # all deliverables
        await settle(pilot)
        assert len(table(app).ids) == 13
        await pilot.press("slash", *"prescri")
        await settle(pilot)
        assert table(app).ids == [7]
        app.screen.query_one("#search").value = ""
        await settle(pilot)
        await pilot.press("escape")  # back to the table
        await pilot.press("o")  # late only
        await settle(pilot)
        assert set(table(app).ids) == {3, 4, 9}
        await pilot.press("o", "m")  # mine (Thomas Audigé acts)
        await settle(pilot)
        assert set(table(app).ids) == {11, 12}
        await pilot.press("c")
        app.screen.query_one("#status").value = "done"
        await settle(pilot)
        assert set(table(app).ids) == {1, 2, 10}
        text = screen_text(app)
        assert "3 of 13" in text

    run(seeded, scenario)


def test_sort_by_columns(seeded):
    async def scenario(app, pilot):
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("s")  # title
        await settle(pilot)
        titles = [seeded.store.deliverable(i).title for i in table(app).ids]
        assert titles == sorted(titles, key=str.casefold)
        await pilot.press("S")
        await settle(pilot)
        assert [seeded.store.deliverable(i).title for i in table(app).ids] == sorted(titles, key=str.casefold, reverse=True)

    run(seeded, scenario)


def test_delete_with_confirmation_and_undo(seeded):
    async def scenario(app, pilot):
        await open_dns(app, pilot)
        await select(app, pilot, 13)
        await pilot.press("delete")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question is asked")
        await pilot.press("n")  # keep it
        await until(pilot, lambda: isinstance(app.screen, DeliverablesScreen), "the question is gone")
        await settle(pilot)
        assert seeded.store.deliverable(13).deleted_at is None
        await pilot.press("delete")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question is asked again")
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, DeliverablesScreen) and 13 not in table(app).ids,
                    "the deliverable leaves the list")
        assert seeded.store.deliverable(13, include_deleted=True).deleted_at
        await pilot.press("u")
        await until(pilot, lambda: 13 in table(app).ids, "undo brings it back")
        assert seeded.store.deliverable(13).deleted_at is None

    run(seeded, scenario)


@pytest.mark.parametrize("button, expected_notes", [("theirs", "Bob"), ("save", "Alice")])
def test_conflict_dialog_with_a_second_connection(seeded, db_path, button, expected_notes):
    """Bob saves the notes while Alice edits them: the dialog shows both, and her choice is saved."""
    async def scenario(app, pilot):
        await open_dns(app, pilot)
        await select(app, pilot, 12)
        await pilot.press("enter")
        await settle(pilot)
        with open_as(db_path, "Bob") as bob:  # a colleague saves first
            deliverables.edit_deliverable(bob, 12, {"notes": "Bob"})
        app.screen.query_one("#notes").text = "Alice"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        text = screen_text(app)
        assert "Bob" in text and "Alice" in text and "When you opened it" in text
        await pilot.click(f"#{button}")
        await settle(pilot)
        assert seeded.store.deliverable(12).notes == expected_notes

    run(seeded, scenario)


def test_a_colleagues_deadline_move_is_kept_when_i_save_another_field(seeded, db_path):
    """Issue 9's bug: Bob moved the deadline while Alice renamed; her save must keep his move, no dialog."""
    async def scenario(app, pilot):
        await open_dns(app, pilot)
        await select(app, pilot, 12)
        await pilot.press("enter")
        await settle(pilot)
        with open_as(db_path, "Bob") as bob:
            deliverables.edit_deliverable(bob, 12, {"due": "fin octobre 2022"}, reason="audition reportée")
        app.screen.query_one("#title").value = "Rapport de mission"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ConflictScreen)
        saved = seeded.store.deliverable(12)
        assert (saved.title, saved.due.date) == ("Rapport de mission", date(2022, 10, 31))
        assert any("Their other changes are kept: deadline" in n.message for n in app._notifications)

    run(seeded, scenario)


def test_back_to_editing_then_saving_never_reverts_the_colleague(seeded, db_path):
    """Bob changed the title and the deadline; Alice changed the title. She goes back to editing and
    saves again: the dialog comes back for the title, and Bob's deadline is never put back."""
    async def scenario(app, pilot):
        await open_dns(app, pilot)
        await select(app, pilot, 12)
        await pilot.press("enter")
        await settle(pilot)
        with open_as(db_path, "Bob") as bob:
            deliverables.edit_deliverable(bob, 12, {"title": "Rapport (Bob)", "due": "fin octobre 2022"})
        app.screen.query_one("#title").value = "Rapport (Alice)"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        assert [c.field for c in app.screen.conflicts] == ["title"]
        await pilot.click("#edit")
        await settle(pilot)
        assert isinstance(app.screen, EditScreen)
        assert app.screen.query_one("#due").value == "fin octobre 2022"  # the form now shows Bob's move
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)  # asked again, never saved silently
        await pilot.click("#save")
        await settle(pilot)
        saved = seeded.store.deliverable(12)
        assert (saved.title, saved.due.date) == ("Rapport (Alice)", date(2022, 10, 31))

    run(seeded, scenario)


def test_live_refresh_after_an_outside_write_keeps_cursor_and_filter(seeded, db_path):
    async def scenario(app, pilot):
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("slash", *"objectif")
        await settle(pilot)
        await pilot.press("escape", "down")
        await pilot.pause()
        kept = table(app).current_id
        with open_as(db_path, "Bob") as bob:
            deliverables.add_deliverable(bob, mission="STSS-2018-02-09", title="Objectif complémentaire", due="2021-01-01")
        await until(pilot, lambda: len(table(app).ids) == 4, "the colleague's deliverable appears by itself")
        await settle(pilot)
        assert table(app).current_id == kept
        assert "Objectif complémentaire" in screen_text(app)

    run(seeded, scenario)


def test_language_switch_at_run_time(seeded):
    async def scenario(app, pilot):
        await open_dns(app, pilot)
        assert "Thu 30 Jun 2022" in screen_text(app)
        await pilot.press("ctrl+l")
        await settle(pilot)
        text = screen_text(app)
        assert "jeu. 30 juin 2022" in text and "Échéance" in text and "Ajouter" in text
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert "Due" in screen_text(app)

    run(seeded, scenario)


def test_french_from_the_start(seeded):
    async def scenario(app, pilot):
        assert "Missions" in screen_text(app) and "Proch. échéance" in screen_text(app)

    run(seeded, scenario, language="fr")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_screen_opens(seeded, size):
    async def scenario(app, pilot):
        await open_dns(app, pilot)
        await pilot.press("t")
        await settle(pilot)
        assert "Timeline — D-22-010393" in screen_text(app) and "◆" in screen_text(app)
        await pilot.press("escape", "h")
        await settle(pilot)
        assert "History" in screen_text(app)
        await pilot.press("escape", "p")
        await settle(pilot)
        assert "Laura Létourneau" in screen_text(app)
        await pilot.press("escape", "question_mark")
        await settle(pilot)
        assert "Timeline" in screen_text(app) and "Undo" in screen_text(app)
        await pilot.press("escape", "f")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert "/feeds/" in screen_text(app) and seeded.store.feed_tokens()
        await pilot.press("escape", "ctrl+e")
        await settle(pilot)
        assert "Export the calendar" in screen_text(app)

    run(seeded, scenario, size)


def test_export_from_the_tui(seeded, tmp_path):
    async def scenario(app, pilot):
        await open_dns(app, pilot)
        await pilot.press("ctrl+e")
        await settle(pilot)
        app.screen.query_one("#path").value = str(tmp_path / "dns.ics")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert (tmp_path / "dns.ics").read_text(encoding="utf-8").count("BEGIN:VEVENT") == 4

    run(seeded, scenario)


def test_palette_jumps_to_a_deliverable(seeded):
    async def scenario(app, pilot):
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"prescriptions")
        await until(pilot, lambda: palette_hits(app) > 0, "the palette finds the deliverable")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DeliverablesScreen) and table(app).current_id == 7

    run(seeded, scenario)


def test_errors_in_french(seeded):
    async def scenario(app, pilot):
        await open_dns(app, pilot)
        await pilot.press("a")
        await settle(pilot)
        app.screen.query_one("#due").value = "fin juin"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "champ obligatoire\u00a0: l'intitulé" in str(app.screen.query_one("#form-error").render())
        app.screen.query_one("#due").value = "31/09/2022"
        await pilot.pause()
        assert "septembre n'a pas de 31" in str(app.screen.query_one("#due-preview").render())

    run(seeded, scenario, language="fr")


def test_a_new_user_adds_a_mission_then_a_deliverable(ctx):
    store = ctx.store
    people.add_person(ctx, "Claire Martin")

    async def scenario(app, pilot):
        assert "No mission yet" in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        form.query_one("#reference").value = "IGAS-2026-042"
        form.query_one("#title").value = "Revue des agences régionales de santé"
        form.query_one("#signed").value = "21 avril 2026"
        await pilot.pause()
        assert "Tuesday 21 April 2026" in str(form.query_one("#signed-preview").render())
        form.query_one("#addressees").text = "Cheffe de l'IGAS\nDirecteur général de la santé"
        form.query_one("#lead").value = store.find_person("Claire Martin").id
        await pilot.press("ctrl+s")
        await settle(pilot)
        mission = store.mission("IGAS-2026-042")
        assert mission.signed_on == date(2026, 4, 21) and mission.lead == "Claire Martin"
        assert mission.addressees == ("Cheffe de l'IGAS", "Directeur général de la santé")
        assert "IGAS-2026-042" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*"Note de cadrage")
        app.screen.query_one("#due").value = "fin juin"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert [d.title for d in store.deliverables()] == ["Note de cadrage"]

    run(ctx, scenario)


def test_a_mission_form_refuses_a_duplicate_reference(seeded):
    async def scenario(app, pilot):
        await pilot.press("n")
        await settle(pilot)
        app.screen.query_one("#reference").value = "D-22-010393"
        app.screen.query_one("#title").value = "Doublon"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "already exists" in str(app.screen.query_one("#form-error").render())

    run(seeded, scenario)


def test_a_write_blocked_by_a_colleague_is_a_message_not_a_crash(seeded, db_path, monkeypatch):
    import sqlite3

    from missiontui.store import connection

    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 100)
    impatient = Context(Store(db_path), "Thomas Audigé", FixedClock(TODAY))
    holder = sqlite3.connect(db_path, isolation_level=None)

    async def scenario(app, pilot):
        await open_dns(app, pilot)
        await select(app, pilot, 11)
        holder.execute("BEGIN EXCLUSIVE")
        await pilot.press("space")
        await settle(pilot)
        holder.execute("ROLLBACK")
        assert app.is_running and isinstance(app.screen, DeliverablesScreen)
        assert any("nothing was changed" in n.message for n in app._notifications)
        assert impatient.store.deliverable(11).status is Status.PLANNED

    run(impatient, scenario)
    holder.close()
    impatient.close()


# --- issue 9's bugs, as a new user met them -----------------------------------------------------------

def test_export_from_the_tui_honours_the_reminders_of_the_config(seeded, tmp_path):
    from dataclasses import replace

    seeded.config = replace(seeded.config, reminders=(3,))

    async def scenario(app, pilot):
        await open_dns(app, pilot)
        await pilot.press("ctrl+e")
        await settle(pilot)
        app.screen.query_one("#path").value = str(tmp_path / "dns.ics")
        await pilot.press("ctrl+s")
        await settle(pilot)
        text = (tmp_path / "dns.ics").read_text(encoding="utf-8")
        assert "TRIGGER:-P3D" in text and "TRIGGER:-P7D" not in text  # the config says 3 days, not the default 7

    run(seeded, scenario)


def test_a_person_added_in_the_form_is_offered_by_the_who_filter_at_once(seeded):
    async def scenario(app, pilot):
        await open_dns(app, pilot)
        await select(app, pilot, 12)
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        form.query_one("#new-person").value = "Claire Martin"
        form.query_one("#new-person").focus()
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        owners = app.screen.query_one("#owner")
        assert "Claire Martin" in [value for _, value in owners._options]

    run(seeded, scenario)


def test_the_feeds_screen_shows_a_link_as_soon_as_it_is_created(seeded):
    async def scenario(app, pilot):
        await open_dns(app, pilot)
        await pilot.press("f")
        await settle(pilot)
        assert "No feed yet" in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        text = screen_text(app)
        assert "No feed yet" not in text and "/feeds/" in text

    run(seeded, scenario, size=(160, 50))


def test_adding_from_all_deliverables_asks_which_mission(seeded):
    async def scenario(app, pilot):
        await pilot.press("a")  # all deliverables: the highlighted row is a STSS one
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, EditScreen)
        form.query_one("#mission").value = "STSS-2018-02-09"
        form.query_one("#title").value = "Bilan de la consultation"
        form.query_one("#due").value = "fin juin"
        await pilot.press("ctrl+s")
        await settle(pilot)
        added = seeded.store.deliverables(DeliverableFilter(text="Bilan consultation"))
        assert [d.mission_ref for d in added] == ["STSS-2018-02-09"]

    run(seeded, scenario)
