"""Справочники as a clerk meets them: no rename by a double click, a rename form with confirmation,
and retired rows kept for old mail (issue 13.4)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine, select
from streamlit.testing.v1 import AppTest

from db.engine import session_scope
from db.models import Counterparty, DocumentType
from db.models.enums import Role
from tasks.reference import save_counterparties
from tests.integration.ui.conftest import make_world, seen, unique

Login = Callable[[Role], AppTest]


def _texts(at: AppTest) -> list[str]:
    return [seen(e.value) for kind in (at.warning, at.success, at.error) for e in kind]


def test_a_name_changed_in_the_grid_is_not_saved(logged_in: Login, app_engine: Engine) -> None:
    """GIVEN a supervisor who double-clicked «Исполнительный лист» and typed over it WHEN they save
    THEN the type keeps its name and the page says renames go through «Переименовать…»."""
    at = logged_in(Role.SUPERVISOR)
    at.switch_page("pages/references.py").run()
    with session_scope(app_engine) as session:
        writ = session.scalars(
            select(DocumentType.id).where(DocumentType.name == "Исполнительный лист")
        ).one()
    position = at.session_state["ref_dt_ids"].index(writ)
    at.session_state["ref_dt_editor_0"] = {
        "edited_rows": {position: {"name": "Исп. лист"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    at.button(key="ref_dt_save").click().run()
    assert not at.exception, at.exception
    assert any("название в таблице не меняется" in t and "Переименовать…" in t for t in _texts(at))
    with session_scope(app_engine) as session:
        assert session.get_one(DocumentType, writ).name == "Исполнительный лист"


def test_rename_asks_for_confirmation_with_the_count_of_documents(
    logged_in: Login, app_engine: Engine
) -> None:
    """GIVEN a counterparty with one registered item WHEN a clerk renames it THEN the page first
    says how many documents will show the new name; «Отмена» changes nothing, «Да» renames."""
    world = make_world(app_engine)
    new_name = unique("ГУФССП России по г. Москве, ОСП по ЦАО")
    at = logged_in(Role.CLERK)
    at.switch_page("pages/references.py").run()
    at.selectbox(key="ref_rename_row_counterparty").select(world["sender_id"])
    at.text_input(key="ref_rename_name_counterparty").input(new_name)
    at.button(key="ref_rename_ask_counterparty").click().run()
    assert any("Документов и писем с этой записью: 1" in t for t in _texts(at))
    at.button(key="ref_rename_no_counterparty").click().run()
    with session_scope(app_engine) as session:
        assert session.get_one(Counterparty, world["sender_id"]).name == world["sender_name"]
    at.button(key="ref_rename_ask_counterparty").click().run()
    at.button(key="ref_rename_yes_counterparty").click().run()
    assert not at.exception, at.exception
    assert f"«{world['sender_name']}» переименован в «{new_name}»." in _texts(at)
    with session_scope(app_engine) as session:
        assert session.get_one(Counterparty, world["sender_id"]).name == new_name


def test_a_retired_counterparty_is_not_offered_for_new_mail_but_old_mail_keeps_it(
    logged_in: Login, app_engine: Engine
) -> None:
    world = make_world(app_engine)
    with session_scope(app_engine) as session:
        save_counterparties(
            session, edited={int(str(world["sender_id"])): {"active": False}}, added=[], actor="t"
        )
    at = logged_in(Role.CLERK)
    at.switch_page("pages/register.py").run()
    assert world["sender_id"] not in at.selectbox(key="reg_sender").options
    assert world["sender_name"] not in at.selectbox(key="reg_sender").options
    at.switch_page("pages/incoming.py").run()
    at.text_input(key="in_text").input(str(world["reg_number"])).run()
    at.selectbox(key="in_open").select(world["item_id"]).run()
    assert any(str(world["sender_name"]) in seen(m.value) for m in at.markdown)


def test_the_grid_shows_kinds_in_russian_and_saves_them_as_codes(
    logged_in: Login, app_engine: Engine
) -> None:
    name = unique("Арбитражный суд г. Москвы")
    at = logged_in(Role.CLERK)
    at.switch_page("pages/references.py").run()
    assert "court" not in at.dataframe[0].value["kind"].tolist()
    at.session_state["ref_cp_editor_0"] = {
        "edited_rows": {},
        "added_rows": [{"name": name, "kind": "Суд"}],
        "deleted_rows": [],
    }
    at.run()
    at.button(key="ref_cp_save").click().run()
    with session_scope(app_engine) as session:
        assert session.scalars(select(Counterparty.kind).where(Counterparty.name == name)).one() == "court"
