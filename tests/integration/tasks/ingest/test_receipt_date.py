"""The receipt date of scanned mail (issues 14 and 15): an envelope's postmark, else the arrival day.

A deadline counted «от даты получения» starts on the day the envelope was stamped when its postmark
is legible, not on the day a scanner operator got round to scanning it; a clerk corrects the date
through «Исправить» (audited) and the open deadlines are recounted.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import Engine, select

from config.runtime import IngestConfig
from db.engine import session_scope
from db.models import AuditLog, Deadline, DeadlineRule, Incoming, utcnow
from db.models.enums import IncomingStatus
from tasks.corrections import CorrectionError, ItemChanges, correct_item, item_history
from tasks.deadlines.rules import Anchor, RuleSpec, Term, Unit, compute
from tasks.deadlines.store import local_date, receipt_day
from tasks.ingest.envelope import process_envelope
from tests.corpus.render import text_pdf
from tests.integration.tasks.ingest.scans import court_decisions, court_envelope, drop

RULE = RuleSpec(
    key="test.order_from_receipt",
    document_type="Судебный приказ",
    action="Проверить приказ",
    anchor=Anchor.RECEIVED,
    latest=Term(10, Unit.DAYS),
    basis="тест",
)


def _add_rule(engine: Engine) -> None:
    with session_scope(engine) as session:
        session.add(
            DeadlineRule(
                key=RULE.key,
                document_type=RULE.document_type,
                action=RULE.action,
                anchor=RULE.anchor.value,
                latest_amount=10,
                latest_unit=Unit.DAYS.value,
                basis=RULE.basis,
                role=RULE.role,
                active=True,
                updated_by="t",
            )
        )


def _scan(engine: Engine, config: IngestConfig, name: str, pages: list[str]) -> int:
    process_envelope(engine, drop(config, name, text_pdf("\f".join(pages))), config=config, actor="scanner")
    with session_scope(engine) as session:
        item = session.scalars(select(Incoming).order_by(Incoming.id.desc())).first()
        assert item is not None and item.status == IncomingStatus.REGISTERED
        return item.id


def _deadline(engine: Engine, item_id: int) -> tuple[date, date | None]:
    with session_scope(engine) as session:
        [deadline] = session.scalars(
            select(Deadline)
            .join(DeadlineRule)
            .where(Deadline.incoming_id == item_id, DeadlineRule.key == RULE.key)
        ).all()
        return deadline.received_date, deadline.due_date


def test_a_postmark_three_days_before_arrival_is_the_receipt_date_deadlines_count_from(
    ingest_engine: Engine, config: IngestConfig
) -> None:
    """GIVEN a scan: the court's envelope stamped three days ago, then a known debtor's order, and
    a rule counting 10 days from receipt WHEN processed THEN the item's receipt date is the
    postmark's and the deadline is due 10 days after the postmark, not after the scan;
    WHEN a clerk corrects the receipt date THEN the deadline is recounted and the change audited."""
    _add_rule(ingest_engine)
    today = local_date(utcnow())
    postmark = today - timedelta(days=3)
    _, known = court_decisions()
    item_id = _scan(ingest_engine, config, "r1__court.pdf", [court_envelope(postmark), known])
    with session_scope(ingest_engine) as session:
        item = session.get(Incoming, item_id)
        assert item is not None and item.received_on == postmark
    assert _deadline(ingest_engine, item_id) == (postmark, postmark + timedelta(days=10))

    corrected = today - timedelta(days=1)
    with session_scope(ingest_engine) as session:
        item = session.get(Incoming, item_id)
        assert item is not None
        changes = ItemChanges(sender_id=item.sender_id, comment=item.comment, received_on=corrected)
        assert correct_item(session, item_id, changes, reason="штемпель прочитан неверно", actor="clerk") == 1
    assert _deadline(ingest_engine, item_id) == (corrected, corrected + timedelta(days=10))
    with session_scope(ingest_engine) as session:
        item = session.get(Incoming, item_id)
        assert item is not None and item.received_on == corrected
        entry = session.scalars(
            select(AuditLog).where(AuditLog.action == "incoming.correct", AuditLog.entity_id == str(item_id))
        ).one()
        assert entry.details["field"] == "received_on" and entry.details["before"] == postmark.isoformat()
        what = [w for _, w, _ in item_history(session, item_id) if "дата получения" in w]
        assert what == [f"Исправлено: дата получения: {postmark:%d.%m.%Y} → {corrected:%d.%m.%Y}"]


def test_without_an_envelope_the_receipt_date_is_the_day_the_file_arrived(
    ingest_engine: Engine, config: IngestConfig
) -> None:
    _add_rule(ingest_engine)
    _, known = court_decisions()
    item_id = _scan(ingest_engine, config, "r2__order.pdf", [known])
    today = local_date(utcnow())
    with session_scope(ingest_engine) as session:
        item = session.get(Incoming, item_id)
        assert item is not None and item.received_on == today
    assert _deadline(ingest_engine, item_id) == (
        today,
        compute(RULE, document_date=None, received_date=today)[1],
    )


def test_a_postmark_after_arrival_or_long_before_it_is_taken_for_a_misread() -> None:
    arrived = date(2025, 4, 18)
    assert receipt_day(arrived=arrived, postmark=date(2025, 4, 15)) == date(2025, 4, 15)
    assert receipt_day(arrived=arrived, postmark=None) == arrived
    assert receipt_day(arrived=arrived, postmark=date(2025, 4, 19)) == arrived  # stamped after it came
    assert receipt_day(arrived=arrived, postmark=date(2024, 4, 15)) == arrived  # a year misread


def test_a_receipt_date_in_the_future_is_refused(ingest_engine: Engine, config: IngestConfig) -> None:
    _, known = court_decisions()
    item_id = _scan(ingest_engine, config, "r3__order.pdf", [known])
    with session_scope(ingest_engine) as session:
        item = session.get(Incoming, item_id)
        assert item is not None
        future = local_date(utcnow()) + timedelta(days=1)
        changes = ItemChanges(sender_id=item.sender_id, comment=item.comment, received_on=future)
        with pytest.raises(CorrectionError) as refused:
            correct_item(session, item_id, changes, reason="x", actor="clerk")
        assert "позже сегодняшнего" in refused.value.message
