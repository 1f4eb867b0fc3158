"""Every list pages past 200 rows; the register's search finds items by client and contract number
(issue 13.12)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sqlalchemy import Engine, select
from streamlit.testing.v1 import AppTest

from db.engine import session_scope
from db.models import Case, Outgoing, Rejection
from db.models.enums import Role
from tasks.outgoing import Folder
from tests.integration.ui.conftest import make_world

Login = Callable[[Role], AppTest]
MANY = 205


def _ready_letters(engine: Engine) -> list[str]:
    """``MANY`` letters in «К сдаче»; their numbers, oldest first."""
    tag = uuid.uuid4().hex[:6]
    numbers = [f"ИСХ-{tag}-{i:04d}" for i in range(MANY)]
    with session_scope(engine) as session:
        session.add_all(
            Outgoing(
                reg_number=number,
                state="ready",
                shipping_point_index="101000",
                recipient_name=f"Получатель {number}",
                recipient_address="101000, г. Москва, ул. Мясницкая, д. 3",
                created_by="tests",
            )
            for number in numbers
        )
    return numbers


def _row_number(engine: Engine, position: int) -> str:
    """The «К сдаче» letter at ``position`` (0-based) of the newest-first list."""
    with session_scope(engine) as session:
        query = select(Outgoing.reg_number).where(Outgoing.state == "ready").order_by(Outgoing.id.desc())
        number = session.scalar(query.offset(position).limit(1))
    assert number is not None
    return number


def test_an_outgoing_folder_pages_past_200_letters(logged_in: Login, app_engine: Engine) -> None:
    """GIVEN more than 200 letters to hand over WHEN the clerk goes to page 3 THEN row 201 shows."""
    _ready_letters(app_engine)
    at = logged_in(Role.CLERK)
    at.switch_page("pages/outgoing.py").run()
    at.segmented_control(key="out_folder").set_value(Folder.TO_HAND_OVER).run()
    assert any(c.value.startswith("Страница 1 из ") for c in at.caption)
    at.pagination(key="out_page").set_value(3).run()
    assert not at.exception, at.exception
    shown = list(at.dataframe[0].value["Номер"])
    assert _row_number(app_engine, 200) == shown[0]
    assert any(c.value.startswith("Страница 3 из ") for c in at.caption)


def test_a_link_opens_a_letter_listed_past_the_first_page(app_env: str, app_engine: Engine) -> None:
    """GIVEN a link ``?letter=ИСХ-…`` to a letter listed on page 3 THEN after sign-in that letter is open."""
    from tests.integration.ui.conftest import APP, log_in, new_user

    numbers = _ready_letters(app_engine)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["letter"] = numbers[0]  # the oldest: past the first 200 of the folder
    at.run()
    log_in(new_user(app_engine, Role.CLERK), at=at)
    assert not at.exception, at.exception
    assert at.title[0].value == "Исходящие"
    assert [h.value for h in at.subheader][:1] == [numbers[0]]


def test_refusals_page_past_200(logged_in: Login, app_engine: Engine) -> None:
    tag = uuid.uuid4().hex[:6]
    with session_scope(app_engine) as session:
        session.add_all(
            Rejection(file_name=f"отказ-{tag}-{i:04d}.pdf", reason="empty_file", source="scanner")
            for i in range(MANY)
        )
    at = logged_in(Role.SUPERVISOR)
    at.switch_page("pages/refusals.py").run()
    pages = at.pagination(key="rf_page")
    last = int(next(c.value for c in at.caption if c.value.startswith("Страница 1 из ")).rsplit(" ", 1)[1])
    assert last >= 3
    pages.set_value(last).run()
    assert not at.exception, at.exception
    with session_scope(app_engine) as session:
        waiting = session.scalars(
            select(Rejection.file_name)
            .where(Rejection.closed_at.is_(None))
            .order_by(Rejection.rejected_at.desc(), Rejection.id.desc())
        ).all()
    assert list(at.dataframe[0].value["Файл"]) == list(waiting[(last - 1) * 100 :])


def test_search_finds_an_item_by_its_clients_name(logged_in: Login, app_engine: Engine) -> None:
    world = make_world(app_engine)
    at = logged_in(Role.CLERK)
    at.text_input(key="in_text").input(f"банк {world['tag']}").run()  # make_world's client: «Банк <tag>»
    assert at.caption[0].value == "Найдено: 1"
    assert list(at.dataframe[0].value["Номер"]) == [world["reg_number"]]


def test_search_finds_an_item_by_its_contract_number(logged_in: Login, app_engine: Engine) -> None:
    world = make_world(app_engine)
    contract = f"КД-{uuid.uuid4().hex[:8]}/2024"
    with session_scope(app_engine) as session:
        session.get_one(Case, world["case_id"]).contract_number = contract
    at = logged_in(Role.CLERK)
    at.text_input(key="in_text").input(contract[3:]).run()  # a part of it, as typed from a letter
    assert at.caption[0].value == "Найдено: 1"
    assert list(at.dataframe[0].value["Номер"]) == [world["reg_number"]]
