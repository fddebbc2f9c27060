"""The agenda (first screen), the month calendar, editing missions and people, deliverables to
schedule, the help and the footer — driven by keyboard through Pilot on a real database, on the
demo's day: Monday 26 September 2022."""

from datetime import date

import pytest

from missiontui.core.model import MissionStatus, Status
from missiontui.frontends.tui.agenda import AgendaScreen, AgendaView
from missiontui.frontends.tui.deliverables import DeliverablesScreen
from missiontui.frontends.tui.edit import EditScreen
from missiontui.frontends.tui.help import HelpScreen
from missiontui.frontends.tui.missions import MissionsScreen
from missiontui.frontends.tui.month import DayScreen, MonthGrid, MonthScreen
from missiontui.frontends.tui.timeline import TimelineScreen
from missiontui.usecases import deliverables
from missiontui.usecases.context import FixedClock
from tests.test_tui import palette_hits, run, screen_text, settle, table, until

MONDAY = date(2022, 9, 26)
SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def monday(seeded):
    seeded.clock = FixedClock(MONDAY)
    seeded.actor = "Thomas Audigé"
    return seeded


def agenda(app) -> AgendaView:
    return app.screen.query_one(AgendaView)


def shown_ids(app) -> list[int]:
    view = agenda(app)
    return [view.lines[n].deliverable_id for n in view.items]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_agenda_is_the_first_screen(monday, size):
    async def scenario(app, pilot):
        assert isinstance(app.screen, AgendaScreen)
        text = screen_text(app)
        assert text.index("Late · 4") < text.index("This week") < text.index("Friday 30 September 2022")
        assert "Remise des travaux" in text and "88 d" in text
        assert shown_ids(app) == [3, 4, 9, 11, 12]

    run(monday, scenario, size, start="agenda")


def test_space_on_a_repeating_meeting_in_the_agenda_says_which_occurrence_was_done(monday):
    """The agenda completes one occurrence as the mission's list does, and says so (not "Done")."""
    copil = deliverables.add_deliverable(monday, mission="D-22-010393", title="Comité de pilotage", kind="meeting",
                                         due="2022-09-27", recurrence="FREQ=WEEKLY").deliverable.id

    async def scenario(app, pilot):
        await until(pilot, lambda: copil in shown_ids(app), "the meeting in this week's agenda")
        for _ in range(len(shown_ids(app))):  # down to the meeting's line
            if agenda(app).current_id == copil:
                break
            await pilot.press("down")
        assert agenda(app).current_id == copil
        await pilot.press("space")
        await until(pilot, lambda: monday.store.deliverable(copil).due.date == date(2022, 10, 4), "the next one")
        await settle(pilot)
        assert any(n.message.startswith("Occurrence of") and "Comité de pilotage" in n.message
                   for n in app._notifications)

    run(monday, scenario, start="agenda")


def test_edit_done_open_and_history_from_the_agenda(monday):
    async def scenario(app, pilot):
        await pilot.press("end")  # the last row: the report due on Friday
        assert agenda(app).current_id == 12
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EditScreen) and app.screen.deliverable_id == 12
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        assert monday.store.deliverable(12).status is Status.DONE
        assert agenda(app).current_id == 12  # still on the week's picture, done
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, DeliverablesScreen) and table(app).current_id == 12
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        assert "History — #12" in screen_text(app) and "done" in screen_text(app)

    run(monday, scenario, start="agenda")


def test_missions_one_key_away_and_back(monday):
    async def scenario(app, pilot):
        landing = app.screen
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, MissionsScreen)
        await pilot.press("enter")  # a mission's deliverables
        await settle(pilot)
        await pilot.press("g")  # that mission's agenda
        await settle(pilot)
        assert isinstance(app.screen, AgendaScreen) and app.screen.mission == "D-22-010393"
        assert shown_ids(app) == [11, 12]
        await pilot.press("m")  # the overview again: the one already open
        await settle(pilot)
        assert isinstance(app.screen, MissionsScreen) and len(app.screen_stack) == 3
        await pilot.press("g")
        await settle(pilot)
        assert app.screen is landing

    run(monday, scenario, start="agenda")


