"""Входящие at scale: a too-short needle gets a Russian prompt instead of a slow scan."""

from __future__ import annotations

from sqlalchemy import Engine

from db.models.enums import Role
from tests.integration.ui.conftest import make_world
from tests.integration.ui.test_pages import Login


def test_incoming_page_asks_for_three_characters_and_searches_from_three(
    logged_in: Login, app_engine: Engine
) -> None:
    world = make_world(app_engine)
    at = logged_in(Role.CLERK)
    at.text_input(key="in_text").input("пе").run()
    assert [i.value for i in at.info] == [
        "Введите для поиска не меньше 3 символов: так поиск быстрее и точнее."
    ]
    assert not at.caption or not at.caption[0].value.startswith("Найдено")
    at.text_input(key="in_text").input(f"петров{world['tag']}").run()
    assert not at.info and at.caption[0].value == "Найдено: 1"
