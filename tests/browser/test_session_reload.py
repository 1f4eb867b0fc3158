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
from tests.browser.steps import browser_page, database_url, sign_in
from tests.browser.test_clerk_day import app_url  # noqa: F401 - the app fixture

pytestmark = pytest.mark.browser


def _item_number(url: str) -> str:
    engine = make_engine(url)
    with session_scope(engine) as session:
        number = session.scalar(select(Incoming.reg_number).limit(1))
    engine.dispose()
    assert number is not None
    return number


def test_reload_and_links_keep_the_session_and_logout_ends_it(app_url: str, tmp_path: Path) -> None:  # noqa: F811
    from playwright.sync_api import expect

    number = _item_number(database_url(tmp_path))
    with browser_page(width=1366, height=768) as page:
        page.goto(app_url)
        sign_in(page, "admin")
        page.wait_for_function("document.cookie.includes('korr_session=')")

        page.reload()  # F5
        expect(page.get_by_role("heading", name="Входящие")).to_be_visible()
        expect(page.get_by_label("Пароль")).to_have_count(0)

        other = page.context.new_page()  # a colleague's link, opened in a new tab of the same browser
        other.goto(f"{app_url}/?item={number}")
        expect(other.get_by_role("heading", name=number)).to_be_visible()
        expect(other.get_by_label("Пароль")).to_have_count(0)
        other.close()

        page.get_by_role("button", name="Выйти").click()
        expect(page.get_by_label("Пароль")).to_be_visible()
        page.reload()
        expect(page.get_by_label("Пароль")).to_be_visible()
        expect(page.get_by_role("heading", name="Входящие")).to_have_count(0)
