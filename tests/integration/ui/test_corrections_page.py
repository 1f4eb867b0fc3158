"""A clerk corrects a registered item on Входящие and sees it in «История»; rejecting asks first;
a supervisor returns a rejected item to «Разбор»."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine, select
from streamlit.testing.v1 import AppTest

from db.engine import session_scope
from db.models import DocumentType, Incoming, Package
from db.models.enums import Role
from tasks import review
from tests.integration.ui.conftest import make_world

Login = Callable[[Role], AppTest]


def _open(at: AppTest, world: dict[str, object]) -> None:
    at.text_input(key="in_text").input(str(world["reg_number"])).run()
    at.selectbox(key="in_open").select(world["item_id"]).run()
    assert not at.exception, at.exception


def _package(engine: Engine, item_id: object) -> Package:
    with session_scope(engine) as session:
        package = session.scalars(select(Package).where(Package.incoming_id == item_id)).one()
        session.expunge(package)
        return package


def _case_type(engine: Engine) -> int:
    with session_scope(engine) as session:
        found = session.scalar(select(DocumentType.id).where(DocumentType.belongs_to == "case").limit(1))
        assert found is not None
        return found


def test_a_clerk_corrects_the_comment_and_type_and_sees_it_in_history(
    logged_in: Login, app_engine: Engine
) -> None:
    world = make_world(app_engine)
    type_id = _case_type(app_engine)
    at = logged_in(Role.CLERK)
    _open(at, world)
    item_id = world["item_id"]
    package = _package(app_engine, item_id)
    at.text_area(key=f"fix_comment_{item_id}").input("исправленный комментарий")
    at.selectbox(key=f"fix_type_{package.id}").select(type_id)
    at.button(key="fix_save").click().run()
    assert "Укажите причину исправления." in [w.value for w in at.warning]
    at.text_input(key=f"fix_reason_{item_id}").input("опечатка при регистрации")
    at.button(key="fix_save").click().run()
    assert not at.exception, at.exception
    assert (
        f"{world['reg_number']}: исправлено (3)."
    )  # comment, type, and the case's client filled in in [s.value for s in at.success]
    with session_scope(app_engine) as session:
        assert session.get_one(Incoming, item_id).comment == "исправленный комментарий"
    history = at.dataframe[-1].value
    whats = list(history["Что"])
    assert (
        "Исправлено: комментарий: комментарий " + str(world["tag"]) + " → исправленный комментарий" in whats
    )
    assert set(history[history["Что"].str.startswith("Исправлено")]["Причина"]) == {
        "опечатка при регистрации"
    }
    assert set(history[history["Что"].str.startswith("Исправлено")]["Кто"]) == {"clerk"}


def test_removing_the_only_package_is_refused_and_nothing_changes(
    logged_in: Login, app_engine: Engine
) -> None:
    world = make_world(app_engine)
    at = logged_in(Role.CLERK)
    _open(at, world)
    item_id = world["item_id"]
    package = _package(app_engine, item_id)
    at.checkbox(key=f"fix_remove_{package.id}").check()
    at.text_input(key=f"fix_reason_{item_id}").input("лишний пакет")
    at.button(key="fix_save").click().run()
    assert any("хотя бы один пакет" in w.value for w in at.warning)
    assert _package(app_engine, item_id).id == package.id


def test_rejecting_in_review_asks_for_confirmation_and_cancel_keeps_the_item(
    logged_in: Login, app_engine: Engine
) -> None:
    with session_scope(app_engine) as session:
        for waiting in session.scalars(select(Incoming.id).where(Incoming.status == "needs_review")):
            review.reject(session, waiting, reason="очистка очереди", actor="tests")
    world = make_world(app_engine, review=True)
    at = logged_in(Role.CLERK)
    at.switch_page("pages/review.py").run()
    at.text_input(key="rv_reject_reason").input("не наша почта")
    at.button(key="rv_reject").click().run()
    assert any("Отклонить документ" in w.value for w in at.warning)
    at.button(key="rv_reject_cancel").click().run()
    with session_scope(app_engine) as session:
        assert session.get_one(Incoming, world["item_id"]).status == "needs_review"
    at.button(key="rv_reject").click().run()
    at.button(key="rv_reject_confirm").click().run()
    assert f"{world['reg_number']}: отклонено." in [s.value for s in at.success]
    with session_scope(app_engine) as session:
        assert session.get_one(Incoming, world["item_id"]).status == "rejected"


def test_a_supervisor_returns_a_rejected_item_to_review_and_a_clerk_cannot(
    logged_in: Login, app_engine: Engine
) -> None:
    world = make_world(app_engine, review=True)
    with session_scope(app_engine) as session:
        review.reject(session, world["item_id"], reason="ошибка", actor="tests")  # type: ignore[arg-type]
    clerk = logged_in(Role.CLERK)
    _open(clerk, world)
    assert not [b for b in clerk.button if b.key == "fix_return"]
    boss = logged_in(Role.SUPERVISOR)
    _open(boss, world)
    boss.text_input(key="fix_return_reason").input("это наш документ")
    boss.button(key="fix_return").click().run()
    assert f"{world['reg_number']}: возвращён в разбор." in [s.value for s in boss.success]
    with session_scope(app_engine) as session:
        assert session.get_one(Incoming, world["item_id"]).status == "needs_review"
