"""Review decisions: one transaction each, audited, and never applied twice."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from config.errors import ActionRefused
from db.audit import list_entries
from db.models import Case, Client, Counterparty, Debtor, DocumentType, Incoming
from db.models.enums import IncomingSource, IncomingStatus
from tasks import review
from tasks.register import FileInput, IncomingInput, PackageInput, register_incoming
from tests.integration.split_items import debtor_letters, pages_pdf, tagged_pages


def _file(tag: str) -> FileInput:
    data = f"%PDF-1.4 {tag} {uuid.uuid4().hex}".encode()
    return FileInput(f"{tag}.pdf", data, "application/pdf", hashlib.sha256(data).hexdigest(), 1)


def _waiting(session: Session, *packages: int) -> Incoming:
    return register_incoming(
        session,
        IncomingInput(sender_id=None, source=IncomingSource.SCANNER, status=IncomingStatus.NEEDS_REVIEW),
        [PackageInput(files=tuple(_file(f"p{i}f{j}") for j in range(n))) for i, n in enumerate(packages)],
        actor="tests",
    )


def _filed(session: Session, item: Incoming) -> Incoming:
    """The item given a sender, and each package a case-bound type and a case."""
    sender = Counterparty(name=f"ОСП {uuid.uuid4().hex[:8]}", kind="bailiff")
    client = Client(name=f"Банк {uuid.uuid4().hex[:8]}")
    debtor = Debtor(full_name="Петров Сергей Иванович")
    session.add_all([sender, client, debtor])
    session.flush()
    case = Case(case_number=f"К-{uuid.uuid4().hex[:8]}", client_id=client.id, debtor_id=debtor.id)
    session.add(case)
    session.flush()
    kind = session.scalars(select(DocumentType).where(DocumentType.belongs_to == "case")).first()
    assert kind is not None
    item.sender_id = sender.id
    for package in item.packages:
        package.document_type_id, package.case_id = kind.id, case.id
    session.flush()
    return item


def test_confirm_registers_the_item_and_refuses_a_second_time(session: Session) -> None:
    item = _filed(session, _waiting(session, 1))
    review.confirm(session, item.id, actor="anna")
    assert item.status == "registered"
    with pytest.raises(review.ReviewError, match="уже разобран") as info:
        review.confirm(session, item.id, actor="anna")
    assert info.value.code is review.ReviewProblem.ALREADY_REVIEWED and isinstance(info.value, ActionRefused)
    assert list_entries(session, actor="anna", action_prefix="review.")[0].action == "review.confirm"


def test_confirm_refuses_an_item_without_sender_type_or_case(session: Session) -> None:
    """GIVEN an item the pipeline could not file WHEN a clerk confirms it as is THEN it stays waiting
    and the clerk reads what is missing."""
    item = _waiting(session, 1)
    with pytest.raises(review.ReviewError) as info:
        review.confirm(session, item.id, actor="anna")
    assert info.value.code is review.ReviewProblem.INCOMPLETE
    assert info.value.message == (
        "Нельзя подтвердить как есть: Укажите отправителя. Пакет 1: укажите тип документа."
    )
    assert item.status == "needs_review"


def test_confirm_wants_a_case_for_a_case_type_and_a_client_for_a_client_type(session: Session) -> None:
    item = _filed(session, _waiting(session, 1))
    [package] = item.packages
    package.case_id = None
    session.flush()
    with pytest.raises(review.ReviewError, match="выберите кейс"):
        review.confirm(session, item.id, actor="anna")
    assignment = session.scalars(select(DocumentType).where(DocumentType.belongs_to == "client")).first()
    assert assignment is not None
    package.document_type_id = assignment.id
    session.flush()
    with pytest.raises(review.ReviewError, match="выберите клиента"):
        review.confirm(session, item.id, actor="anna")
    package.client_id = session.scalars(select(Client.id)).first()
    session.flush()
    assert review.confirm(session, item.id, actor="anna").status == "registered"


def test_reject_needs_a_reason(session: Session) -> None:
    item = _waiting(session, 1)
    with pytest.raises(review.ReviewError, match="причину"):
        review.reject(session, item.id, reason=" ", actor="anna")
    review.reject(session, item.id, reason="не нам", actor="anna")
    assert item.status == "rejected"


def test_split_moves_files_to_a_new_package_and_merge_puts_them_back(session: Session) -> None:
    item = _waiting(session, 3)
    first = item.packages[0]
    moving = [a.id for a in first.attachments[1:]]
    new = review.split_package(session, item.id, attachment_ids=moving, actor="anna")
    session.refresh(item)
    assert [len(p.attachments) for p in item.packages] == [1, 2]
    assert sorted(a.id for a in new.attachments) == sorted(moving)
    with pytest.raises(review.ReviewError, match="хотя бы один"):
        review.split_package(session, item.id, attachment_ids=[first.attachments[0].id], actor="anna")
    review.merge_packages(session, item.id, package_ids=[p.id for p in item.packages], actor="anna")
    session.refresh(item)
    assert [len(p.attachments) for p in item.packages] == [3]
    actions = [e.action for e in list_entries(session, actor="anna", action_prefix="review.")]
    assert actions == ["review.merge", "review.split"]


def _type_id(session: Session, name: str) -> int:
    type_id = session.scalar(select(DocumentType.id).where(DocumentType.name == name))
    assert type_id is not None
    return type_id


ENDED = "Постановление об окончании исполнительного производства"
OPENED = "Постановление о возбуждении исполнительного производства"


def _letters_item(session: Session, *packages: Sequence[str]) -> Incoming:
    """An item waiting in «Разбор» whose packages hold one file per page text given."""
    return register_incoming(
        session,
        IncomingInput(sender_id=None, source=IncomingSource.SCANNER, status=IncomingStatus.NEEDS_REVIEW),
        [
            PackageInput(files=tuple(pages_pdf(f"п{i}ф{j}.pdf", [text]) for j, text in enumerate(texts)))
            for i, texts in enumerate(packages)
        ],
        actor="tests",
    )


def _case_ids(suggestion: dict) -> set[int]:
    return {c["id"] for c in suggestion.get("case_candidates") or []}


def test_a_file_split_off_is_suggested_its_own_type_and_case(session: Session) -> None:
    """GIVEN one package holding an ended case's resolution for one debtor and an opened case's
    for another, filed on the first WHEN the clerk splits the second file off THEN the new package
    is suggested and filed on its own type and debtor's case, and the first keeps only its own."""
    ended, other = debtor_letters(session)
    opened = other.page.replace("об окончании", "о возбуждении")
    item = _letters_item(session, [ended.page, opened])
    [package] = item.packages
    package.document_type_id, package.case_id = _type_id(session, ENDED), ended.case_id
    second_file = package.attachments[1].id
    with pytest.raises(review.ReviewError):
        review.split_package(
            session, item.id, attachment_ids=[a.id for a in package.attachments], actor="anna"
        )
    assert (item.suggestions or {}).get("packages") is None  # a refused split decides nothing
    new = review.split_package(session, item.id, attachment_ids=[second_file], actor="anna")
    assert (new.document_type_id, new.case_id) == (_type_id(session, OPENED), other.case_id)
    assert (package.document_type_id, package.case_id) == (_type_id(session, ENDED), ended.case_id)
    old_suggestion, new_suggestion = item.suggestions["packages"]
    assert new_suggestion["document_type"]["name"] == OPENED
    assert _case_ids(new_suggestion) == {other.case_id}
    assert _case_ids(old_suggestion) == {ended.case_id}
    entry = list_entries(session, actor="anna", action_prefix="review.")[0]
    assert entry.details["filed"]["2"] == {
        "document_type_id": _type_id(session, OPENED),
        "case_id": other.case_id,
        "client_id": None,
    }


