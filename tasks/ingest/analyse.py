"""Reading one validated file: text, identifiers, sender and type. No database, no side effects.

This is the expensive part of the pipeline (OCR), so it runs outside any transaction; what it
returns is small and frozen, ready to be decided upon and registered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from config.limits import DEFAULT_LIMITS, Limits
from config.runtime import OcrSettings
from db.models import Client, Counterparty, DocumentType
from tasks.classify import Classification, CounterpartyRef, classify
from tasks.doctype_rules import DocumentTypeRule
from tasks.extract import ExtractedText, extract_text_bytes
from tasks.identifiers import Identifiers, extract_identifiers
from tasks.ingest.postmark import postmark_under_ring
from tasks.learning import learned_codes
from tasks.split.boundaries import Split, split_pages
from tasks.split.cues import PageCues, pages_cues
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
    """One file read: its text, identifiers and classification, and how it splits (issue 15).

    ``split`` says where each document of a stack starts; ``parts`` holds one analysis per
    document (its pages' text only) when the file holds more than one, or an envelope or
    skipped sheets; a plain single document has no parts and is decided on as a whole.
    ``pages`` (1-based) are the pages of the original file this analysis covers. Once the
    documents are written (``tasks.ingest.documents.write_documents``) each part's ``checked``
    and ``data`` are its own PDF, and ``envelope_pdf`` holds the envelope page(s), if any.
    """

    checked: CheckedFile
    data: bytes
    extracted: ExtractedText
    identifiers: Identifiers
    classification: Classification
    split: Split | None = None
    parts: tuple[FileAnalysis, ...] = ()
    pages: tuple[int, ...] = ()
    envelope_pdf: bytes | None = None

    @property
    def documents(self) -> tuple[FileAnalysis, ...]:
        """Each document of the file, in order: its parts, or the file itself."""
        return self.parts or (self,)


def analyse(
    checked: CheckedFile,
    data: bytes,
    *,
    reference: ReferenceData,
    ocr: OcrSettings | None = None,
    limits: Limits = DEFAULT_LIMITS,
    arrived: date | None = None,
) -> FileAnalysis:
    """Text (text layer or OCR), identifiers, classification and split of one validated file.

    ``arrived``: the day the file came in; a postmark date read a second time
    (``tasks.ingest.postmark``) is kept only if the receipt rule takes it against that day (None:
    every date read is kept, as the evaluation contract does on its own calendar).
    """
    extracted = extract_text_bytes(checked, data, ocr=ocr, limits=limits)
    whole = read_document(checked, data, extracted, reference, tuple(range(1, len(extracted.pages) + 1)))

    def reread(page: int) -> date | None:
        settings = ocr or OcrSettings()
        return postmark_under_ring(checked, data, page, ocr=settings, limits=limits, arrived=arrived)

    split = split_file(extracted, reread=reread)
    if split.trivial:
        return replace(whole, split=split)
    parts = tuple(
        read_document(checked, data, pages_of(extracted, document.pages), reference, document.pages)
        for document in split.documents
    )
    return replace(whole, split=split, parts=parts)


def split_file(extracted: ExtractedText, *, reread: Callable[[int], date | None] | None = None) -> Split:
    """Where the documents of a file start (``tasks.split``); a page never read is never blank,
    nor is a scanned page whose image has ink where OCR found no text.

    ``reread(page)``: the postmark date of an envelope page read again (``tasks.ingest.postmark``),
    asked for the first envelope page OCR read, only when no envelope page of the file has a date.
    """
    read = [method != "none" for method in extracted.page_methods] or None
    if read is not None and len(read) != len(extracted.pages):
        read = None
    ink = extracted.page_ink if len(extracted.page_ink) == len(extracted.pages) else None
    cues = pages_cues(extracted.pages, read, ink)
    if reread is not None:
        cues = _postmark_reread(cues, extracted, reread)
    return split_pages(cues)


def _postmark_reread(
    cues: list[PageCues], extracted: ExtractedText, reread: Callable[[int], date | None]
) -> list[PageCues]:
    """The cues with the postmark date of one envelope page read again, when none was read."""
    envelopes = [c for c in cues if c.envelope]
    if any(c.postmark_date is not None for c in envelopes):
        return cues
    methods = extracted.page_methods
    scanned = [c for c in envelopes if len(methods) == len(cues) and methods[c.number - 1] == "ocr"]
    if not scanned:
        return cues
    page = scanned[0]
    found = reread(page.number)
    if found is None:
        return cues
    return [replace(c, postmark_date=found) if c is page else c for c in cues]


def pages_of(extracted: ExtractedText, pages: tuple[int, ...]) -> ExtractedText:
    """The text of some pages (1-based) of a file, as if they were a file of their own."""
    texts = tuple(extracted.pages[n - 1] for n in pages)
    methods = tuple(extracted.page_methods[n - 1] for n in pages) if extracted.page_methods else ()
    method = "ocr" if "ocr" in methods else "text_layer" if "text_layer" in methods else extracted.method
    if methods and all(m == "none" for m in methods):
        method = "none"
    return ExtractedText(
        text="\n\f\n".join(texts).strip(),
        pages=texts,
        method=method,
        quality=extracted.quality,
        page_methods=methods,
        ocr_missing=extracted.ocr_missing,
        page_ink=tuple(extracted.page_ink[n - 1] for n in pages) if extracted.page_ink else (),
        ocr_unavailable=extracted.ocr_unavailable,
    )


def read_document(
    checked: CheckedFile,
    data: bytes,
    extracted: ExtractedText,
    reference: ReferenceData,
    pages: tuple[int, ...],
) -> FileAnalysis:
    """One document's reading (identifiers, sender, type, case) from its pages' text: the pipeline
    and a clerk's page move (``tasks.page_moves``) decide a package from the same reading."""
    return FileAnalysis(
        checked=checked,
        data=data,
        extracted=extracted,
        identifiers=extract_identifiers(extracted.text),
        classification=classify(
            extracted.text, counterparties=reference.counterparties, rules=reference.rules
        ),
        pages=pages,
    )
