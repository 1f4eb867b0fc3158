"""In the real browser at 1366×768: no table on any page scrolls sideways (issue 13.12).

A clerk's laptop shows 1366 px; a grid wider than the page hides its last columns («Действует»,
«Действие») behind a sideways scrollbar nobody notices. Only the browser lays the grids out, so
this walks every page of the demo installation as an administrator, the role that sees them all.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from bench.screenshots import LOGIN, PASSWORD, _installation, _serve
from tests.browser.test_clerk_day import CHROMIUM
from ui.nav import PAGES

pytestmark = pytest.mark.browser

# Every visible grid's scrolling area: how wide its columns are against how wide it is shown.
GRID_WIDTHS = """() => Array.from(document.querySelectorAll('[data-testid="stDataFrame"] .dvn-scroller'))
    .filter((e) => e.clientWidth > 0)
    .map((e) => [e.scrollWidth, e.clientWidth])"""


def test_no_table_scrolls_sideways_at_1366_px() -> None:
    if not CHROMIUM.exists():
        pytest.skip("system Chromium (/usr/bin/chromium) is not installed")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=60_000)
    wide: dict[str, list[list[int]]] = {}
    grids = 0
    with tempfile.TemporaryDirectory(prefix="korr-fit-") as folder:
        process, url = _serve(_installation(Path(folder)))
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox", "--disable-gpu"]
                )
                page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="ru-RU")
                page.goto(url)
                page.get_by_label("Логин").fill(LOGIN)
                page.get_by_label("Пароль").fill(PASSWORD)
                page.get_by_role("button", name="Войти").click()
                expect(page.get_by_role("heading", name="Входящие")).to_be_visible()
                for spec in PAGES:
                    page.get_by_test_id("stSidebarNav").get_by_text(spec.title, exact=True).click()
                    expect(page.get_by_role("heading", name=spec.title).first).to_be_visible()
                    page.wait_for_timeout(1500)  # grids draw a moment after the run ends
                    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0)
                    sizes: list[list[int]] = page.evaluate(GRID_WIDTHS)
                    grids += len(sizes)
                    overflowing = [size for size in sizes if size[0] > size[1] + 1]
                    if overflowing:
                        wide[spec.title] = overflowing
                browser.close()
        finally:
            process.terminate()
            process.wait(10)
    assert grids >= 4, "the demo's grids were not found: the check would pass on nothing"
    assert wide == {}, f"tables wider than the page (columns, shown), by page: {wide}"
