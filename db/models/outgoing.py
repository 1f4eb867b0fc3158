"""Outgoing registered letters, their state history and tracking events."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base, TimestampMixin, utcnow
from db.models.incoming import Attachment
from db.models.reference import Case, Counterparty, Debtor, DocumentType


class Outgoing(TimestampMixin, Base):
    """A registered letter under its ``ИСХ-YYYY-NNNNNN`` number, mirrored as an Otpravka order.

    Money in kopecks, weight in grams. ``reg_number`` is the order's ``order-num`` at
    Russian Post, which is what makes order creation idempotent.
    """

    __tablename__ = "outgoing"
    # delivered letters still waiting for their electronic notice are found without a scan
    __table_args__ = (Index("ix_outgoing_e_notice_wait", "with_electronic_notice", "e_notice_status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reg_number: Mapped[str] = mapped_column(String(32), unique=True)
    state: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    shipping_point_index: Mapped[str] = mapped_column(String(6))
    mail_type: Mapped[str] = mapped_column(String(40), default="LETTER")
    mail_category: Mapped[str] = mapped_column(String(40), default="ORDERED")
    with_notice: Mapped[bool] = mapped_column(default=False)
    with_inventory: Mapped[bool] = mapped_column(default=False)
    with_electronic_notice: Mapped[bool] = mapped_column(default=False, server_default=false())
    declared_value_kopecks: Mapped[int | None]
    weight_grams: Mapped[int] = mapped_column(default=20)
    envelope_type: Mapped[str] = mapped_column(String(4), default="DL", server_default="DL")
    recipient_counterparty_id: Mapped[int | None] = mapped_column(ForeignKey("counterparty.id"))
    recipient_debtor_id: Mapped[int | None] = mapped_column(ForeignKey("debtor.id"))
    recipient_name: Mapped[str] = mapped_column(String(500))
    recipient_address: Mapped[str] = mapped_column(Text)
    recipient_index: Mapped[str | None] = mapped_column(String(6))
    recipient_address_parts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    phone: Mapped[str | None] = mapped_column(String(50))
    description: Mapped[str | None] = mapped_column(Text)
    document_type_id: Mapped[int | None] = mapped_column(ForeignKey("document_type.id"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("debt_case.id"), index=True)
    cost_kopecks: Mapped[int | None]
    notice_cost_kopecks: Mapped[int | None]  # the notice's part of cost_kopecks (VAT included)
    order_id: Mapped[int | None] = mapped_column(index=True)
    barcode: Mapped[str | None] = mapped_column(String(20), unique=True)
    batch_name: Mapped[str | None] = mapped_column(String(50), index=True)
    checked_in_at: Mapped[datetime | None]
    tracking_checked_at: Mapped[datetime | None] = mapped_column(index=True)  # last put in a ticket
    tracking_status: Mapped[str | None] = mapped_column(String(30))
    tracking_status_at: Mapped[datetime | None]
    e_notice_status: Mapped[str | None] = mapped_column(String(20))  # received | refused
    e_notice_at: Mapped[datetime | None]
    flags: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    last_error: Mapped[str | None] = mapped_column(Text)
    sync_attempts: Mapped[int] = mapped_column(default=0)
    created_by: Mapped[str] = mapped_column(String(100))

    recipient_counterparty: Mapped[Counterparty | None] = relationship()
    recipient_debtor: Mapped[Debtor | None] = relationship()
    document_type: Mapped[DocumentType | None] = relationship()
    case: Mapped[Case | None] = relationship()
    attachments: Mapped[list[Attachment]] = relationship(
        cascade="all, delete-orphan", order_by="Attachment.id"
    )
    transitions: Mapped[list[OutgoingTransition]] = relationship(
        back_populates="outgoing", cascade="all, delete-orphan", order_by="OutgoingTransition.id"
    )


class OutgoingTransition(Base):
    """One step of a letter's life: from which state to which, when and by whom."""

    __tablename__ = "outgoing_transition"

    id: Mapped[int] = mapped_column(primary_key=True)
    outgoing_id: Mapped[int] = mapped_column(ForeignKey("outgoing.id", ondelete="CASCADE"), index=True)
    from_state: Mapped[str | None] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)

    outgoing: Mapped[Outgoing] = relationship(back_populates="transitions")


class TrackingEvent(Base):
    """An operation Russian Post recorded for a barcode; unique so a re-poll adds nothing."""

    __tablename__ = "tracking_event"
    __table_args__ = (UniqueConstraint("barcode", "oper_type", "oper_attr", "happened_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    outgoing_id: Mapped[int | None] = mapped_column(ForeignKey("outgoing.id", ondelete="CASCADE"), index=True)
    barcode: Mapped[str] = mapped_column(String(20), index=True)
    oper_type: Mapped[int]
    oper_attr: Mapped[int | None]
    oper_name: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(30))
    happened_at: Mapped[datetime]
    place_index: Mapped[str | None] = mapped_column(String(6))
    place_name: Mapped[str | None] = mapped_column(String(300))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class TrackingTicket(Base):
    """A batch-tracking request sent to Russian Post, whose answer is fetched on a later poll.

    The answer is ready no sooner than 15 minutes after the request and is kept 32 hours, so the
    ticket must outlive the poll that made it: it is stored, not held in memory.
    """

    __tablename__ = "tracking_ticket"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket: Mapped[str] = mapped_column(String(100), unique=True)
    barcodes: Mapped[list[str]] = mapped_column(JSON, default=list)
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    next_check_at: Mapped[datetime] = mapped_column(index=True)
    answered_at: Mapped[datetime | None]
    checks: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
