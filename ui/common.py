"""Small shared pieces of the pages: Russian labels, dates, masking, paging, cached reference lists."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

import streamlit as st

from db.reference import list_counterparties, list_document_types
from ui import deps
from ui.sender_picker import sender_entries

LOCAL_TZ = ZoneInfo("Europe/Moscow")

STATUS_NAMES = {"registered": "Зарегистрирован", "needs_review": "Ждёт разбора", "rejected": "Отклонён"}
SOURCE_NAMES = {"scanner": "сканер", "manual": "вручную"}


def when(moment: datetime | None) -> str:
    """``28.11.2026 14:05`` in Moscow time; stored times are UTC (naive ones too, on SQLite)."""
    if moment is None:
        return "—"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo("UTC"))
    return moment.astimezone(LOCAL_TZ).strftime("%d.%m.%Y %H:%M")


def page_offset(total: int, *, page_size: int, key: str) -> int:
    """The offset of the page to show of ``total`` rows (pages of ``page_size``), before the query.

    The page number lives in the ``pager`` widget ``key``; a number past the last page (the list
    shrank, another folder was chosen) is brought back to the last page here.
    """
    pages = max(1, -(-total // page_size))
    page = int(st.session_state.get(key) or 1)
    if page > pages:
        st.session_state[key] = page = pages
    return (page - 1) * page_size


def table(
    rows: Sequence[Mapping[str, object]],
    *,
    empty: str,
    widths: Mapping[str, int] | None = None,
) -> None:
    """A read-only table that fits a 1366-pixel screen, or ``empty`` (Russian) when there are no rows.

    Streamlit draws an empty table with the English word «empty»; ``widths`` (pixels per column)
    keep the columns a clerk reads first on screen without scrolling sideways.
    """
    if not rows:
        st.caption(empty)
        return
    config = {name: st.column_config.Column(width=width) for name, width in (widths or {}).items()}
    st.dataframe(rows, hide_index=True, width="stretch", column_config=config)


def pager(total: int, *, page_size: int, key: str) -> None:
    """Under a list: page buttons and «Страница N из M», shown only when there is a second page.

    Every list of the app pages on the server this way (``LIMIT``/``OFFSET`` with ``page_offset``),
    so nothing stops at the first few hundred rows.
    """
    pages = max(1, -(-total // page_size))
    if pages <= 1:
        return
    st.pagination(pages, key=key)
    st.caption(f"Страница {int(st.session_state.get(key) or 1)} из {pages}")


def mask(value: str | None, *, keep: int = 3) -> str:
    """ИНН/СНИЛС in lists: only the last digits show (``•••••••123``)."""
    if not value:
        return "—"
    return "•" * max(0, len(value) - keep) + value[-keep:]


@st.cache_data(ttl=60, show_spinner=False)
def counterparty_names(url: str) -> dict[int, str]:
    """Active counterparties for type-ahead; ``url`` keys the cache per database."""
    del url
    with deps.unit_of_work() as session:
        return {cp.id: cp.name for cp in list_counterparties(session)}


@st.cache_data(ttl=60, show_spinner=False)
def document_type_names(url: str, direction: str = "incoming") -> dict[int, str]:
    del url
    with deps.unit_of_work() as session:
        return {dt.id: dt.name for dt in list_document_types(session, direction=direction)}


def senders() -> dict[int, str]:
    return counterparty_names(deps.settings().resolved_database_url)


def doc_types(direction: str = "incoming") -> dict[int, str]:
    return document_type_names(deps.settings().resolved_database_url, direction)


def forget_reference_lists() -> None:
    """After a reference edit: the next run reads the lists afresh."""
    counterparty_names.clear()
    document_type_names.clear()
    sender_entries.clear()
