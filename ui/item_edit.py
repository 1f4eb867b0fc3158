"""Correcting a registered item (the «Исправить» tab) and returning a rejected one to «Разбор».

The widgets only collect what the clerk wants; ``tasks.corrections`` checks the rules, applies
the changes and writes one audit row per change, in a button callback, in one transaction.
"""

from __future__ import annotations

import streamlit as st

from config.runtime import limits_from
from db.models import Incoming, utcnow
from db.reference import list_clients, search_cases
from tasks.corrections import CorrectionError, ItemChanges, correct_item, return_to_review
from tasks.deadlines.store import local_date, receipt_date
from tasks.incoming_queries import get_item
from tasks.register import PackageInput, RegistrationError
from tasks.review import PackageChoice
from ui import deps
from ui.common import doc_types
from ui.register_form import PackageDraft, Upload, check_package
from ui.safe import show
from ui.sender_picker import sender_picker
from ui.uploader import files_uploader
from ui.views import load_files

FLASH = "fix_flash"
PREFIX = "fix_"


def flash() -> None:
    message = st.session_state.pop(FLASH, None)
    if message:
        show(*message)


def _clear() -> None:
    for key in [k for k in st.session_state if str(k).startswith(PREFIX) and k != FLASH]:
        del st.session_state[key]


def _case_choice(key: str, current: tuple[int, str] | None) -> None:
    needle = st.text_input("Найти кейс", key=f"fix_case_text_{key}", placeholder="Номер кейса, ФИО, номер ИП")
    options: dict[int, str] = dict([current]) if current else {}
    if len(needle.strip()) >= 2:
        with deps.unit_of_work() as session:
            for case in search_cases(session, text=needle):
                options.setdefault(case.id, f"{case.case_number} · {case.debtor.full_name}")
    keys = list(options)
    st.selectbox(
        "Кейс",
        keys,
        index=keys.index(current[0]) if current else None,
        format_func=options.__getitem__,
        key=f"fix_case_{key}",
        placeholder="Не выбран",
    )


def _type_and_owner(
    key: str, *, type_id: int | None, case: tuple[int, str] | None, client_id: int | None
) -> None:
    types = doc_types()
    st.selectbox(
        "Тип документа",
        list(types),
        index=list(types).index(type_id) if type_id in types else None,
        format_func=types.__getitem__,
        key=f"fix_type_{key}",
        filter_mode="contains",
        placeholder="Начните вводить…",
    )
    _case_choice(key, case)
    with deps.unit_of_work() as session:
        clients = list_clients(session)
    st.selectbox(
        "Или клиент (для документов клиента)",
        list(clients),
        index=list(clients).index(client_id) if client_id in clients and case is None else None,
        format_func=clients.__getitem__,
        key=f"fix_client_{key}",
        placeholder="Не выбран",
    )


def _changes(item: Incoming) -> tuple[ItemChanges | None, list[str]]:
    state = st.session_state
    fixes = tuple(
        PackageChoice(
            package_id=p.id,
            document_type_id=state.get(f"fix_type_{p.id}"),
            case_id=state.get(f"fix_case_{p.id}"),
            client_id=None if state.get(f"fix_case_{p.id}") else state.get(f"fix_client_{p.id}"),
        )
        for p in item.packages
    )
    removed = tuple(p.id for p in item.packages if state.get(f"fix_remove_{p.id}"))
    added: tuple[PackageInput, ...] = ()
    uploads = state.get(f"fix_files_new_{item.id}") or []
    if uploads:
        draft = PackageDraft(
            files=tuple(Upload(u.name, u.getvalue()) for u in uploads),
            document_type_id=state.get(f"fix_type_new_{item.id}"),
            case_id=state.get(f"fix_case_new_{item.id}"),
            client_id=state.get(f"fix_client_new_{item.id}"),
        )
        files, problems = check_package(len(item.packages) + 1, draft, limits_from(deps.settings()))
        if problems:
            return None, problems
        added = (
            PackageInput(
                files=tuple(files),
                document_type_id=draft.document_type_id,
                case_id=draft.case_id,
                client_id=None if draft.case_id else draft.client_id,
            ),
        )
    changes = ItemChanges(
        sender_id=state.get(f"fix_sender_{item.id}"),
        comment=state.get(f"fix_comment_{item.id}", ""),
        packages=fixes,
        remove_packages=removed,
        add_packages=added,
        received_on=state.get(f"fix_received_{item.id}"),
    )
    return changes, []


