"""The sponsor's status report and its live links, from the TUI (issue 13): the report dialog writes
the same files as `missiontui report`, and a live link made on screen is one the server answers."""

import re
from datetime import date

from missiontui.frontends.tui.report import ReportScreen
from missiontui.frontends.tui.report_links import ReportLinksScreen
from missiontui.usecases.report_links import live_report
from tests.test_tui import open_dns, run, screen_text, settle, until

DNS = "D-22-010393"
DNS_TITLE = "Bilan d'étape de la Délégation ministérielle au numérique en santé (DNS)"  # from the letter


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
        dialog.query_one("#path").value = str(tmp_path / "dns.html")
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
        await open_dns(app, pilot)
        await pilot.press("r")
        await settle(pilot)
        app.screen.query_one("#path").value = str(target)
        await pilot.press("ctrl+s")
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
        await until(pilot, lambda: "No live link yet" in screen_text(app), "the link revoked")
        assert page(url) is None

    run(seeded, scenario, size=(160, 40))


def test_the_report_from_the_agenda_asks_for_a_mission_first(seeded):
    async def scenario(app, pilot):
        app.open_report()
        await settle(pilot)
        assert not isinstance(app.screen, ReportScreen)
        assert "Open or select a mission first" in screen_text(app)

    run(seeded, scenario, size=(120, 40), start="agenda")


def test_the_report_dialog_speaks_french(seeded):
    async def scenario(app, pilot):
        await open_dns(app, pilot)
        await pilot.press("r")
        await settle(pilot)
        text = screen_text(app)
        assert f"Point d'avancement — {DNS}" in text and "Écrire le point" in text
        assert "point-d-avancement-" in app.screen.query_one("#path").value

    run(seeded, scenario, size=(120, 40), language="fr")
