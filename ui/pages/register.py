"""Новая входящая: registration by hand, as clerks do it at the desk today.

Sender with type-ahead, a comment, and any number of packages, each with its files, document
type and case (or client). A package added by mistake is removed before saving. Saving runs in
the button's callback: validation by the pipeline's code, then one transaction that assigns the
number. A second click cannot register twice: the same content is refused by its hash, and the
form's token is spent after the first success.
"""

from __future__ import annotations

import uuid

import streamlit as st

from db.models.enums import RequestKind
from db.reference import list_clients, search_cases
from tasks.register import RegistrationError
from ui import background, deps
from ui.common import doc_types
from ui.register_form import PackageDraft, Upload, register
from ui.safe import md
from ui.sender_picker import sender_picker
from ui.uploader import files_uploader

PACKAGES = "reg_packages"
TOKEN = "reg_token"
DONE = "reg_done"
TEXT_LABELS = {RequestKind.EXTRACT_TEXT: "Чтение текста документов"}
PROBLEMS = "reg_problems"


def _state() -> list[str]:
    if PACKAGES not in st.session_state:
        st.session_state[PACKAGES] = [uuid.uuid4().hex[:8]]
        st.session_state[TOKEN] = uuid.uuid4().hex
    return st.session_state[PACKAGES]


def _add_package() -> None:
    st.session_state[PACKAGES] = [*st.session_state[PACKAGES], uuid.uuid4().hex[:8]]


def _remove_package(key: str) -> None:
    st.session_state[PACKAGES] = [k for k in st.session_state[PACKAGES] if k != key]


def _drafts() -> list[PackageDraft]:
    drafts = []
    for key in st.session_state.get(PACKAGES, []):
        uploads = st.session_state.get(f"reg_files_{key}") or []
        drafts.append(
            PackageDraft(
                files=tuple(Upload(u.name, u.getvalue()) for u in uploads),
                document_type_id=st.session_state.get(f"reg_type_{key}"),
                case_id=st.session_state.get(f"reg_case_{key}"),
                client_id=st.session_state.get(f"reg_client_{key}"),
            )
        )
    return drafts


def _save(user: deps.CurrentUser) -> None:
    """Button callback: validate and register; on success clear the form and show the number."""
    if not deps.allowed_here(user, "register"):
        return
    token = st.session_state.get(TOKEN)
    done = st.session_state.get(DONE)
    if done and done[0] == token:
        return  # this form was registered already: a double click
    try:
        number, problems = register(
            sender_id=st.session_state.get("reg_sender"),
            comment=st.session_state.get("reg_comment", ""),
            drafts=_drafts(),
            actor=user.actor,
        )
    except RegistrationError as exc:
        number, problems = None, [exc.message]
    st.session_state[PROBLEMS] = problems
    if number is None:
        return
    st.session_state[DONE] = (token, number)
    for key in [k for k in st.session_state if str(k).startswith("reg_") and k not in (DONE, PROBLEMS)]:
        del st.session_state[key]
    # Deleting a widget's key does not clear what the browser shows; setting it does, so the next
    # letter does not inherit this one's sender and comment.
    st.session_state["reg_sender"] = None
    st.session_state["reg_sender_find"] = ""
    st.session_state["reg_comment"] = ""


def _case_picker(key: str) -> None:
    needle = st.text_input("Найти кейс", key=f"reg_case_text_{key}", placeholder="Номер кейса, ФИО, номер ИП")
    found: dict[int, str] = {}
    if len(needle.strip()) >= 2:
        with deps.unit_of_work() as session:
            found = {
                c.id: f"{c.case_number} · {c.debtor.full_name}" for c in search_cases(session, text=needle)
            }
    if needle.strip() and not found:
        st.caption("Кейсы не найдены.")
    st.selectbox(
        "Кейс",
        list(found),
        index=None,
        format_func=found.__getitem__,
        key=f"reg_case_{key}",
        placeholder="Не выбран",
    )


def _package(number: int, key: str, clients: dict[int, str]) -> None:
    types = doc_types()
    with st.container(border=True):
        head, remove = st.columns([5, 1])
        head.markdown(f"**Пакет {number}**")
        remove.button("Удалить пакет", key=f"reg_remove_{key}", on_click=_remove_package, args=(key,))
        files_uploader("Файлы (PDF или JPEG, до 1 МБ каждый, до 5 МБ на пакет)", key=f"reg_files_{key}")
        st.selectbox(
            "Тип документа",
            list(types),
            index=None,
            format_func=types.__getitem__,
            key=f"reg_type_{key}",
            filter_mode="contains",
            placeholder="Начните вводить…",
        )
        _case_picker(key)
        st.selectbox(
            "Или клиент (для документов клиента)",
            list(clients),
            index=None,
            format_func=clients.__getitem__,
            key=f"reg_client_{key}",
            placeholder="Не выбран",
        )


def main() -> None:
    user = deps.require("register")
    st.title("Новая входящая")
    done = st.session_state.get(DONE)
    if done:
        st.success(f"Зарегистрировано под номером {md(done[1])}.", icon=":material/check_circle:")
    for problem in st.session_state.get(PROBLEMS) or []:
        st.error(md(problem))
    background.panel(TEXT_LABELS)
    keys = _state()
    sender_picker("reg_sender", inline=True)
    st.text_area("Комментарий", key="reg_comment", height=80)
    with deps.unit_of_work() as session:
        clients = list_clients(session)
    for number, key in enumerate(keys, start=1):
        _package(number, key, clients)
    st.button("Добавить пакет", key="reg_add", on_click=_add_package, icon=":material/add:")
    st.button(
        "Зарегистрировать", key="reg_save", type="primary", on_click=_save, args=(user,), disabled=not keys
    )


main()
