"""A live report link in a real browser: Debian's chromium driven by Playwright loads the page that
`missiontui serve` answers at /reports/<token> (the real HTTP server, on 127.0.0.1), with the CSP
header on top of the page's own. No console error, the timeline drawn, hostile titles as text, an
edit seen on reload, an unchanged page revalidated with a 304, a revoked link gone."""

from __future__ import annotations


import pytest

from missiontui.frontends.http.reports import Reports
from missiontui.store import Store
from missiontui.usecases import deliverables
from missiontui.usecases.context import Context
from missiontui.usecases.report_links import add_report_link, revoke_report_link
from tests import report_scenario as scenario
from tests.report_scenario import REF, TODAY
from tests.conftest import serving
from tests.test_report_browser import HOSTILE, browser  # noqa: F401  (the fixture)


@pytest.fixture
def live(tmp_path):
    """The lived DNS mission (plus a hostile title) served by the real server; yields (ctx, url of the link)."""
    with scenario.paris_clock(), Store(tmp_path / "m.db") as store:
        ctx = Context(store, "tester")
        ids = scenario.build(ctx, extra_titles=(HOSTILE,))
        link = add_report_link(ctx, REF, "cabinet")
        with serving(Reports(store, lambda: TODAY, "en").route()) as server:
            host, port = server.server_address[:2]
            yield ctx, ids, link, f"http://{host}:{port}/reports/{link.token}", server


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.errors, page.requests = [], []
    page.on("console", lambda m: page.errors.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("request", lambda r: page.requests.append(r.url))
    yield page
    context.close()


def test_the_live_link_loads_cleanly_with_its_timeline(live, page):
    _, _, _, url, _ = live
    response = page.goto(url, wait_until="load")
    assert response.status == 200 and "default-src 'none'" in response.header_value("content-security-policy")
    assert page.title() == f"Status report · {REF}"
    timeline = page.locator("#timeline svg.timeline").first
    timeline.scroll_into_view_if_needed()
    assert timeline.is_visible()
    box = timeline.bounding_box()
    assert box["width"] > 900 and box["height"] > 200
    assert page.locator("#timeline polygon").count() >= 10  # a diamond per deliverable, at least
    assert page.errors == []  # a CSP violation, a blocked load or a script error would be logged here
    assert page.requests == [url]  # nothing else asked for, from anywhere


def test_hostile_titles_are_shown_as_text(live, page):
    from missiontui.core.textsafe import visible

    page.goto(live[3], wait_until="load")
    assert page.evaluate("document.querySelectorAll('script, img, iframe, object, embed').length") == 0
    assert page.evaluate("window.__pwned") is None
    assert any(cell.startswith(visible(HOSTILE)) for cell in page.locator("#all td.text").all_inner_texts())
    assert page.errors == []


def sent(server) -> list[int]:
    """The statuses the server answered, from its access log (complete once no connection is open)."""
    assert server.idle.wait(10)
    return [int(line.split('" ')[1].split()[0]) for line in server.log.getvalue().splitlines()]


def test_a_reload_shows_the_current_state_and_revalidates_what_did_not_change(live, page):
    ctx, ids, _, url, server = live
    page.goto(url, wait_until="load")
    page.reload(wait_until="load")
    assert sent(server) == [200, 304]  # the browser asked with its ETag and kept its copy
    assert page.locator("h1").inner_text().startswith("Bilan d'étape de la Délégation ministérielle")
    deliverables.edit_deliverable(ctx, ids["report"], {"title": "Rapport final remis au ministre"}, reason="titre")
    page.reload(wait_until="load")
    assert sent(server) == [200, 304, 200]
    assert "Rapport final remis au ministre" in page.locator("#all").inner_text()
    assert page.errors == []


def test_a_revoked_link_is_gone(live, page):
    ctx, _, link, url, _ = live
    revoke_report_link(ctx, str(link.id))
    response = page.goto(url, wait_until="load")
    assert response.status == 404 and "Status report" not in page.content()
