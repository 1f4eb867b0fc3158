"""Every page, for the roles that may and may not use it, driven through AppTest."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import Engine, select
from streamlit.testing.v1 import AppTest

from db.audit import list_entries
from db.engine import session_scope
from db.models import DocumentType, Incoming
from db.models.enums import Role
from tasks import review
from tasks.outgoing import Folder
from tests.integration.ui.conftest import APP, make_pdf, make_world, unique

Login = Callable[[Role], AppTest]


def _clear_review_queue(engine: Engine) -> None:
    with session_scope(engine) as session:
        for item_id in session.scalars(select(Incoming.id).where(Incoming.status == "needs_review")):
            review.reject(session, item_id, reason="очередь очищена тестом", actor="tests")


def _type_id(engine: Engine, name: str = "Ответ на обращение") -> int:
    with session_scope(engine) as session:
        return session.scalars(select(DocumentType.id).where(DocumentType.name == name)).one()


def _file_package(at: AppTest, key: str, *, type_id: int, world: dict[str, object]) -> None:
    """Choose the package's type and find and choose its case, as a clerk does."""
    at.selectbox(key=f"reg_type_{key}").select(type_id).run()
    at.text_input(key=f"reg_case_text_{key}").input(str(world["case_number"])).run()
    at.selectbox(key=f"reg_case_{key}").select(world["case_id"]).run()


def _file_for_review(engine: Engine, world: dict[str, object]) -> None:
    """What a clerk would have corrected: the waiting item gets its sender, type and case."""
    type_id = _type_id(engine)
    with session_scope(engine) as session:
        item = session.get_one(Incoming, world["item_id"])
        item.sender_id = int(str(world["sender_id"]))
        for package in item.packages:
            package.document_type_id = type_id
            package.case_id = int(str(world["case_id"]))


def _actions(engine: Engine, *, actor: str, prefix: str) -> list[str]:
    with session_scope(engine) as session:
        return [e.action for e in list_entries(session, actor=actor, action_prefix=prefix, limit=50)]


@pytest.mark.parametrize(
    ("role", "allowed"), [(Role.CLERK, False), (Role.SUPERVISOR, True), (Role.ADMIN, True)]
)
def test_journal_exists_only_for_supervisors_and_admins(logged_in: Login, role: Role, allowed: bool) -> None:
    at = logged_in(role)
    if allowed:
        at.switch_page("pages/journal.py").run()
        assert at.title[0].value == "Журнал"
        assert not at.error
    else:
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page("pages/journal.py")


def test_journal_page_refuses_a_clerk_who_reaches_it_anyway(app_env: str) -> None:
    """The role check is repeated inside the page, not only in the navigation."""
    from ui.deps import USER_KEY, CurrentUser

    at = AppTest.from_file(str(APP.replace("app.py", "pages/journal.py")), default_timeout=60)
    at.session_state[USER_KEY] = CurrentUser(1, "clerk", "", "clerk")
    at.run()
    assert [e.value for e in at.error] == ["Нет доступа к этому разделу."]
    assert not at.dataframe


@pytest.mark.parametrize("page", ["incoming", "review", "register", "outgoing", "cases", "references"])
@pytest.mark.parametrize("role", list(Role))
def test_every_page_runs_for_every_role(logged_in: Login, role: Role, page: str) -> None:
    at = logged_in(role)
    at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, at.exception
    assert not at.error


def test_register_page_registers_a_letter_with_a_file(logged_in: Login, app_engine: Engine) -> None:
    """GIVEN a clerk WHEN they fill sender, comment and a package with a PDF THEN a number is shown."""
    world = make_world(app_engine)
    at = logged_in(Role.CLERK)
    at.switch_page("pages/register.py").run()
    at.selectbox(key="reg_sender").select(world["sender_id"]).run()
    at.text_area(key="reg_comment").input("принесли курьером").run()
    package_key = at.session_state["reg_packages"][0]
    at.file_uploader(key=f"reg_files_{package_key}").set_value(
        [("ручной.pdf", make_pdf("Ответ на обращение"), "application/pdf")]
    ).run()
    _file_package(at, package_key, type_id=_type_id(app_engine), world=world)
    at.button(key="reg_save").click().run()
    assert not at.error, [e.value for e in at.error]
    number = at.session_state["reg_done"][1]
    assert number.startswith("ВХ-") and number in at.success[0].value
    assert at.text_area(key="reg_comment").value == "" and at.selectbox(key="reg_sender").value is None
    at.button(key="reg_save").click().run()  # a double click registers nothing more
    with session_scope(app_engine) as session:
        item = session.scalar(select(Incoming).where(Incoming.reg_number == number))
        assert item is not None and item.source == "manual" and item.comment == "принесли курьером"
        assert (
            session.scalar(select(Incoming.id).where(Incoming.comment == "принесли курьером").offset(1))
            is None
        )


