"""Showing one incoming item (header, packages, files, history), shared by Входящие and Разбор.

File contents are loaded by ``load_files`` once, when the clerk opens the item (that read is
audited), and kept in the tab's session until another item is opened: reruns never read or
log them again.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from db.models import Incoming
from tasks.corrections import item_history
from tasks.deadlines.store import receipt_date
from tasks.incoming_queries import file_content
from tasks.review_reasons import describe_reasons
from ui import deps
from ui.common import SOURCE_NAMES, STATUS_NAMES, when
from ui.preview import show_file
from ui.safe import md

FILES_KEY = "korr_open_files"


def load_files(item: Incoming, *, actor: str) -> None:
    """Read the item's files for preview (one audited read each) into the tab's session."""
    files: dict[int, tuple[str, str, str, bytes]] = {}
    with deps.unit_of_work() as session:
        for package in item.packages:
            for attachment in package.attachments:
                name, mime, data = file_content(session, attachment.id, actor=actor, purpose="view")
                files[attachment.id] = (name, mime, attachment.sha256, data)
    st.session_state[FILES_KEY] = {"item": item.id, "files": files}


def item_header(item: Incoming) -> None:
    st.subheader(md(item.reg_number))
    left, right = st.columns(2)
    left.markdown(
        f"**Получено:** {when(item.received_at)}  \n"
        f"**Дата получения:** {receipt_date(item):%d.%m.%Y}  \n"
        f"**Отправитель:** {md(item.sender.name) if item.sender else '— не указан —'}  \n"
        f"**Источник:** {SOURCE_NAMES.get(item.source, item.source)}"
    )
    right.markdown(
        f"**Статус:** {STATUS_NAMES.get(item.status, item.status)}  \n"
        f"**Комментарий:** {md(item.comment or '—')}"
    )
    if item.status == "needs_review":
        reasons = (item.suggestions or {}).get("reasons") or (
            [item.review_reason] if item.review_reason else []
        )
        st.info(describe_reasons(list(reasons)) or "Причина не указана.", icon=":material/help:")


def package_files(item: Incoming, *, previews: bool = True) -> None:
    """Each package with its type, case and files (previews when the files are loaded)."""
    loaded: dict[int, Any] = {}
    state = st.session_state.get(FILES_KEY)
    if state and state.get("item") == item.id:
        loaded = state["files"]
    for package in item.packages:
        case = package.case
        debtor = package.debtor or (case.debtor if case else None)
        with st.container(border=True):
            type_name = package.document_type.name if package.document_type else "Тип не указан"
            case_number = case.case_number if case else "—"
            debtor_name = debtor.full_name if debtor else "—"
            client_name = package.client.name if package.client else "—"
            st.markdown(
                f"**Пакет {package.position}.** {md(type_name)}  \n"
                f"Кейс: {md(case_number)} · Должник: {md(debtor_name)} · Клиент: {md(client_name)}"
            )
            for attachment in package.attachments:
                pages = attachment.page_count or "?"
                st.caption(f"{md(attachment.file_name)} · {pages} стр. · {attachment.size // 1024} КБ")
                if attachment.id in loaded:
                    name, mime, sha, data = loaded[attachment.id]
                    if previews:
                        show_file(sha, mime, data, key=f"pdf_{attachment.id}")
                    st.download_button(
                        "Скачать",
                        data=data,
                        file_name=name,
                        mime=mime,
                        key=f"download_{attachment.id}",
                        on_click=deps.log_download,
                        args=("attachment", attachment.id, name),
                    )


def history(item_id: int) -> None:
    """«История»: who did what to the item, when, and why (views left out)."""
    with deps.unit_of_work() as session:
        entries = item_history(session, item_id)
    rows = [
        {"Когда": when(entry.at), "Кто": entry.actor, "Что": what, "Причина": why}
        for entry, what, why in entries
    ]
    st.dataframe(rows, hide_index=True, width="stretch")
