"""The TUI's ways in from issue 11: a new mission from a letter (a file or pasted text, shown as a
checklist), the new-mission form with a template, the dialog of what slips when a deadline moves
later, and a repeating meeting completed one occurrence at a time."""

from datetime import date

from missiontui.frontends.tui.deliverables import DeliverablesScreen
from missiontui.frontends.tui.letter import LetterScreen
from missiontui.frontends.tui.slips import SlipScreen
from missiontui.usecases import deliverables
from tests.conftest import DATA, LETTERS
from tests.test_templates import MINE
from tests.test_tui import open_dns, run, screen_text, select, settle, until

DNS = LETTERS / "000_f7f9f1bf2d4d5d01.txt"


async def missions_shown(app, pilot):
    """The first screen composed (under load the app's first frame can come late)."""
    await until(pilot, lambda: bool(app.screen.query("#missions")), "the missions screen")


async def read_letter(app, pilot, path=None, text=None):
    await missions_shown(app, pilot)
    await pilot.press("l")
    await settle(pilot)
    assert isinstance(app.screen, LetterScreen)
    if path is not None:
        app.screen.query_one("#path").value = str(path)
    if text is not None:
        app.screen.query_one("#text").text = text
    await pilot.press("ctrl+r")
    await until(pilot, lambda: app.screen.proposal is not None, "the letter read")
    await pilot.pause()


def test_a_letter_file_becomes_a_mission_after_its_checklist(ctx):
    async def scenario(app, pilot):
        await read_letter(app, pilot, path=DNS)
        form = app.screen
        items = form.query_one("#items")
        assert items.selected == ["mandate", "checkpoint", "report", "decision"]
        assert form.query_one("#reference").value == "D-22-010393"
        items.deselect("decision")  # the minister's decisions are not the team's to track
        form.query_one("#title").value = "Bilan DNS"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, DeliverablesScreen), "the new mission opened")
        await settle(pilot)
        mission = ctx.store.mission("D-22-010393")
        assert mission.title == "Bilan DNS" and mission.signed_on == date(2022, 4, 21)
        created = {d.kind.value: d for d in ctx.store.deliverables()}
        assert sorted(created) == ["checkpoint", "mandate", "report"]
        assert (created["checkpoint"].due.date, created["checkpoint"].due.phrase) == (date(2022, 6, 30),
                                                                                    "d'ici la fin juin")
        assert created["report"].depends_on == (created["checkpoint"].id,)

    run(ctx, scenario)


def test_pasted_text_with_a_template_shows_the_phases_it_adds(ctx):
    text = (DATA / "letters" / "01_igf_mission.txt").read_text(encoding="utf-8")

    async def scenario(app, pilot):
        await read_letter(app, pilot, text=text)
        form = app.screen
        form.query_one("#template").value = "inspection"
        await until(pilot, lambda: "adds" in str(form.query_one("#plan").render()), "the plan previewed")
        plan = str(form.query_one("#plan").render())
        assert "The template inspection adds 5 phases:" in plan
        assert "Fin de la procédure contradictoire" in plan  # two weeks before the letter's 15 October report
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, DeliverablesScreen), "the new mission opened")
        titles = {d.title: d.due.date for d in ctx.store.deliverables()}
        assert titles["Fin de la procédure contradictoire"] == date(2023, 10, 1)
        assert titles["Note de cadrage"] == date(2023, 4, 6)  # the letter's "sous un mois", not a phase of its own
        assert len(titles) == 7 + 5 - 1  # the letter's 7, the template's 5 more ("Note de cadrage" is both… once)

    run(ctx, scenario)


def test_a_letter_that_cannot_be_read_is_said_in_the_form(ctx, tmp_path):
    scanned = DATA / "letters" / "scanned.pdf"

    async def scenario(app, pilot):
        await missions_shown(app, pilot)
        await pilot.press("l")
        await settle(pilot)
        app.screen.query_one("#path").value = str(scanned)
        await pilot.press("ctrl+r")
        await until(pilot, lambda: "OCR" in str(app.screen.query_one("#form-error").render()), "the error said")
        assert app.screen.query_one("#create").disabled
        await pilot.press("escape")
        assert ctx.store.missions() == []

    run(ctx, scenario)


def test_the_palette_opens_the_letter_form(ctx):
    async def scenario(app, pilot):
        await missions_shown(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"from a letter")
        await until(pilot, lambda: "New mission from a letter" in screen_text(app), "the palette hit")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, LetterScreen), "the letter form")

    run(ctx, scenario)


