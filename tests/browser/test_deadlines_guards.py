"""«Сроки» and a guarded debtor in the real app, in the system Chromium, on the demo's own mail.

GIVEN the app on a database seeded as ``korrespondent demo`` seeds it (reference data, cases and the
earlier mail whose documents start deadlines and whose debtor's refusal puts a guard)
WHEN a clerk opens «Сроки», marks a deadline done with a comment, opens the guarded case and tries
to write to its debtor on «Исходящие»
THEN the deadline shows with its action and due date and closes, the case shows the guard, and the
letter is refused in Russian naming the debtor's statement.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from db.engine import make_engine, session_scope
from db.models import ContactGuard, Deadline, utcnow
from db.models.enums import Role
from korrespondent.cli_app import streamlit_command
from korrespondent.demo.samples import EARLIER_REFUSAL_CASE
from korrespondent.demo.seed import seed_mail
from tasks.database import upgrade_and_seed
from tasks.deadlines.store import DONE, local_date
from tasks.imports import import_cases, import_counterparties
from tasks.users import create_user
from tests.browser.test_clerk_day import CHROMIUM, ROW_STORE, _free_port

pytestmark = pytest.mark.browser
PASSWORD = "browser-pass-1"
COMMENT = "Жалоба подана, ИСХ-2026-000123"


def _url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'app.db'}"


@pytest.fixture
def app_url(tmp_path: Path) -> Iterator[str]:
    """The app on a fresh SQLite database holding the demo's cases and its earlier mail."""
    engine = make_engine(_url(tmp_path))
    upgrade_and_seed(engine, actor="tests")
    demo = resources.files("korrespondent") / "demo"
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    with session_scope(engine) as session:
        create_user(session, login="clerk", password=PASSWORD, role=Role.CLERK, full_name="Ольга", actor="t")
        import_counterparties(session, (demo / "counterparties.csv").read_bytes(), actor="demo")
        import_cases(session, (demo / "cases.csv").read_bytes(), actor="demo")
        seed_mail(session, inbox, today=local_date(utcnow()), actor="demo")
    engine.dispose()
    port = _free_port()
    env = {
        **os.environ,
        "KORR_DATABASE_URL": _url(tmp_path),
        "KORR_DATA_DIR": str(tmp_path / "data"),
        **ROW_STORE,
    }
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


def test_deadlines_page_and_a_letter_refused_to_a_guarded_debtor(app_url: str, tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        pytest.skip("system Chromium (/usr/bin/chromium) is not installed")
    from playwright.sync_api import Page, expect, sync_playwright

    expect.set_options(timeout=30_000)  # a loaded CI machine
    engine = make_engine(_url(tmp_path))
    with session_scope(engine) as session:
        guard = session.scalars(select(ContactGuard)).one()
        statement, debtor = guard.source_number, guard.debtor.full_name
    assert statement

    def settle(page: Page) -> None:
        page.wait_for_timeout(300)
        expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=30_000)

    def open_page(page: Page, title: str) -> None:
        page.get_by_test_id("stSidebarNav").get_by_text(title, exact=True).click()
        settle(page)

    def choose(page: Page, key: str, typed: str) -> None:
        """Pick the option containing ``typed`` in the selectbox with this widget key."""
        page.locator(f".st-key-{key}").click()
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

        # «Сроки»: the earliest deadline with its due date and action, marked done with a comment
        open_page(page, "Сроки")
        expect(page.get_by_role("heading", name="Сроки")).to_be_visible()
        page.get_by_text("Отметить выполненным или передать").click()
        settle(page)
        picker = page.get_by_role("combobox", name="Срок")  # «ДД.ММ.ГГГГ · К-… · действие», earliest first
        expect(picker).to_have_value(re.compile(r"^\d\d\.\d\d\.\d{4} · К-"))
        due, case_number, action = picker.input_value().split(" · ")
        page.locator(".st-key-dl_comment input").fill(COMMENT)
        page.get_by_role("button", name="Выполнено", exact=True).click()
        expect(page.get_by_text("Срок отмечен выполненным.")).to_be_visible()
        with session_scope(engine) as session:
            done = session.scalars(select(Deadline).where(Deadline.status == DONE)).one()
            assert (done.comment, done.rule.action, done.case.case_number if done.case else None) == (
                COMMENT,
                action,
                case_number,
            )
            assert done.due_date is not None and done.due_date.strftime("%d.%m.%Y") == due

        # the case shows its guard on first open
        open_page(page, "Кейсы")
        page.get_by_label("Найти кейс").fill(EARLIER_REFUSAL_CASE)
        page.get_by_label("Найти кейс").press("Enter")
        settle(page)
        choose(page, "case_pick", EARLIER_REFUSAL_CASE)
        expect(page.get_by_text("Ограничение на контакт с должником.")).to_be_visible()
        expect(page.get_by_text(statement).first).to_be_visible()

        # a letter to the guarded debtor is refused, naming the statement
        open_page(page, "Исходящие")
        page.get_by_text("Новое письмо").click()
        page.get_by_label("Кейс (для письма должнику)").fill(EARLIER_REFUSAL_CASE)
        page.get_by_label("Кейс (для письма должнику)").press("Enter")
        settle(page)
        expect(page.get_by_text(f"Ограничение по кейсу {EARLIER_REFUSAL_CASE}")).to_be_visible()
        choose(page, "out_case", EARLIER_REFUSAL_CASE)
        page.locator(".st-key-out_to_debtor").get_by_text("Письмо должнику по кейсу").click()
        page.get_by_role("button", name="Создать письмо").click()
        settle(page)
        refusal = page.get_by_text(f"Письмо должнику {debtor} не создаётся")
        expect(refusal).to_be_visible()
        expect(refusal).to_contain_text(statement)
        browser.close()
    engine.dispose()
