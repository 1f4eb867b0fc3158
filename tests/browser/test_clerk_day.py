"""One clerk's scenario in the real app, in the system Chromium: log in, register a letter by hand
with a file, its type and client, find it by search, open a review item and see that it cannot be
confirmed as is without a sender. Screenshots of every page go
to ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from db.engine import make_engine, session_scope
from db.models import Client, Counterparty
from db.models.enums import IncomingSource, IncomingStatus, Role
from db.search import attach_search_index
from korrespondent.cli_app import streamlit_command
from tasks.clerk_requests import pending_ids, run_request
from tasks.database import upgrade_and_seed
from tasks.incoming_text import incoming_handlers
from tasks.register import FileInput, IncomingInput, PackageInput, register_incoming
from tasks.users import create_user
from tests.integration.ui.conftest import make_pdf

pytestmark = pytest.mark.browser
ROW_STORE = {"KORR_BLOB_STORE": "db"}
"""The test's own writers and readers use plain engines: bytes stay in rows, as they do for the app here."""
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PASSWORD = "browser-pass-1"


def _what_the_clerk_requests_flow_does(database: Path) -> None:
    """Run the waiting requests with the flow's handlers on the app's database."""
    engine = make_engine(f"sqlite:///{database}")
    attach_search_index(engine)
    with session_scope(engine) as session:
        waiting = pending_ids(session)
    assert waiting
    for request_id in waiting:
        run_request(engine, request_id, incoming_handlers(engine))
    engine.dispose()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def app_url(tmp_path: Path) -> Iterator[str]:
    """The app served by ``korrespondent app``'s command line on a fresh SQLite database."""
    url = f"sqlite:///{tmp_path / 'app.db'}"
    engine = make_engine(url)
    upgrade_and_seed(engine, actor="tests")
    pdf = make_pdf("Постановление о возбуждении исполнительного производства")
    with session_scope(engine) as session:
        create_user(
            session, login="admin", password=PASSWORD, role=Role.ADMIN, full_name="Анна Админ", actor="t"
        )
        session.add(Counterparty(name="Тверской районный суд г. Москвы", kind="court"))
        session.add(Client(name="ООО «Альфа-Коллект»"))
        register_incoming(
            session,
            IncomingInput(
                sender_id=None,
                source=IncomingSource.SCANNER,
                status=IncomingStatus.NEEDS_REVIEW,
                review_reason="sender_unknown",
                suggestions={"reasons": ["sender_unknown"]},
            ),
            [
                PackageInput(
                    files=(FileInput("scan.pdf", pdf, "application/pdf", hashlib.sha256(pdf).hexdigest(), 1),)
                )
            ],
            actor="scanner",
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


def test_clerk_registers_finds_and_confirms(app_url: str, tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        pytest.skip("system Chromium (/usr/bin/chromium) is not installed")
    from playwright.sync_api import Page, expect, sync_playwright

    expect.set_options(timeout=30_000)  # a loaded CI machine: registering takes seconds there
    SHOTS.mkdir(parents=True, exist_ok=True)
    scan = tmp_path / "письмо.pdf"
    scan.write_bytes(make_pdf("Ответ на обращение взыскателя"))

    def settle(page: Page) -> None:
        page.wait_for_timeout(300)
        expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=30_000)

    def shot(page: Page, name: str) -> None:
        settle(page)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)

    def open_page(page: Page, title: str) -> None:
        page.get_by_test_id("stSidebarNav").get_by_text(title, exact=True).click()
        settle(page)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="ru-RU")
        page.set_default_timeout(30_000)
        page.goto(app_url)
        page.get_by_label("Логин").fill("admin")
        page.get_by_label("Пароль").fill(PASSWORD)
        shot(page, "00-login")
        page.get_by_role("button", name="Войти").click()
        expect(page.get_by_role("heading", name="Входящие")).to_be_visible()
        shot(page, "01-incoming")

        open_page(page, "Новая входящая")
        sender = page.get_by_test_id("stSelectbox").first
        sender.click()
        page.keyboard.type("Тверской")
        page.keyboard.press("Enter")
        settle(page)
        page.get_by_label("Комментарий").fill("принесли курьером")
        page.get_by_test_id("stFileUploaderDropzoneInput").first.set_input_files(str(scan))
        expect(page.get_by_text("письмо.pdf")).to_be_visible()
        settle(page)
        for position, typed in ((1, "Договор уступки"), (3, "Альфа")):  # type, then its client
            page.get_by_test_id("stSelectbox").nth(position).click()
            page.keyboard.type(typed)
            page.keyboard.press("Enter")
            settle(page)
        page.get_by_role("button", name="Зарегистрировать").click()
        success = page.get_by_text("Зарегистрировано под номером")
        expect(success).to_be_visible()
        number = success.inner_text().rsplit(" ", 1)[-1].rstrip(".")
        expect(page.get_by_text("Чтение текста документов: В очереди…")).to_be_visible()
        expect(page.get_by_label("Комментарий")).to_have_value("")  # the next letter starts clean
        shot(page, "02-register")
        _what_the_clerk_requests_flow_does(tmp_path / "app.db")
        # No click: the page polls the request and shows the outcome by itself.
        expect(page.get_by_text("Чтение текста документов: Текст прочитан: файлов — 1.")).to_be_visible()
        shot(page, "02-register-text-read")

        open_page(page, "Входящие")
        search = page.get_by_label("Поиск")
        search.fill("обращение взыскателя")  # a phrase of the file, read after registration
        search.press("Enter")
        expect(page.get_by_text("Найдено: 1")).to_be_visible()
        search.fill(number)
        search.press("Enter")
        expect(page.get_by_text("Найдено: 1")).to_be_visible()
        page.get_by_test_id("stSelectbox").last.click()
        page.keyboard.type(number)
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", name=number)).to_be_visible()
        shot(page, "03-incoming-found")

        open_page(page, "Разбор")
        expect(page.get_by_text("Отправитель не найден в справочнике")).to_be_visible()
        shot(page, "04-review")
        page.get_by_role("button", name="Подтвердить как есть").click()
        expect(page.get_by_text("Нельзя подтвердить как есть: Укажите отправителя.")).to_be_visible()

        for index, title in enumerate(["Исходящие", "Кейсы", "Сроки", "Справочники", "Журнал"], start=5):
            open_page(page, title)
            expect(page.get_by_role("heading", name=title)).to_be_visible()
            shot(page, f"{index:02d}-{title}")
        browser.close()
