"""What every page needs: settings, the shared engine, a unit of work, and the current user.

The engine is created once per database URL for the whole server (``st.cache_resource``) and
is thread-safe; sessions are never cached: each read or write opens its own short one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from config.runtime import engine_with_blobs
from config.settings import Settings
from db import audit
from db.engine import session_scope
from db.models import User, utcnow
from db.search import attach_search_index
from tasks.app_sessions import installation_secret, resume_session
from tasks.database import open_database
from ui.nav import allowed
from ui.safe import md

USER_KEY = "korr_user"
SIGNED_OUT_KEY = "korr_signed_out"
SESSION_TOKEN_KEY = "korr_session_token"  # this tab's session (ui.session_cookie)
SESSION_FORGET_KEY = "korr_session_forget"  # tell the browser to drop its session cookie
SESSION_REFUSED_KEY = "korr_session_refused"  # a cookie already refused in this tab
SESSION_ENDED = (
    "Сеанс завершён: вы не работали в программе больше 8 часов или вышли в другой вкладке. Войдите снова."
)


@dataclass(frozen=True, slots=True)
class CurrentUser:
    id: int
    login: str
    full_name: str
    role: str

    @property
    def actor(self) -> str:
        """How the audit log names this person."""
        return self.login


def settings() -> Settings:
    """Settings as the environment says now (cheap; read once per run)."""
    return Settings()


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    engine = open_database(url, actor="app")
    attach_search_index(engine)
    engine.dispose()  # connections made before the search index was attached must not be reused
    return engine


def engine() -> Engine:
    current = settings()
    current.data_dir.mkdir(parents=True, exist_ok=True)
    return engine_with_blobs(_engine(current.resolved_database_url), current)


@contextmanager
def unit_of_work() -> Iterator[Session]:
    """One transaction: commit on success, roll back on error."""
    with session_scope(engine()) as session:
        yield session


def log_download(entity: str, entity_id: int | str | None, file_name: str) -> None:
    """Download button callback: a file left the system, so the audit log says who took what."""
    user = current_user()
    if user is None:
        return
    with unit_of_work() as session:
        audit.record(
            session,
            actor=user.actor,
            action=f"{entity}.download",
            entity=entity,
            entity_id=entity_id,
            details={"file_name": file_name},
        )


def pdf_downloads(files: dict[str, bytes], *, entity: str, entity_id: int | str, key: str) -> None:
    """A download button per PDF; each click is audited (``log_download``)."""
    for name, data in files.items():
        st.download_button(
            md(name),
            data=data,
            file_name=name,
            mime="application/pdf",
            key=f"{key}_{name}",
            on_click=log_download,
            args=(entity, entity_id, name),
            icon=":material/download:",
        )


def session_secret() -> bytes:
    """The installation's key that signs session tokens (``data_dir/session.key``)."""
    return installation_secret(settings().data_dir)


def end_tab_session(message: str) -> None:
    """Forget who is signed in in this tab, tell the login page why, and drop the browser's cookie."""
    token = st.session_state.get(SESSION_TOKEN_KEY)
    st.session_state.clear()
    st.session_state[SIGNED_OUT_KEY] = message
    st.session_state[SESSION_FORGET_KEY] = True
    if token:
        st.session_state[SESSION_REFUSED_KEY] = str(token)


def sign_in(user: User) -> CurrentUser:
    """Keep who logged in for this browser tab (only the id matters: every run reads the row again)."""
    current = CurrentUser(user.id, user.login, user.full_name, user.role)
    st.session_state[USER_KEY] = current
    st.session_state.pop(SIGNED_OUT_KEY, None)
    return current


def current_user() -> CurrentUser | None:
    """The signed-in user as the database says now: role and active flag are read on every call.

    A user deactivated (or deleted) since the last click is signed out here, with a Russian
    message the login page shows; a changed role takes effect at once. So is a tab whose session
    ended on the server (8 idle hours, «Выйти» in another tab, a password reset): every page calls
    this, so the check holds whichever script runs.
    """
    kept = st.session_state.get(USER_KEY)
    if not isinstance(kept, CurrentUser):
        return None
    token = st.session_state.get(SESSION_TOKEN_KEY)
    with unit_of_work() as session:
        if token and resume_session(session, str(token), secret=session_secret(), now=utcnow()) is None:
            row = session.get(User, kept.id)
            if row is not None and row.active:
                end_tab_session(SESSION_ENDED)
                return None
        row = session.get(User, kept.id)
        fresh = (
            None if row is None or not row.active else CurrentUser(row.id, row.login, row.full_name, row.role)
        )
    if fresh is None:
        end_tab_session("Ваша учётная запись отключена. Обратитесь к администратору.")
        return None
    if fresh != kept:
        st.session_state[USER_KEY] = fresh
    return fresh


def require(page: str, *, action: str | None = None) -> CurrentUser:
    """The logged-in user allowed on ``page`` (and ``action``); otherwise the run stops here."""
    user = current_user()
    if user is None or not allowed(user.role, page=page, action=action):
        st.error(md(st.session_state.get(SIGNED_OUT_KEY) or "Нет доступа к этому разделу."))
        st.stop()
    assert user is not None
    return user


def may(user: CurrentUser, *, action: str) -> bool:
    return allowed(user.role, action=action)


def allowed_here(user: CurrentUser, page: str, *, action: str | None = None) -> bool:
    """The check repeated inside an action (a callback): the role may still do this now.

    The role is read again from the database: a user demoted or deactivated after the page was
    drawn is refused here, not by the stale ``user`` the button carries.
    """
    now = current_user()
    if now is not None and now.id == user.id and allowed(now.role, page=page, action=action):
        return True
    st.session_state["korr_denied"] = True
    return False
