"""Входящие: the register, newest first, filtered and searched on the server, one page at a time.

Filters live in the tab's session (``persist_state``), never in the URL: a search for a debtor's
name is personal data. Choosing an item opens it below the table (logged as a view).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import streamlit as st

from db.reference import search_cases
from db.search import MIN_NEEDLE_LENGTH, IncomingFilter, IncomingPage, search_incoming
from tasks.incoming_queries import get_item, id_by_number, open_item
from ui import deps, item_edit, links
from ui.common import LOCAL_TZ, STATUS_NAMES, doc_types, table, when
from ui.safe import md
from ui.sender_picker import sender_picker
from ui.views import history, item_header, load_files, package_files

PAGE_SIZE = 50
ORDERS = {
    "newest": "Сначала новые",
    "oldest": "Сначала старые",
    "number": "По номеру",
    "sender": "По отправителю",
}
OPEN_KEY = "incoming_open_id"
WIDTHS = {
    "Номер": 115,
    "Получено": 108,
    "Отправитель": 150,
    "Тип": 130,
    "Кейс": 92,
    "Должник": 110,
    "Статус": 115,
    "Комментарий": 80,
}
# pixels: all columns fit 1366 px beside the sidebar, no sideways scroll; a cut text shows whole on hover


def _bound(day: date | None, *, end: bool) -> datetime | None:
    if day is None:
        return None
    return datetime.combine(day + timedelta(days=1) if end else day, time.min, tzinfo=LOCAL_TZ)


def _filters() -> IncomingFilter:
    st.text_input(
        "Поиск",
        key="in_text",
        placeholder="Номер, отправитель, должник, клиент, кейс, договор, номер ИП, текст документа…",
    )
    sender = sender_picker("in_sender", placeholder="Любой", inline=True)
    cols = st.columns(3)
    types = doc_types()
    doc_type = cols[0].selectbox(
        "Тип документа",
        list(types),
        index=None,
        format_func=types.__getitem__,
        key="in_type",
        filter_mode="contains",
        placeholder="Любой",
    )
    status = cols[1].selectbox(
        "Статус",
        list(STATUS_NAMES),
        index=None,
        format_func=STATUS_NAMES.__getitem__,
        key="in_status",
        placeholder="Любой",
    )
    period = cols[2].date_input("Получено", value=[], key="in_dates", format="DD.MM.YYYY")
    left, right = st.columns([3, 1])
    with left:
        case_id = _case_filter()
    order = right.selectbox("Порядок", list(ORDERS), format_func=ORDERS.__getitem__, key="in_order")
    start, finish = (tuple(period) + (None, None))[:2] if isinstance(period, tuple) else (period, None)
    return IncomingFilter(
        text=st.session_state.get("in_text", ""),
        sender_id=sender,
        document_type_id=doc_type,
        case_id=case_id,
        status=status,
        received_from=_bound(start, end=False),
        received_to=_bound(finish or start, end=True),
        order=order,
    )


def _case_filter() -> int | None:
    needle = st.text_input("Кейс", key="in_case_text", placeholder="Номер кейса, ФИО должника или номер ИП")
    if len(needle.strip()) < 2:
        return None
    with deps.unit_of_work() as session:
        found = {
            case.id: f"{case.case_number} · {case.debtor.full_name}"
            for case in search_cases(session, text=needle)
        }
    if not found:
        st.caption("Кейсы не найдены.")
        return None
    return st.selectbox("Найденные кейсы", list(found), format_func=found.__getitem__, key="in_case")


def _open(user: deps.CurrentUser) -> None:
    """Selectbox callback: open the chosen item and read its files (both audited)."""
    item_id = st.session_state.get("in_open")
    st.session_state[OPEN_KEY] = item_id
    if item_id is None:
        return
    with deps.unit_of_work() as session:
        item = open_item(session, item_id, actor=user.actor)
    if item is not None:
        load_files(item, actor=user.actor)
        # the address bar now links to this item: F5 or a colleague's click opens it again
        st.query_params["item"] = item.reg_number
        st.session_state[links.DONE_KEY] = ("item", item.reg_number)


def _open_link(user: deps.CurrentUser, number: str) -> None:
    """A link ``?item=ВХ-…``: open that item as if chosen from the list (the view is logged)."""
    with deps.unit_of_work() as session:
        item_id = id_by_number(session, number)
        item = open_item(session, item_id, actor=user.actor) if item_id is not None else None
    if item is None:
        st.warning(f"Документ {md(number)} не найден.")
        return
    load_files(item, actor=user.actor)
    st.session_state[OPEN_KEY] = item.id


def _table(result: IncomingPage) -> None:
    rows = [
        {
            "Номер": row.reg_number,
            "Получено": when(row.received_at),
            "Отправитель": row.sender_name or "—",
            "Тип": "; ".join(row.document_types) or "—",
            "Кейс": "; ".join(row.case_numbers) or "—",
            "Должник": "; ".join(row.debtor_names) or "—",
            "Статус": STATUS_NAMES.get(row.status, row.status),
            "Комментарий": row.comment or "",
        }
        for row in result.rows
    ]
    table(rows, empty="Ничего не найдено.", widths=WIDTHS)


def main() -> None:
    user = deps.require("incoming")
    st.title("Входящие")
    linked = links.pending("item")
    if linked:
        _open_link(user, linked)
    filters = _filters()
    page_number = st.session_state.get("in_page", 1)
    with deps.unit_of_work() as session:
        result = search_incoming(session, filters, page=page_number, page_size=PAGE_SIZE)
    if result.too_short:
        st.info(f"Введите для поиска не меньше {MIN_NEEDLE_LENGTH} символов: так поиск быстрее и точнее.")
    else:
        st.caption(f"Найдено: {result.total_label}")
    _table(result)
    if result.pages > 1:
        st.pagination(result.pages, key="in_page")
        st.caption(f"Страница {page_number} из {result.pages}{'+' if result.more else ''}")
    labels = {row.id: f"{row.reg_number} · {row.sender_name or '—'}" for row in result.rows}
    st.selectbox(
        "Открыть документ",
        list(labels),
        index=None,
        format_func=labels.__getitem__,
        key="in_open",
        on_change=_open,
        args=(user,),
        placeholder="Выберите документ из списка",
    )
    opened = st.session_state.get(OPEN_KEY)
    if opened is not None:
        _show(user, opened)


def _show(user: deps.CurrentUser, item_id: int) -> None:
    with deps.unit_of_work() as session:
        item = get_item(session, item_id)
    if item is None:
        return
    st.divider()
    item_edit.flash()
    item_header(item)
    if item.status == "registered":
        files_tab, fix_tab, history_tab = st.tabs(["Документы", "Исправить", "История"])
        with fix_tab:
            item_edit.correction_form(user, item)
    else:
        files_tab, history_tab = st.tabs(["Документы", "История"])
    with files_tab:
        package_files(item)
        if item.status == "rejected":
            item_edit.return_form(user, item)
    with history_tab:
        history(item.id)


main()
