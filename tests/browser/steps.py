"""The steps every browser test takes: serve the app on its database, open Chromium, sign in, and
wait for Streamlit to finish a run before looking at the page.

A plain module (no fixtures): each test file builds its own world and calls these. The app is
served the way ``bench.screenshots`` serves it, with ``korrespondent app``'s command line.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from bench.screenshots import CHROMIUM, serve_app

if TYPE_CHECKING:
    from playwright.sync_api import Page

ROW_STORE = {"KORR_BLOB_STORE": "db"}
"""The test's own writers and readers use plain engines: bytes stay in rows, as they do for the app here."""
PASSWORD = "browser-pass-1"
TIMEOUT_MS = 30_000
"""How long a step waits: a loaded CI machine takes seconds to register a letter."""
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def database_url(tmp_path: Path) -> str:
    """The app's SQLite database in the test's folder, for the app and for the test's own checks."""
    return f"sqlite:///{tmp_path / 'app.db'}"


@contextmanager
def serving(url: str, data_dir: Path) -> Iterator[str]:
    """The app served on the database at ``url`` until the block ends; yields its address.

    No Почта token reaches it, whatever the developer's shell holds: the tests never post."""
    env = {**os.environ, "KORR_DATABASE_URL": url, "KORR_DATA_DIR": str(data_dir), **ROW_STORE}
    env.pop("KORR_POCHTA_TOKEN", None)
    with serving_env(env) as address:
        yield address


@contextmanager
def serving_env(env: dict[str, str]) -> Iterator[str]:
    """The app served with exactly the environment ``env`` until the block ends; yields its address."""
    process, address = serve_app(env)
    try:
        yield address
    finally:
        process.terminate()
        process.wait(10)


def require_chromium() -> None:
    """Skip the test when the system Chromium is not installed (``dev.py test`` installs it as root)."""
    if not CHROMIUM.exists():
        pytest.skip("system Chromium (/usr/bin/chromium) is not installed")


@contextmanager
def browser_page(*, width: int = 1400, height: int = 1000, timeout_ms: int = TIMEOUT_MS) -> Iterator[Page]:
    """A page of the system Chromium, headless, in Russian, ``width``×``height``; skips the test
    when Chromium is not installed. ``page.context.new_page()`` opens a tab of the same browser."""
    require_chromium()
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=timeout_ms)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": width, "height": height}, locale="ru-RU")
            page = context.new_page()
            page.set_default_timeout(timeout_ms)
            yield page
        finally:
            browser.close()


def fill_sign_in(page: Page, login: str, password: str = PASSWORD) -> None:
    """Type the login and password into the sign-in form, without sending it."""
    page.get_by_label("Логин").fill(login)
    page.get_by_label("Пароль").fill(password)


def submit_sign_in(page: Page) -> None:
    """Press «Войти» and wait for the first page, «Входящие»."""
    from playwright.sync_api import expect

    page.get_by_role("button", name="Войти").click()
    expect(page.get_by_role("heading", name="Входящие")).to_be_visible()


def sign_in(page: Page, login: str, password: str = PASSWORD) -> None:
    """Sign in from the form and wait for «Входящие»."""
    fill_sign_in(page, login, password)
    submit_sign_in(page)


def settle(page: Page) -> None:
    """Wait until Streamlit's run is over (its status widget gone), so the page shows its result."""
    from playwright.sync_api import expect

    page.wait_for_timeout(300)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=TIMEOUT_MS)


def open_page(page: Page, title: str) -> None:
    """Open a page of the sidebar menu by its title and wait for its run to end."""
    page.get_by_test_id("stSidebarNav").get_by_text(title, exact=True).click()
    settle(page)


def register_typed_letter(page: Page, document_type: str, client: str) -> str:
    """On «Новая входящая», its sender and file given: type the package's document type and its
    client, press «Зарегистрировать», and return the number the page announces."""
    from playwright.sync_api import expect

    for position, typed in ((1, document_type), (3, client)):  # the type, then its client
        page.get_by_test_id("stSelectbox").nth(position).click()
        page.keyboard.type(typed)
        page.keyboard.press("Enter")
        settle(page)
    page.get_by_role("button", name="Зарегистрировать").click()
    success = page.get_by_text("Зарегистрировано под номером")
    expect(success).to_be_visible()
    return success.inner_text().rsplit(" ", 1)[-1].rstrip(".")