def test_mine_and_a_longer_horizon(monday):
    async def scenario(app, pilot):
        await pilot.press("w")
        await settle(pilot)
        assert shown_ids(app) == [11, 12] and "Agenda — mine" in screen_text(app)
        for _ in range(3):
            await pilot.press("plus")
            await settle(pilot)
        assert app.screen.days == 91 and shown_ids(app) == [11, 12]  # until 26 December
        await pilot.press("plus")
        await settle(pilot)
        assert app.screen.days == 182 and shown_ids(app) == [11, 12]  # Olivier Véran's decisions are not mine
        await pilot.press("w")
        await settle(pilot)
        assert shown_ids(app) == [3, 4, 9, 11, 12, 5, 6, 7, 8, 13]  # everyone's, to 31 December
        assert "Later" in screen_text(app) and "Agenda — every mission" in screen_text(app)

    run(monday, scenario, size=(120, 40), start="agenda")


def test_undated_deliverables_are_apart_everywhere(monday):
    later = deliverables.add_deliverable(monday, mission="D-22-010393", title="Propositions d'évolution",
                                         due="").deliverable

    async def scenario(app, pilot):
        text = screen_text(app)
        assert text.index("This week") < text.index("To schedule · 1") < text.index("Propositions d'évolution")
        await pilot.press("m", "enter")
        await settle(pilot)
        assert table(app).ids[-1] == later.id and "1 to schedule" in screen_text(app)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TimelineScreen)
        text = screen_text(app)
        assert "Propositions d'év" in text and "· to schedule" in text

    run(monday, scenario, size=(120, 40), start="agenda")


def test_the_count_line_follows_a_colleagues_undated_deliverable_and_the_search(monday, db_path):
    from tests.conftest import open_as

    async def scenario(app, pilot):
        await pilot.press("m", "enter")  # the DNS mission: 4 deliverables, all dated
        await settle(pilot)
        assert "4 of 4" in screen_text(app) and "to schedule" not in screen_text(app)
        with open_as(db_path, "Bob") as bob:
            deliverables.add_deliverable(bob, mission="D-22-010393", title="Propositions d'évolution", due="")
        await until(pilot, lambda: "5 of 5" in screen_text(app), "the colleague's deliverable counted")
        assert "1 to schedule" in screen_text(app)
        await pilot.press("slash", *"point")
        await until(pilot, lambda: "1 of 5" in screen_text(app), "the search applied")
        assert "to schedule" not in screen_text(app)  # the undated one does not match "point"
        await pilot.press("backspace", "backspace", "backspace", "backspace", "backspace")
        await until(pilot, lambda: "5 of 5" in screen_text(app), "the search cleared")
        assert "1 to schedule" in screen_text(app)

    run(monday, scenario, size=(120, 40), start="agenda")


def test_agenda_in_french(monday):
    async def scenario(app, pilot):
        text = screen_text(app)
        for words in ("Agenda — toutes les missions", "En retard · 4", "Cette semaine", "vendredi 30 septembre 2022",
                      "88 j", "prévu"):
            assert words in text, words

    run(monday, scenario, size=(120, 40), language="fr", start="agenda")


# --- the month calendar ----------------------------------------------------------------------------

def test_month_moves_by_day_week_and_month_and_opens_a_day(monday):
    async def scenario(app, pilot):
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, MonthScreen)
        grid = app.screen.query_one(MonthGrid)
        assert grid.cursor == MONDAY and "September 2022" in screen_text(app)
        await pilot.press("right", "right", "right", "right")
        assert grid.cursor == date(2022, 9, 30)
        assert "Remise de" in screen_text(app) and "30 ·1" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DayScreen) and table(app).ids == [12]
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("down")
        assert grid.cursor == date(2022, 10, 7)
        await settle(pilot)
        assert "October 2022" in screen_text(app)
        await pilot.press("pagedown", "pagedown", "pagedown")
        await settle(pilot)
        assert grid.cursor == date(2023, 1, 7)
        await pilot.press("pageup")
        await settle(pilot)
        assert grid.cursor == date(2022, 12, 7) and "Mise en œuvre" in screen_text(app)
        await pilot.press("full_stop")
        assert grid.cursor == MONDAY

    run(monday, scenario, size=(120, 40), start="agenda")