def test_register_page_refuses_a_bad_upload_with_the_pipeline_text(logged_in: Login) -> None:
    at = logged_in(Role.CLERK)
    at.switch_page("pages/register.py").run()
    package_key = at.session_state["reg_packages"][0]
    at.file_uploader(key=f"reg_files_{package_key}").set_value(
        [("scan.pdf", b"PK\x03\x04zip", "application/pdf")]
    ).run()
    at.button(key="reg_save").click().run()
    errors = [e.value for e in at.error]
    assert any("Расширение файла не соответствует содержимому" in error for error in errors)
    assert "reg_done" not in at.session_state


def test_register_page_removes_a_package_added_by_mistake(logged_in: Login) -> None:
    at = logged_in(Role.CLERK)
    at.switch_page("pages/register.py").run()
    at.button(key="reg_add").click().run()
    keys = at.session_state["reg_packages"]
    assert len(keys) == 2
    at.button(key=f"reg_remove_{keys[1]}").click().run()
    assert at.session_state["reg_packages"] == keys[:1]


def test_register_page_says_in_russian_what_is_missing(logged_in: Login, app_engine: Engine) -> None:
    """GIVEN a clerk with a file but no sender, type or case WHEN they register THEN nothing is
    registered and the form names each gap; a client-bound type wants the client, not a case."""
    at = logged_in(Role.CLERK)
    at.switch_page("pages/register.py").run()
    key = at.session_state["reg_packages"][0]
    letter = [("письмо.pdf", make_pdf("Письмо"), "application/pdf")]
    at.file_uploader(key=f"reg_files_{key}").set_value(letter)
    at.button(key="reg_save").click().run()
    assert [e.value for e in at.error] == ["Укажите отправителя.", "Пакет 1: укажите тип документа."]
    assert "reg_done" not in at.session_state
    at.selectbox(key=f"reg_type_{key}").select(_type_id(app_engine)).run()
    at.button(key="reg_save").click().run()
    assert "Пакет 1: выберите кейс (этот тип документа подшивается к кейсу)." in [e.value for e in at.error]
    assignment = _type_id(app_engine, "Договор уступки прав требования")
    at.selectbox(key=f"reg_type_{key}").select(assignment).run()
    at.button(key="reg_save").click().run()
    assert "Пакет 1: выберите клиента (этот тип документа относится к клиенту)." in [
        e.value for e in at.error
    ]
    assert "reg_done" not in at.session_state


def test_incoming_page_finds_an_item_by_debtor_and_opens_it_logged(
    logged_in: Login, app_engine: Engine
) -> None:
    world = make_world(app_engine)
    at = logged_in(Role.CLERK)
    at.text_input(key="in_text").input(f"петров{world['tag']}").run()
    assert at.caption[0].value == "Найдено: 1"
    at.selectbox(key="in_open").select(world["item_id"]).run()
    assert not at.exception
    assert at.subheader[0].value == world["reg_number"]
    assert "incoming.view" in _actions(app_engine, actor="clerk", prefix="incoming.")
    assert "attachment.view" in _actions(app_engine, actor="clerk", prefix="attachment.")


def test_review_page_confirms_the_item_once(logged_in: Login, app_engine: Engine) -> None:
    _clear_review_queue(app_engine)
    world = make_world(app_engine, review=True)
    at = logged_in(Role.CLERK)
    _file_for_review(app_engine, world)
    at.switch_page("pages/review.py").run()
    assert at.subheader[0].value == world["reg_number"]
    at.button(key="rv_confirm").click().run()
    assert f"{world['reg_number']}: подтверждено." in [s.value for s in at.success]
    assert "Очередь разбора пуста." in [s.value for s in at.success]
    with session_scope(app_engine) as session:
        assert session.get_one(Incoming, world["item_id"]).status == "registered"


def test_review_page_will_not_confirm_an_item_without_sender_type_and_case(
    logged_in: Login, app_engine: Engine
) -> None:
    """GIVEN an item the pipeline could not file WHEN a clerk presses «Подтвердить как есть» THEN
    it stays in the queue and the clerk reads what is missing."""
    _clear_review_queue(app_engine)
    world = make_world(app_engine, review=True)
    at = logged_in(Role.CLERK)
    at.switch_page("pages/review.py").run()
    at.button(key="rv_confirm").click().run()
    assert not at.exception, at.exception
    assert "Нельзя подтвердить как есть: Укажите отправителя. Пакет 1: укажите тип документа." in [
        w.value for w in at.warning
    ]
    assert at.subheader[0].value == world["reg_number"]
    with session_scope(app_engine) as session:
        assert session.get_one(Incoming, world["item_id"]).status == "needs_review"


