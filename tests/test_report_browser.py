"""The HTML status report in a real browser: Debian's chromium driven by Playwright, the page served
over HTTP on 127.0.0.1 as `missiontui serve` will serve it (a mailed file opened with file:// loads
the same bytes, and the page asks for nothing else).

chromium comes from Debian (`.ci/run` installs it): Playwright's own browser download cannot work here.
"""

from __future__ import annotations

import functools
import io
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from missiontui.core.textsafe import visible
from missiontui.store import Store
from missiontui.usecases.context import Context
from missiontui.usecases.reports import status_report, write_report
from tests import report_scenario as scenario
from tests.report_scenario import REF, TODAY

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
HOSTILE = '<script>window.__pwned=1</script> & "quotes" \'single\' </svg><img src=x onerror="window.__pwned=2"> \x1b[31m'
LONG = "Rapport_" + "x" * 150  # one word longer than a phone is wide
A4_WIDTH = 703  # CSS pixels between the page margins: 210 mm - 2 × 12 mm = 186 mm at 96 px per inch
SNAPSHOT = Path(__file__).parent / "screenshots" / "report-top.png"  # not in __snapshots__: syrupy owns that


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """report-en.html and report-fr.html of the lived DNS mission (plus hostile titles), served on 127.0.0.1."""
    folder = tmp_path_factory.mktemp("site")
    with scenario.paris_clock(), Store(folder / "m.db") as store:
        scenario.build(Context(store, "tester"), extra_titles=(HOSTILE, LONG))
        report = status_report(store, REF, today=TODAY)
        for lang in ("en", "fr"):
            write_report(report, "html", lang, folder / f"report-{lang}.html")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).exists(), "chromium is missing: apt-get install -y chromium (.ci/run does it)"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


class Visit:
    """A page with everything it logged and asked for recorded."""

    def __init__(self, browser, site: str, width: int, height: int = 900):
        self.site, self.errors, self.requests = site, [], []
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))

    def open(self, lang: str = "en"):
        response = self.page.goto(f"{self.site}/report-{lang}.html", wait_until="load")
        assert response.status == 200
        return self.page

    def overflowing(self) -> list[str]:
        """Elements whose right edge passes the viewport (inside the timeline's own pan box excepted)."""
        return self.page.evaluate("""() => {
            const width = document.documentElement.clientWidth, out = [];
            if (document.documentElement.scrollWidth > width) out.push('page ' + document.documentElement.scrollWidth);
            for (const el of document.body.querySelectorAll('*')) {
                if (el.closest('.pan')) continue;
                const r = el.getBoundingClientRect();
                if (r.width && r.right > width + 0.5) out.push(el.tagName + '.' + el.className + ' ' + r.right);
            }
            return out;
        }""")


@pytest.fixture
def visit(browser, site):
    visits = []

    def make(width: int, height: int = 900) -> Visit:
        visits.append(Visit(browser, site, width, height))
        return visits[-1]

    yield make
    for v in visits:
        v.context.close()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_page_loads_without_errors_and_asks_for_nothing_else(visit, lang):
    v = visit(1000)
    page = v.open(lang)
    assert page.title() == ("Point d'avancement" if lang == "fr" else "Status report") + f" · {REF}"
    assert v.errors == []
    assert v.requests == [f"{v.site}/report-{lang}.html"]  # no stylesheet, font, script or image from anywhere


def test_the_timeline_is_visible(visit):
    v = visit(1000)
    page = v.open()
    timeline = page.locator("#timeline svg.timeline").first
    timeline.scroll_into_view_if_needed()
    assert timeline.is_visible()
    box = timeline.bounding_box()
    assert box["width"] > 900 and box["height"] > 200
    # a diamond per deliverable (9 lived + 2 added) and a hollow one per moved deadline (2)
    assert page.locator("#timeline polygon").count() == 13
    diamond = page.locator("#timeline polygon").nth(2).bounding_box()
    assert diamond["width"] > 8 and diamond["x"] > box["x"] + box["width"] / 3  # drawn, right of the labels


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_nothing_overflows_on_a_phone(visit, lang):
    v = visit(375, 740)
    v.open(lang)
    assert v.overflowing() == []
    table = v.page.locator("#all table")
    assert table.locator("thead").is_hidden()  # each row is a card labelled by its headers
    assert v.page.locator("#timeline .pan").evaluate("e => e.scrollWidth > e.clientWidth")  # the picture pans


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_nothing_overflows_on_a4_paper(visit, lang):
    v = visit(A4_WIDTH, 1000)
    page = v.open(lang)
    page.emulate_media(media="print")
    assert v.overflowing() == []
    assert page.locator("#timeline svg.timeline").first.bounding_box()["width"] <= A4_WIDTH
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000


def test_hostile_titles_are_shown_as_text(visit):
    v = visit(1000)
    page = v.open()
    assert page.evaluate("document.querySelectorAll('script, img, iframe, object, embed, style').length") == 1
    assert page.evaluate("window.__pwned") is None
    shown = visible(HOSTILE)
    cells = page.locator("#all td.text").all_inner_texts()
    assert any(cell.startswith(shown) for cell in cells)
    labels = page.locator("#timeline svg title").all_text_contents()
    assert shown in labels
    assert v.errors == []


def test_screenshot_matches_the_reviewed_one(visit):
    """The top of the page at 800×1000 against the committed PNG, compared at a quarter of its size so
    anti-aliasing noise does not count and a moved block, a lost colour or a blank page does.
    MISSIONTUI_UPDATE_SCREENSHOTS=1 rewrites the reference (review it before committing)."""
    from PIL import Image, ImageChops, ImageStat

    v = visit(800, 1000)
    page = v.open()
    shot = page.screenshot(clip={"x": 0, "y": 0, "width": 800, "height": 1000})
    taken = Image.open(io.BytesIO(shot)).convert("RGB")
    colours = {taken.getpixel((x, y)) for x in range(0, 800, 4) for y in range(0, 1000, 4)}
    assert len(colours) > 50  # not blank
    assert any(r > 180 and g < 80 and b < 80 for r, g, b in colours)  # the red of late items
    if os.environ.get("MISSIONTUI_UPDATE_SCREENSHOTS"):
        SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
        SNAPSHOT.write_bytes(shot)
    assert SNAPSHOT.exists(), f"no reference screenshot: run with MISSIONTUI_UPDATE_SCREENSHOTS=1, review {SNAPSHOT}"
    reference = Image.open(SNAPSHOT).convert("RGB")
    assert reference.size == taken.size
    small = (200, 250)
    difference = ImageChops.difference(reference.resize(small).convert("L"), taken.resize(small).convert("L"))
    assert ImageStat.Stat(difference).mean[0] < 2.0, "the report looks different: see MISSIONTUI_UPDATE_SCREENSHOTS"
    assert sum(difference.histogram()[65:]) < 100  # few cells differ much
