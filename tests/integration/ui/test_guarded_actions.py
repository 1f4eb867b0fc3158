"""Promises kept inside callbacks: the role checks of Справочники and the audit of every download.

Each test fails if the line that keeps its promise is deleted (issue 11.10): the role checks in
``references._save`` and ``references._import`` (and the fresh role read in ``deps.allowed_here``),
the ``on_click`` of ``deps.pdf_downloads`` and the audit record in ``deps.log_download``.
"""

from __future__ import annotations

from sqlalchemy import Engine, select, update
from streamlit.testing.v1 import AppTest

from db.engine import session_scope
from db.models import AuditLog, Counterparty, DocumentType, User
from db.models.enums import Role
from tests.integration.ui.conftest import log_in, make_world, new_user, unique


def _demote(engine: Engine, login: str) -> None:
    with session_scope(engine) as session:
        session.execute(update(User).where(User.login == login).values(role=Role.CLERK.value))


def _supervisor_on_references(engine: Engine) -> tuple[AppTest, str]:
    login = new_user(engine, Role.SUPERVISOR, prefix="boss")
    at = log_in(login)
    at.switch_page("pages/references.py").run()
    assert [t.label for t in at.tabs] == ["Контрагенты", "Типы документов", "Импорт CSV"]
    return at, login


def test_document_types_are_not_saved_by_a_supervisor_demoted_while_the_page_was_open(
    app_env: str, app_engine: Engine
) -> None:
    """GIVEN a supervisor with a new document type typed in WHEN demoted to clerk before «Сохранить
    типы» THEN the save is refused with a Russian message and the type does not exist."""
    at, login = _supervisor_on_references(app_engine)
    name = unique("Тип UI")
    at.session_state["ref_dt_editor_0"] = {
        "edited_rows": {},
        "added_rows": [{"name": name, "direction": "incoming"}],
        "deleted_rows": [],
    }
    at.run()
    _demote(app_engine, login)
    at.button(key="ref_dt_save").click().run()
    assert "Нет прав на изменение типов документов." in [e.value for e in at.error]
    with session_scope(app_engine) as session:
        assert session.scalar(select(DocumentType.id).where(DocumentType.name == name)) is None


def test_a_csv_is_not_imported_by_a_supervisor_demoted_while_the_page_was_open(
    app_env: str, app_engine: Engine
) -> None:
    """GIVEN a supervisor with a CSV chosen WHEN demoted to clerk before «Импортировать» THEN the
    import is refused with a Russian message and no counterparty of the file exists."""
    at, login = _supervisor_on_references(app_engine)
    name = unique("Суд из CSV")
    at.file_uploader(key="ref_csv").set_value([("cp.csv", f"name,kind\n{name},court\n".encode(), "text/csv")])
    at.run()
    _demote(app_engine, login)
    at.button(key="ref_import").click().run()
    assert "Нет прав на импорт." in [e.value for e in at.error]
    with session_scope(app_engine) as session:
        assert session.scalar(select(Counterparty.id).where(Counterparty.name == name)) is None


def _downloads(engine: Engine, login: str) -> list[tuple[str, str, str | None, dict[str, object]]]:
    with session_scope(engine) as session:
        rows = session.scalars(
            select(AuditLog).where(AuditLog.actor == login, AuditLog.action.endswith(".download"))
        )
        return [(row.action, row.entity, row.entity_id, row.details) for row in rows]


def _print_buttons() -> None:
    from ui import deps

    deps.pdf_downloads(
        {"ф103.pdf": b"%PDF-1.4 f103", "опись.pdf": b"%PDF-1.4 f107"},
        entity="outgoing",
        entity_id=42,
        key="t",
    )


def test_each_printed_pdf_downloaded_is_in_the_audit_log(app_env: str, app_engine: Engine) -> None:
    """GIVEN the print buttons of a letter WHEN a clerk downloads one THEN the log says who took which."""
    from ui.deps import USER_KEY, CurrentUser

    login = new_user(app_engine, Role.CLERK)
    with session_scope(app_engine) as session:
        user_id = session.scalars(select(User.id).where(User.login == login)).one()
    at = AppTest.from_function(_print_buttons, default_timeout=60)
    at.session_state[USER_KEY] = CurrentUser(user_id, login, "", Role.CLERK.value)
    at.run()
    assert [b.label for b in at.download_button] == ["ф103.pdf", "опись.pdf"]
    assert _downloads(app_engine, login) == []  # drawing the buttons is not a download
    at.download_button[1].click().run()
    assert _downloads(app_engine, login) == [
        ("outgoing.download", "outgoing", "42", {"file_name": "опись.pdf"})
    ]


def test_a_scan_downloaded_from_the_register_is_in_the_audit_log(app_env: str, app_engine: Engine) -> None:
    """GIVEN a registered item opened on Входящие WHEN the clerk downloads its scan THEN it is logged."""
    world = make_world(app_engine)
    login = new_user(app_engine, Role.CLERK)
    at = log_in(login)
    at.text_input(key="in_text").input(f"петров{world['tag']}").run()
    at.selectbox(key="in_open").select(world["item_id"]).run()
    (button,) = at.download_button
    button.click().run()
    (row,) = _downloads(app_engine, login)
    assert row[0] == "attachment.download" and row[3] == {"file_name": f"scan-{world['tag']}.pdf"}
