"""Work that must not run in a page, shown in the page: queued, running, done or refused.

A callback queues a ``clerk_request`` in its transaction (``tasks.clerk_requests``) and, after the
commit, starts a ``clerk-requests`` flow run for it. This tab remembers the requests it asked for
and, while one is open, a fragment re-reads their rows every ``POLL_SECONDS`` without rerunning
the whole page; when the last one finishes the page reruns once and shows the outcome: the
Russian message and, for documents, download buttons (each download is audited).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from datetime import timedelta

import streamlit as st

from config.deployments import CLERK_REQUESTS_DEPLOYMENT
from config.trigger import api_is_up, prefect_api_url, start_deployment
from db.models.enums import RequestKind
from tasks.clerk_requests import RequestView, get_request, result_files
from ui import deps
from ui.safe import md

logger = logging.getLogger(__name__)

WATCHED = "korr_requests"
"""Session key: request id → whether a flow run was started for it (False: Prefect was down)."""

POLL_SECONDS = 2.0
PREFECT_DOWN = (
    "Служба фоновых задач (Prefect) сейчас не отвечает: запрос сохранён и будет выполнен, "
    "как только она заработает."
)


def start(request: RequestView) -> bool:
    """Start a flow run for a committed request; False (logged) when Prefect cannot take it now."""
    api_url = prefect_api_url()
    if not api_is_up(api_url):
        return False
    try:
        start_deployment(
            CLERK_REQUESTS_DEPLOYMENT,
            parameters={"request_id": request.id},
            idempotency_key=f"clerk-request-{request.id}",
            flow_run_name=f"request-{request.id}-{request.kind}",
        )
    except Exception:
        logger.warning("Could not start a run for request %s", request.id, exc_info=True)
        return False
    return True


def watch(request: RequestView) -> None:
    """Start the request's run and follow it in this tab."""
    watched: dict[int, bool] = st.session_state.setdefault(WATCHED, {})
    if request.id not in watched:
        watched[request.id] = start(request)


def _load(ids: Iterable[int]) -> list[RequestView]:
    with deps.unit_of_work() as session:
        return [view for view in (get_request(session, i) for i in ids) if view is not None]


def _dismiss(request_id: int) -> None:
    st.session_state.get(WATCHED, {}).pop(request_id, None)


def _outcome(request: RequestView, label: str) -> None:
    show = st.success if request.state == "done" else st.error
    show(f"{label}: {md(request.message or request.state_text, lines=True)}")
    if request.result_sha256:
        with deps.unit_of_work() as session:
            files = result_files(session, request)
        deps.pdf_downloads(files, entity="clerk_request", entity_id=request.id, key=f"req_dl_{request.id}")
    st.button("Скрыть", key=f"req_hide_{request.id}", on_click=_dismiss, args=(request.id,))


@st.fragment(run_every=timedelta(seconds=POLL_SECONDS))
def _progress(ids: tuple[int, ...], labels: Mapping[RequestKind, str]) -> None:
    views = _load(ids)
    if all(view.finished for view in views):
        st.rerun()  # the whole page: lists change and the outcome is drawn with its buttons
    watched = st.session_state.get(WATCHED, {})
    for view in views:
        if view.finished:
            continue
        st.info(
            f"{labels.get(RequestKind(view.kind), view.kind)}: {view.state_text}",
            icon=":material/hourglass_top:",
        )
        if not watched.get(view.id, True) and view.state == "queued":
            st.caption(PREFECT_DOWN)


def panel(labels: Mapping[RequestKind, str]) -> None:
    """Progress of this tab's requests of the kinds in ``labels``, then their outcomes."""
    watched = st.session_state.get(WATCHED, {})
    views = [v for v in _load(list(watched)) if v.kind in labels]
    open_ids = tuple(v.id for v in views if not v.finished)
    for view in views:
        if view.finished:
            _outcome(view, labels[RequestKind(view.kind)])
    if open_ids:
        _progress(open_ids, labels)
