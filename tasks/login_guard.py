"""Brute-force protection for the password login: a growing pause, then a 15-minute lock.

Failures are counted twice, for the login typed and for the client it came from (the app passes
the remote address, or a per-tab key when there is none), so neither guessing one password nor
spraying many logins from one place gets far. After a failure the next attempt must wait 1, 2, 4,
8 s; five failures within 15 minutes lock that login (or client) for 15 minutes. A refused attempt
never reaches the password check, so it tells nothing and is not counted again.

The failures live in the audit log, which is where they must be anyway (152-ФЗ): action
``user.login_failed``, ``actor`` the login typed, ``entity_id`` the client key; both columns are
indexed. A successful login of that login starts its count afresh. The password is never stored.

    verdict = judge(failures_for(session, login=login, client=client, now=now), now=now)
    if verdict.locked_until: ...   # refuse, say until when
    elif verdict.retry_at: ...     # refuse, say in how many seconds
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import audit
from db.models import AuditLog

FAILED = "user.login_failed"
REFUSED = "user.login_throttled"
SUCCEEDED = "user.login"
CLIENT_ENTITY = "login_client"
MAX_LOGIN_CHARS = 100  # audit_log.actor
MAX_CLIENT_CHARS = 64  # audit_log.entity_id


@dataclass(frozen=True, slots=True)
class LoginPolicy:
    """How many failures within ``window`` lock for ``lock``; the pause doubles from ``first_pause``."""

    max_failures: int = 5
    window: timedelta = timedelta(minutes=15)
    lock: timedelta = timedelta(minutes=15)
    first_pause: timedelta = timedelta(seconds=1)


DEFAULT_POLICY = LoginPolicy()


@dataclass(frozen=True, slots=True)
class Failures:
    """Times of recent failed logins (oldest first) for the login typed and for the client."""

    login: Sequence[datetime]
    client: Sequence[datetime]


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether the password may be checked now; if not, until when the login waits or is locked."""

    locked_until: datetime | None = None
    retry_at: datetime | None = None

    @property
    def allowed(self) -> bool:
        return self.locked_until is None and self.retry_at is None


def _lock_end(failures: Sequence[datetime], policy: LoginPolicy) -> datetime | None:
    """End of the latest lock: ``max_failures`` failures within ``window`` lock from the last one."""
    end: datetime | None = None
    span = policy.max_failures - 1
    for index in range(span, len(failures)):
        if failures[index] - failures[index - span] <= policy.window:
            candidate = failures[index] + policy.lock
            end = candidate if end is None else max(end, candidate)
    return end


def _pause_end(failures: Sequence[datetime], policy: LoginPolicy, now: datetime) -> datetime | None:
    """After n recent failures the next attempt waits first_pause · 2^(n-1) after the last one."""
    recent = [moment for moment in failures if moment > now - policy.window]
    if not recent:
        return None
    factor: int = 2 ** (len(recent) - 1)
    return recent[-1] + policy.first_pause * factor


def judge_one(
    failures: Sequence[datetime], *, now: datetime, policy: LoginPolicy = DEFAULT_POLICY
) -> Verdict:
    """The verdict for one counter (a login or a client); ``failures`` oldest first."""
    ordered = sorted(failures)
    lock_end = _lock_end(ordered, policy)
    if lock_end is not None and lock_end > now:
        return Verdict(locked_until=lock_end)
    pause_end = _pause_end(ordered, policy, now)
    if pause_end is not None and pause_end > now:
        return Verdict(retry_at=pause_end)
    return Verdict()


def judge(failures: Failures, *, now: datetime, policy: LoginPolicy = DEFAULT_POLICY) -> Verdict:
    """The stricter of the login's and the client's verdicts: a lock beats a pause, later beats earlier."""
    verdicts = [
        judge_one(failures.login, now=now, policy=policy),
        judge_one(failures.client, now=now, policy=policy),
    ]
    locks = [v.locked_until for v in verdicts if v.locked_until is not None]
    if locks:
        return Verdict(locked_until=max(locks))
    pauses = [v.retry_at for v in verdicts if v.retry_at is not None]
    return Verdict(retry_at=max(pauses)) if pauses else Verdict()


def login_key(login: str) -> str:
    """The login as counted and audited: trimmed, lower case, cut to the column's width."""
    return login.strip().lower()[:MAX_LOGIN_CHARS]


def client_key(client: str) -> str:
    return client[:MAX_CLIENT_CHARS]


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def failures_for(
    session: Session, *, login: str, client: str, now: datetime, policy: LoginPolicy = DEFAULT_POLICY
) -> Failures:
    """Recent failures of this login (since its last success) and of this client, from the audit log.

    Looks back ``window + lock``: enough to see a lock that is still running.
    """
    since = now - policy.window - policy.lock
    login = login_key(login)
    last_success = session.scalar(
        select(func.max(AuditLog.at)).where(
            AuditLog.actor == login, AuditLog.action == SUCCEEDED, AuditLog.at >= since
        )
    )
    login_since = max(since, _aware(last_success)) if last_success is not None else since
    by_login = select(AuditLog.at).where(
        AuditLog.actor == login, AuditLog.action == FAILED, AuditLog.at > login_since
    )
    by_client = select(AuditLog.at).where(
        AuditLog.entity == CLIENT_ENTITY,
        AuditLog.entity_id == client_key(client),
        AuditLog.action == FAILED,
        AuditLog.at >= since,
    )
    return Failures(
        login=[_aware(at) for at in session.scalars(by_login.order_by(AuditLog.at))],
        client=[_aware(at) for at in session.scalars(by_client.order_by(AuditLog.at))],
    )


def record_attempt(session: Session, *, login: str, client: str, verdict: Verdict, now: datetime) -> None:
    """Audit a failed attempt: a wrong password (counted), or one refused unchecked (not counted).

    Details name the login and the client, never the password.
    """
    refusal = "locked" if verdict.locked_until else "pause" if verdict.retry_at else None
    details: dict[str, str] = {"login": login_key(login), "client": client_key(client)}
    if refusal:
        details["refused"] = refusal
    row = audit.record(
        session,
        actor=login_key(login),
        action=REFUSED if refusal else FAILED,
        entity=CLIENT_ENTITY,
        entity_id=client_key(client),
        details=details,
    )
    row.at = now  # the moment the verdict was judged at, so counting and judging share one clock
