"""Отказы: the files the inbox refused (file, reason, when), and what a clerk does with one.

A refused file can be downloaded (audited), registered by hand (the new-item form with that file:
it passes the same checks as any upload, so a broken file stays refused) or, by a supervisor,
deleted. Entries no intake round could move out of the inbox are listed too, read-only.
"""

from __future__ import annotations

import streamlit as st

from db.reference import list_clients, search_cases
from tasks.ingest.intake import stuck_entries
from tasks.refusals import (
    Refusal,
    RefusalError,
    delete_refusal,
    mark_registered,
    open_refusal_count,
    open_refusals,
    refused_file,
)
from tasks.register import RegistrationError
from ui import deps
from ui.common import SOURCE_NAMES, doc_types, page_offset, pager, table, when
from ui.register_form import PackageDraft, Upload, register
from ui.safe import md, show
from ui.sender_picker import sender_picker

OPEN = "rf_open"
PAGE_SIZE = 100
FLASH = "rf_flash"
DELETE_PENDING = "rf_delete_pending"


def _reset() -> None:
    for key in [k for k in st.session_state if str(k).startswith("rf_") and k != FLASH]:
        del st.session_state[key]


def _register(user: deps.CurrentUser, refusal_id: int) -> None:
    """Button callback: register the refused file as a new item, then close the refusal."""
    if not deps.allowed_here(user, "refusals") or not deps.allowed_here(user, "register"):
        return
    settings = deps.settings()
    try:
        with deps.unit_of_work() as session:
            name, data = refused_file(session, refusal_id, rejected_dir=settings.rejected_dir)
        state = st.session_state
        draft = PackageDraft(
            files=(Upload(name, data),),
            document_type_id=state.get("rf_type"),
            case_id=state.get("rf_case"),
            client_id=None if state.get("rf_case") else state.get("rf_client"),
        )
        number, problems = register(
            sender_id=state.get("rf_sender"),
            comment=state.get("rf_comment", ""),
            drafts=[draft],
            actor=user.actor,
        )
    except (RefusalError, RegistrationError) as exc:
        st.session_state[FLASH] = ("warning", exc.message)
        return
    if number is None:
        st.session_state[FLASH] = ("warning", "\n".join(problems))
        return
    with deps.unit_of_work() as session:
        mark_registered(
            session, refusal_id, reg_number=number, rejected_dir=settings.rejected_dir, actor=user.actor
        )
    _reset()
    st.session_state[FLASH] = ("success", f"{name}: зарегистрирован под номером {number}.")


def _ask_delete(refusal_id: int) -> None:
    st.session_state[DELETE_PENDING] = refusal_id


def _delete(user: deps.CurrentUser, refusal_id: int) -> None:
    """Button callback (supervisors): remove the refused file and its reason text."""
    st.session_state.pop(DELETE_PENDING, None)
    if not deps.allowed_here(user, "refusals", action="delete_refusals"):
        return
    try:
        with deps.unit_of_work() as session:
            name = delete_refusal(
                session, refusal_id, rejected_dir=deps.settings().rejected_dir, actor=user.actor
            )
    except RefusalError as exc:
        st.session_state[FLASH] = ("warning", exc.message)
        return
    _reset()
    st.session_state[FLASH] = ("success", f"{name}: удалён.")


def _table(refusals: list[Refusal]) -> None:
    rows = [
        {
            "Файл": r.file_name,
            "Причина": r.reason_text,
            "Когда": when(r.rejected_at),
            "Откуда": SOURCE_NAMES.get(r.source, r.source),
        }
        for r in refusals
    ]
    table(rows, empty="Отказов, ждущих решения, нет.", widths={"Файл": 260, "Причина": 380, "Когда": 120})


def _case_picker() -> None:
    needle = st.text_input("Найти кейс", key="rf_case_text", placeholder="Номер кейса, ФИО, номер ИП")
    found: dict[int, str] = {}
    if len(needle.strip()) >= 2:
        with deps.unit_of_work() as session:
            found = {
                c.id: f"{c.case_number} · {c.debtor.full_name}" for c in search_cases(session, text=needle)
            }
    st.selectbox(
        "Кейс", list(found), index=None, format_func=found.__getitem__, key="rf_case", placeholder="Не выбран"
    )


