"""Filling an empty installation with sample work, once: re-running ``demo`` adds nothing twice."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Counterparty, Incoming, IntakeFile, Outgoing, Rejection
from db.models.enums import CounterpartyKind, IncomingSource
from db.reference import get_case_by_number, get_counterparty_by_name, get_document_type_by_name
from korrespondent.demo.render import text_pdf
from korrespondent.demo.samples import EarlierItem, earlier_mail, sample_scans
from tasks.extract import extract_text_bytes
from tasks.outgoing import LetterDraft, create_letter
from tasks.register import FileInput, IncomingInput, PackageInput, register_incoming
from tasks.validate import validate_bytes

MOSCOW = ZoneInfo("Europe/Moscow")

DRAFTS = (
    ("К-2026-00001", "Уведомление об уступке права требования"),
    ("К-2026-00002", "Претензия (досудебное требование)"),
    ("К-2026-00004", "Уведомление о привлечении иного лица для взаимодействия"),
)


def _count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def _has_seen_mail(session: Session, inbox: Path) -> bool:
    return any(_count(session, model) for model in (Incoming, Rejection, IntakeFile)) or any(
        not entry.name.startswith(".") for entry in inbox.iterdir()
    )


def seed_mail(session: Session, inbox: Path, *, today: date, actor: str) -> tuple[int, int]:
    """Earlier mail registered and sample scans in the inbox, unless the installation has seen mail.

    Returns ``(registered, scans)``. The earlier mail is read (its PDFs' text layer) before the
    first write, and the scans are dropped last, so the watcher's round waits on our transaction
    for a moment at most.
    """
    if _has_seen_mail(session, inbox):
        return 0, 0
    files = [(item, _read(item)) for item in earlier_mail(today)]
    registered = sum(_register_earlier(session, item, file, actor=actor) for item, file in files)
    return registered, _drop_sample_scans(inbox)


def _read(item: EarlierItem) -> FileInput:
    """The file as the pipeline reads a born-digital PDF: validated, its text from the text layer."""
    data = text_pdf(item.text)
    checked = validate_bytes(item.name, data)
    extracted = extract_text_bytes(checked, data)
    return FileInput(
        item.name, data, checked.mime.value, checked.sha256, checked.pages, extracted.text, extracted.method
    )


def _sender(session: Session, item: EarlierItem) -> Counterparty:
    """The item's sender from the demo reference book; a debtor writing in person becomes a person."""
    sender = get_counterparty_by_name(session, name=item.sender)
    if sender is None:
        sender = Counterparty(name=item.sender, kind=CounterpartyKind.PERSON.value)
        session.add(sender)
        session.flush()
    return sender


def _register_earlier(session: Session, item: EarlierItem, file: FileInput, *, actor: str) -> int:
    """Register one earlier document on its case: its deadlines and guard follow (tasks.mail_effects)."""
    case = get_case_by_number(session, case_number=item.case_number)
    doc_type = get_document_type_by_name(session, name=item.document_type)
    if case is None or doc_type is None:
        return 0
    received_at = datetime.combine(item.received, time(10), tzinfo=MOSCOW).astimezone(UTC)  # stored as UTC
    sender_id = _sender(session, item).id
    register_incoming(
        session,
        IncomingInput(sender_id=sender_id, source=IncomingSource.SCANNER, received_at=received_at),
        [
            PackageInput(
                files=(file,),
                document_type_id=doc_type.id,
                case_id=case.id,
                client_id=case.client_id,
                debtor_id=case.debtor_id,
            )
        ],
        actor=actor,
    )
    return 1


def _drop_sample_scans(inbox: Path) -> int:
    """Put the sample scans into the inbox for the pipeline to take."""
    samples = sample_scans()
    for sample in samples:
        partial = inbox / f"{sample.name}.part"  # the watcher ignores *.part until the rename
        partial.write_bytes(sample.data)
        os.replace(partial, inbox / sample.name)
    return len(samples)


def create_draft_letters(session: Session, *, shipping_point_index: str, actor: str) -> int:
    """A few draft letters to demo debtors, unless there are letters already."""
    if _count(session, Outgoing):
        return 0
    created = 0
    for case_number, type_name in DRAFTS:
        case = get_case_by_number(session, case_number=case_number)
        doc_type = get_document_type_by_name(session, name=type_name)
        if case is None or doc_type is None:
            continue
        draft = LetterDraft(
            shipping_point_index=shipping_point_index,
            debtor_id=case.debtor_id,
            case_id=case.id,
            document_type_id=doc_type.id,
            description=f"{type_name} по договору {case.contract_number}",
        )
        create_letter(session, draft, actor=actor)
        created += 1
    return created