def test_a_day_with_more_than_fits_shows_a_count(monday):
    for n in range(6):
        deliverables.add_deliverable(monday, mission="D-22-010393", title=f"Entretien {n + 1}", due="2022-09-28")

    async def scenario(app, pilot):
        await pilot.press("c")
        await settle(pilot)
        text = screen_text(app)  # 80×24: three lines a week, a day number and two lines
        assert "28 ·6" in text and "Entretien…" in text and "+5 more" in text

    run(monday, scenario, start="agenda")


def test_month_shows_titles_literally(monday):
    deliverables.add_deliverable(monday, mission="D-22-010393", title="[@click=app.quit]x", due="2022-09-27")

    async def scenario(app, pilot):
        await pilot.press("c")
        await settle(pilot)
        assert "[@click=app" in screen_text(app) and app.is_running

    run(monday, scenario, size=(120, 40), start="agenda")


# --- missions and people -------------------------------------------------------------------------

def test_edit_close_and_reopen_a_mission(monday):
    before = monday.store.mission("D-22-010393")

    async def scenario(app, pilot):
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert form.query_one("#reference").value == "D-22-010393"
        assert form.query_one("#signed").value == "2022-04-21"
        form.query_one("#title").value = "Bilan d'étape de la DNS"
        await pilot.press("ctrl+s")
        await settle(pilot)
        mission = monday.store.mission("D-22-010393")
        assert mission.title == "Bilan d'étape de la DNS" and mission.signed_on == date(2022, 4, 21)
        assert (mission.lead, mission.addressees, mission.summary) == (before.lead, before.addressees, before.summary)
        [entry] = [r for r in monday.store.history("mission", mission.id) if r.action == "update"]
        assert list(entry.after) == ["title"] and entry.actor == "Thomas Audigé"
        await pilot.press("x")
        await settle(pilot)
        assert monday.store.mission("D-22-010393").status is MissionStatus.CLOSED
        await pilot.press("x")
        await settle(pilot)
        assert monday.store.mission("D-22-010393").status is MissionStatus.ACTIVE
        await pilot.press("h")
        await settle(pilot)
        assert "History — D-22-010393" in screen_text(app)

    run(monday, scenario, size=(120, 40))


def test_a_mission_saved_by_a_colleague_meanwhile_is_merged_not_reverted(monday, db_path):
    from tests.conftest import open_as
    from missiontui.usecases.missions import edit_mission

    async def scenario(app, pilot):
        await pilot.press("e")
        await settle(pilot)
        with open_as(db_path, "Bob") as bob:
            edit_mission(bob, "D-22-010393", {"summary": "Résumé de Bob"})
        app.screen.query_one("#title").value = "Titre d'Alice"
        await pilot.press("ctrl+s")
        await settle(pilot)
        mission = monday.store.mission("D-22-010393")
        assert (mission.title, mission.summary) == ("Titre d'Alice", "Résumé de Bob")

    run(monday, scenario, size=(120, 40))


def test_edit_a_person(monday):
    async def scenario(app, pilot):
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("e")  # the first: Agnès Buzyn
        await settle(pilot)
        app.screen.query_one("#role").value = "Ancienne ministre"
        await pilot.press("ctrl+s")
        await settle(pilot)
        person = monday.store.find_person("Agnès Buzyn")
        assert person.role == "Ancienne ministre"
        assert "Ancienne ministre" in screen_text(app)
        await pilot.press("h")
        await settle(pilot)
        assert "Ancienne ministre" in screen_text(app)

    run(monday, scenario, size=(120, 40))


def _edit_first_person_while_bob_changes(monday, db_path, bobs: dict, role: str):
    """Open Agnès Buzyn's form, let Bob save `bobs` on his own connection, then save `role` from the
    form read before. Returns what the form shows as an error, if anything."""
    from missiontui.usecases.people import edit_person
    from tests.conftest import open_as

    shown = {}

    async def scenario(app, pilot):
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("e")  # the first: Agnès Buzyn
        await settle(pilot)
        with open_as(db_path, "Bob") as bob:
            edit_person(bob, "Agnès Buzyn", bobs)
        app.screen.query_one("#role").value = role
        await pilot.press("ctrl+s")
        await settle(pilot)
        shown["error"] = str(app.screen.query_one("#form-error").render()) if app.screen.query("#form-error") else ""

    run(monday, scenario, size=(120, 40))
    return shown["error"]


