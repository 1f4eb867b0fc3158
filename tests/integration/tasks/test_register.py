"""Registering incoming mail: one number per item, content registered at most once."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from config.errors import ActionRefused
from db import audit
from db.engine import session_scope
from db.models import AuditLog, Blob, Incoming
from db.models.enums import IncomingSource
from tasks import register as register_module
from tasks.register import (
    DuplicateContent,
    FileInput,
    IncomingInput,
    PackageInput,
    RegistrationError,
    RegistrationProblem,
    register_incoming,
)


def make_file(content: bytes, name: str = "scan.pdf") -> FileInput:
    data = b"%PDF-1.4\n" + content
    return FileInput(
        name=name, data=data, mime="application/pdf", sha256=hashlib.sha256(data).hexdigest(), pages=1
    )


def manual(comment: str = "") -> IncomingInput:
    return IncomingInput(sender_id=None, source=IncomingSource.MANUAL, comment=comment)


def test_register_incoming_assigns_number_and_stores_packages(session: Session) -> None:
    packages = [
        PackageInput(files=(make_file(b"a"), make_file(b"b"))),
        PackageInput(files=(make_file(b"c"),)),
    ]
    incoming = register_incoming(session, manual("с уведомлением"), packages, actor="clerk")
    assert incoming.reg_number.startswith("ВХ-")
    assert [len(p.attachments) for p in incoming.packages] == [2, 1]
    assert (session.scalar(select(func.count()).select_from(Blob)) or 0) >= 3
    entry = session.scalar(select(AuditLog).where(AuditLog.action == "incoming.register"))
    assert entry is not None and entry.details["reg_number"] == incoming.reg_number


def test_register_incoming_refuses_same_content_twice_and_names_first_number(session: Session) -> None:
    first = register_incoming(session, manual(), [PackageInput(files=(make_file(b"same"),))], actor="clerk")
    with pytest.raises(DuplicateContent) as caught:
        register_incoming(
            session, manual(), [PackageInput(files=(make_file(b"same", "copy.pdf"),))], actor="c"
        )
    assert caught.value.reg_number == first.reg_number
    assert f"уже зарегистрирован под номером {first.reg_number}" in caught.value.message
    assert caught.value.code is RegistrationProblem.DUPLICATE_CONTENT and isinstance(
        caught.value, ActionRefused
    )
    later = register_incoming(session, manual(), [PackageInput(files=(make_file(b"other"),))], actor="clerk")
    assert later.reg_number > first.reg_number


@pytest.mark.parametrize(
    ("packages", "message", "code"),
    [
        ([], "хотя бы один пакет", RegistrationProblem.NO_PACKAGES),
        ([PackageInput(files=())], "нет ни одного файла", RegistrationProblem.EMPTY_PACKAGE),
    ],
)
def test_register_incoming_refuses_malformed_packages(
    session: Session, packages: list[PackageInput], message: str, code: RegistrationProblem
) -> None:
    with pytest.raises(RegistrationError, match=message) as info:
        register_incoming(session, manual(), packages, actor="clerk")
    assert info.value.code is code


def _blind_first_check(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Make the up-front duplicate check see nothing once, as when another process has just
    registered the content: only the database's constraint can then refuse it."""
    real_check = register_module.registered_under
    checks: list[int] = []

    def check(session: Session, *, sha256s: Sequence[str]) -> dict[str, str]:
        checks.append(len(sha256s))
        return {} if len(checks) == 1 else real_check(session, sha256s=sha256s)

    monkeypatch.setattr(register_module, "registered_under", check)
    return checks


def test_register_incoming_turns_a_lost_race_into_duplicate_content_and_keeps_the_transaction(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """
    GIVEN content registered by "someone else" that the duplicate check does not see yet
    WHEN the insert meets the content constraint
    THEN the refusal is DuplicateContent naming the first number, and the caller's transaction
         goes on (the savepoint took the failed insert back)
    """
    first = register_incoming(session, manual(), [PackageInput(files=(make_file(b"late"),))], actor="a")
    checks = _blind_first_check(monkeypatch)
    with pytest.raises(DuplicateContent) as caught:
        register_incoming(session, manual(), [PackageInput(files=(make_file(b"late"),))], actor="b")
    assert caught.value.reg_number == first.reg_number and len(checks) == 2
    assert isinstance(caught.value.__cause__, IntegrityError)
    later = register_incoming(session, manual(), [PackageInput(files=(make_file(b"next"),))], actor="b")
    session.flush()
    assert later.reg_number > first.reg_number


def test_register_incoming_lets_other_integrity_errors_through_even_when_content_is_taken(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """
    GIVEN content registered meanwhile, and a package pointing at a case that does not exist
    WHEN the insert fails on the case reference (before it reaches the content constraint)
    THEN the IntegrityError itself propagates: a broken reference is our bug, not a duplicate
    """
    register_incoming(session, manual(), [PackageInput(files=(make_file(b"taken"),))], actor="a")
    before = session.scalar(select(func.count()).select_from(Incoming))
    _blind_first_check(monkeypatch)
    package = PackageInput(files=(make_file(b"taken"),), case_id=987_654_321)
    with pytest.raises(IntegrityError):
        register_incoming(session, manual(), [package], actor="clerk")
    assert session.scalar(select(func.count()).select_from(Incoming)) == before


def test_register_incoming_overlapping_registrations_on_postgresql_register_once(
    fresh_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """
    GIVEN two clerks registering the same file at the same moment on PostgreSQL
    WHEN both pass the duplicate check before either inserts (a barrier holds them there)
    THEN one registers it; the other's insert meets the content constraint, which becomes
         DuplicateContent naming the winner's number, and its transaction still commits other work
    """
    if fresh_engine.dialect.name != "postgresql":
        pytest.skip("SQLite serialises writers: two registrations cannot overlap there")
    both_checked = threading.Barrier(2, timeout=30)
    real_build = register_module._build

    def build_when_both_checked(*args: Any, **kwargs: Any) -> Incoming:
        both_checked.wait()  # both have passed registered_under(); neither has inserted yet
        return real_build(*args, **kwargs)

    monkeypatch.setattr(register_module, "_build", build_when_both_checked)
    outcomes: dict[str, object] = {}

    def clerk(name: str) -> None:
        try:
            with session_scope(fresh_engine) as session:
                try:
                    file = make_file(b"race", f"{name}.pdf")
                    outcomes[name] = register_incoming(
                        session, manual(name), [PackageInput(files=(file,))], actor=name
                    ).reg_number
                except DuplicateContent as refused:
                    outcomes[name] = refused
                    audit.record(session, actor=name, action="test.after_refusal", entity="incoming")
        except Exception as exc:  # noqa: BLE001 - reported to the test thread and asserted there
            outcomes[name] = exc

    threads = [threading.Thread(target=clerk, args=(name,)) for name in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    numbers = [o for o in outcomes.values() if isinstance(o, str)]
    refusals = [o for o in outcomes.values() if isinstance(o, DuplicateContent)]
    assert len(numbers) == 1 and len(refusals) == 1, outcomes
    (refusal,) = refusals
    assert refusal.reg_number == numbers[0]
    cause = refusal.__cause__
    assert isinstance(cause, IntegrityError)  # the race branch ran, not the up-front check
    assert cause.orig.diag.constraint_name == register_module.CONTENT_CONSTRAINT  # type: ignore[union-attr]
    with session_scope(fresh_engine) as session:
        assert session.scalar(select(func.count()).select_from(Incoming)) == 1
        after = select(func.count()).select_from(AuditLog).where(AuditLog.action == "test.after_refusal")
        assert session.scalar(after) == 1
