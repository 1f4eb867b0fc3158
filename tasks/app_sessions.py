"""Signed-in browsers: a session that survives a reload (F5) and an opened link, until «Выйти».

Streamlit keeps who is signed in per WebSocket, so a reload forgets it. The app therefore gives the
browser a token, ``<key>.<signature>``: ``key`` is random, ``signature`` an HMAC-SHA256 of it with a
secret of this installation (``session.key`` in the data folder, made on first run, never in git).
The server keeps a row per session with the key's SHA-256 only; the token is honoured while

- its signature is right (a forged or mangled token is refused without a database look-up),
- its row exists and has not ended («Выйти», the user deactivated or their password reset), and
- it was used within ``IDLE_LIMIT`` (8 hours): idleness is judged here, not by the cookie's age.

    token = start_session(session, user_id=user.id, secret=secret, now=now)
    user = resume_session(session, token, secret=secret, now=now)   # None: sign in again
    end_session(session, token, secret=secret, now=now, reason=EndReason.LOGOUT)
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from db.models import AppSession, User

IDLE_LIMIT = timedelta(hours=8)
TOUCH_EVERY = timedelta(minutes=1)  # last_seen_at is written at most this often per session
SECRET_FILE = "session.key"


class EndReason(StrEnum):
    """Why a session ended (stored as the code)."""

    LOGOUT = "logout"
    IDLE = "idle"
    DEACTIVATED = "deactivated"
    PASSWORD_RESET = "password_reset"


def installation_secret(data_dir: Path) -> bytes:
    """The HMAC key of this installation: read from ``data_dir/session.key``, made there if missing.

    Created with mode 0600 and exclusively (``O_EXCL``), so two processes starting at once agree on
    one secret. Deleting the file signs everybody out at their next click.
    """
    path = data_dir / SECRET_FILE
    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes()
    with os.fdopen(descriptor, "wb") as file:
        file.write(secrets.token_bytes(32))
    return path.read_bytes()


def _signature(key: str, secret: bytes) -> str:
    return hmac.new(secret, key.encode(), hashlib.sha256).hexdigest()


def _key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _verified_key(token: str, secret: bytes) -> str | None:
    """The key of a well-formed token whose signature is ours, else None."""
    key, dot, signature = token.partition(".")
    if not dot or not key or not hmac.compare_digest(signature, _signature(key, secret)):
        return None
    return key


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def start_session(session: Session, *, user_id: int, secret: bytes, now: datetime) -> str:
    """A new session for ``user_id``; returns the token the browser keeps."""
    key = secrets.token_urlsafe(32)
    session.add(AppSession(key_hash=_key_hash(key), user_id=user_id, started_at=now, last_seen_at=now))
    session.flush()
    return f"{key}.{_signature(key, secret)}"


def resume_session(session: Session, token: str, *, secret: bytes, now: datetime) -> User | None:
    """The active user a live token belongs to (and the session marked as used), else None.

    A token idle past ``IDLE_LIMIT`` is ended here, so it cannot come back later.
    """
    key = _verified_key(token, secret)
    if key is None:
        return None
    row = session.scalar(select(AppSession).where(AppSession.key_hash == _key_hash(key)))
    if row is None or row.ended_at is not None:
        return None
    last_seen = _aware(row.last_seen_at)
    if now - last_seen > IDLE_LIMIT:
        row.ended_at, row.end_reason = now, EndReason.IDLE.value
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    if now - last_seen >= TOUCH_EVERY:
        row.last_seen_at = now
    return user


def end_session(session: Session, token: str, *, secret: bytes, now: datetime, reason: EndReason) -> bool:
    """End the session this token names; False when it names none (forged, unknown, ended)."""
    key = _verified_key(token, secret)
    if key is None:
        return False
    ended = session.execute(
        update(AppSession)
        .where(AppSession.key_hash == _key_hash(key), AppSession.ended_at.is_(None))
        .values(ended_at=now, end_reason=reason.value)
    )
    return bool(getattr(ended, "rowcount", 0))


def end_user_sessions(session: Session, user_id: int, *, now: datetime, reason: EndReason) -> int:
    """End every open session of a user (deactivated, password reset); returns how many."""
    ended = session.execute(
        update(AppSession)
        .where(AppSession.user_id == user_id, AppSession.ended_at.is_(None))
        .values(ended_at=now, end_reason=reason.value)
    )
    return int(getattr(ended, "rowcount", 0))