def test_the_new_mission_form_lays_a_template_out(ctx):
    async def scenario(app, pilot):
        await missions_shown(app, pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        form.query_one("#reference").value = "AN-2024-01"
        form.query_one("#title").value = "Simplifier la vie associative"
        form.query_one("#signed").value = "4 décembre 2023"
        form.query_one("#template").value = "parliamentary"
        await pilot.press("ctrl+s")
        await settle(pilot)
        dues = {d.title: d.due.date for d in ctx.store.deliverables()}
        assert len(dues) == 8
        assert dues["Remise du rapport au Premier ministre"] == date(2024, 6, 4)  # six months after the letter
        assert dues["Décret de nomination en mission temporaire"] == date(2023, 12, 18)

    run(ctx, scenario)


async def new_mission_form(app, pilot):
    await missions_shown(app, pilot)
    await pilot.press("n")
    await settle(pilot)
    return app.screen


def test_the_french_form_names_its_choices_and_its_own_date_field_and_finds_the_lead(ctx):
    """A French user at 80×24: the lead and template lists say what their blank entry means in
    French (not Textual's "Select"); a template without the letter's date names the form's
    "Signée le", not a command-line flag; the lead is the person chosen, nobody is created."""
    from missiontui.usecases import people

    catherine = people.add_person(ctx, "Catherine Sorel")

    async def scenario(app, pilot):
        form = await new_mission_form(app, pilot)
        form.query_one("#template").scroll_visible(animate=False)
        await settle(pilot)
        text = screen_text(app)
        assert "Aucun pilote" in text and "Aucun modèle" in text and "Select" not in text
        form.query_one("#reference").value = "IGF-2023-04"
        form.query_one("#title").value = "Délais de paiement"
        form.query_one("#template").value = "inspection"
        await pilot.press("ctrl+s")
        await settle(pilot)
        error = str(form.query_one("#form-error").render())
        assert error == "le modèle «\u00a0inspection\u00a0» place ses phases à partir de la date de la lettre\u00a0: " \
                        "remplissez «\u00a0Signée le\u00a0»"
        assert "remplissez «\u00a0Signée le\u00a0»" in screen_text(app)
        assert app.screen is form and ctx.store.missions() == []
        form.query_one("#signed").value = "6 mars 2023"
        form.query_one("#lead").value = catherine.id
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is not form, "the form closed")
        await settle(pilot)
        assert ctx.store.mission("IGF-2023-04").lead == "Catherine Sorel"
        assert [p.name for p in ctx.store.people()] == ["Catherine Sorel"]
        scoping = next(d for d in ctx.store.deliverables() if d.title == "Note de cadrage")
        assert (scoping.due.date, [o.name for o in scoping.owners]) == (date(2023, 4, 6), ["Catherine Sorel"])

    run(ctx, scenario, language="fr")


def broken_template_of_ones_own(tmp_path, monkeypatch):
    """A template of the user's own, beside their config, whose phase depends on a later one."""
    monkeypatch.setenv("MISSIONTUI_CONFIG", str(tmp_path / "cfg" / "config.toml"))
    folder = tmp_path / "cfg" / "templates"
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text(MINE, encoding="utf-8")
    return folder


def test_a_broken_template_of_ones_own_leaves_the_shipped_ones_in_the_form(ctx, tmp_path, monkeypatch):
    folder = broken_template_of_ones_own(tmp_path, monkeypatch)

    async def scenario(app, pilot):
        form = await new_mission_form(app, pilot)
        problem = str(form.query_one("#template-problems").render())
        assert problem == f"{folder / 'mine.toml'}, phase 1: depends on 'b', which is not an earlier phase — " \
                          "this template is left out"
        assert str(form.query_one("#form-error").render()) == ""  # said once, beside the list
        form.query_one("#template").focus()
        await pilot.press("enter")  # the list opens
        await settle(pilot)
        text = screen_text(app)
        assert "Public consultation" in text and "Inspection mission (IGAS, IGF, IGA)" in text
        assert "Parliamentary mission (temporary mission of an MP)" in text and "Mine" not in text
        await pilot.press("escape")
        form.query_one("#reference").value = "AN-2024-02"
        form.query_one("#title").value = "Vie associative"
        form.query_one("#signed").value = "4 décembre 2023"
        form.query_one("#template").value = "parliamentary"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert len(ctx.store.deliverables()) == 8

    run(ctx, scenario, size=(100, 40))


