"""Registration of incoming mail: number, item, packages, files and content in one transaction.

Both the scanner pipeline and the clerks' manual form end here, so an item looks the same
whichever way it came in. Content is registered at most once: the unique ``incoming_sha256``
column is the final guard, and a duplicate becomes ``DuplicateContent`` naming the item that
already holds the file, while the caller's transaction stays usable.

``suggestions`` (JSON) is the contract between the pipeline and the review page::

    {"sender": {"id": 3, "name": "...", "score": 0.93},
     "document_type": {"id": 5, "name": "...", "score": 0.88},
     "case_candidates": [{"id": 7, "case_number": "...", "score": 0.9, "evidence": ["ip"]}],
     "identifiers": {...},            # tasks.identifiers JSON
     "reasons": ["sender_unknown", ...]}   # review reason codes
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from config.blob_store import store_blob
from config.errors import ActionRefused
from db import audit
from db.models import Attachment, Incoming, Package, utcnow
from db.models.enums import IncomingSource, IncomingStatus, RegDirection
from db.numbering import next_reg_number
from tasks.deadlines.store import local_date
from tasks.mail_effects import apply_mail_effects


class RegistrationProblem(StrEnum):
    """Why an item cannot be registered."""

    NO_PACKAGES = "no_packages"
    EMPTY_PACKAGE = "empty_package"
    SAME_FILE_TWICE = "same_file_twice"
    DUPLICATE_CONTENT = "duplicate_content"


class RegistrationError(ActionRefused):
    """The item cannot be registered as given; ``message`` is for a clerk, in Russian."""


class DuplicateContent(RegistrationError):
    """A file's content is already registered under ``reg_number``."""

    def __init__(self, sha256: str, reg_number: str | None) -> None:
        self.sha256 = sha256
        self.reg_number = reg_number
        where = f" под номером {reg_number}" if reg_number else ""
        super().__init__(RegistrationProblem.DUPLICATE_CONTENT, f"Этот файл уже зарегистрирован{where}.")


@dataclass(frozen=True, slots=True)
class FileInput:
    """A validated file with what was read from it."""

    name: str
    data: bytes
    mime: str
    sha256: str
    pages: int | None = None
    text: str | None = None
    text_method: str | None = None


@dataclass(frozen=True, slots=True)
class PackageInput:
    files: tuple[FileInput, ...]
    document_type_id: int | None = None
    case_id: int | None = None
    client_id: int | None = None
    debtor_id: int | None = None
    comment: str | None = None


@dataclass(frozen=True, slots=True)
class IncomingInput:
    sender_id: int | None
    source: IncomingSource
    status: IncomingStatus = IncomingStatus.REGISTERED
    comment: str | None = None
    review_reason: str | None = None
    confidence: float | None = None
    suggestions: dict[str, Any] = field(default_factory=dict)
    received_at: datetime | None = None
    # the receipt date (an envelope's postmark); None: the Moscow day of ``received_at``
    received_on: date | None = None


def registered_under(session: Session, *, sha256s: Sequence[str]) -> dict[str, str]:
    """Which of these contents are already registered, and under which number."""
    if not sha256s:
        return {}
    rows = session.execute(
        select(Attachment.incoming_sha256, Incoming.reg_number)
        .join(Package, Attachment.package_id == Package.id)
        .join(Incoming, Package.incoming_id == Incoming.id)
        .where(Attachment.incoming_sha256.in_(list(sha256s)))
    )
    return {sha: number for sha, number in rows if sha}


CONTENT_CONSTRAINT = "uq_attachment_incoming_sha256"
"""The unique index on ``attachment.incoming_sha256``: the final guard of "content registered once"."""


def _content_clash(exc: IntegrityError) -> bool:
    """True when ``exc`` is ``CONTENT_CONSTRAINT`` refusing a second registration of the same file."""
    diag = getattr(exc.orig, "diag", None)
    if diag is not None:  # psycopg names the violated constraint
        return getattr(diag, "constraint_name", None) == CONTENT_CONSTRAINT
    return "UNIQUE constraint failed: attachment.incoming_sha256" in str(exc.orig)  # SQLite names the column


