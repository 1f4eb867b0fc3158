"""Closed sets of values stored as short strings (portable across SQLite and PostgreSQL)."""

from __future__ import annotations

from enum import StrEnum


class CounterpartyKind(StrEnum):
    COURT = "court"
    BAILIFF = "bailiff"
    BANK = "bank"
    PERSON = "person"
    OTHER = "other"


class BelongsTo(StrEnum):
    CASE = "case"
    CLIENT = "client"


class Direction(StrEnum):
    INCOMING = "incoming"
    OUTGOING = "outgoing"
    BOTH = "both"


class IncomingSource(StrEnum):
    SCANNER = "scanner"
    MANUAL = "manual"


class IncomingStatus(StrEnum):
    REGISTERED = "registered"
    NEEDS_REVIEW = "needs_review"
    REJECTED = "rejected"


class CaseIdentifierKind(StrEnum):
    IP_NUMBER = "ip"
    COURT_CASE = "court_case"
    UID = "uid"
    WRIT = "writ"


class OutgoingState(StrEnum):
    DRAFT = "draft"
    CREATED = "created"
    READY = "ready"
    IN_TRANSIT = "in_transit"
    DELIVERED = "delivered"
    DELETED = "deleted"


class IntakeStatus(StrEnum):
    CLAIMED = "claimed"
    REGISTERED = "registered"
    REJECTED = "rejected"
    DUPLICATE = "duplicate"


class Role(StrEnum):
    CLERK = "clerk"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class RegDirection(StrEnum):
    """Prefixes of registration numbers: ``ВХ-2026-000001`` and ``ИСХ-2026-000001``."""

    INCOMING = "ВХ"
    OUTGOING = "ИСХ"


class RequestKind(StrEnum):
    """Work a clerk asks for that must not run inside a page (Russian Post calls, OCR)."""

    DELETE_LETTER = "outgoing.delete"
    BATCH_DOCUMENTS = "outgoing.batch_documents"
    DISPATCH_PROOF = "outgoing.dispatch_proof"
    LETTER_TARIFF = "outgoing.tariff"
    FORM_BATCHES = "outgoing.form_batches"
    SANDBOX_CLOCK = "outgoing.sandbox_clock"
    EXTRACT_TEXT = "incoming.extract_text"


class RequestState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
