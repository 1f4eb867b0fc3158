"""Personal accounts: creation, changes by an administrator, password hashing (argon2), login.

An administrator creates users, changes their role, deactivates (never deletes: the audit log
names them) and resets passwords; each change is audited, and deactivation or a password reset
ends the user's open sessions (``tasks.app_sessions``). The last active administrator cannot be
demoted or deactivated, so the installation never locks itself out.
"""

from __future__ import annotations

import secrets
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from config.errors import ActionRefused
from db import audit
from db.models import User, utcnow
from db.models.enums import Role
from tasks.app_sessions import EndReason, end_user_sessions

MIN_PASSWORD_LENGTH = 8


class UserProblem(StrEnum):
    """Why a user cannot be created or changed."""

    EMPTY_LOGIN = "empty_login"
    SHORT_PASSWORD = "short_password"
    LOGIN_TAKEN = "login_taken"
    NO_SUCH_USER = "no_such_user"
    LAST_ADMIN = "last_admin"


class UserError(ActionRefused):
    """A user cannot be created or changed; ``code`` is a ``UserProblem``, ``message`` Russian."""


def _hasher() -> PasswordHasher:
    return PasswordHasher()


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(
            UserProblem.SHORT_PASSWORD,
            f"Пароль слишком короткий: нужно не меньше {MIN_PASSWORD_LENGTH} символов.",
        )


def create_user(
    session: Session, *, login: str, password: str, role: Role, full_name: str = "", actor: str
) -> User:
    login = login.strip().lower()
    if not login:
        raise UserError(UserProblem.EMPTY_LOGIN, "Логин не может быть пустым.")
    _check_password(password)
    if session.scalar(select(User).where(User.login == login)) is not None:
        raise UserError(UserProblem.LOGIN_TAKEN, f"Пользователь «{login}» уже существует.")
    user = User(login=login, password_hash=_hasher().hash(password), role=role.value, full_name=full_name)
    session.add(user)
    session.flush()
    audit.record(
        session, actor=actor, action="user.create", entity="user", entity_id=user.id, details={"role": role}
    )
    return user


def list_users(session: Session) -> list[User]:
    """Every user, active first, then by login (the «Пользователи» page)."""
    return list(session.scalars(select(User).order_by(User.active.desc(), User.login)))


def _user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise UserError(UserProblem.NO_SUCH_USER, "Такого пользователя нет.")
    return user


def _keep_an_admin(session: Session, user: User) -> None:
    """Refuse a change that would leave no active administrator."""
    if user.role != Role.ADMIN or not user.active:
        return
    others = session.scalar(
        select(User.id)
        .where(User.role == Role.ADMIN.value, User.active.is_(True), User.id != user.id)
        .limit(1)
    )
    if others is None:
        raise UserError(
            UserProblem.LAST_ADMIN,
            "Это единственный действующий администратор: сначала назначьте другого.",
        )


def change_role(session: Session, user_id: int, *, role: Role, actor: str) -> User:
    """Give a user another role (takes effect at their next click); audited with old and new."""
    user = _user(session, user_id)
    if user.role == role.value:
        return user
    if role != Role.ADMIN:
        _keep_an_admin(session, user)
    old, user.role = user.role, role.value
    audit.record(
        session,
        actor=actor,
        action="user.role",
        entity="user",
        entity_id=user.id,
        details={"login": user.login, "from": old, "to": role.value},
    )
    return user


def set_active(session: Session, user_id: int, *, active: bool, actor: str) -> User:
    """Deactivate (signs the user out everywhere) or reactivate a user; audited."""
    user = _user(session, user_id)
    if user.active == active:
        return user
    if not active:
        _keep_an_admin(session, user)
        end_user_sessions(session, user.id, now=utcnow(), reason=EndReason.DEACTIVATED)
    user.active = active
    audit.record(
        session,
        actor=actor,
        action="user.activate" if active else "user.deactivate",
        entity="user",
        entity_id=user.id,
        details={"login": user.login},
    )
    return user


def reset_password(session: Session, user_id: int, *, password: str, actor: str) -> User:
    """Set a new password (the old one stops working; open sessions end); audited, never the password."""
    _check_password(password)
    user = _user(session, user_id)
    user.password_hash = _hasher().hash(password)
    end_user_sessions(session, user.id, now=utcnow(), reason=EndReason.PASSWORD_RESET)
    audit.record(
        session,
        actor=actor,
        action="user.password_reset",
        entity="user",
        entity_id=user.id,
        details={"login": user.login},
    )
    return user


def authenticate(session: Session, *, login: str, password: str) -> User | None:
    """The active user with this login and password, or None (never says which part was wrong)."""
    user = session.scalar(select(User).where(User.login == login.strip().lower(), User.active.is_(True)))
    if user is None:
        _hasher().hash(password)  # spend the same time as a real check
        return None
    try:
        _hasher().verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    return user


def user_for_identity(session: Session, identity: str) -> User | None:
    """The active user a single-sign-on identity (e-mail or username from the ID token) maps to.

    The identity provider proves who someone is; whether they may use Korrespondent, and in what
    role, is decided here: only a user an administrator created under that login gets in.
    """
    login = identity.strip().lower()
    if not login:
        return None
    return session.scalar(select(User).where(User.login == login, User.active.is_(True)))


def ensure_first_admin(session: Session, *, actor: str, login: str = "admin") -> str | None:
    """Create the first administrator on an installation without users; returns its password.

    Returns None when any user exists already: an installation never gets a second default admin.
    """
    if session.scalar(select(User.id).limit(1)) is not None:
        return None
    password = secrets.token_urlsafe(12)
    create_user(
        session, login=login, password=password, role=Role.ADMIN, full_name="Администратор", actor=actor
    )
    return password
