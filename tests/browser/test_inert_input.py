"""What clerks type is shown as typed, never as Markdown or HTML, in the real app (issue 11.7).

Markdown, Streamlit directives, a formula, a link and an HTML tag go into every field a clerk
fills on the way of a letter (sender, comment, file name, a letter's recipient, address and
description; a user's name; a counterparty, a debtor, a client and a contract as the reference
book and the case import store them), and every page that shows them must show those characters
and create no element, link or formula from them. At the end the clerk is deactivated and the
next click shows the login form.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import update

from db.engine import make_engine, session_scope
from db.models import Case, Client, Counterparty, Debtor, User
from db.models.enums import Role
from tasks.database import upgrade_and_seed
from tasks.users import create_user
from tests.browser.steps import (
    PASSWORD,
    browser_page,
    database_url,
    open_page,
    register_typed_letter,
    serving,
    settle,
    sign_in,
)
from tests.integration.ui.conftest import make_pdf
from ui.safe import JOINER

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser
# bold, italics, an HTML element with an id, a Streamlit colour directive, an icon, a formula, a link
PAYLOAD = '**жирный** _курсив_ <b id="xss">тег</b> :red[красный] :material/home: $x^2$ [ссылка](http://evil.example)'
FILE_PAYLOAD = "**жирный** <i id=xss>тег<i> :red[красный] $x^2$.pdf"  # a file name has no slash


@pytest.fixture
def app_url(tmp_path: Path) -> Iterator[str]:
    """The app on a fresh SQLite database whose reference data and user name carry the payload."""
    url = database_url(tmp_path)
    engine = make_engine(url)
    upgrade_and_seed(engine, actor="tests")
    with session_scope(engine) as session:
        create_user(session, login="clerk", password=PASSWORD, role=Role.CLERK, full_name=PAYLOAD, actor="t")
        session.add(Counterparty(name=f"Суд {PAYLOAD}", kind="court"))
        client, debtor = Client(name=f"Банк {PAYLOAD}"), Debtor(full_name=f"Должник {PAYLOAD}")
        session.add_all([client, debtor])
        session.flush()
        session.add(
            Case(case_number="К-777", client_id=client.id, debtor_id=debtor.id, contract_number=PAYLOAD)
        )
    engine.dispose()
    with serving(url, tmp_path / "data") as address:
        yield address


def _inert(page: Page, *texts: str) -> None:
    """Each text shows as typed, and nothing of it became an element, a link or a formula."""
    settle(page)
    deadline = time.monotonic() + 30
    while True:  # the word joiners of ui.safe are invisible: compare the text without them
        shown = page.locator("body").inner_text().replace(JOINER, "")
        missing = [text for text in texts if text not in shown]
        if not missing or time.monotonic() > deadline:
            break
        page.wait_for_timeout(250)
    assert not missing, shown
    assert page.locator("#xss").count() == 0
    assert page.locator("a[href*='evil.example']").count() == 0
    assert page.locator(".katex, strong:text-is('жирный'), em:text-is('курсив')").count() == 0
    assert page.get_by_role("img", name="home icon").count() == 0
    assert page.locator(".stMarkdown [style*='color']:has-text('красный')").count() == 0


def _choose(page: Page, label: str, typed: str) -> None:
    """Pick the option containing ``typed`` in the selectbox labelled ``label``."""
    page.get_by_test_id("stSelectbox").filter(has_text=label).click()
    page.keyboard.type(typed)
    page.get_by_role("option").filter(has_text=typed).first.click()
    settle(page)


def test_markdown_and_html_typed_by_clerks_stay_text(app_url: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    scan = tmp_path / FILE_PAYLOAD
    scan.write_bytes(make_pdf("Ответ на обращение"))
    with browser_page() as page:
        page.goto(app_url)
        sign_in(page, "clerk")
        _inert(page, PAYLOAD)  # the user's name in the sidebar

        # a letter registered by hand: sender, comment and a file named with the payload
        open_page(page, "Новая входящая")
        _choose(page, "Отправитель", "Суд")
        page.get_by_label("Комментарий").fill(PAYLOAD)
        page.get_by_test_id("stFileUploaderDropzoneInput").first.set_input_files(str(scan))
        settle(page)
        number = register_typed_letter(page, "Договор уступки", "Банк")

        open_page(page, "Входящие")
        _choose(page, "Открыть", number)
        expect(page.get_by_role("heading", name=number)).to_be_visible()
        _inert(page, f"Суд {PAYLOAD}", f"Комментарий: {PAYLOAD}", FILE_PAYLOAD)

        # the case of a debtor, client and contract with the payload
        open_page(page, "Кейсы")
        page.get_by_label("Найти кейс").fill("К-777")
        page.get_by_label("Найти кейс").press("Enter")
        settle(page)
        _choose(page, "Кейс", "К-777")
        _inert(page, f"Должник {PAYLOAD}", f"Банк {PAYLOAD}")

        # an outgoing letter typed by hand
        open_page(page, "Исходящие")
        page.get_by_text("Новое письмо").click()
        page.get_by_label("Или получатель вручную: ФИО / название").fill(f"Получатель {PAYLOAD}")
        page.get_by_label("Адрес с индексом").fill(f"101000, г. Москва, {PAYLOAD}")
        page.get_by_label("Описание вложения").fill(PAYLOAD)
        page.get_by_role("button", name="Создать письмо").click()
        created = page.get_by_text("создано")
        expect(created).to_be_visible()
        letter = created.inner_text().split()[1]
        page.get_by_test_id("stButtonGroup").get_by_text("Черновики", exact=False).click()
        settle(page)
        _choose(page, "Открыть письмо", letter)
        expect(page.get_by_role("heading", name=letter)).to_be_visible()
        _inert(page, f"Получатель {PAYLOAD}, 101000, г. Москва, {PAYLOAD}")

        # an administrator deactivates the clerk: the next click shows the login form, on the same address
        _deactivate(database_url(tmp_path), "clerk")
        open_page(page, "Кейсы")
        expect(
            page.get_by_text("Ваша учётная запись отключена. Обратитесь к администратору.")
        ).to_be_visible()
        expect(page.get_by_label("Логин")).to_be_visible()
        expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)


def _deactivate(url: str, login: str) -> None:
    engine = make_engine(url)
    with session_scope(engine) as session:
        session.execute(update(User).where(User.login == login).values(active=False))
    engine.dispose()