def test_review_page_correction_is_logged_with_before_and_after(logged_in: Login, app_engine: Engine) -> None:
    _clear_review_queue(app_engine)
    world = make_world(app_engine, review=True)
    at = logged_in(Role.CLERK)
    at.switch_page("pages/review.py").run()
    item_id = world["item_id"]
    at.selectbox(key=f"rv_sender_{item_id}").select(world["sender_id"]).run()
    package_id = at.session_state["korr_open_files"]["item"] and _package_id(app_engine, item_id)
    at.text_input(key=f"rv_case_text_{package_id}").input(str(world["case_number"])).run()
    at.selectbox(key=f"rv_case_{package_id}").select(world["case_id"]).run()
    at.button(key="rv_correct").click().run()
    assert not at.exception
    with session_scope(app_engine) as session:
        entry = list_entries(session, action_prefix="review.correct", limit=1)[0]
        assert entry.entity_id == str(item_id)
        assert entry.details["before"]["sender_id"] is None
        assert entry.details["after"]["sender_id"] == world["sender_id"]
        assert entry.details["after"]["packages"][str(package_id)]["case_id"] == world["case_id"]


def _package_id(engine: Engine, item_id: object) -> int:
    from db.models import Package

    with session_scope(engine) as session:
        return session.scalars(select(Package.id).where(Package.incoming_id == item_id)).one()


def test_cases_page_shows_the_documents_of_a_case_masked(logged_in: Login, app_engine: Engine) -> None:
    world = make_world(app_engine)
    at = logged_in(Role.CLERK)
    at.switch_page("pages/cases.py").run()
    at.text_input(key="case_text").input(str(world["case_number"])).run()
    at.selectbox(key="case_pick").select(world["case_id"]).run()
    text = " ".join(m.value for m in at.markdown)
    assert world["reg_number"] in text
    assert "500100732259" not in text and "•••••••••259" in text
    assert "case.view" in _actions(app_engine, actor="clerk", prefix="case.")


def test_references_page_adds_a_counterparty_and_clerk_cannot_import(
    logged_in: Login, app_engine: Engine
) -> None:
    at = logged_in(Role.CLERK)
    at.switch_page("pages/references.py").run()
    assert [t.label for t in at.tabs] == ["Контрагенты", "Типы документов"]
    key = "ref_cp_editor_0"
    at.session_state[key] = {
        "edited_rows": {},
        "added_rows": [{"name": "Мировой судья участка № 999"}],
        "deleted_rows": [],
    }
    at.run()
    assert not at.exception, at.exception
    at.button(key="ref_cp_save").click().run()
    assert "Сохранено." in [s.value for s in at.success]
    assert "counterparty.create" in _actions(app_engine, actor="clerk", prefix="counterparty.")


def test_references_page_imports_counterparties_csv_for_a_supervisor(
    logged_in: Login, app_engine: Engine
) -> None:
    at = logged_in(Role.SUPERVISOR)
    at.switch_page("pages/references.py").run()
    data = "name,kind\nАрбитражный суд г. Москвы UI,court\n".encode()
    at.file_uploader(key="ref_csv").set_value([("cp.csv", data, "text/csv")]).run()
    at.button(key="ref_import").click().run()
    assert any(
        "Создано: 1" in s.value or "обновлено: 1" in s.value or "без изменений: 1" in s.value
        for s in at.success
    )


def test_outgoing_page_creates_and_deletes_a_draft(logged_in: Login, app_engine: Engine) -> None:
    at = logged_in(Role.CLERK)
    at.switch_page("pages/outgoing.py").run()
    at.text_input(key="out_name").input("ООО «Ромашка»")
    at.text_input(key="out_address").input("101000, г. Москва, ул. Мясницкая, д. 1")
    at.button(key="out_create").click().run()
    created = [s.value for s in at.success]
    assert created and "создано" in created[0], [e.value for e in at.error]
    number = created[0].split()[1]
    assert at.text_input(key="out_name").value == "" and at.text_input(key="out_address").value == ""
    assert at.checkbox(key="out_notice").value  # the next letter starts from the defaults
    at.segmented_control(key="out_folder").set_value(Folder.DRAFTS).run()
    from db.models import Outgoing

    with session_scope(app_engine) as session:
        letter_id = session.scalar(select(Outgoing.id).where(Outgoing.reg_number == number))
    at.selectbox(key="out_letter").select(letter_id).run()
    assert not at.exception, at.exception
    assert [h.value for h in at.subheader] == [number]
    at.button(key="out_delete").click().run()
    assert "будет удалено только здесь" in " ".join(w.value for w in at.warning)
    at.button(key="out_delete_yes").click().run()
    with session_scope(app_engine) as session:
        assert session.get_one(Outgoing, letter_id).state == "deleted"


