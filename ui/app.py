"""Entry point of the clerks' app: page frame, login, and the navigation for the user's role.

Run it with ``korrespondent app`` (which passes the right Streamlit settings). Every rerun passes
through here: nothing heavy happens in this file, only the login check and the menu.
"""

from __future__ import annotations

import streamlit as st

from db import audit
from tasks.users import authenticate, user_for_identity
from ui import deps
from ui.nav import pages_for

ROLE_NAMES = {"clerk": "сотрудник", "supervisor": "старший сотрудник", "admin": "администратор"}


def _log_in() -> None:
    """Form callback: check the password and keep who logged in for this browser tab."""
    login = st.session_state.get("login_name", "")
    password = st.session_state.get("login_password", "")
    st.session_state["login_password"] = ""
    with deps.unit_of_work() as session:
        user = authenticate(session, login=login, password=password)
        if user is None:
            st.session_state["login_failed"] = True
            return
        st.session_state[deps.USER_KEY] = deps.CurrentUser(user.id, user.login, user.full_name, user.role)
        audit.record(session, actor=user.login, action="user.login", entity="user", entity_id=user.id)
    st.session_state["login_failed"] = False


def _identity() -> str:
    """Who the identity provider says is signed in (e-mail, else username); empty when nobody."""
    if not st.user.is_logged_in:
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
        st.session_state[deps.USER_KEY] = deps.CurrentUser(user.id, user.login, user.full_name, user.role)
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
    st.session_state.clear()
    if st.user.is_logged_in:
        st.logout()  # also forget the provider's identity cookie, or the next run signs in again


def login_page() -> None:
    st.title("Корреспондент")
    st.caption("Вход для сотрудников")
    provider = deps.settings().auth_provider
    if provider:
        identity = _identity()
        if identity:
            st.error(
                f"Учётная запись {identity} не заведена в «Корреспонденте» или отключена. "
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
    if st.session_state.get("login_failed"):
        st.error("Неверный логин или пароль.")


def sidebar(user: deps.CurrentUser) -> None:
    with st.sidebar:
        st.markdown(f"**{user.full_name or user.login}**  \n{ROLE_NAMES.get(user.role, user.role)}")
        if deps.settings().uses_pochta_sandbox:
            st.warning("Почта России: песочница", icon=":material/science:")
        st.button("Выйти", on_click=_log_out, key="logout")


def main() -> None:
    st.set_page_config(page_title="Корреспондент", page_icon=":material/mail:", layout="wide")
    user = deps.current_user()
    if user is None and deps.settings().auth_provider and _identity() and _sign_in_by_identity(_identity()):
        user = deps.current_user()
    if user is None:
        st.navigation([st.Page(login_page, title="Вход", url_path="login")], position="hidden").run()
        return
    sidebar(user)
    pages = [
        st.Page(spec.path, title=spec.title, icon=spec.icon, url_path=spec.key, default=index == 0)
        for index, spec in enumerate(pages_for(user.role))
    ]
    st.navigation(pages).run()


main()
