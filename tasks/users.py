"""Personal accounts: creation, password hashing (argon2) and authentication."""

from __future__ import annotations

import secrets
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from config.errors import ActionRefused
from db import audit
from db.models import User
from db.models.enums import Role

MIN_PASSWORD_LENGTH = 8


class UserProblem(StrEnum):
    """Why a user cannot be created or changed."""

    EMPTY_LOGIN = "empty_login"
    SHORT_PASSWORD = "short_password"
    LOGIN_TAKEN = "login_taken"


class UserError(ActionRefused):
    """A user cannot be created or changed; ``code`` is a ``UserProblem``, ``message`` Russian."""


def _hasher() -> PasswordHasher:
    return PasswordHasher()


def create_user(
    session: Session, *, login: str, password: str, role: Role, full_name: str = "", actor: str
) -> User:
    login = login.strip().lower()
    if not login:
        raise UserError(UserProblem.EMPTY_LOGIN, "Логин не может быть пустым.")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(
            UserProblem.SHORT_PASSWORD,
            f"Пароль слишком короткий: нужно не меньше {MIN_PASSWORD_LENGTH} символов.",
        )
    if session.scalar(select(User).where(User.login == login)) is not None:
        raise UserError(UserProblem.LOGIN_TAKEN, f"Пользователь «{login}» уже существует.")
    user = User(login=login, password_hash=_hasher().hash(password), role=role.value, full_name=full_name)
    session.add(user)
    session.flush()
    audit.record(
        session, actor=actor, action="user.create", entity="user", entity_id=user.id, details={"role": role}
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