def _check_shape(packages: Sequence[PackageInput]) -> None:
    if not packages:
        raise RegistrationError(RegistrationProblem.NO_PACKAGES, "Добавьте хотя бы один пакет документов.")
    for number, package in enumerate(packages, start=1):
        if not package.files:
            raise RegistrationError(
                RegistrationProblem.EMPTY_PACKAGE, f"В пакете {number} нет ни одного файла."
            )
    shas = [file.sha256 for package in packages for file in package.files]
    if len(shas) != len(set(shas)):
        raise RegistrationError(RegistrationProblem.SAME_FILE_TWICE, "Один и тот же файл добавлен дважды.")


def register_incoming(
    session: Session, item: IncomingInput, packages: Sequence[PackageInput], *, actor: str
) -> Incoming:
    """Register an item under the next ``ВХ-YYYY-NNNNNN``; the caller commits.

    Raises DuplicateContent when any file is already registered (nothing is added then),
    RegistrationError when the packages are malformed.
    """
    _check_shape(packages)
    shas = [file.sha256 for package in packages for file in package.files]
    existing = registered_under(session, sha256s=shas)
    if existing:
        sha, number = next(iter(existing.items()))
        raise DuplicateContent(sha, number)
    received_at = item.received_at or utcnow()
    try:
        # The savepoint keeps the caller's transaction usable when the insert below is refused.
        with session.begin_nested():
            incoming = _build(session, item, packages, actor=actor, received_at=received_at)
            session.flush()
    except IntegrityError as exc:
        # Another process registered the same content between our check and our insert. Only the
        # content constraint means that; any other refusal is a bug and propagates.
        if not _content_clash(exc):
            raise
        again = registered_under(session, sha256s=shas)
        if not again:
            raise
        raise DuplicateContent(*next(iter(again.items()))) from exc
    audit.record(
        session,
        actor=actor,
        action="incoming.register",
        entity="incoming",
        entity_id=incoming.id,
        details={"reg_number": incoming.reg_number, "status": incoming.status, "source": incoming.source},
    )
    apply_mail_effects(session, incoming, actor=actor)  # deadlines and contact guards (issue 14)
    return incoming


def _build(
    session: Session,
    item: IncomingInput,
    packages: Sequence[PackageInput],
    *,
    actor: str,
    received_at: datetime,
) -> Incoming:
    incoming = Incoming(
        reg_number=next_reg_number(session, direction=RegDirection.INCOMING, year=received_at.year),
        received_at=received_at,
        received_on=item.received_on or local_date(received_at),
        sender_id=item.sender_id,
        comment=item.comment,
        source=item.source.value,
        status=item.status.value,
        review_reason=item.review_reason,
        confidence=item.confidence,
        suggestions=item.suggestions,
        created_by=actor,
    )
    for position, package_input in enumerate(packages, start=1):
        package = Package(
            position=position,
            document_type_id=package_input.document_type_id,
            case_id=package_input.case_id,
            client_id=package_input.client_id,
            debtor_id=package_input.debtor_id,
            comment=package_input.comment,
        )
        attach_files(session, package, package_input.files)
        incoming.packages.append(package)
    session.add(incoming)
    return incoming


def attach_files(session: Session, package: Package, files: Sequence[FileInput]) -> None:
    """Store each file's bytes once and attach it to ``package`` as incoming content (unique by hash)."""
    for file in files:
        store_blob(session, file.data, sha256=file.sha256)
        package.attachments.append(
            Attachment(
                file_name=file.name,
                mime=file.mime,
                size=len(file.data),
                sha256=file.sha256,
                incoming_sha256=file.sha256,
                page_count=file.pages,
                text=file.text,
                text_method=file.text_method,
            )
        )
