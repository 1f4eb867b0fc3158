"""What clerks type is shown as typed, never as Markdown or HTML, in the real app (issue 11.7).

Markdown, Streamlit directives, a formula, a link and an HTML tag go into every field a clerk
fills on the way of a letter (sender, comment, file name, a letter's recipient, address and
description; a user's name; a counterparty, a debtor, a client and a contract as the reference
book and the case import store them), and every page that shows them must show those characters
and create no element, link or formula from them. At the end the clerk is deactivated and the
next click shows the login form.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import update

from db.engine import make_engine, session_scope
from db.models import Case, Client, Counterparty, Debtor, User
from db.models.enums import Role
from korrespondent.cli_app import streamlit_command
from tasks.database import upgrade_and_seed
from tasks.users import create_user
from tests.browser.test_clerk_day import CHROMIUM, ROW_STORE, _free_port
from tests.integration.ui.conftest import make_pdf
from ui.safe import JOINER

pytestmark = pytest.mark.browser
PASSWORD = "browser-pass-1"
# bold, italics, an HTML element with an id, a Streamlit colour directive, an icon, a formula, a link
PAYLOAD = '**жирный** _курсив_ <b id="xss">тег</b> :red[красный] :material/home: $x^2$ [ссылка](http://evil.example)'
FILE_PAYLOAD = "**жирный** <i id=xss>тег<i> :red[красный] $x^2$.pdf"  # a file name has no slash


@pytest.fixture
def app_url(tmp_path: Path) -> Iterator[str]:
    """The app on a fresh SQLite database whose reference data and user name carry the payload."""
    url = f"sqlite:///{tmp_path / 'app.db'}"
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
    port = _free_port()
    env = {**os.environ, "KORR_DATABASE_URL": url, "KORR_DATA_DIR": str(tmp_path / "data"), **ROW_STORE}
    env.pop("KORR_POCHTA_TOKEN", None)
    process = subprocess.Popen(
        streamlit_command("127.0.0.1", port), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/_stcore/health", timeout=1).text == "ok":
                    break
            except httpx.TransportError:
                time.sleep(0.3)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(10)


def test_markdown_and_html_typed_by_clerks_stay_text(app_url: str, tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        pytest.skip("system Chromium (/usr/bin/chromium) is not installed")
    from playwright.sync_api import Page, expect, sync_playwright

    expect.set_options(timeout=30_000)  # a loaded CI machine
    scan = tmp_path / FILE_PAYLOAD
    scan.write_bytes(make_pdf("Ответ на обращение"))

    def settle(page: Page) -> None:
        page.wait_for_timeout(300)
        expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=30_000)

    def inert(page: Page, *texts: str) -> None:
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

    def open_page(page: Page, title: str) -> None:
        page.get_by_test_id("stSidebarNav").get_by_text(title, exact=True).click()
        settle(page)

    def choose(page: Page, label: str, typed: str) -> None:
        page.get_by_test_id("stSelectbox").filter(has_text=label).click()
        page.keyboard.type(typed)
        page.get_by_role("option").filter(has_text=typed).first.click()
        settle(page)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="ru-RU")
        page.set_default_timeout(30_000)
        page.goto(app_url)
        page.get_by_label("Логин").fill("clerk")
        page.get_by_label("Пароль").fill(PASSWORD)
        page.get_by_role("button", name="Войти").click()
        expect(page.get_by_role("heading", name="Входящие")).to_be_visible()
        inert(page, PAYLOAD)  # the user's name in the sidebar

        # a letter registered by hand: sender, comment and a file named with the payload
        open_page(page, "Новая входящая")
        choose(page, "Отправитель", "Суд")
        page.get_by_label("Комментарий").fill(PAYLOAD)
        page.get_by_test_id("stFileUploaderDropzoneInput").first.set_input_files(str(scan))
        settle(page)
        for position, typed in ((1, "Договор уступки"), (3, "Банк")):  # a type, then its client
            page.get_by_test_id("stSelectbox").nth(position).click()
            page.keyboard.type(typed)
            page.keyboard.press("Enter")
            settle(page)
        page.get_by_role("button", name="Зарегистрировать").click()
        success = page.get_by_text("Зарегистрировано под номером")
        expect(success).to_be_visible()
        number = success.inner_text().rsplit(" ", 1)[-1].rstrip(".")

        open_page(page, "Входящие")
        choose(page, "Открыть", number)
        expect(page.get_by_role("heading", name=number)).to_be_visible()
        inert(page, f"Суд {PAYLOAD}", f"Комментарий: {PAYLOAD}", FILE_PAYLOAD)

        # the case of a debtor, client and contract with the payload
        open_page(page, "Кейсы")
        page.get_by_label("Найти кейс").fill("К-777")
        page.get_by_label("Найти кейс").press("Enter")
        settle(page)
        choose(page, "Кейс", "К-777")
        inert(page, f"Должник {PAYLOAD}", f"Банк {PAYLOAD}")

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
        choose(page, "Открыть письмо", letter)
        expect(page.get_by_role("heading", name=letter)).to_be_visible()
        inert(page, f"Получатель {PAYLOAD}, 101000, г. Москва, {PAYLOAD}")

        # an administrator deactivates the clerk: the next click shows the login form, on the same address
        _deactivate(_database_url(tmp_path), "clerk")
        open_page(page, "Кейсы")
        expect(
            page.get_by_text("Ваша учётная запись отключена. Обратитесь к администратору.")
        ).to_be_visible()
        expect(page.get_by_label("Логин")).to_be_visible()
        expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)
        browser.close()


def _database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'app.db'}"


def _deactivate(url: str, login: str) -> None:
    engine = make_engine(url)
    with session_scope(engine) as session:
        session.execute(update(User).where(User.login == login).values(active=False))
    engine.dispose()
