"""A scanned stack read page by page: an envelope scanned upside down, then a document (OCR)."""

from __future__ import annotations

from datetime import date

from tasks.extract import extract_text_bytes
from tasks.ingest.analyse import split_file
from tasks.validate import validate_bytes
from tests.corpus.render import page_images, scan
from tests.markers import requires_tesseract
from tests.unit.split.pages import ENVELOPE, resolution, scanned_pdf


@requires_tesseract
def test_an_upside_down_envelope_is_read_turned_and_kept_apart_with_its_postmark() -> None:
    """GIVEN a 150 dpi scan: the envelope upside down, then a resolution WHEN read and split
    THEN the envelope page is read turned, recognised, its postmark date read; one document."""
    envelope = scan(page_images(ENVELOPE)[0], seed=1).rotate(180, expand=True)
    data = scanned_pdf([envelope, scan(page_images(resolution())[0], seed=2)])
    extracted = extract_text_bytes(validate_bytes("stack.pdf", data), data)
    split = split_file(extracted)
    assert split.envelope == (1,) and split.postmark_date == date(2025, 4, 15)
    assert [d.pages for d in split.documents] == [(2,)]
