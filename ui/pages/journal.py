"""Журнал: the audit log for supervisors and admins, newest first, filtered, paged on the server."""

from __future__ import annotations

from datetime import datetime, time

import streamlit as st

from db.audit import action_codes, list_entries
from ui import deps
from ui.common import LOCAL_TZ, table, when
from ui.labels import ENTITIES, action_label, details_text, label

PAGE_SIZE = 100
# Column widths in pixels, together no wider than a 1366 px screen beside the menu (the long
# details are cut; the whole text shows on hover).
GRID_WIDTHS = {"Когда": 125, "Кто": 90, "Действие": 220, "Объект": 150, "Номер": 65, "Подробности": 250}


def main() -> None:
    deps.require("journal")
    st.title("Журнал")
    cols = st.columns(4)
    actor = cols[0].text_input("Кто (логин)", key="log_actor").strip().lower() or None
    with deps.unit_of_work() as session:
        codes = action_codes(session)
    action = cols[1].selectbox(
        "Действие", codes, index=None, format_func=action_label, key="log_action", placeholder="Любое"
    )
    entity = cols[2].selectbox(
        "Объект",
        ["incoming", "attachment", "case", "counterparty", "document_type", "user", "outgoing", "import"],
        index=None,
        format_func=ENTITIES.__getitem__,
        key="log_entity",
        placeholder="Любой",
    )
    since_day = cols[3].date_input("С даты", value=None, key="log_since", format="DD.MM.YYYY")
    since = datetime.combine(since_day, time.min, tzinfo=LOCAL_TZ) if since_day else None
    page = st.session_state.get("log_page", 1)
    with deps.unit_of_work() as session:
        entries = list_entries(
            session,
            actor=actor,
            action_prefix=action,
            entity=entity,
            since=since,
            limit=PAGE_SIZE + 1,
            offset=(page - 1) * PAGE_SIZE,
        )
    more = len(entries) > PAGE_SIZE
    rows = [
        {
            "Когда": when(e.at),
            "Кто": e.actor,
            "Действие": action_label(e.action),
            "Объект": label(ENTITIES, e.entity),
            "Номер": e.entity_id or "",
            "Подробности": details_text(e.details),
        }
        for e in entries[:PAGE_SIZE]
    ]
    table(rows, empty="Записей нет.", widths=GRID_WIDTHS)
    st.pagination(page + 1 if more else page, key="log_page")


main()
