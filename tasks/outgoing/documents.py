"""The cover documents of a letter or a whole batch, assembled from our rows and Russian Post.

Our own forms (envelope, ф.107, cover letter) come from ``tasks.print_forms``; the batch's ф.103
list comes from Russian Post (it is only printable after check-in, reference §2.6).
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import PurePath

from pypdf import PdfReader, PdfWriter
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Outgoing
from pochta import OtpravkaClient
from tasks.outgoing.errors import OutgoingError, OutgoingProblem
from tasks.print_forms import Enclosure, Party, cover_letter_pdf, envelope_pdf, inventory_pdf


def recipient_of(letter: Outgoing) -> Party:
    """The letter's recipient as the forms see it."""
    return Party(
        name=letter.recipient_name,
        address=letter.recipient_address,
        index=letter.recipient_index,
        parts=dict(letter.recipient_address_parts or {}),
    )


def enclosures_of(letter: Outgoing) -> list[Enclosure]:
    """One line per attached document: its file name without extension, and its sheets."""
    return [Enclosure(PurePath(a.file_name).stem, a.page_count or 1) for a in letter.attachments]


def letter_documents(letter: Outgoing, *, sender: Party, signatory: str | None = None) -> dict[str, bytes]:
    """File name → PDF: the envelope, the cover letter and, for a letter with inventory, the ф.107.

    Raises ``RevealsDebt`` if the sender's name would hint at a debt on the envelope.
    """
    number = letter.reg_number
    recipient = recipient_of(letter)
    enclosures = enclosures_of(letter)
    files = {
        f"{number}-конверт-{letter.envelope_type}.pdf": envelope_pdf(
            sender=sender, recipient=recipient, size=letter.envelope_type, barcode=letter.barcode
        ),
        f"{number}-сопроводительное.pdf": cover_letter_pdf(
            sender=sender,
            recipient=recipient,
            reg_number=number,
            date=letter.created_at.date(),
            enclosures=enclosures,
            body=letter.description,
            signatory=signatory,
        ),
    }
    if letter.with_inventory:
        files[f"{number}-опись-ф107.pdf"] = inventory_pdf(
            recipient=recipient,
            enclosures=enclosures or [Enclosure("Сопроводительное письмо", 1)],
            declared_value_kopecks=letter.declared_value_kopecks or 0,
            sender=sender,
        )
    return files


def batch_documents(
    session: Session, client: OtpravkaClient, batch_name: str, *, sender: Party, signatory: str | None = None
) -> dict[str, bytes]:
    """File name → PDF for a whole batch: Russian Post's ф.103 and every letter's documents."""
    letters = list(
        session.scalars(select(Outgoing).where(Outgoing.batch_name == batch_name).order_by(Outgoing.id))
    )
    if not letters:
        raise OutgoingError(
            OutgoingProblem.BATCH_NOT_FOUND, f"Партия {batch_name} не найдена среди наших писем."
        )
    if all(letter.checked_in_at is None for letter in letters):
        raise OutgoingError(
            OutgoingProblem.BATCH_NOT_CHECKED_IN,
            f"Партия {batch_name} ещё не передана в отделение: ф.103 появится после этого.",
        )
    files = {f"партия-{batch_name}-ф103.pdf": client.print_f103(batch_name)}
    for letter in letters:
        files.update(letter_documents(letter, sender=sender, signatory=signatory))
    return files


def _merged(parts: list[bytes]) -> bytes:
    writer = PdfWriter()
    for data in parts:
        writer.append(PdfReader(io.BytesIO(data)))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def printable_batch(batch_name: str, files: Mapping[str, bytes]) -> dict[str, bytes]:
    """A batch's documents as three print jobs instead of three per letter.

    Envelopes go through the printer's envelope feed and the A4 sheets (cover letters followed
    by their ф.107) through the tray, so a clerk prints each pile in one go, in letter order.
    """
    envelopes = [data for name, data in files.items() if "-конверт-" in name]
    sheets = [
        data for name, data in files.items() if name.endswith(("-сопроводительное.pdf", "-опись-ф107.pdf"))
    ]
    bundle = {name: data for name, data in files.items() if name.endswith("-ф103.pdf")}
    if envelopes:
        bundle[f"партия-{batch_name}-конверты.pdf"] = _merged(envelopes)
    if sheets:
        bundle[f"партия-{batch_name}-письма-и-описи.pdf"] = _merged(sheets)
    return bundle
