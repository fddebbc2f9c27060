"""The sponsor's status report and its live links, from the TUI (issue 13): the report dialog writes
the same files as `missiontui report`, and a live link made on screen is one the server answers."""

import re
from datetime import date

from missiontui.frontends.tui.report import ReportScreen
from missiontui.frontends.tui.report_links import ReportLinksScreen
from missiontui.usecases.report_links import live_report
from tests.test_tui import open_dns, palette_hits, run, screen_text, settle, until

DNS = "D-22-010393"
DNS_TITLE = "Bilan d'étape de la Délégation ministérielle au numérique en santé (DNS)"  # from the letter


async def save_from_dialog(app, pilot, key: str, path) -> None:
    """From the DNS mission, open the dialog `key` opens (r: report, ctrl+e: export), type `path`, save."""
    await open_dns(app, pilot)
    await pilot.press(key)
    await settle(pilot)
    app.screen.query_one("#path").value = str(path)
    await pilot.press("ctrl+s")


def test_r_on_a_mission_writes_its_report_where_the_user_says(seeded, tmp_path):
    async def scenario(app, pilot):
        await open_dns(app, pilot)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReportScreen) and app.screen.mission == DNS
        assert app.screen.query_one("#path").value.endswith(".html")
        app.screen.query_one("#path").value = str(tmp_path / "dns.html")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, ReportScreen), "the report written")

    run(seeded, scenario, size=(120, 40))
    page = (tmp_path / "dns.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page
    assert "Point d'étape associant Dominique Pon et Laura Létourneau" in page.replace("&#x27;", "'")


def test_choosing_markdown_changes_the_suffix_and_writes_the_timeline_beside(seeded, tmp_path):
    async def scenario(app, pilot):
        await pilot.press("r")  # the missions overview: the highlighted mission, the DNS letter
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ReportScreen) and dialog.mission == DNS
        dialog.query_one("#path").value = str(tmp_path / "dns.HTML")
        dialog.query_one("#format").value = "markdown"
        await settle(pilot)
        assert dialog.query_one("#path").value == str(tmp_path / "dns.md")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, ReportScreen), "the report written")

    run(seeded, scenario, size=(120, 40))
    assert (tmp_path / "dns.md").read_text(encoding="utf-8").startswith("# ")
    assert (tmp_path / "dns.timeline.svg").read_text(encoding="utf-8").lstrip().startswith("<")


def test_a_report_to_a_missing_folder_is_said_in_the_dialog_and_nothing_is_written(seeded, tmp_path):
    target = tmp_path / "no such folder" / "dns.html"

    async def scenario(app, pilot):
        await save_from_dialog(app, pilot, "r", target)
        await until(pilot, lambda: "cannot write the report" in screen_text(app), "the error shown")
        assert isinstance(app.screen, ReportScreen)  # still open: the user can correct the path

    run(seeded, scenario, size=(120, 40))
    assert not target.parent.exists()


def test_a_live_link_made_on_screen_shows_the_report_until_it_is_revoked(seeded):
    def page(url: str):  # what `missiontui serve` answers at that link
        return live_report(seeded.store, url.rsplit("/", 1)[1], today=date(2022, 5, 16), language="en")

    async def scenario(app, pilot):
        await open_dns(app, pilot)
        await pilot.press("r")
        await settle(pilot)
        await pilot.click("#links")
        await settle(pilot)
        assert isinstance(app.screen, ReportLinksScreen)
        assert "No live link yet" in screen_text(app)
        await pilot.press("n")
        await until(pilot, lambda: "/reports/" in screen_text(app), "the new link shown")
        assert "shown this once" in screen_text(app)
        url = re.search(r"http://\S+/reports/\S+", screen_text(app)).group(0)
        assert DNS_TITLE in page(url).replace("&#x27;", "'")
        await pilot.press("r")
        await until(pilot, lambda: "Revoke link #1 (D-22-010393)?" in screen_text(app), "revoking asked first")
        await pilot.press("n")  # no: kept
        await until(pilot, lambda: isinstance(app.screen, ReportLinksScreen), "the question answered")
        await settle(pilot)
        assert page(url) is not None and "D-22-010393" in screen_text(app)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("y")
        await until(pilot, lambda: "No live link yet" in screen_text(app), "the link revoked")
        assert page(url) is None

    run(seeded, scenario, size=(160, 40))


def test_from_the_agenda_the_report_is_the_highlighted_deliverables_missions(seeded):
    async def scenario(app, pilot):
        highlighted = app.store.deliverable(app.screen.selected_id()).mission_ref
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReportScreen) and app.screen.mission == highlighted
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"status report")
        await until(pilot, lambda: palette_hits(app) > 0, "the palette offers the report")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReportScreen), "the report dialog")
        assert app.screen.mission == highlighted

    run(seeded, scenario, size=(120, 40), start="agenda")


