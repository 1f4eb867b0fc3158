"""Filling an empty installation with sample work, once: re-running ``demo`` adds nothing twice."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Incoming, IntakeFile, Outgoing, Rejection
from db.reference import get_case_by_number, get_document_type_by_name
from korrespondent.demo.samples import sample_scans
from tasks.outgoing import LetterDraft, create_letter

DRAFTS = (
    ("К-2026-00001", "Уведомление об уступке права требования"),
    ("К-2026-00002", "Претензия (досудебное требование)"),
    ("К-2026-00004", "Уведомление о привлечении иного лица для взаимодействия"),
)


def _count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def drop_sample_scans(session: Session, inbox: Path) -> int:
    """Put the sample scans into the inbox unless the installation has seen mail already."""
    if any(_count(session, model) for model in (Incoming, Rejection, IntakeFile)) or any(
        not entry.name.startswith(".") for entry in inbox.iterdir()
    ):
        return 0
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
