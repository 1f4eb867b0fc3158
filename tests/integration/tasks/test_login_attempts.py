"""Counting failed logins in the audit log (SQLite, PostgreSQL): per login, per client, reset by success."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from db import audit
from db.models import AuditLog, utcnow
from tasks.login_guard import Verdict, failures_for, judge, record_attempt


def test_failures_are_counted_per_login_and_per_client_and_never_keep_the_password(session: Session) -> None:
    now = utcnow()
    for seconds, (login, client) in enumerate(
        [("anna", "10.0.0.7"), ("boris", "10.0.0.7"), ("anna", "10.0.0.8")]
    ):
        record_attempt(
            session,
            login=f" {login.upper()} ",
            client=client,
            verdict=Verdict(),
            now=now - timedelta(seconds=30 - seconds),
        )
    session.flush()
    failures = failures_for(session, login="Anna", client="10.0.0.7", now=now)
    assert len(failures.login) == 2 and len(failures.client) == 2
    rows = session.query(AuditLog).filter(AuditLog.action == "user.login_failed").all()
    assert {row.actor for row in rows} >= {"anna", "boris"}
    assert all(set(row.details) == {"login", "client"} for row in rows)


def test_a_successful_login_starts_the_login_count_afresh(session: Session) -> None:
    now = utcnow()
    for minutes in (10, 9, 8, 7):
        record_attempt(
            session, login="vera", client="10.1.1.1", verdict=Verdict(), now=now - timedelta(minutes=minutes)
        )
    row = audit.record(session, actor="vera", action="user.login", entity="user", entity_id=1)
    row.at = now - timedelta(minutes=6)
    record_attempt(
        session, login="vera", client="10.1.1.2", verdict=Verdict(), now=now - timedelta(minutes=5)
    )
    session.flush()
    failures = failures_for(session, login="vera", client="10.1.1.2", now=now)
    assert len(failures.login) == 1
    assert judge(failures, now=now).allowed


def test_attempts_refused_unchecked_are_audited_but_not_counted(session: Session) -> None:
    now = utcnow()
    record_attempt(session, login="gleb", client="10.2.2.2", verdict=Verdict(retry_at=now), now=now)
    session.flush()
    assert failures_for(session, login="gleb", client="10.2.2.2", now=now).login == []
    (row,) = session.query(AuditLog).filter(AuditLog.actor == "gleb").all()
    assert row.action == "user.login_throttled" and row.details["refused"] == "pause"
