"""The sidebar's count of refused files waiting for a clerk («Отказы: 3»); nothing when there are none."""

from __future__ import annotations

import streamlit as st

from tasks.refusals import open_refusal_count
from ui import deps


def show() -> None:
    """One line under the user's name (a cheap count, read on every run so it is never stale)."""
    with deps.unit_of_work() as session:
        waiting = open_refusal_count(session)
    if waiting:
        st.warning(f"Отказы: {int(waiting)}", icon=":material/block:")