def test_with_no_mission_at_hand_the_report_asks_for_one(ctx):
    async def scenario(app, pilot):
        await pilot.press("r")  # an empty database: the agenda has no row
        await settle(pilot)
        assert not isinstance(app.screen, ReportScreen)
        assert "Open or select a mission first" in screen_text(app)

    run(ctx, scenario, size=(120, 40), start="agenda")


def test_the_report_dialog_speaks_french(seeded):
    async def scenario(app, pilot):
        await open_dns(app, pilot)
        await pilot.press("r")
        await settle(pilot)
        text = screen_text(app)
        assert f"Point d'avancement — {DNS}" in text and "Écrire le point" in text
        assert "point-d-avancement-" in app.screen.query_one("#path").value

    run(seeded, scenario, size=(120, 40), language="fr")


def test_a_blank_file_name_or_a_folder_is_said_in_the_dialog_in_the_users_language(seeded, tmp_path):
    """Blank, "nouveau/" and "nouveau/." all name a folder, not a file."""
    def said(app) -> str:
        return str(app.screen.query_one("#report-error").render())

    async def scenario(app, pilot):
        await open_dns(app, pilot)
        await pilot.press("r")
        await settle(pilot)
        for typed in ("", f"{tmp_path}/nouveau/", f"{tmp_path}/nouveau/."):
            app.screen.query_one("#path").value = typed
            await pilot.press("ctrl+s")
            expected = f"un point d'avancement est un fichier\u00a0: «\u00a0{typed}\u00a0»"
            await until(pilot, lambda: said(app).startswith(expected), f"the refusal of {typed!r}")
        assert isinstance(app.screen, ReportScreen) and "Error" not in screen_text(app)

    run(seeded, scenario, size=(120, 40), language="fr")
    assert not (tmp_path / "nouveau").exists()


def test_undoing_a_new_live_link_names_it_as_a_link_and_ends_it(seeded):
    async def scenario(app, pilot):
        await open_dns(app, pilot)
        app.push_screen(ReportLinksScreen(mission=DNS))
        await settle(pilot)
        await pilot.press("n")
        await until(pilot, lambda: "/reports/" in screen_text(app), "the new link shown")
        await pilot.press("ctrl+z")
        await until(pilot, lambda: "Undone: link #1" in screen_text(app), "the undo said")
        assert "feed_token" not in screen_text(app)
        await until(pilot, lambda: "No live link yet" in screen_text(app), "the list refreshed")

    run(seeded, scenario, size=(160, 40))


def test_links_made_on_the_command_line_show_with_their_label(seeded):
    from missiontui.usecases.report_links import add_report_link

    add_report_link(seeded, DNS, "cabinet du ministre")
    add_report_link(seeded, DNS, "[b]DGOS[/b]")

    async def scenario(app, pilot):
        await open_dns(app, pilot)
        app.push_screen(ReportLinksScreen(mission=DNS))
        await settle(pilot)
        text = screen_text(app)
        assert "cabinet du ministre" in text and "[b]DGOS[/b]" in text  # a label is text, never markup

    run(seeded, scenario, size=(120, 40))


def test_a_damaged_history_is_said_as_the_command_line_says_it(tmp_path):
    from missiontui.store import Store
    from missiontui.usecases.context import Context, FixedClock
    from tests.db_files import damage_table, seeded_copy

    db = seeded_copy(tmp_path / "team.db")
    damage_table(db, "history")  # the report reads who moved what from the history
    written = tmp_path / "dns.html"

    async def scenario(app, pilot):
        await save_from_dialog(app, pilot, "r", written)
        await until(pilot, lambda: "the database is damaged or unreadable" in screen_text(app), "the damage said")
        assert "DatabaseError" not in screen_text(app)

    with Store(db) as store:
        run(Context(store, "tester", FixedClock(date(2022, 5, 16))), scenario, size=(120, 40))
    assert not written.exists()


def test_an_export_to_a_missing_folder_is_said_in_french_in_the_dialog(seeded, tmp_path):
    target = tmp_path / "pas de dossier" / "dns.ics"

    async def scenario(app, pilot):
        await save_from_dialog(app, pilot, "ctrl+e", target)
        await until(pilot, lambda: "fichier ou dossier introuvable\u00a0:" in screen_text(app), "the reason in French")
        assert str(target) in screen_text(app).replace("\n", "")

    run(seeded, scenario, size=(160, 40), language="fr")
