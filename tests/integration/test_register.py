"""Registering incoming mail: one number per item, content registered at most once."""

from __future__ import annotations

import hashlib
import multiprocessing

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from config.errors import ActionRefused
from db.engine import make_engine, session_scope
from db.models import AuditLog, Blob, Incoming
from db.models.enums import IncomingSource
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
    assert session.scalar(select(func.count()).select_from(Blob)) >= 3
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


def _register_same(
    url: str, start: multiprocessing.synchronize.Event, results: multiprocessing.Queue
) -> None:
    engine = make_engine(url)
    start.wait()
    try:
        with session_scope(engine) as session:
            incoming = register_incoming(
                session, manual(), [PackageInput(files=(make_file(b"race"),))], actor="p"
            )
            results.put(incoming.reg_number)
    except DuplicateContent:
        results.put("duplicate")
    engine.dispose()


def test_register_incoming_registers_once_when_two_processes_race(fresh_engine: Engine) -> None:
    url = fresh_engine.url.render_as_string(hide_password=False)
    context = multiprocessing.get_context("spawn")
    start, results = context.Event(), context.Queue()
    workers = [context.Process(target=_register_same, args=(url, start, results)) for _ in range(3)]
    for worker in workers:
        worker.start()
    start.set()
    outcomes = sorted(results.get(timeout=60) for _ in workers)
    for worker in workers:
        worker.join(timeout=60)
    assert outcomes == ["duplicate", "duplicate", "ВХ-" + outcomes[2][3:]]
    with session_scope(fresh_engine) as session:
        assert session.scalar(select(func.count()).select_from(Incoming)) == 1
