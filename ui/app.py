"""Entry point of the clerks' app: page frame, login, and the navigation for the user's role.

Run it with ``korrespondent app`` (which passes the right Streamlit settings). Every rerun passes
through here: nothing heavy happens in this file, only the login check and the menu.
"""

from __future__ import annotations

import math
import uuid
from datetime import datetime

import streamlit as st

from db import audit
from db.models import utcnow
from tasks.login_guard import Verdict, failures_for, judge, record_attempt
from tasks.users import authenticate, user_for_identity
from ui import deadline_badge, deps, links, refusal_badge, sandbox_banner, session_cookie
from ui.common import when
from ui.nav import PAGES, pages_for
from ui.safe import md
from ui.uploader import russian_uploader

ROLE_NAMES = {"clerk": "сотрудник", "supervisor": "старший сотрудник", "admin": "администратор"}


def _client() -> str:
    """Who is knocking, for counting failures: the remote address, else this browser tab.

    ``st.context.ip_address`` is the WebSocket peer (None on localhost); a forwarded-for header
    is not trusted, since the client writes it. Without an address each tab counts alone, and the
    per-login count still holds.
    """
    address = st.context.ip_address
    if isinstance(address, str) and address:
        return f"ip:{address}"
    if "korr_client" not in st.session_state:
        st.session_state["korr_client"] = f"tab:{uuid.uuid4().hex}"
    return str(st.session_state["korr_client"])


def _refusal(verdict: Verdict, now: datetime) -> str:
    if verdict.locked_until is not None:
        return (
            "Слишком много неудачных попыток входа. "
            f"Вход заблокирован до {when(verdict.locked_until)} (по московскому времени)."
        )
    assert verdict.retry_at is not None
    seconds = max(1, math.ceil((verdict.retry_at - now).total_seconds()))
    return f"Слишком частые попытки входа. Повторите через {seconds} с."


def _log_in() -> None:
    """Form callback: check the password (unless throttled) and keep who logged in for this tab.

    Every failure is audited with the login and the client, never the password (tasks/login_guard).
    """
    login = str(st.session_state.get("login_name", ""))
    password = str(st.session_state.get("login_password", ""))
    st.session_state["login_password"] = ""
    client, now = _client(), utcnow()
    with deps.unit_of_work() as session:
        verdict = judge(failures_for(session, login=login, client=client, now=now), now=now)
        user = authenticate(session, login=login, password=password) if verdict.allowed else None
        if user is None:
            record_attempt(session, login=login, client=client, verdict=verdict, now=now)
            st.session_state["login_failed"] = (
                "Неверный логин или пароль." if verdict.allowed else _refusal(verdict, now)
            )
            return
        signed = deps.sign_in(user)
        audit.record(session, actor=user.login, action="user.login", entity="user", entity_id=user.id)
    session_cookie.start(signed.id)
    st.session_state["login_failed"] = ""


def _signed_in_by_provider() -> bool:
    """Whether single sign-on is configured and its identity cookie is present.

    Without an ``[auth]`` configuration ``st.user`` may lack ``is_logged_in`` altogether (and
    ``st.logout`` fails), so the setting is checked first and the attribute read with ``get``.
    """
    return bool(deps.settings().auth_provider) and bool(st.user.get("is_logged_in"))


def _identity() -> str:
    """Who the identity provider says is signed in (e-mail, else username); empty when nobody."""
    if not _signed_in_by_provider():
        return ""
    return str(st.user.get("email") or st.user.get("preferred_username") or "")


def _sign_in_by_identity(identity: str) -> bool:
    """Map a single-sign-on identity to our user (and role); False when no such active user."""
    if st.session_state.get("sso_refused") == identity:
        return False  # refused and logged once this session; the login page says why
    with deps.unit_of_work() as session:
        user = user_for_identity(session, identity)
        if user is None:
            audit.record(
                session, actor=identity, action="user.login_refused", entity="user", details={"via": "oidc"}
            )
            st.session_state["sso_refused"] = identity
            return False
        deps.sign_in(user)
        audit.record(
            session,
            actor=user.login,
            action="user.login",
            entity="user",
            entity_id=user.id,
            details={"via": "oidc"},
        )
    return True


def _log_out() -> None:
    user = deps.current_user()
    if user is not None:
        with deps.unit_of_work() as session:
            audit.record(session, actor=user.login, action="user.logout", entity="user", entity_id=user.id)
    session_cookie.end()
    by_provider = _signed_in_by_provider()
    st.session_state.clear()
    session_cookie.after_logout()
    if by_provider:
        st.logout()  # also forget the provider's identity cookie, or the next run signs in again


def login_page() -> None:
    st.title("Корреспондент")
    st.caption("Вход для сотрудников")
    provider = deps.settings().auth_provider
    if provider:
        identity = _identity()
        if identity:
            st.error(
                f"Учётная запись {md(identity)} не заведена в «Корреспонденте» или отключена. "
                "Обратитесь к администратору."
            )
            st.button("Выйти из единого входа", on_click=st.logout, key="login_sso_out")
        else:
            st.button(
                "Войти через единый вход",
                on_click=st.login,
                args=(provider,),
                key="login_sso",
                type="primary",
            )
        st.caption("или по логину и паролю")
    with st.form("login", enter_to_submit=True):
        st.text_input("Логин", key="login_name")
        st.text_input("Пароль", type="password", key="login_password")
        st.form_submit_button("Войти", on_click=_log_in, key="login_submit", type="primary")
    failed = st.session_state.get("login_failed") or st.session_state.get(deps.SIGNED_OUT_KEY)
    if failed:
        st.error(md(str(failed)))


def sidebar(user: deps.CurrentUser) -> None:
    with st.sidebar:
        st.markdown(f"**{md(user.full_name or user.login)}**  \n{ROLE_NAMES.get(user.role, user.role)}")
        # under the name, not under the badges: at 768 px height those push it off the screen
        st.button("Выйти", on_click=_log_out, key="logout")
        sandbox_banner.show(user)
        deadline_badge.show()
        refusal_badge.show()
        session_cookie.sync_browser()


def main() -> None:
    st.set_page_config(page_title="Корреспондент", page_icon=":material/mail:", layout="wide")
    russian_uploader()
    user = deps.current_user()
    if user is None:
        user = session_cookie.resume()
    if user is None and deps.settings().auth_provider and _identity() and _sign_in_by_identity(_identity()):
        user = deps.current_user()
    if user is None:
        # every page's address shows the login form (a user signed out mid-work stays on the
        # address, and it opens once they log in again)
        logins = [st.Page(login_page, title="Вход", url_path="login", default=True)]
        logins += [st.Page(login_page, title="Вход", url_path=spec.key) for spec in PAGES]
        session_cookie.sync_browser()
        st.navigation(logins, position="hidden").run()
        return
    sidebar(user)
    allowed_pages = pages_for(user.role)
    # a link (?item=…, ?letter=…, ?case=…) to the bare address opens the page that shows the object
    target = links.target_page()
    default = target if any(spec.key == target for spec in allowed_pages) else allowed_pages[0].key
    pages = [
        st.Page(spec.path, title=spec.title, icon=spec.icon, url_path=spec.key, default=spec.key == default)
        for spec in allowed_pages
    ]
    st.navigation(pages).run()


main()
