"""«Сроки» and a guarded debtor in the real app, in the system Chromium, on the demo's own mail.

GIVEN the app on a database seeded as ``korrespondent demo`` seeds it (reference data, cases and the
earlier mail whose documents start deadlines and whose debtor's refusal puts a guard)
WHEN a clerk opens «Сроки», marks a deadline done with a comment, opens the guarded case and tries
to write to its debtor on «Исходящие»
THEN the deadline shows with its action and due date and closes, the case shows the guard, and the
letter is refused in Russian naming the debtor's statement.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select

from db.engine import make_engine, session_scope
from db.models import ContactGuard, Deadline, utcnow
from db.models.enums import Role
from korrespondent.demo.samples import EARLIER_REFUSAL_CASE
from korrespondent.demo.seed import seed_mail
from tasks.database import upgrade_and_seed
from tasks.deadlines.store import DONE, local_date
from tasks.imports import import_cases, import_counterparties
from tasks.users import create_user
from tests.browser.steps import PASSWORD, browser_page, database_url, open_page, serving, settle, sign_in

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser
COMMENT = "Жалоба подана, ИСХ-2026-000123"


@pytest.fixture
def app_url(tmp_path: Path) -> Iterator[str]:
    """The app on a fresh SQLite database holding the demo's cases and its earlier mail."""
    engine = make_engine(database_url(tmp_path))
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
    with serving(database_url(tmp_path), tmp_path / "data") as address:
        yield address


def _choose(page: Page, key: str, typed: str) -> None:
    """Pick the option containing ``typed`` in the selectbox with this widget key."""
    page.locator(f".st-key-{key}").click()
    page.keyboard.type(typed)
    page.get_by_role("option").filter(has_text=typed).first.click()
    settle(page)


def test_deadlines_page_and_a_letter_refused_to_a_guarded_debtor(app_url: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    with browser_page() as page:
        engine = make_engine(database_url(tmp_path))
        with session_scope(engine) as session:
            guard = session.scalars(select(ContactGuard)).one()
            statement, debtor = guard.source_number, guard.debtor.full_name
        assert statement
        page.goto(app_url)
        sign_in(page, "clerk")

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
        _choose(page, "case_pick", EARLIER_REFUSAL_CASE)
        expect(page.get_by_text("Ограничение на контакт с должником.")).to_be_visible()
        expect(page.get_by_text(statement).first).to_be_visible()

        # a letter to the guarded debtor is refused, naming the statement
        open_page(page, "Исходящие")
        page.get_by_text("Новое письмо").click()
        page.get_by_label("Кейс (для письма должнику)").fill(EARLIER_REFUSAL_CASE)
        page.get_by_label("Кейс (для письма должнику)").press("Enter")
        settle(page)
        expect(page.get_by_text(f"Ограничение по кейсу {EARLIER_REFUSAL_CASE}")).to_be_visible()
        _choose(page, "out_case", EARLIER_REFUSAL_CASE)
        page.locator(".st-key-out_to_debtor").get_by_text("Письмо должнику по кейсу").click()
        page.get_by_role("button", name="Создать письмо").click()
        settle(page)
        refusal = page.get_by_text(f"Письмо должнику {debtor} не создаётся")
        expect(refusal).to_be_visible()
        expect(refusal).to_contain_text(statement)
        engine.dispose()
