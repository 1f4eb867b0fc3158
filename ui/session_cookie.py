"""The browser's side of a signed-in session: a cookie that brings the clerk back after F5 or a link.

Streamlit 1.67 reads cookies (``st.context.cookies``, as sent when the page was opened) but has no
call to write one, so the cookie is written by a two-line script in an ``st.html`` element with
``unsafe_allow_javascript`` (the token is ours, never user text). What the token means, its
signature, the 8-hour idle limit and ending it are ``tasks.app_sessions``; this module only moves
the token between the browser, the tab's session state and those functions.

Known limit: a cookie written by a script cannot be ``HttpOnly``. The token names a server-side
session that «Выйти», idleness or an administrator ends, and the page shows only our own text
(``ui.safe``), so a stolen copy is short-lived and hard to get.
"""

from __future__ import annotations

import streamlit as st

from db.models import utcnow
from tasks.app_sessions import EndReason, end_session, resume_session, start_session
from ui import deps

COOKIE = "korr_session"
TOKEN_KEY = deps.SESSION_TOKEN_KEY
FORGET_KEY = deps.SESSION_FORGET_KEY
REFUSED_KEY = deps.SESSION_REFUSED_KEY
COOKIE_DAYS = 30  # the browser keeps it this long; the server ends it after 8 idle hours anyway


def _secret() -> bytes:
    return deps.session_secret()


def browser_token() -> str:
    """The session cookie the browser sent when this tab opened the app ("" when none)."""
    return str(st.context.cookies.get(COOKIE) or "")


def start(user_id: int) -> None:
    """After a password login: open a server-side session and have the browser keep its token."""
    with deps.unit_of_work() as session:
        token = start_session(session, user_id=user_id, secret=_secret(), now=utcnow())
    st.session_state[TOKEN_KEY] = token
    st.session_state.pop(FORGET_KEY, None)


def resume() -> deps.CurrentUser | None:
    """Sign this tab in from the browser's cookie (a reload, a link, a new tab), if it is still valid.

    A refused token (forged, ended, idle too long) is looked at once per tab, and the browser is
    told to drop it; the login page then says why.
    """
    token = browser_token()
    if not token or st.session_state.get(REFUSED_KEY) == token:
        return None
    with deps.unit_of_work() as session:
        user = resume_session(session, token, secret=_secret(), now=utcnow())
        current = deps.sign_in(user) if user is not None else None
    if current is None:
        st.session_state[REFUSED_KEY] = token
        st.session_state[FORGET_KEY] = True
        st.session_state[deps.SIGNED_OUT_KEY] = deps.SESSION_ENDED
        return None
    st.session_state[TOKEN_KEY] = token
    return current


def end() -> None:
    """«Выйти»: end the session on the server; the next run tells the browser to drop the cookie."""
    token = st.session_state.get(TOKEN_KEY)
    if token:
        with deps.unit_of_work() as session:
            end_session(session, str(token), secret=_secret(), now=utcnow(), reason=EndReason.LOGOUT)


def after_logout() -> None:
    """Called once state is cleared by «Выйти»: this tab must not pick the old cookie up again."""
    st.session_state[FORGET_KEY] = True
    token = browser_token()
    if token:
        st.session_state[REFUSED_KEY] = token


def sync_browser() -> None:
    """Write (or delete) the cookie in the browser to match this tab's session; call once per run."""
    token = st.session_state.get(TOKEN_KEY)
    if token:
        value, age = str(token), COOKIE_DAYS * 24 * 3600
    elif st.session_state.get(FORGET_KEY):
        value, age = "", 0
    else:
        return
    st.html(
        f"<script>document.cookie = '{COOKIE}={value}; Path=/; Max-Age={age}; SameSite=Strict';</script>",
        unsafe_allow_javascript=True,
    )
