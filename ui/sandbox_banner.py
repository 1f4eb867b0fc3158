"""The sidebar's «Почта России: песочница» banner, and for admins the sandbox's clock.

In the demo nothing moves by itself: the sandbox's letters are accepted, travel and are handed
over on the sandbox's clock, which stands still unless moved. An admin moves it here; the
``clerk-requests`` flow then moves the clock and polls tracking, so letters go «В пути» and
«Архив» within seconds (``flows.tracking_poll.sandbox_clock_handler``). Its progress and outcome
show on «Исходящие», where the letters move (the sidebar stays short).
"""

from __future__ import annotations

import streamlit as st

from db.models.enums import RequestKind
from tasks.clerk_requests import enqueue
from ui import background, deps

DAYS = "sandbox_days"
ASKED = "sandbox_clock_asked"


def advance(user: deps.CurrentUser) -> None:
    """Queue the clock's move by the chosen number of days (admins only, re-checked)."""
    if not deps.allowed_here(user, "outgoing", action="advance_sandbox_clock"):
        return
    days = int(st.session_state.get(DAYS) or 1)
    with deps.unit_of_work() as session:
        request, _new = enqueue(session, RequestKind.SANDBOX_CLOCK, str(days), actor=user.actor)
    background.watch(request)
    st.session_state[ASKED] = days


def show(user: deps.CurrentUser) -> None:
    """The banner when the sandbox stands in for Russian Post; the clock for admins."""
    if not deps.settings().uses_pochta_sandbox:
        return
    st.warning("Почта России: песочница", icon=":material/science:")
    if not deps.may(user, action="advance_sandbox_clock"):
        return
    with st.expander("Часы песочницы"):
        st.caption(
            "Письма в песочнице движутся по её часам. Переведите часы вперёд, и сданные письма "
            "перейдут в «В пути», а вручённые — в «Архив»."
        )
        st.number_input("На сколько дней вперёд", min_value=1, max_value=60, value=3, key=DAYS)
        st.button("Перевести часы", key="sandbox_advance", on_click=advance, args=(user,))
        asked = st.session_state.get(ASKED)
        if asked:
            st.caption(f"Часы переводятся на {asked} дн.: ход и итог — на странице «Исходящие».")
