"""Reading one validated file: text, identifiers, sender and type. No database, no side effects.

This is the expensive part of the pipeline (OCR), so it runs outside any transaction; what it
returns is small and frozen, ready to be decided upon and registered.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from config.limits import DEFAULT_LIMITS, Limits
from config.runtime import OcrSettings
from db.models import Client, Counterparty, DocumentType
from tasks.classify import Classification, CounterpartyRef, classify
from tasks.doctype_rules import DocumentTypeRule
from tasks.extract import ExtractedText, extract_text_bytes
from tasks.identifiers import Identifiers, extract_identifiers
from tasks.learning import learned_codes
from tasks.validate import CheckedFile


@dataclass(frozen=True, slots=True)
class ReferenceData:
    """What classification needs from the database, loaded once per run."""

    counterparties: tuple[CounterpartyRef, ...]
    rules: tuple[DocumentTypeRule, ...]
    type_belongs_to: dict[int, str]
    client_ids_by_name: dict[str, int]


def load_reference(session: Session) -> ReferenceData:
    """Active counterparties and incoming document types with their clerk-edited rules."""
    learned = learned_codes(session)
    counterparties = tuple(
        CounterpartyRef(
            id=cp.id,
            name=cp.name,
            kind=cp.kind,
            aliases=tuple(cp.aliases or ()),
            inn=cp.inn,
            ogrn=cp.ogrn,
            address=cp.address,
            postal_index=cp.postal_index,
            codes=tuple(sorted({*(cp.codes or ()), *learned.get(cp.id, ())})),
        )
        for cp in session.scalars(select(Counterparty).where(Counterparty.active.is_(True)))
    )
    types = session.scalars(
        select(DocumentType).where(
            DocumentType.active.is_(True), DocumentType.direction.in_(("incoming", "both"))
        )
    ).all()
    return ReferenceData(
        counterparties=counterparties,
        rules=tuple(DocumentTypeRule.from_text(t.id, t.name, t.match_rules) for t in types),
        type_belongs_to={t.id: t.belongs_to for t in types},
        client_ids_by_name={
            name.lower(): cid for cid, name in session.execute(select(Client.id, Client.name))
        },
    )


@dataclass(frozen=True, slots=True)
class FileAnalysis:
    checked: CheckedFile
    data: bytes
    extracted: ExtractedText
    identifiers: Identifiers
    classification: Classification


def analyse(
    checked: CheckedFile,
    data: bytes,
    *,
    reference: ReferenceData,
    ocr: OcrSettings | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> FileAnalysis:
    """Text (text layer or OCR), identifiers and classification of one validated file."""
    extracted = extract_text_bytes(checked, data, ocr=ocr, limits=limits)
    return FileAnalysis(
        checked=checked,
        data=data,
        extracted=extracted,
        identifiers=extract_identifiers(extracted.text),
        classification=classify(
            extracted.text, counterparties=reference.counterparties, rules=reference.rules
        ),
    )
