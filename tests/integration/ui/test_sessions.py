"""Sessions survive a reload and an opened link; idleness, forgery and «Выйти» end them (issue 13.6).

AppTest cannot carry a browser cookie, so a "reload" here is a new AppTest (a new WebSocket
session, as F5 makes) whose cookie reader returns the token the first tab was told to keep; the
real cookie round trip through Chromium is tests/browser/test_session_reload.py.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import Engine, select
from streamlit.testing.v1 import AppTest

from db.engine import session_scope
from db.models import AppSession, utcnow
from db.models.enums import Role
from tasks.users import set_active
from tests.integration.ui.conftest import APP, log_in, make_world, new_user
from ui import session_cookie


def _cookie_script_token(at: AppTest) -> str:
    """The token the app's script writes into the browser's cookie (from the rendered st.html)."""
    bodies = [element.proto.body for element in at.get("html") if "document.cookie" in element.proto.body]
    assert bodies, "the app did not ask the browser to keep the session"
    value = bodies[-1].split(f"{session_cookie.COOKIE}=", 1)[1].split(";", 1)[0]
    return value


def _reload(monkeypatch: pytest.MonkeyPatch, token: str, **query: str) -> AppTest:
    """A new tab (F5, or a link opened) whose browser sends ``token`` as the session cookie."""
    import streamlit as st

    st.cache_data.clear()
    monkeypatch.setattr(session_cookie, "browser_token", lambda: token)
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def test_reload_keeps_the_clerk_signed_in(
    logged_in: Callable[[Role], AppTest], monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN a clerk signed in WHEN the page is reloaded THEN «Входящие» opens without the login form."""
    at = logged_in(Role.CLERK)
    token = _cookie_script_token(at)
    assert token == at.session_state[session_cookie.TOKEN_KEY]
    again = _reload(monkeypatch, token)
    assert not again.exception, again.exception
    assert again.title[0].value == "Входящие"
    assert "сотрудник" in again.sidebar.markdown[0].value


def test_a_forged_token_opens_nothing(
    logged_in: Callable[[Role], AppTest], monkeypatch: pytest.MonkeyPatch
) -> None:
    token = _cookie_script_token(logged_in(Role.ADMIN))
    key, _, signature = token.partition(".")
    forged = f"{key}.{signature[::-1]}"
    at = _reload(monkeypatch, forged)
    assert at.title[0].value == "Корреспондент"
    assert at.text_input(key="login_name") is not None
    # and the browser is told to drop the bad cookie
    assert any("Max-Age=0" in element.proto.body for element in at.get("html"))


def test_a_session_idle_for_more_than_8_hours_ends(
    logged_in: Callable[[Role], AppTest], monkeypatch: pytest.MonkeyPatch, app_engine: Engine
) -> None:
    at = logged_in(Role.CLERK)
    token = _cookie_script_token(at)
    with session_scope(app_engine) as session:
        row = session.scalars(select(AppSession).order_by(AppSession.id.desc())).first()
        assert row is not None
        row.last_seen_at = utcnow() - timedelta(hours=8, minutes=1)
    at.run()  # the open tab's next click
    assert session_cookie.TOKEN_KEY not in at.session_state
    again = _reload(monkeypatch, token)
    assert again.title[0].value == "Корреспондент"
    assert any("больше 8 часов" in error.value for error in again.error)


def test_a_session_used_within_8_hours_stays(
    logged_in: Callable[[Role], AppTest], monkeypatch: pytest.MonkeyPatch, app_engine: Engine
) -> None:
    token = _cookie_script_token(logged_in(Role.CLERK))
    with session_scope(app_engine) as session:
        row = session.scalars(select(AppSession).order_by(AppSession.id.desc())).first()
        assert row is not None
        row.last_seen_at = utcnow() - timedelta(hours=7, minutes=50)
    assert _reload(monkeypatch, token).title[0].value == "Входящие"


def test_logout_ends_the_session_on_the_server(
    logged_in: Callable[[Role], AppTest], monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN two tabs of one signed-in browser WHEN «Выйти» is pressed in one
    THEN the cookie no longer signs anyone in, and the other tab is signed out at its next click."""
    first = logged_in(Role.SUPERVISOR)
    token = _cookie_script_token(first)
    second = _reload(monkeypatch, token)
    assert second.title[0].value == "Входящие"
    first.button(key="logout").click().run()
    # (AppTest reruns only the open page after a click, so the login page's cookie-dropping script is
    # checked in test_a_forged_token_opens_nothing; here: the tab is marked to drop it)
    assert first.session_state[session_cookie.FORGET_KEY] is True
    second.run()
    assert session_cookie.TOKEN_KEY not in second.session_state
    assert _reload(monkeypatch, token).title[0].value == "Корреспондент"


def test_deactivating_a_user_ends_their_sessions(
    app_env: str, app_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    login = new_user(app_engine, Role.CLERK, prefix="leaver")
    token = _cookie_script_token(log_in(login))
    with session_scope(app_engine) as session:
        row = session.scalars(select(AppSession).order_by(AppSession.id.desc())).first()
        assert row is not None
        set_active(session, row.user_id, active=False, actor="tests")
        set_active(session, row.user_id, active=True, actor="tests")  # back, but the session stays ended
    assert _reload(monkeypatch, token).title[0].value == "Корреспондент"


def test_a_link_to_an_item_opens_it_after_sign_in(app_env: str, app_engine: Engine) -> None:
    """GIVEN a colleague's link ``?item=ВХ-…`` WHEN a clerk opens it and signs in THEN that item is open."""
    world = make_world(app_engine)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["item"] = str(world["reg_number"])
    at.run()
    assert at.title[0].value == "Корреспондент"  # sign-in first
    log_in(new_user(app_engine, Role.CLERK), at=at)
    assert at.title[0].value == "Входящие"
    assert [sub.value for sub in at.subheader][:1] == [world["reg_number"]]


def test_a_link_to_a_case_opens_it_with_a_live_session(
    logged_in: Callable[[Role], AppTest], monkeypatch: pytest.MonkeyPatch, app_engine: Engine
) -> None:
    world = make_world(app_engine)
    token = _cookie_script_token(logged_in(Role.CLERK))
    at = _reload(monkeypatch, token, case=str(world["case_number"]))
    assert not at.exception, at.exception
    assert at.title[0].value == "Кейсы"
    assert any(str(world["case_number"]) in sub.value for sub in at.subheader)


def test_opening_an_item_puts_its_link_in_the_address(
    logged_in: Callable[[Role], AppTest], app_engine: Engine
) -> None:
    world = make_world(app_engine)
    at = logged_in(Role.CLERK)
    at.text_input(key="in_text").input(str(world["reg_number"])).run()
    at.selectbox(key="in_open").select(world["item_id"]).run()
    assert at.query_params["item"] == world["reg_number"]
