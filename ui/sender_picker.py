"""The sender type-ahead: a search box that finds any word or fragment, aliases too, then a choice.

Streamlit's own selectbox filter runs in the browser over the labels only (no aliases, no ё/е),
so the typed words go through ``tasks.sender_search`` here and the list below offers the matches.
"""

from __future__ import annotations

import streamlit as st

from db.reference import list_counterparties
from tasks.sender_search import SenderEntry, find_senders
from ui import deps


@st.cache_data(ttl=60, show_spinner=False)
def sender_entries(url: str) -> dict[int, SenderEntry]:
    """Active counterparties with their aliases; ``url`` keys the cache per database."""
    del url
    with deps.unit_of_work() as session:
        return {cp.id: SenderEntry(cp.name, tuple(cp.aliases or ())) for cp in list_counterparties(session)}


def sender_picker(
    key: str,
    *,
    label: str = "Отправитель",
    default: int | None = None,
    placeholder: str = "",
    inline: bool = False,
) -> int | None:
    """Search box ``{key}_find`` and selectbox ``key`` (a counterparty id); returns the choice.

    ``default`` (the item's sender, the recognised one) is chosen the first time the picker is
    drawn; the clerk may clear or change it. ``inline`` puts the search box and the choice side by
    side. Every sender choice of the app goes through here, so each finds any word or fragment of a
    name or an alias.
    """
    entries = sender_entries(deps.settings().resolved_database_url)
    if key not in st.session_state and default in entries:
        st.session_state[key] = default
    find, choose = st.columns(2) if inline else (st.container(), st.container())
    needle = find.text_input(
        "Найти отправителя",
        key=f"{key}_find",
        placeholder="Любое слово или часть названия, другое написание",
    )
    found = find_senders(needle, entries)
    if needle.strip() and not found:
        find.caption("Отправитель не найден. Проверьте написание или добавьте его в «Справочники».")
    current = st.session_state.get(key)
    if current is not None and current in entries and current not in found:
        found = [current, *found]
    choice: int | None = choose.selectbox(
        label,
        found,
        index=None,
        format_func=lambda entry_id: entries[entry_id].name if entry_id in entries else "—",
        key=key,
        filter_mode="contains",
        placeholder="Выберите из найденных…"
        if needle.strip()
        else (placeholder or "Начните вводить название…"),
    )
    return choice