def _register_form(user: deps.CurrentUser, refusal: Refusal) -> None:
    with st.expander("Зарегистрировать вручную"):
        sender_picker("rf_sender")
        st.text_area("Комментарий", key="rf_comment")
        types = doc_types()
        st.selectbox(
            "Тип документа",
            list(types),
            index=None,
            format_func=types.__getitem__,
            key="rf_type",
            filter_mode="contains",
            placeholder="Начните вводить…",
        )
        _case_picker()
        with deps.unit_of_work() as session:
            clients = list_clients(session)
        st.selectbox(
            "Или клиент (для документов клиента)",
            list(clients),
            index=None,
            format_func=clients.__getitem__,
            key="rf_client",
            placeholder="Не выбран",
        )
        st.button(
            "Зарегистрировать", key="rf_register", type="primary", on_click=_register, args=(user, refusal.id)
        )


def _delete_controls(user: deps.CurrentUser, refusal: Refusal) -> None:
    if not deps.may(user, action="delete_refusals"):
        return
    if st.session_state.get(DELETE_PENDING) != refusal.id:
        st.button("Удалить", key="rf_delete", on_click=_ask_delete, args=(refusal.id,))
        return
    st.warning(f"Удалить файл {md(refusal.file_name)} из папки отказов? Это нельзя отменить.")
    yes, no = st.columns(2)
    yes.button(
        "Да, удалить", key="rf_delete_confirm", type="primary", on_click=_delete, args=(user, refusal.id)
    )
    no.button("Отмена", key="rf_delete_cancel", on_click=lambda: st.session_state.pop(DELETE_PENDING, None))


def _detail(user: deps.CurrentUser, refusal: Refusal) -> None:
    st.divider()
    st.subheader(md(refusal.file_name))
    st.markdown(f"**Причина:** {md(refusal.reason_text)}  \n**Когда:** {when(refusal.rejected_at)}")
    try:
        with deps.unit_of_work() as session:
            name, data = refused_file(session, refusal.id, rejected_dir=deps.settings().rejected_dir)
    except RefusalError as exc:
        st.warning(md(exc.message))
    else:
        st.download_button(
            "Скачать",
            data=data,
            file_name=name,
            key="rf_download",
            on_click=deps.log_download,
            args=("rejection", refusal.id, name),
            icon=":material/download:",
        )
        _register_form(user, refusal)
    _delete_controls(user, refusal)


def _stuck() -> None:
    stuck = stuck_entries(deps.settings().inbox_dir)
    if not stuck:
        return
    st.subheader("Не удаётся забрать из папки входящих")
    st.caption(
        "Эти файлы остаются в папке входящих: исправьте их там (права, имя, тип), и они будут приняты."
    )
    st.dataframe(
        [{"Файл": name, "Причина": why} for name, why in stuck.items()], hide_index=True, width="stretch"
    )


def main() -> None:
    user = deps.require("refusals")
    st.title("Отказы")
    flash = st.session_state.pop(FLASH, None)
    if flash:
        show(*flash)
    with deps.unit_of_work() as session:
        waiting = open_refusal_count(session)
        offset = page_offset(waiting, page_size=PAGE_SIZE, key="rf_page")
        refusals = open_refusals(session, limit=PAGE_SIZE, offset=offset)
    st.caption(f"Ждут решения: {waiting}")
    _table(refusals)
    pager(waiting, page_size=PAGE_SIZE, key="rf_page")
    labels = {r.id: f"{r.file_name} · {when(r.rejected_at)}" for r in refusals}
    chosen = st.selectbox(
        "Открыть файл",
        list(labels),
        index=None,
        format_func=labels.__getitem__,
        key=OPEN,
        placeholder="Выберите файл из списка",
    )
    found = next((r for r in refusals if r.id == chosen), None)
    if found is not None:
        _detail(user, found)
    _stuck()


main()