def test_a_person_saved_by_a_colleague_meanwhile_is_merged_not_refused(monday, db_path):
    error = _edit_first_person_while_bob_changes(monday, db_path, {"email": "agnes.buzyn@example.org"},
                                                 "Ancienne ministre")
    person = monday.store.find_person("Agnès Buzyn")
    assert error == "" and (person.role, person.email) == ("Ancienne ministre", "agnes.buzyn@example.org")


def test_a_person_renamed_by_a_colleague_meanwhile_still_gets_the_edit(monday, db_path):
    error = _edit_first_person_while_bob_changes(monday, db_path, {"name": "Agnès Buzyn-Lévy"}, "Ancienne ministre")
    person = monday.store.find_person("Agnès Buzyn-Lévy")
    assert error == "" and person.role == "Ancienne ministre"


def test_a_persons_field_both_changed_is_refused_naming_it_and_the_colleagues_value_stays(monday, db_path):
    error = _edit_first_person_while_bob_changes(monday, db_path, {"role": "Rôle de Bob"}, "Rôle d'Alice")
    assert "Agnès Buzyn was changed by someone else" in error and "same fields as you: role;" in error
    assert monday.store.find_person("Agnès Buzyn").role == "Rôle de Bob"


# --- help, footer, palette -----------------------------------------------------------------------

def test_help_lists_each_action_once_with_its_keymap_id(monday):
    async def scenario(app, pilot):
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        rows = app.screen.rows([app.screen_stack[-2], app])
        descriptions = [row[1] for row in rows]
        keys = [key for row in rows for key in row[0]]
        ids = [i for row in rows for i in row[2]]
        assert len(keys) == len(set(keys)) and len(ids) == len(set(ids))  # each binding once
        assert descriptions.count("Help") == 1 and descriptions.count("Quit") == 1
        helps = next(row for row in rows if row[1] == "Help")
        assert helps[0] == ["?", "f1"] and helps[2] == ["app.help"]
        assert ("agenda.mine" in str(rows)) and ("app.undo" in str(rows))
        assert screen_text(app).count("Keys") == 1

    run(monday, scenario, size=(120, 40), start="agenda")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_footer_keeps_help_and_quit_at_80_columns(monday, language):
    help_, quit_ = ("? Help", "q Quit") if language == "en" else ("? Aide", "q Quitter")

    async def scenario(app, pilot):
        for keys in ([], ["c"], ["escape", "m"], ["enter"], ["t"], ["escape", "escape", "p"]):
            for key in keys:
                await pilot.press(key)
                await settle(pilot)
            footer = screen_text(app).splitlines()[-1]
            assert help_ in footer and quit_ in footer, (keys, footer)

    run(monday, scenario, language=language, start="agenda")


def test_the_palette_speaks_french_and_offers_help_once(monday):
    async def scenario(app, pilot):
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert "Chercher une commande" in screen_text(app)
        await pilot.press(*"th")
        await until(pilot, lambda: palette_hits(app) > 0, "the palette finds the theme")
        assert "Thème" in screen_text(app)
        titles = [title for title, *_ in app.get_system_commands(app.screen)]
        assert "Keys" not in titles and "Thème" in titles and "Quitter" in titles

    run(monday, scenario, size=(120, 40), language="fr", start="agenda")


def test_timeline_month_labels_are_apart_and_years_shown(monday):
    async def scenario(app, pilot):
        await pilot.press("enter", "t")  # the DNS mission's timeline
        await settle(pilot)
        header, ticks = screen_text(app).splitlines()[1:3]
        assert "avr.  mai   juin  juil. août  sept." in header  # never "juil.22août22"
        assert "┬2022─" in ticks

    run(monday, scenario, size=(120, 40), language="fr")


def test_a_key_remapped_onto_a_screens_key_is_listed_once_where_it_acts(monday):
    from missiontui.settings import Config

    monday.config = Config(keymap=(("app.undo", "u"),))  # [keymap] "app.undo" = "u": the agenda's u too

    async def scenario(app, pilot):
        await pilot.press("question_mark")
        await settle(pilot)
        rows = app.screen.rows([app.screen_stack[-2], app])
        keys = [key for row in rows for key in row[0]]
        assert keys.count("u") == 1
        assert next(row for row in rows if "u" in row[0])[2] == ["agenda.undo"]
        assert "^z" not in keys  # Ctrl+Z no longer undoes: the help does not say it does

    run(monday, scenario, size=(120, 40), start="agenda")
