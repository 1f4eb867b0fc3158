"""Outgoing letters: creation, the sync with Russian Post, tracking, deletion, folders, documents.

Plain functions taking a ``Session`` (flush, never commit) and, where Russian Post is involved,
a ``pochta`` client; ``units`` wraps them as transactions and Prefect tasks for the flows.
"""

from tasks.outgoing.delete import DeleteOutcome, delete_letter
from tasks.outgoing.detail import letter_detail
from tasks.outgoing.documents import batch_documents, letter_documents
from tasks.outgoing.errors import (
    DeleteRefused,
    LetterInvalid,
    LetterProblem,
    OutgoingError,
    OutgoingProblem,
    TransitionNotAllowed,
)
from tasks.outgoing.flags import Flag
from tasks.outgoing.folders import (
    LetterRow,
    archive_letter,
    correct_recipient,
    folder_counts,
    list_folder,
    resend_missing,
)
from tasks.outgoing.letters import AttachmentFile, AttachmentLimits, LetterDraft, create_letter
from tasks.outgoing.states import Folder, can_transition, folder_of

__all__ = [
    "AttachmentFile",
    "AttachmentLimits",
    "DeleteOutcome",
    "DeleteRefused",
    "Flag",
    "Folder",
    "LetterDraft",
    "LetterInvalid",
    "LetterProblem",
    "LetterRow",
    "OutgoingError",
    "OutgoingProblem",
    "TransitionNotAllowed",
    "archive_letter",
    "batch_documents",
    "can_transition",
    "correct_recipient",
    "create_letter",
    "delete_letter",
    "folder_counts",
    "folder_of",
    "letter_detail",
    "letter_documents",
    "list_folder",
    "resend_missing",
]
