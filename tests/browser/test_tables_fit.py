"""In the real browser at 1366×768: no table scrolls sideways, no English word (issue 13.12, 13.7).

A clerk's laptop shows 1366 px; a grid wider than the page hides its last columns («Действует»,
«Действие») behind a sideways scrollbar nobody notices. Only the browser lays the grids out, so
this walks every page of the demo installation as an administrator, the role that sees them all.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bench.screenshots import LOGIN, PASSWORD, _installation
from tests.browser.steps import browser_page, fill_sign_in, require_chromium, serving_env, submit_sign_in
from tests.integration.ui.test_russian_only import ALLOWED, LATIN, SKIP
from ui.nav import PAGES

pytestmark = pytest.mark.browser

# Every visible grid's scrolling area: how wide its columns are against how wide it is shown.
GRID_WIDTHS = """() => Array.from(document.querySelectorAll('[data-testid="stDataFrame"] .dvn-scroller'))
    .filter((e) => e.clientWidth > 0)
    .map((e) => [e.scrollWidth, e.clientWidth])"""


# What a clerk reads on the page: every text shown on screen, without Streamlit's icon ligatures
# («keyboard_arrow_down», drawn in the Material font), text drawn at size 0 (the date fields'
# «dd.mm.yyyy», replaced by «дд.мм.гггг» in CSS), hidden or off-screen text and the grids (drawn
# on a canvas, read by the AppTests).
VISIBLE_TEXT = """() => {
    const shown = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const element = walker.currentNode.parentElement;
        if (!element || element.closest('[data-testid="stDataFrame"], script, style')) continue;
        const css = getComputedStyle(element);
        if (css.fontFamily.includes("Material") || css.fontSize === "0px") continue;
        if (!element.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
        const box = element.getBoundingClientRect();
        if (box.width <= 1 || box.height <= 1 || box.right <= 0 || box.bottom <= 0) continue;
        shown.push(walker.currentNode.textContent);
    }
    return shown.join("\\n");
}"""


@dataclass
class Walk:
    """Per page: the visible grids' [columns, shown] widths and the Latin words on screen."""

    grids: dict[str, list[list[int]]] = field(default_factory=dict)
    latin: dict[str, set[str]] = field(default_factory=dict)


def _latin(text: str) -> set[str]:
    return {w for w in LATIN.findall(SKIP.sub(" ", text)) if w not in ALLOWED | {LOGIN}}


@pytest.fixture(scope="module")
def walk() -> Walk:
    """The demo installation walked once in Chromium at 1366×768, as its administrator."""
    require_chromium()
    from playwright.sync_api import expect

    seen = Walk()
    with (
        tempfile.TemporaryDirectory(prefix="korr-fit-") as folder,
        serving_env(_installation(Path(folder))) as url,
        browser_page(width=1366, height=768, timeout_ms=60_000) as page,
    ):
        page.goto(url)
        fill_sign_in(page, LOGIN, PASSWORD)
        expect(page.get_by_role("button", name="Войти")).to_be_visible()
        text = page.evaluate(VISIBLE_TEXT)
        assert "Логин" in text, "the walk read no text: the check would pass on nothing"
        seen.latin["Вход"] = _latin(text)
        submit_sign_in(page)
        for spec in PAGES:
            page.get_by_test_id("stSidebarNav").get_by_text(spec.title, exact=True).click()
            expect(page.get_by_role("heading", name=spec.title).first).to_be_visible()
            page.wait_for_timeout(1500)  # grids draw a moment after the run ends
            expect(page.get_by_test_id("stStatusWidget")).to_have_count(0)
            seen.grids[spec.title] = page.evaluate(GRID_WIDTHS)
            seen.latin[spec.title] = _latin(page.evaluate(VISIBLE_TEXT))
    return seen


def test_no_table_scrolls_sideways_at_1366_px(walk: Walk) -> None:
    assert sum(map(len, walk.grids.values())) >= 4, "the demo's grids were not found: nothing was checked"
    wide = {title: [s for s in sizes if s[0] > s[1] + 1] for title, sizes in walk.grids.items()}
    assert {title: sizes for title, sizes in wide.items() if sizes} == {}, "tables wider than the page"


def test_no_english_word_on_any_page_in_the_browser(walk: Walk) -> None:
    """Streamlit's own strings («Press Enter to submit form», «Drag and drop file here») exist only
    in the browser; the AppTest walk (test_russian_only) cannot see them."""
    assert set(walk.latin) == {"Вход", *(spec.title for spec in PAGES)}
    found = {title: sorted(words) for title, words in walk.latin.items() if words}
    assert found == {}, found
