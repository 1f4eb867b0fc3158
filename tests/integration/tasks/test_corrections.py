"""Correcting a registered item: each change audited with before, after and reason; history in Russian."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import AuditLog, Case, Client, Counterparty, Debtor, DocumentType, Incoming
from db.models.enums import IncomingSource, IncomingStatus
from tasks import review
from tasks.corrections import (
    CorrectionError,
    CorrectionProblem,
    ItemChanges,
    correct_item,
    item_history,
    return_to_review,
)
from tasks.register import DuplicateContent, FileInput, IncomingInput, PackageInput, register_incoming
from tasks.review import PackageChoice


@dataclass
class World:
    court: Counterparty
    bailiff: Counterparty
    ruling: DocumentType
    assignment: DocumentType
    case_a: Case
    case_b: Case
    client: Client


def make_file(content: bytes, name: str = "scan.pdf") -> FileInput:
    data = b"%PDF-1.4\n" + content
    return FileInput(name, data, "application/pdf", hashlib.sha256(data).hexdigest(), 1)


@pytest.fixture
def world(session: Session) -> World:
    client = Client(name="Банк Коррекций")
    court = Counterparty(name="Суд Коррекций", kind="court")
    bailiff = Counterparty(name="ОСП Коррекций", kind="bailiff")
    ruling = DocumentType(name="Решение (тест исправлений)", belongs_to="case")
    assignment = DocumentType(name="Уступка (тест исправлений)", belongs_to="client")
    case_a = Case(case_number="КР-1", client=client, debtor=Debtor(full_name="Иванов Иван Иванович"))
    case_b = Case(case_number="КР-2", client=client, debtor=Debtor(full_name="Сидоров Пётр Петрович"))
    session.add_all([client, court, bailiff, ruling, assignment, case_a, case_b])
    session.flush()
    return World(court, bailiff, ruling, assignment, case_a, case_b, client)


def registered(
    session: Session, world: World, *, status: IncomingStatus = IncomingStatus.REGISTERED
) -> Incoming:
    package = PackageInput(
        files=(make_file(b"first"),),
        document_type_id=world.ruling.id,
        case_id=world.case_a.id,
        client_id=world.client.id,
        debtor_id=world.case_a.debtor_id,
    )
    item = IncomingInput(
        sender_id=world.court.id, source=IncomingSource.MANUAL, status=status, comment="было"
    )
    return register_incoming(session, item, [package], actor="clerk")


@pytest.fixture
def item(session: Session, world: World) -> Incoming:
    """A registered item: one ruling on case КР-1 from the court, comment «было»."""
    return registered(session, world)


def as_registered(world: World, **changes: Any) -> ItemChanges:
    """The clerk's form as ``registered`` filled it (court, «было»), with ``changes`` on top.

    The form always carries sender and comment; a test names only what it means to change.
    """
    return ItemChanges(**({"sender_id": world.court.id, "comment": "было"} | changes))


def correct(session: Session, item: Incoming, changes: ItemChanges, *, reason: str) -> int:
    return correct_item(session, item.id, changes, reason=reason, actor="clerk")


def refused(
    session: Session, item: Incoming, changes: ItemChanges, *, reason: str = "проверка"
) -> CorrectionError:
    """The refusal of a correction, its writes rolled back so the test can go on."""
    with pytest.raises(CorrectionError) as caught:
        with session.begin_nested():
            correct(session, item, changes, reason=reason)
    return caught.value


def corrections(session: Session, item: Incoming) -> list[AuditLog]:
    return list(
        session.scalars(
            select(AuditLog)
            .where(AuditLog.action == "incoming.correct", AuditLog.entity_id == str(item.id))
            .order_by(AuditLog.id)
        )
    )


def test_correct_item_records_one_audit_row_per_change_with_before_after_and_reason(
    session: Session, world: World, item: Incoming
) -> None:
    package = item.packages[0]
    changes = ItemChanges(
        sender_id=world.bailiff.id,
        comment="стало",
        packages=(PackageChoice(package.id, world.ruling.id, case_id=world.case_b.id),),
    )
    count = correct_item(session, item.id, changes, reason="ошибся при вводе", actor="clerk2")
    assert count == 3  # sender, comment, case (client is the same bank)
    rows = corrections(session, item)
    assert [r.details["field"] for r in rows] == ["sender", "comment", "case"]
    assert rows[0].details["before"]["name"] == "Суд Коррекций"
    assert rows[0].details["after"]["name"] == "ОСП Коррекций"
    assert rows[2].details["after"]["name"] == "КР-2" and rows[2].details["package"] == 1
    assert {r.details["reason"] for r in rows} == {"ошибся при вводе"} and {r.actor for r in rows} == {
        "clerk2"
    }
    session.refresh(package)
    assert package.case_id == world.case_b.id and package.debtor_id == world.case_b.debtor_id
    history = [what for _, what, _ in item_history(session, item.id)]
    assert history[0] == "Зарегистрирован"
    assert "Исправлено: отправитель: Суд Коррекций → ОСП Коррекций" in history
    assert "Исправлено: пакет 1: кейс: КР-1 → КР-2" in history


def test_correct_item_refuses_without_reason_without_changes_and_when_rule_broken(
    session: Session, world: World, item: Incoming
) -> None:
    package = item.packages[0]
    same = as_registered(
        world, packages=(PackageChoice(package.id, world.ruling.id, case_id=world.case_a.id),)
    )
    assert refused(session, item, same, reason="  ").code == CorrectionProblem.NO_REASON
    assert refused(session, item, same).code == CorrectionProblem.NO_CHANGES
    to_client_type = as_registered(
        world, packages=(PackageChoice(package.id, world.assignment.id, client_id=None),)
    )
    no_client = refused(session, item, to_client_type)
    assert no_client.code == CorrectionProblem.INCOMPLETE
    assert "Пакет 1: выберите клиента" in no_client.message
    no_sender = refused(session, item, as_registered(world, sender_id=None))
    assert no_sender.code == CorrectionProblem.INCOMPLETE
    assert no_sender.message == "Укажите отправителя."
    assert corrections(session, item) == []


def test_correct_item_changes_type_to_a_client_document_with_the_client(
    session: Session, world: World, item: Incoming
) -> None:
    package = item.packages[0]
    to_assignment = PackageChoice(package.id, world.assignment.id, client_id=world.client.id)
    correct(session, item, as_registered(world, packages=(to_assignment,)), reason="это уступка")
    assert [r.details["field"] for r in corrections(session, item)] == ["document_type", "case"]
    session.refresh(package)
    assert package.case_id is None and package.debtor_id is None and package.client_id == world.client.id


def test_correct_item_adds_and_removes_packages_and_keeps_at_least_one(
    session: Session, world: World, item: Incoming
) -> None:
    first = item.packages[0]
    added = PackageInput(
        files=(make_file(b"second", "ответ.pdf"),), document_type_id=world.ruling.id, case_id=world.case_b.id
    )
    correct(session, item, as_registered(world, add_packages=(added,)), reason="забыли вложение")
    session.refresh(item)
    assert [p.position for p in item.packages] == [1, 2]
    assert item.packages[1].client_id == world.client.id
    with pytest.raises(DuplicateContent):
        with session.begin_nested():
            correct(session, item, as_registered(world, add_packages=(added,)), reason="ещё раз")
    correct(session, item, as_registered(world, remove_packages=(first.id,)), reason="не наш документ")
    session.refresh(item)
    assert len(item.packages) == 1 and item.packages[0].position == 1
    last = as_registered(world, remove_packages=(item.packages[0].id,))
    assert refused(session, item, last).code == CorrectionProblem.NO_PACKAGES_LEFT
    history = [what for _, what, _ in item_history(session, item.id)]
    assert "Исправлено: пакет 2: добавлен пакет: Решение (тест исправлений) (ответ.pdf)" in history
    assert "Исправлено: удалён пакет 1: Решение (тест исправлений) (scan.pdf)" in history


def test_correct_item_refuses_an_item_waiting_for_review(session: Session, world: World) -> None:
    item = registered(session, world, status=IncomingStatus.NEEDS_REVIEW)
    refusal = refused(session, item, ItemChanges(sender_id=None, comment=None), reason="x")
    assert refusal.code == CorrectionProblem.NOT_REGISTERED


def test_return_to_review_puts_a_rejected_item_back_with_its_reason(session: Session, world: World) -> None:
    item = registered(session, world, status=IncomingStatus.NEEDS_REVIEW)
    review.reject(session, item.id, reason="не наше", actor="clerk")
    with pytest.raises(CorrectionError):
        return_to_review(session, item.id, reason="", actor="boss")
    return_to_review(session, item.id, reason="наше всё-таки", actor="boss")
    assert item.status == IncomingStatus.NEEDS_REVIEW
    with pytest.raises(CorrectionError) as caught:
        return_to_review(session, item.id, reason="снова", actor="boss")
    assert caught.value.code == CorrectionProblem.NOT_REJECTED
    history = item_history(session, item.id)
    assert [(what, why) for _, what, why in history][-2:] == [
        ("Разбор: отклонено", "не наше"),
        ("Возвращён в разбор", "наше всё-таки"),
    ]
