"""The review queue a clerk works through: priority items first, then the oldest; its size."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from db.models import Incoming
from tasks.incoming_queries import next_for_review, review_queue_size


def _waiting(session: Session, year: int, reason: str) -> int:
    item = Incoming(
        reg_number=f"ВХ-{uuid.uuid4().hex[:10]}",
        received_at=datetime(year, 1, 1, tzinfo=UTC),
        status="needs_review",
        review_reason=reason,
        source="scanner",
        created_by="tests",
    )
    session.add(item)
    session.flush()
    return item.id


def test_priority_items_come_first_then_the_oldest_and_the_queue_counts_them(session: Session) -> None:
    before = review_queue_size(session)
    oldest = _waiting(session, 1990, "case_not_found")
    urgent = _waiting(session, 1995, "case_not_found,priority")
    _waiting(session, 1991, "sender_not_found")

    first = next_for_review(session, actor="tests")
    skipped = next_for_review(session, after_id=urgent, actor="tests")

    assert first is not None and first.id == urgent
    assert skipped is not None and skipped.id == oldest
    assert review_queue_size(session) == before + 3
