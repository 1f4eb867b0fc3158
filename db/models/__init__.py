"""The whole data model; import models from here."""

from db.models.admin import AppSession, AuditLog, RegCounter, User
from db.models.base import Base, utcnow
from db.models.deadlines import ContactGuard, Deadline, DeadlineRule
from db.models.incoming import Attachment, Blob, Incoming, IntakeFile, Package, Rejection
from db.models.outgoing import Outgoing, OutgoingTransition, TrackingEvent
from db.models.reference import Case, CaseIdentifier, Client, Counterparty, Debtor, DocumentType
from db.models.requests import ClerkRequest

__all__ = [
    "AppSession",
    "Attachment",
    "AuditLog",
    "Base",
    "Blob",
    "Case",
    "CaseIdentifier",
    "Client",
    "ClerkRequest",
    "ContactGuard",
    "Counterparty",
    "Deadline",
    "DeadlineRule",
    "Debtor",
    "DocumentType",
    "Incoming",
    "IntakeFile",
    "Outgoing",
    "OutgoingTransition",
    "Package",
    "RegCounter",
    "Rejection",
    "TrackingEvent",
    "User",
    "utcnow",
]
