"""Incoming mail: items, their packages and files, stored content, refusals, the intake ledger."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base, TimestampMixin, utcnow
from db.models.reference import Case, Client, Counterparty, Debtor, DocumentType


class Blob(Base):
    """File content by its SHA-256: identical content is stored once.

    ``data`` is ``None`` when the bytes live in the content store (``config.blob_store``).
    """

    __tablename__ = "blob"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int]
    data: Mapped[bytes | None] = mapped_column(LargeBinary)


class Incoming(TimestampMixin, Base):
    """One registered piece of incoming mail (an envelope), under its ``ВХ-YYYY-NNNNNN`` number."""

    __tablename__ = "incoming"
    # the register's order in one index: a deep page skips its rows inside it (migration 0017)
    __table_args__ = (Index("ix_incoming_received_at_id", "received_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reg_number: Mapped[str] = mapped_column(String(32), unique=True)
    received_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # the receipt date deadlines count from: the postmark, else the arrival day (tasks.deadlines.store)
    received_on: Mapped[date | None]
    sender_id: Mapped[int | None] = mapped_column(ForeignKey("counterparty.id"), index=True)
    comment: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(10), default="manual")
    status: Mapped[str] = mapped_column(String(20), default="registered", index=True)
    review_reason: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[float | None]
    suggestions: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_by: Mapped[str] = mapped_column(String(100))

    sender: Mapped[Counterparty | None] = relationship()
    packages: Mapped[list[Package]] = relationship(
        back_populates="incoming", cascade="all, delete-orphan", order_by="Package.position"
    )


class Package(Base):
    """A document inside an envelope, with its type and the case or client it belongs to (≤ 5 MB)."""

    __tablename__ = "package"

    id: Mapped[int] = mapped_column(primary_key=True)
    incoming_id: Mapped[int] = mapped_column(ForeignKey("incoming.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=1)
    document_type_id: Mapped[int | None] = mapped_column(ForeignKey("document_type.id"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("debt_case.id"), index=True)
    client_id: Mapped[int | None] = mapped_column(ForeignKey("client.id"))
    debtor_id: Mapped[int | None] = mapped_column(ForeignKey("debtor.id"), index=True)
    comment: Mapped[str | None] = mapped_column(Text)

    incoming: Mapped[Incoming] = relationship(back_populates="packages")
    document_type: Mapped[DocumentType | None] = relationship()
    case: Mapped[Case | None] = relationship()
    client: Mapped[Client | None] = relationship()
    debtor: Mapped[Debtor | None] = relationship()
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="package", cascade="all, delete-orphan", order_by="Attachment.id"
    )


class Attachment(Base):
    """A file of a package or of an outgoing letter, with its extracted text for search.

    ``incoming_sha256`` is set only for incoming files and is unique: the same content cannot
    be registered as incoming mail twice. NULLs do not collide, so outgoing files may reuse content.
    """

    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    package_id: Mapped[int | None] = mapped_column(ForeignKey("package.id", ondelete="CASCADE"), index=True)
    outgoing_id: Mapped[int | None] = mapped_column(ForeignKey("outgoing.id", ondelete="CASCADE"), index=True)
    file_name: Mapped[str] = mapped_column(String(255))
    mime: Mapped[str] = mapped_column(String(50))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(ForeignKey("blob.sha256"), index=True)
    incoming_sha256: Mapped[str | None] = mapped_column(String(64), unique=True)
    page_count: Mapped[int | None]
    text: Mapped[str | None] = mapped_column(Text)
    text_method: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    package: Mapped[Package | None] = relationship(back_populates="attachments")
    blob: Mapped[Blob] = relationship()


class Rejection(Base):
    """A file the pipeline refused, with the reason code and where the file went."""

    __tablename__ = "rejection"

    id: Mapped[int] = mapped_column(primary_key=True)
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    size: Mapped[int | None]
    reason: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str | None] = mapped_column(Text)
    moved_to: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(10), default="scanner")
    rejected_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # a clerk dealt with it on «Отказы»: "registered" by hand or "deleted" (file removed)
    closed_at: Mapped[datetime | None]
    closed_by: Mapped[str | None] = mapped_column(String(100))
    closed_how: Mapped[str | None] = mapped_column(String(20))


class IntakeFile(Base):
    """The watcher's ledger: every claimed file, from claim to its outcome.

    It is the source of truth for "nothing is lost": a row exists before any work starts,
    and a sweeper resumes rows still ``claimed`` after a crash.
    """

    __tablename__ = "intake_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_name: Mapped[str] = mapped_column(String(300), unique=True)
    original_name: Mapped[str] = mapped_column(String(255))
    envelope: Mapped[str | None] = mapped_column(String(300), index=True)
    sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    size: Mapped[int | None]
    status: Mapped[str] = mapped_column(String(20), default="claimed", index=True)
    incoming_id: Mapped[int | None] = mapped_column(ForeignKey("incoming.id"))
    rejection_id: Mapped[int | None] = mapped_column(ForeignKey("rejection.id"))
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    claimed_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    # A run's lease on the row while it works on it (tasks.ingest.lease): renewed while it lives,
    # so a killed worker's envelopes are taken over once ``lease_until`` has passed.
    lease_until: Mapped[datetime | None]
    leased_by: Mapped[str | None] = mapped_column(String(100))
    # The flow run the watcher handed the claim to (its id), so the sweeper can tell a lost
    # hand-over (that run finished, crashed or never started) from one still on its way.
    handed_to: Mapped[str | None] = mapped_column(String(100))
