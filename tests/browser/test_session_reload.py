"""In the real browser: F5 and an opened link keep the clerk signed in; «Выйти» ends it (issue 13.6).

The cookie is written by the app's script (Streamlit has no call for it), so only a real browser
shows that it is written, sent back on reload, and dropped on «Выйти».
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from db.engine import make_engine, session_scope
from db.models import Incoming
from tests.browser.test_clerk_day import CHROMIUM, PASSWORD, app_url  # noqa: F401 - the app fixture

pytestmark = pytest.mark.browser


def _item_number(database: Path) -> str:
    engine = make_engine(f"sqlite:///{database}")
    with session_scope(engine) as session:
        number = session.scalar(select(Incoming.reg_number).limit(1))
    engine.dispose()
    assert number is not None
    return number


def test_reload_and_links_keep_the_session_and_logout_ends_it(app_url: str, tmp_path: Path) -> None:  # noqa: F811
    if not CHROMIUM.exists():
        pytest.skip("system Chromium (/usr/bin/chromium) is not installed")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=30_000)
    number = _item_number(tmp_path / "app.db")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="ru-RU")
        page = context.new_page()
        page.goto(app_url)
        page.get_by_label("Логин").fill("admin")
        page.get_by_label("Пароль").fill(PASSWORD)
        page.get_by_role("button", name="Войти").click()
        expect(page.get_by_role("heading", name="Входящие")).to_be_visible()
        page.wait_for_function("document.cookie.includes('korr_session=')")

        page.reload()  # F5
        expect(page.get_by_role("heading", name="Входящие")).to_be_visible()
        expect(page.get_by_label("Пароль")).to_have_count(0)

        other = context.new_page()  # a colleague's link, opened in a new tab of the same browser
        other.goto(f"{app_url}/?item={number}")
        expect(other.get_by_role("heading", name=number)).to_be_visible()
        expect(other.get_by_label("Пароль")).to_have_count(0)
        other.close()

        page.get_by_role("button", name="Выйти").click()
        expect(page.get_by_label("Пароль")).to_be_visible()
        page.reload()
        expect(page.get_by_label("Пароль")).to_be_visible()
        expect(page.get_by_role("heading", name="Входящие")).to_have_count(0)
        browser.close()
