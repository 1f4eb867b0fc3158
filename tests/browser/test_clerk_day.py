"""One clerk's scenario in the real app, in the system Chromium: log in, register a letter by hand
with a file, its type and client, find it by search, open a review item and see that it cannot be
confirmed as is without a sender. Screenshots of every page go
to ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from db.engine import make_engine, session_scope
from db.models import Client, Counterparty
from db.models.enums import IncomingSource, IncomingStatus, Role
from db.search import attach_search_index
from tasks.clerk_requests import pending_ids, run_request
from tasks.database import upgrade_and_seed
from tasks.incoming_text import incoming_handlers
from tasks.register import FileInput, IncomingInput, PackageInput, register_incoming
from tasks.users import create_user
from tests.browser.steps import (
    PASSWORD,
    browser_page,
    database_url,
    fill_sign_in,
    open_page,
    register_typed_letter,
    serving,
    settle,
    submit_sign_in,
)
from tests.integration.ui.conftest import make_pdf

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def _shot(page: Page, name: str) -> None:
    """The whole page, once its run is over, as ``SHOTS/<name>.png``."""
    settle(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _what_the_clerk_requests_flow_does(url: str) -> None:
    """Run the waiting requests with the flow's handlers on the app's database."""
    engine = make_engine(url)
    attach_search_index(engine)
    with session_scope(engine) as session:
        waiting = pending_ids(session)
    assert waiting
    for request_id in waiting:
        run_request(engine, request_id, incoming_handlers(engine))
    engine.dispose()


@pytest.fixture
def app_url(tmp_path: Path) -> Iterator[str]:
    """The app served by ``korrespondent app``'s command line on a fresh SQLite database."""
    url = database_url(tmp_path)
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
    with serving(url, tmp_path / "data") as address:
        yield address


def test_clerk_registers_finds_and_confirms(app_url: str, tmp_path: Path) -> None:
    scan = tmp_path / "письмо.pdf"
    scan.write_bytes(make_pdf("Ответ на обращение взыскателя"))
    from playwright.sync_api import expect

    with browser_page() as page:
        page.goto(app_url)
        fill_sign_in(page, "admin")
        _shot(page, "00-login")
        submit_sign_in(page)
        _shot(page, "01-incoming")

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
        number = register_typed_letter(page, "Договор уступки", "Альфа")
        expect(page.get_by_text("Чтение текста документов: В очереди…")).to_be_visible()
        expect(page.get_by_label("Комментарий")).to_have_value("")  # the next letter starts clean
        _shot(page, "02-register")
        _what_the_clerk_requests_flow_does(database_url(tmp_path))
        # No click: the page polls the request and shows the outcome by itself.
        expect(page.get_by_text("Чтение текста документов: Текст прочитан: файлов — 1.")).to_be_visible()
        _shot(page, "02-register-text-read")

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
        _shot(page, "03-incoming-found")

        open_page(page, "Разбор")
        expect(page.get_by_text("Отправитель не найден в справочнике")).to_be_visible()
        _shot(page, "04-review")
        page.get_by_role("button", name="Подтвердить как есть").click()
        expect(page.get_by_text("Нельзя подтвердить как есть: Укажите отправителя.")).to_be_visible()

        for index, title in enumerate(["Исходящие", "Кейсы", "Сроки", "Справочники", "Журнал"], start=5):
            open_page(page, title)
            expect(page.get_by_role("heading", name=title)).to_be_visible()
            _shot(page, f"{index:02d}-{title}")
