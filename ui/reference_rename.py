"""«Переименовать…» under a reference table: new name, then a confirmation naming what it relabels.

The grid never renames (a double click must not relabel every document of a type); here the clerk
picks the row, types the new name, and sees how many documents will show it before confirming.
"""

from __future__ import annotations

import streamlit as st

from db.models import Counterparty, DocumentType
from tasks.reference_rename import RenameRefused, rename, usage
from ui import deps
from ui.common import forget_reference_lists
from ui.safe import md

PENDING = "ref_rename_pending"
FLASH = "ref_flash"
MODELS: dict[str, type[Counterparty] | type[DocumentType]] = {
    "counterparty": Counterparty,
    "document_type": DocumentType,
}


def retire_note() -> None:
    """Under a reference table: rows are retired, not deleted; names change through the form."""
    st.caption(
        "Записи не удаляются: снимите «Действует», и запись больше не предлагается для новой почты, "
        "а старые документы показывают её по-прежнему. Название меняется только через «Переименовать…»."
    )


def _ask(kind: str) -> None:
    """«Переименовать…»: remember what to rename, so the page asks for confirmation."""
    row_id = st.session_state.get(f"ref_rename_row_{kind}")
    new_name = str(st.session_state.get(f"ref_rename_name_{kind}") or "").strip()
    if row_id is None or not new_name:
        st.session_state[FLASH] = ("warning", "Выберите запись и введите новое название.")
        return
    st.session_state[PENDING] = (kind, int(row_id), new_name)


def _cancel() -> None:
    st.session_state.pop(PENDING, None)


def _confirm(user: deps.CurrentUser, page_action: str | None) -> None:
    pending = st.session_state.pop(PENDING, None)
    if pending is None:
        return
    if not deps.allowed_here(user, "references", action=page_action):
        st.session_state[FLASH] = ("error", "Нет прав на изменение справочника.")
        return
    kind, row_id, new_name = pending
    try:
        with deps.unit_of_work() as session:
            old = rename(session, MODELS[kind], row_id, new_name=new_name, actor=user.actor)
    except RenameRefused as exc:
        st.session_state[FLASH] = ("warning", exc.message)
        return
    forget_reference_lists()
    st.session_state[f"ref_rename_name_{kind}"] = ""
    st.session_state[FLASH] = ("success", f"«{old}» переименован в «{new_name}».")


def section(
    user: deps.CurrentUser, kind: str, names: dict[int, str], *, page_action: str | None = None
) -> None:
    """The rename form for ``kind`` ("counterparty" or "document_type") over rows ``names``."""
    with st.expander(
        "Переименовать контрагента…" if kind == "counterparty" else "Переименовать тип документа…",
        icon=":material/edit:",
    ):
        st.selectbox(
            "Запись",
            list(names),
            index=None,
            format_func=names.__getitem__,
            key=f"ref_rename_row_{kind}",
            placeholder="Выберите запись",
        )
        st.text_input("Новое название", key=f"ref_rename_name_{kind}")
        st.button("Переименовать…", key=f"ref_rename_ask_{kind}", on_click=_ask, args=(kind,))
        pending = st.session_state.get(PENDING)
        if not pending or pending[0] != kind:
            return
        _, row_id, new_name = pending
        with deps.unit_of_work() as session:
            used = usage(session, MODELS[kind], row_id)
        st.warning(
            f"Переименовать «{md(names.get(row_id, ''))}» в «{md(new_name)}»? "
            f"Документов и писем с этой записью: {int(used)}. Все они будут показаны под новым названием."
        )
        yes, no = st.columns(2)
        yes.button(
            "Да, переименовать",
            key=f"ref_rename_yes_{kind}",
            type="primary",
            on_click=_confirm,
            args=(user, page_action),
        )
        no.button("Отмена", key=f"ref_rename_no_{kind}", on_click=_cancel)