def test_merged_packages_are_decided_over_all_their_files(session: Session) -> None:
    """GIVEN three packages, the last two each filed on its own debtor's case WHEN the clerk merges
    those two THEN the merged package offers both cases and is filed on neither (pages about two
    debtors), while the untouched first package keeps what the pipeline suggested for it."""
    first, second = debtor_letters(session)
    item = _letters_item(session, [tagged_pages(1)[0]], [first.page], [second.page])
    untouched = {"file": "п0ф0.pdf", "case_candidates": [], "reasons": ["type_unsure"]}
    item.suggestions = {"packages": [untouched, {}, {}]}
    for package, letter in zip(item.packages[1:], (first, second), strict=True):
        package.document_type_id, package.case_id = _type_id(session, ENDED), letter.case_id
    merged = review.merge_packages(
        session, item.id, package_ids=[p.id for p in item.packages[1:]], actor="anna"
    )
    assert [len(p.attachments) for p in item.packages] == [1, 2]
    assert merged.case_id is None
    kept, decided = item.suggestions["packages"]
    assert kept == untouched
    assert _case_ids(decided) == {first.case_id, second.case_id}
    assert "mixed_cases" in decided["reasons"]
    entry = list_entries(session, actor="anna", action_prefix="review.")[0]
    assert entry.details["filed"] == {
        "2": {"document_type_id": _type_id(session, ENDED), "case_id": None, "client_id": None}
    }