def _save(user: deps.CurrentUser, item_id: int) -> None:
    """Button callback: apply the corrections in one transaction, or say what is wrong."""
    if not deps.allowed_here(user, "incoming"):
        return
    with deps.unit_of_work() as session:
        item = get_item(session, item_id)
    if item is None:
        return
    changes, problems = _changes(item)
    if changes is None:
        st.session_state[FLASH] = ("warning", "\n".join(problems))
        return
    try:
        with deps.unit_of_work() as session:
            count = correct_item(
                session,
                item_id,
                changes,
                reason=st.session_state.get(f"fix_reason_{item_id}", ""),
                actor=user.actor,
            )
    except (CorrectionError, RegistrationError) as exc:
        st.session_state[FLASH] = ("warning", exc.message)
        return
    _clear()
    st.session_state[FLASH] = ("success", f"{item.reg_number}: исправлено ({count}).")
    with deps.unit_of_work() as session:
        refreshed = get_item(session, item_id)
    if refreshed is not None:
        load_files(refreshed, actor=user.actor)


def correction_form(user: deps.CurrentUser, item: Incoming) -> None:
    """The «Исправить» tab of a registered item."""
    sender_picker(f"fix_sender_{item.id}", default=item.sender_id)
    st.text_area("Комментарий", value=item.comment or "", key=f"fix_comment_{item.id}")
    st.date_input(
        "Дата получения",
        value=receipt_date(item),
        max_value=local_date(utcnow()),
        key=f"fix_received_{item.id}",
        format="DD.MM.YYYY",
        help="Дата штемпеля на конверте или дня поступления: от неё считаются сроки «от даты получения».",
    )
    for package in item.packages:
        with st.container(border=True):
            st.markdown(f"**Пакет {package.position}**")
            case = (
                (package.case.id, f"{package.case.case_number} · {package.case.debtor.full_name}")
                if package.case
                else None
            )
            _type_and_owner(
                str(package.id), type_id=package.document_type_id, case=case, client_id=package.client_id
            )
            st.checkbox("Удалить пакет", key=f"fix_remove_{package.id}")
    with st.expander("Добавить пакет"):
        files_uploader(
            "Файлы (PDF или JPEG, до 1 МБ каждый, до 5 МБ на пакет)", key=f"fix_files_new_{item.id}"
        )
        _type_and_owner(f"new_{item.id}", type_id=None, case=None, client_id=None)
    st.text_input("Причина исправления", key=f"fix_reason_{item.id}", placeholder="Обязательно")
    st.button("Сохранить исправление", key="fix_save", type="primary", on_click=_save, args=(user, item.id))


def _return(user: deps.CurrentUser, item_id: int) -> None:
    """Button callback (supervisors): put a rejected item back into «Разбор»."""
    if not deps.allowed_here(user, "incoming", action="return_to_review"):
        return
    try:
        with deps.unit_of_work() as session:
            item = return_to_review(
                session, item_id, reason=st.session_state.get("fix_return_reason", ""), actor=user.actor
            )
            number = item.reg_number
    except CorrectionError as exc:
        st.session_state[FLASH] = ("warning", exc.message)
        return
    _clear()
    st.session_state[FLASH] = ("success", f"{number}: возвращён в разбор.")


def return_form(user: deps.CurrentUser, item: Incoming) -> None:
    """For a rejected item: «Вернуть в разбор» with a reason, for supervisors only."""
    if not deps.may(user, action="return_to_review"):
        st.caption("Вернуть отклонённый документ в разбор может старший специалист.")
        return
    st.text_input("Причина возврата", key="fix_return_reason")
    st.button("Вернуть в разбор", key="fix_return", on_click=_return, args=(user, item.id))
