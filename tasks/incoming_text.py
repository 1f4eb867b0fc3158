"""Text for files registered by hand: read (text layer or OCR) after the clerk saved them.

The app registers at once and queues this, so a clerk never waits for OCR; the ``clerk-requests``
flow reads each file without text through the pipeline's own extraction and stores it, so the
item becomes findable by its words like a scanned one. Reading happens outside any transaction;
a file that meanwhile got its text keeps it (repeating the request is harmless). The stored text
then sets off what the item's documents call for (``tasks.mail_effects``): a debtor's refusal
registered by hand guards the debtor once its words are read, and a deadline counted from the day
of receipt for want of a date is recounted from the document's own date.
"""

from __future__ import annotations

from sqlalchemy import Engine, select

from config.blob_store import load_blob
from config.limits import DEFAULT_LIMITS, Limits
from config.runtime import OcrSettings
from db.engine import session_scope
from db.models import Attachment, Blob, ClerkRequest, Incoming, Package
from db.models.enums import RequestKind
from db.search import index_document_text
from tasks.clerk_requests import Handler, Outcome, RequestFailed, RequestProblem
from tasks.extract import ExtractedText, extract_text_bytes
from tasks.mail_effects import apply_mail_effects
from tasks.rejections import FileRejected
from tasks.validate import validate_bytes


def _files_without_text(engine: Engine, incoming_id: int) -> list[tuple[int, str, bytes]]:
    with session_scope(engine) as session:
        rows = session.execute(
            select(Attachment.id, Attachment.file_name, Attachment.sha256, Blob.data)
            .join(Package, Attachment.package_id == Package.id)
            .join(Blob, Attachment.sha256 == Blob.sha256)
            .where(Package.incoming_id == incoming_id, Attachment.text.is_(None))
            .order_by(Attachment.id)
        )
        return [(row.id, row.file_name, load_blob(session, row.sha256, data=row.data)) for row in rows]


def extract_missing_text(
    engine: Engine,
    incoming_id: int,
    *,
    limits: Limits = DEFAULT_LIMITS,
    ocr: OcrSettings | None = None,
    actor: str = "system",
) -> list[ExtractedText]:
    """Read and store the text of the item's files that have none, then apply what the text
    calls for (deadlines, guards) in the same transaction; returns what was read."""
    read: dict[int, ExtractedText] = {}
    for attachment_id, name, data in _files_without_text(engine, incoming_id):
        try:
            checked = validate_bytes(name, data, limits=limits)
        except FileRejected:  # stored before a limit was lowered: keep it, read nothing
            continue
        read[attachment_id] = extract_text_bytes(checked, data, ocr=ocr, limits=limits)
    with session_scope(engine) as session:
        stored = []
        for attachment_id, extracted in read.items():
            attachment = session.get(Attachment, attachment_id)
            if attachment is not None and attachment.text is None:
                attachment.text, attachment.text_method = extracted.text, extracted.method
                stored.append(attachment_id)
        index_document_text(session, stored)
        item = session.get(Incoming, incoming_id)
        if stored and item is not None:
            apply_mail_effects(session, item, actor=actor)
    return list(read.values())


def incoming_handlers(
    engine: Engine, *, limits: Limits = DEFAULT_LIMITS, ocr: OcrSettings | None = None
) -> dict[str, Handler]:
    def handle(request: ClerkRequest) -> Outcome:
        try:
            incoming_id = int(request.subject)
        except ValueError as exc:
            raise RequestFailed(
                RequestProblem.BAD_SUBJECT, f"Неверный номер входящего: {request.subject}."
            ) from exc
        results = extract_missing_text(
            engine, incoming_id, limits=limits, ocr=ocr, actor=request.requested_by
        )
        missing = next((r.ocr_missing for r in results if r.ocr_missing), None)
        text = f"Текст прочитан: файлов — {len(results)}."
        return Outcome(text + (f" Не всё распознано: {missing}." if missing else ""))

    return {RequestKind.EXTRACT_TEXT: handle}
