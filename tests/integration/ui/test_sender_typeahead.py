"""«Новая входящая»: the sender is found by any word or fragment, aliases too, case and ё/е folded
(issue 13.5)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from db.engine import session_scope
from db.models import Counterparty
from db.models.enums import Role

Login = Callable[[Role], AppTest]


@pytest.mark.parametrize("typed", ["Банк", "банк восход", "ВОСХОД", "осход", "Восходъ-Кредит", "Фёдор"])
def test_register_page_finds_the_sender_by_any_word_fragment_or_alias(
    logged_in: Login, app_engine: Engine, typed: str
) -> None:
    tag = uuid.uuid4().hex[:6]
    with session_scope(app_engine) as session:
        bank = Counterparty(
            name=f"ПАО «Банк Восход» {tag}", kind="bank", aliases=[f"Восходъ-Кредит {tag}", f"Федоров {tag}"]
        )
        session.add(bank)
        session.flush()
        bank_id = bank.id
    at = logged_in(Role.CLERK)
    at.switch_page("pages/register.py").run()
    at.text_input(key="reg_sender_find").input(f"{typed} {tag}").run()
    assert at.selectbox(key="reg_sender").options == [f"ПАО «Банк Восход» {tag}"]
    at.selectbox(key="reg_sender").select(bank_id).run()
    assert at.selectbox(key="reg_sender").value == bank_id


def test_register_page_says_when_no_sender_matches(logged_in: Login) -> None:
    at = logged_in(Role.CLERK)
    at.switch_page("pages/register.py").run()
    at.text_input(key="reg_sender_find").input(f"нет такого {uuid.uuid4().hex}").run()
    assert at.selectbox(key="reg_sender").options == []
    assert any("Отправитель не найден" in c.value for c in at.caption)
