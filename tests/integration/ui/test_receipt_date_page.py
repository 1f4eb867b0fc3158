"""«Дата получения» on an item's card, and a clerk correcting it in «Исправить» (issues 14, 15)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from db.engine import session_scope
from db.models import Incoming
from db.models.enums import Role
from tasks.deadlines.store import receipt_date
from tests.integration.ui.conftest import make_world
from tests.integration.ui.test_corrections_page import _case_type, _package

Login = Callable[[Role], AppTest]


def test_the_card_shows_the_receipt_date_and_a_clerk_corrects_it(
    logged_in: Login, app_engine: Engine
) -> None:
    world = make_world(app_engine)
    item_id = world["item_id"]
    with session_scope(app_engine) as session:
        received = receipt_date(session.get_one(Incoming, item_id))
    at = logged_in(Role.CLERK)
    at.text_input(key="in_text").input(str(world["reg_number"])).run()
    at.selectbox(key="in_open").select(item_id).run()
    assert not at.exception, at.exception
    assert any(f"**Дата получения:** {received:%d.%m.%Y}" in m.value for m in at.markdown)
    # the world's package has no type yet: the registration rule wants one before any correction
    at.selectbox(key=f"fix_type_{_package(app_engine, item_id).id}").select(_case_type(app_engine))
    earlier = received - timedelta(days=3)
    at.date_input(key=f"fix_received_{item_id}").set_value(earlier)
    at.text_input(key=f"fix_reason_{item_id}").input("дата штемпеля на конверте")
    at.button(key="fix_save").click().run()
    assert not at.exception, at.exception
    with session_scope(app_engine) as session:
        assert session.get_one(Incoming, item_id).received_on == earlier, (
            [w.value for w in at.warning],
            [s.value for s in at.success],
            [e.value for e in at.error],
        )
    whats = list(at.dataframe[-1].value["Что"])
    assert f"Исправлено: дата получения: {received:%d.%m.%Y} → {earlier:%d.%m.%Y}" in whats
