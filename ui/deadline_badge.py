"""The sidebar's count of open deadlines («Сроки: просрочено 2 · сегодня 1»), cached for a minute."""

from __future__ import annotations

import streamlit as st

from db.models import utcnow
from tasks.deadlines.store import local_date
from tasks.deadlines.views import Bucket, bucket_counts
from ui import deps


@st.cache_data(ttl=60, show_spinner=False)
def _counts(url: str, today_iso: str) -> dict[str, int]:  # noqa: ARG001 (url: the cache key)
    from datetime import date

    with deps.unit_of_work() as session:
        counts = bucket_counts(session, today=date.fromisoformat(today_iso))
    return {bucket.value: count for bucket, count in counts.items()}


def show() -> None:
    """One line under the user's name; red when something is overdue."""
    counts = _counts(deps.settings().resolved_database_url, local_date(utcnow()).isoformat())
    overdue, today = counts[Bucket.OVERDUE.value], counts[Bucket.TODAY.value]
    week = counts[Bucket.WEEK.value]
    text = f"Сроки: просрочено {overdue} · сегодня {today} · неделя {week}"
    if overdue:
        st.error(text, icon=":material/alarm:")
    else:
        st.caption(text)
