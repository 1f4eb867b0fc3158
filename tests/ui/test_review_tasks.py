"""Review decisions: one transaction each, audited, and never applied twice."""

from __future__ import annotations

import hashlib
import uuid

import pytest
from sqlalchemy.orm import Session

from config.errors import ActionRefused
from db.audit import list_entries
from db.models import Incoming
from db.models.enums import IncomingSource, IncomingStatus
from tasks import review
from tasks.register import FileInput, IncomingInput, PackageInput, register_incoming


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


def test_confirm_registers_the_item_and_refuses_a_second_time(session: Session) -> None:
    item = _waiting(session, 1)
    review.confirm(session, item.id, actor="anna")
    assert item.status == "registered"
    with pytest.raises(review.ReviewError, match="уже разобран") as info:
        review.confirm(session, item.id, actor="anna")
    assert info.value.code is review.ReviewProblem.ALREADY_REVIEWED and isinstance(info.value, ActionRefused)
    assert list_entries(session, actor="anna", action_prefix="review.")[0].action == "review.confirm"


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