def test_outgoing_page_prints_a_letter_in_to_hand_over(
    logged_in: Login, app_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from db.models import Outgoing
    from tasks.outgoing import LetterDraft, create_letter

    monkeypatch.setenv("KORR_SENDER_NAME", "ООО «Агентство»")
    monkeypatch.setenv("KORR_SENDER_ADDRESS", "101000, г. Москва, ул. Мясницкая, д. 2")
    with session_scope(app_engine) as session:
        letter = create_letter(
            session,
            LetterDraft(
                shipping_point_index="101000",
                recipient_name="ОСП по ЦАО",
                recipient_address="101000, г. Москва, ул. Мясницкая, д. 3",
            ),
            actor="tests",
        )
        letter.state, letter.batch_name, letter.cost_kopecks = "ready", "B-1", 12345
        letter_id = letter.id
    at = logged_in(Role.CLERK)
    at.switch_page("pages/outgoing.py").run()
    at.segmented_control(key="out_folder").set_value(Folder.TO_HAND_OVER).run()
    at.selectbox(key="out_letter").select(letter_id).run()
    assert "123,45 ₽" in " ".join(m.value for m in at.markdown)
    at.button(key="out_print_letter").click().run()
    assert not at.error, [e.value for e in at.error]
    assert "outgoing.print" in _actions(app_engine, actor="clerk", prefix="outgoing.")
    with session_scope(app_engine) as session:
        assert session.get_one(Outgoing, letter_id).state == "ready"


def test_journal_filters_by_actor(logged_in: Login) -> None:
    at = logged_in(Role.ADMIN)
    at.switch_page("pages/journal.py").run()
    at.text_input(key="log_actor").input("root").run()
    rows = at.dataframe[0].value
    assert len(rows) > 0 and set(rows["Кто"]) == {"root"}


def _offered(at: AppTest, key: str) -> list[str]:
    return list(at.selectbox(key=key).options)


def _add_on_references(at: AppTest, how: str, table: str, row: dict[str, str]) -> None:
    """Add ``row`` on Справочники as a clerk would: in the table's editor, or by a CSV import."""
    at.switch_page("pages/references.py").run()
    if how == "csv":
        data = ",".join(row) + "\n" + ",".join(row.values()) + "\n"
        at.file_uploader(key="ref_csv").set_value([("cp.csv", data.encode(), "text/csv")])
        at.button(key="ref_import").click().run()
        assert not at.warning and not at.error, [m.value for m in [*at.warning, *at.error]]
        return
    at.session_state[f"ref_{table}_editor_0"] = {"edited_rows": {}, "added_rows": [row], "deleted_rows": []}
    at.run()
    at.button(key=f"ref_{table}_save").click().run()
    assert "Сохранено." in [s.value for s in at.success]


@pytest.mark.parametrize(("how", "role"), [("editor", Role.CLERK), ("csv", Role.SUPERVISOR)])
def test_counterparty_added_on_references_is_offered_at_once_on_register(
    logged_in: Login, how: str, role: Role
) -> None:
    """The sender list is cached for 60 s; a save or import on Справочники must not leave it stale."""
    name = unique("Мировой судья участка №")
    at = logged_in(role)
    at.switch_page("pages/register.py").run()
    assert name not in _offered(at, "reg_sender")  # the list is now cached without it
    _add_on_references(at, how, "cp", {"name": name, "kind": "court"})
    at.switch_page("pages/register.py").run()
    assert name in _offered(at, "reg_sender")


def test_document_type_added_on_references_is_offered_at_once_on_register(logged_in: Login) -> None:
    name = unique("Определение о разъяснении")
    at = logged_in(Role.SUPERVISOR)
    at.switch_page("pages/register.py").run()
    assert name not in _offered(at, f"reg_type_{at.session_state['reg_packages'][0]}")
    _add_on_references(at, "editor", "dt", {"name": name, "direction": "incoming"})
    at.switch_page("pages/register.py").run()
    assert name in _offered(at, f"reg_type_{at.session_state['reg_packages'][0]}")