def test_a_broken_template_leaves_the_shipped_ones_on_the_letter_screen(ctx, tmp_path, monkeypatch):
    broken_template_of_ones_own(tmp_path, monkeypatch)

    async def scenario(app, pilot):
        await read_letter(app, pilot, path=DNS)
        form = app.screen
        assert "mine.toml, phase 1: depends on 'b'" in str(form.query_one("#template-problems").render())
        form.query_one("#template").value = "inspection"
        await settle(pilot)
        assert "The template inspection adds" in str(form.query_one("#plan").render())

    run(ctx, scenario)


async def move_checkpoint(app, pilot):
    await open_dns(app, pilot)
    await select(app, pilot, 11)  # the checkpoint "d'ici la fin juin"
    await pilot.press("enter")
    await settle(pilot)
    app.screen.query_one("#due").value = "15/10/2022"
    await pilot.pause()
    app.screen.query_one("#reason").value = "entretiens ARS décalés"
    await pilot.press("ctrl+s")
    await until(pilot, lambda: isinstance(app.screen, SlipScreen), "the dialog of what slips")
    text = screen_text(app)
    assert "107 days later" in text and "#12" in text and "#13" in text


def test_moving_a_checkpoint_later_offers_to_move_what_depends_on_it(seeded):
    async def scenario(app, pilot):
        await move_checkpoint(app, pilot)
        await pilot.click("#move")
        store = seeded.store
        await until(pilot, lambda: store.deliverable(13).due.date != date(2022, 12, 31), "the move saved")
        assert [store.deliverable(i).due.date for i in (11, 12, 13)] == [
            date(2022, 10, 15), date(2023, 1, 15), date(2023, 4, 17)]
        assert len({r.change_id for i in (11, 12, 13) for r in store.history("deliverable", i)[:1]}) == 1
        assert store.history("deliverable", 13)[0].reason == "entretiens ARS décalés"
        await pilot.press("ctrl+z")
        await until(pilot, lambda: store.deliverable(13).due.date == date(2022, 12, 31), "the undo")
        assert [store.deliverable(i).due.date for i in (11, 12)] == [date(2022, 6, 30), date(2022, 9, 30)]

    run(seeded, scenario)


def test_only_this_one_leaves_the_others_where_they_are(seeded):
    async def scenario(app, pilot):
        await move_checkpoint(app, pilot)
        await pilot.click("#only")
        await until(pilot, lambda: seeded.store.deliverable(11).due.date != date(2022, 6, 30), "the move saved")
        await until(pilot, lambda: isinstance(app.screen, DeliverablesScreen), "back to the list")
        assert [seeded.store.deliverable(i).due.date for i in (11, 12)] == [date(2022, 10, 15), date(2022, 9, 30)]

    run(seeded, scenario)


def test_space_completes_one_occurrence_of_a_repeating_meeting(seeded):
    saved = deliverables.add_deliverable(seeded, mission="D-22-010393", title="Comité de pilotage", kind="meeting",
                                         due="2022-06-07", recurrence="FREQ=MONTHLY;BYDAY=1TU")
    copil = saved.deliverable.id

    async def scenario(app, pilot):
        await open_dns(app, pilot)
        await select(app, pilot, copil)
        assert "↻ Comité de pilotage" in screen_text(app)
        await pilot.press("space")
        await until(pilot, lambda: seeded.store.deliverable(copil).due.date == date(2022, 7, 5), "the next one")
        assert seeded.store.deliverable(copil).status.value == "planned"

    run(seeded, scenario)


def test_a_meeting_gets_its_rule_in_the_edit_form(seeded):
    async def scenario(app, pilot):
        await open_dns(app, pilot)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert not form.query_one("#repeat").display  # only a meeting repeats
        form.query_one("#title").value = "Comité de pilotage"
        form.query_one("#kind").value = "meeting"
        await until(pilot, lambda: form.query_one("#repeat").display, "the rule's field shown for a meeting")
        form.query_one("#due").value = "7 juin 2022"
        form.query_one("#repeat").value = "FREQ=MONTHLY;BYDAY=1TU"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: any(d.title == "Comité de pilotage" for d in seeded.store.deliverables()),
                    "the meeting saved")
        (copil,) = [d for d in seeded.store.deliverables() if d.title == "Comité de pilotage"]
        assert (copil.due.date, copil.recurrence) == (date(2022, 6, 7), "FREQ=MONTHLY;BYDAY=1TU")

    run(seeded, scenario)
