"""Legal deadlines that incoming mail starts, the rules behind them, and guards on contacting debtors."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base, TimestampMixin
from db.models.incoming import Incoming, Package
from db.models.reference import Case, Debtor


class DeadlineRule(TimestampMixin, Base):
    """What a document of one type obliges us to do, and by when; shipped defaults, edited by supervisors.

    A term is an amount and a unit (``days``, ``working_days``, ``months``) counted from the anchor
    (``document_date``, ``received``, ``entry_into_force``); a rule may have an earliest term, a
    latest term, or both. ``key`` names a shipped default, so seeding never duplicates one.
    ``condition`` is an optional regex the document's text must match (when there is text).
    """

    __tablename__ = "deadline_rule"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str | None] = mapped_column(String(60), unique=True)
    document_type: Mapped[str] = mapped_column(String(300), index=True)
    action: Mapped[str] = mapped_column(Text)
    anchor: Mapped[str] = mapped_column(String(20), default="document_date")
    earliest_amount: Mapped[int | None]
    earliest_unit: Mapped[str | None] = mapped_column(String(20))
    latest_amount: Mapped[int | None]
    latest_unit: Mapped[str | None] = mapped_column(String(20))
    basis: Mapped[str] = mapped_column(Text, default="")
    role: Mapped[str] = mapped_column(String(20), default="supervisor")
    condition: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(default=True)
    updated_by: Mapped[str | None] = mapped_column(String(100))


class Deadline(TimestampMixin, Base):
    """One clock a registered document started: the rule's dates computed from the document's anchors.

    The anchors are stored (``document_date`` with its extraction confidence, ``received_date``),
    so a changed rule recomputes the dates without reading the document again.
    """

    __tablename__ = "deadline"
    __table_args__ = (UniqueConstraint("rule_id", "package_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rule_id: Mapped[int] = mapped_column(ForeignKey("deadline_rule.id", ondelete="CASCADE"), index=True)
    package_id: Mapped[int] = mapped_column(ForeignKey("package.id", ondelete="CASCADE"), index=True)
    incoming_id: Mapped[int] = mapped_column(ForeignKey("incoming.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("debt_case.id"), index=True)
    document_date: Mapped[date | None]
    date_confidence: Mapped[float] = mapped_column(default=0.0)
    received_date: Mapped[date]
    earliest_date: Mapped[date | None]
    due_date: Mapped[date | None] = mapped_column(index=True)
    status: Mapped[str] = mapped_column(String(12), default="open", index=True)
    role: Mapped[str] = mapped_column(String(20), default="supervisor")
    assignee: Mapped[str | None] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)
    comment: Mapped[str | None] = mapped_column(Text)
    done_at: Mapped[datetime | None]
    done_by: Mapped[str | None] = mapped_column(String(100))

    rule: Mapped[DeadlineRule] = relationship(lazy="joined")
    package: Mapped[Package] = relationship()
    incoming: Mapped[Incoming] = relationship()
    case: Mapped[Case | None] = relationship()


class ContactGuard(TimestampMixin, Base):
    """A bar on writing to a debtor (230-ФЗ ст. 7, 8; 127-ФЗ) set by a registered document or by hand.

    ``kind``: ``refusal`` (отказ от взаимодействия), ``representative`` (only through a
    representative, whose name and address may become a letter's recipient), ``bankruptcy``.
    Active while ``lifted_at`` is NULL; a supervisor lifts it with a reason.
    """

    __tablename__ = "contact_guard"

    id: Mapped[int] = mapped_column(primary_key=True)
    debtor_id: Mapped[int] = mapped_column(ForeignKey("debtor.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("debt_case.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    source_incoming_id: Mapped[int | None] = mapped_column(ForeignKey("incoming.id", ondelete="SET NULL"))
    source_number: Mapped[str | None] = mapped_column(String(64))
    since: Mapped[date]
    representative_name: Mapped[str | None] = mapped_column(String(500))
    representative_address: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(100))
    lifted_at: Mapped[datetime | None]
    lifted_by: Mapped[str | None] = mapped_column(String(100))
    lift_reason: Mapped[str | None] = mapped_column(Text)

    debtor: Mapped[Debtor] = relationship()
    case: Mapped[Case | None] = relationship()
