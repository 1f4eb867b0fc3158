"""Пользователи: administrators create accounts, change roles, deactivate and reset passwords.

Every change goes through ``tasks.users`` (audited, the last administrator kept, sessions of a
deactivated user or one whose password was reset ended there). Users are never deleted: the
journal names them. Passwords are typed twice and never shown or logged.
"""

from __future__ import annotations

import streamlit as st

from db.models.enums import Role
from tasks.users import UserError, change_role, create_user, list_users, reset_password, set_active
from ui import deps
from ui.labels import ROLES
from ui.safe import md, show

FLASH = "users_flash"
PICK = "users_pick"


def _refused(exc: UserError) -> None:
    st.session_state[FLASH] = ("error", exc.message)


def _same_passwords(first: str, second: str) -> bool:
    if first != second:
        st.session_state[FLASH] = ("error", "Пароли не совпадают: введите один и тот же пароль дважды.")
        return False
    return True


def _create(admin: deps.CurrentUser) -> None:
    if not deps.allowed_here(admin, "users"):
        return
    state = st.session_state
    login, password = str(state.get("users_new_login", "")), str(state.get("users_new_password", ""))
    repeat = str(state.get("users_new_repeat", ""))
    state["users_new_password"] = state["users_new_repeat"] = ""
    if not _same_passwords(password, repeat):
        return
    try:
        with deps.unit_of_work() as session:
            user = create_user(
                session,
                login=login,
                password=password,
                role=Role(state.get("users_new_role") or Role.CLERK),
                full_name=str(state.get("users_new_name", "")).strip(),
                actor=admin.actor,
            )
            created = user.login
    except UserError as exc:
        _refused(exc)
        return
    state["users_new_login"] = state["users_new_name"] = ""
    state[FLASH] = ("success", f"Пользователь {created} создан. Передайте ему пароль лично.")


def _save_role(admin: deps.CurrentUser, user_id: int) -> None:
    if not deps.allowed_here(admin, "users"):
        return
    role = Role(st.session_state[f"users_role_{user_id}"])
    try:
        with deps.unit_of_work() as session:
            login = change_role(session, user_id, role=role, actor=admin.actor).login
    except UserError as exc:
        _refused(exc)
        return
    st.session_state[FLASH] = ("success", f"Роль пользователя {login}: {ROLES[role.value]}.")


def _switch_active(admin: deps.CurrentUser, user_id: int, active: bool) -> None:
    if not deps.allowed_here(admin, "users"):
        return
    try:
        with deps.unit_of_work() as session:
            login = set_active(session, user_id, active=active, actor=admin.actor).login
    except UserError as exc:
        _refused(exc)
        return
    st.session_state.pop(f"users_confirm_{user_id}", None)
    st.session_state[FLASH] = (
        "success",
        f"Пользователь {login} включён."
        if active
        else f"Пользователь {login} отключён, его сеансы завершены.",
    )


def _reset(admin: deps.CurrentUser, user_id: int) -> None:
    if not deps.allowed_here(admin, "users"):
        return
    state = st.session_state
    password, repeat = str(state.get(f"users_pw_{user_id}", "")), str(state.get(f"users_pw2_{user_id}", ""))
    state[f"users_pw_{user_id}"] = state[f"users_pw2_{user_id}"] = ""
    if not _same_passwords(password, repeat):
        return
    try:
        with deps.unit_of_work() as session:
            login = reset_password(session, user_id, password=password, actor=admin.actor).login
    except UserError as exc:
        _refused(exc)
        return
    state[FLASH] = ("success", f"Пароль пользователя {login} изменён, его сеансы завершены.")


def _new_user_form(admin: deps.CurrentUser) -> None:
    with st.expander("Новый пользователь", icon=":material/person_add:"):
        with st.form("users_new", border=False):
            left, right = st.columns(2)
            left.text_input("Логин", key="users_new_login", placeholder="например, ivanova")
            right.text_input("ФИО", key="users_new_name")
            left.selectbox("Роль", list(ROLES), format_func=ROLES.__getitem__, key="users_new_role")
            left.text_input("Пароль (не меньше 8 символов)", type="password", key="users_new_password")
            right.text_input("Пароль ещё раз", type="password", key="users_new_repeat")
            st.form_submit_button("Создать", on_click=_create, args=(admin,), type="primary")


def _one_user(admin: deps.CurrentUser, user_id: int, login: str, role: str, active: bool) -> None:
    st.subheader(md(login))
    left, right = st.columns(2)
    with left, st.form(f"users_role_form_{user_id}", border=True):
        st.selectbox(
            "Роль",
            list(ROLES),
            index=list(ROLES).index(role),
            format_func=ROLES.__getitem__,
            key=f"users_role_{user_id}",
        )
        st.form_submit_button("Сохранить роль", on_click=_save_role, args=(admin, user_id))
    with right, st.form(f"users_pw_form_{user_id}", border=True):
        st.text_input("Новый пароль", type="password", key=f"users_pw_{user_id}")
        st.text_input("Новый пароль ещё раз", type="password", key=f"users_pw2_{user_id}")
        st.form_submit_button("Сбросить пароль", on_click=_reset, args=(admin, user_id))
    if not active:
        st.button("Включить", key=f"users_on_{user_id}", on_click=_switch_active, args=(admin, user_id, True))
        return
    if user_id == admin.id:
        st.caption("Себя отключить нельзя.")
        return
    if st.session_state.get(f"users_confirm_{user_id}"):
        st.warning(f"Отключить {md(login)}? Он будет выведен из программы и не сможет войти.")
        yes, no = st.columns(2)
        yes.button(
            "Да, отключить",
            key=f"users_off_{user_id}",
            on_click=_switch_active,
            args=(admin, user_id, False),
            type="primary",
        )
        no.button(
            "Отмена",
            key=f"users_keep_{user_id}",
            on_click=st.session_state.pop,
            args=(f"users_confirm_{user_id}",),
        )
        return
    st.button(
        "Отключить…",
        key=f"users_ask_off_{user_id}",
        on_click=st.session_state.__setitem__,
        args=(f"users_confirm_{user_id}", True),
    )


def main() -> None:
    admin = deps.require("users")
    st.title("Пользователи")
    flash = st.session_state.pop(FLASH, None)
    if flash:
        show(*flash)
    _new_user_form(admin)
    with deps.unit_of_work() as session:
        users = [(u.id, u.login, u.full_name, u.role, u.active) for u in list_users(session)]
    st.dataframe(
        [
            {
                "Логин": login,
                "ФИО": name or "—",
                "Роль": ROLES.get(role, role),
                "Действует": "да" if active else "нет",
            }
            for _, login, name, role, active in users
        ],
        hide_index=True,
        width="stretch",
        column_config={
            "Логин": st.column_config.TextColumn(width="medium"),
            "ФИО": st.column_config.TextColumn(width="large"),
        },
    )
    labels = {uid: f"{login} · {name or '—'}" for uid, login, name, _, _ in users}
    chosen = st.selectbox(
        "Изменить пользователя",
        list(labels),
        index=None,
        format_func=labels.__getitem__,
        key=PICK,
        placeholder="Выберите пользователя",
    )
    if chosen is not None:
        _, login, _, role, active = next(u for u in users if u[0] == chosen)
        _one_user(admin, chosen, login, role, active)


main()
