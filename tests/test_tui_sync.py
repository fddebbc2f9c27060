"""Team sync in the TUI, against a real Xandikos: F5 syncs in the background while the screen stays
usable, the status line tells the last sync, what waits to be sent and the conflicts, and the conflicts
screen settles each field."""

from __future__ import annotations

import asyncio
from missiontui.core.frozen import replace

import pytest

from missiontui.frontends.tui.app import MissionApp
from missiontui.frontends.tui.people import PeopleScreen
from missiontui.frontends.tui.sync import SyncConflictsScreen, SyncStatus
from missiontui.settings import Config, SyncSettings
from missiontui.usecases import deliverables as edits
from missiontui.usecases import sync_links
from tests.caldav_servers import running
from tests.fault_proxy import FaultProxy
from tests.sync_helpers import DNS, replica, server_items
from tests.test_tui import settle, until

REPORT = "Remise des travaux de la mission (bilan d'étape de la DNS et propositions)"


@pytest.fixture(scope="module")
def xandikos():
    with running("xandikos") as server:
        yield server


@pytest.fixture
def linked(seeded, xandikos, request):
    """The seeded database, its DNS mission linked to a fresh collection, with a 2 s timeout."""
    ctx = replace(seeded, config=Config(sync=SyncSettings(timeout=2)))
    url = xandikos.collection_url(f"tui-{request.node.name[:40].replace('[', '-').replace(']', '')}")
    sync_links.link(ctx, DNS, url)
    return ctx, url


def status_text(app) -> str:
    found = app.screen.query(SyncStatus)
    return str(found.first().render()) if found else ""


def run(ctx, scenario):
    app = MissionApp(ctx)

    async def main():
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await pilot.pause()
            await scenario(app, pilot)

    asyncio.run(main())
    return app


def test_f5_syncs_and_the_status_line_says_so(linked, xandikos):
    ctx, url = linked

    async def scenario(app, pilot):
        await until(pilot, lambda: "not synced yet" in status_text(app), "the status line before any sync")
        await pilot.press("f5")
        await until(pilot, lambda: "synced " in status_text(app) and not app.sync.running, "the sync to end")
        assert len(server_items(xandikos, url)) == 5
        report = next(d for d in ctx.store.deliverables() if d.title == REPORT)
        edits.edit_deliverable(ctx, report.id, {"notes": "relu"})
        await until(pilot, lambda: "1 to send" in status_text(app), "the change waiting to be sent")

    run(ctx, scenario)


def test_a_conflict_is_settled_field_by_field_on_its_screen(linked, xandikos, tmp_path):
    ctx, url = linked
    from missiontui.usecases import sync as syncing

    syncing.sync(ctx)
    bob = replica(tmp_path / "bob.db", "Bob", xandikos)
    bob.clone(url)
    edits.edit_deliverable(bob.ctx, bob.by_title(REPORT).id, {"title": "Rapport (Bob)"})
    bob.sync()
    mine = next(d for d in ctx.store.deliverables() if d.title == REPORT)
    edits.edit_deliverable(ctx, mine.id, {"title": "Rapport (moi)"})

    async def scenario(app, pilot):
        await pilot.press("f5")
        await until(pilot, lambda: "1 in conflict" in status_text(app), "the conflict in the status line")
        await pilot.press("ctrl+p")
        await pilot.press(*"sync conflicts")
        await until(pilot, lambda: app.screen.query("CommandList") and
                    app.screen.query_one("CommandList").option_count > 0, "the palette hit")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SyncConflictsScreen) and
                    app.screen.query_one("DataTable").row_count == 1, "the conflicts screen")
        row = [str(cell) for cell in app.screen.query_one("DataTable").get_row_at(0)]
        assert row == ["Rapport (moi)", "title", REPORT, "Rapport (Bob)", "Rapport (moi)"]
        await pilot.press("t")
        await until(pilot, lambda: app.screen.query_one("DataTable").row_count == 0, "the conflict settled")
        await settle(pilot)
        assert ctx.store.deliverable(mine.id).title == "Rapport (Bob)"
        await pilot.press("escape")
        await until(pilot, lambda: "in conflict" not in status_text(app), "the status line without the conflict")

    run(ctx, scenario)
    assert not sync_links.conflicts(ctx)


def test_a_slow_server_never_holds_the_screen(linked, xandikos):
    """The server does not answer: the user moves to another screen meanwhile; the timeout is said."""
    ctx, url = linked
    proxy = FaultProxy(xandikos.port)
    try:
        sync_links.unlink(ctx, DNS)
        sync_links.link(ctx, DNS, url.replace(xandikos.base, proxy.base))
        proxy.fail("PROPFIND", hang=True)

        async def scenario(app, pilot):
            await pilot.press("f5")
            await until(pilot, lambda: proxy.state.hanging.is_set(), "the sync waiting on the server")
            await pilot.press("p")
            await until(pilot, lambda: isinstance(app.screen, PeopleScreen), "the people screen, while syncing")
            assert app.sync.running
            await until(pilot, lambda: not app.sync.running, "the timeout", timeout=20)
            assert "did not answer within 2 s" in status_text(app)

        run(ctx, scenario)
    finally:
        proxy.close()


def test_the_background_sync_runs_unasked(linked, xandikos):
    ctx, url = linked

    async def scenario(app, pilot):
        app.sync.in_background()
        await until(pilot, lambda: "synced " in status_text(app) and not app.sync.running, "the background sync")
        assert len(server_items(xandikos, url)) == 5

    run(ctx, scenario)
