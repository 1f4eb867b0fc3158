"""Each document of a stack as its own PDF within the file limit (issue 15)."""

from __future__ import annotations

import io

from pypdf import PdfReader

from tasks.split.pdf import document_pdfs
from tests.corpus.render import image_pdf

TEXT = "ПОСТАНОВЛЕНИЕ\nо возбуждении исполнительного производства\n" * 20


def test_documents_get_their_own_pages_and_scans_are_recompressed_to_fit() -> None:
    """GIVEN a 3-page scan at 200 dpi WHEN written as documents [1, 2] and [3] under a limit
    smaller than their pages as scanned THEN each PDF holds its pages and fits the limit."""
    scan = image_pdf(TEXT + "\f" + TEXT + "\f" + TEXT, dpi=200, quality=90)
    as_scanned = document_pdfs(scan, [(1, 2), (3,)], len(scan))
    limit = int(len(as_scanned[0]) * 0.6)
    first, last = document_pdfs(scan, [(1, 2), (3,)], limit)
    assert len(PdfReader(io.BytesIO(first)).pages) == 2 and len(PdfReader(io.BytesIO(last)).pages) == 1
    assert len(first) <= limit and len(last) <= limit
    assert last == as_scanned[1]  # a document that fits is copied as it is, nothing lost
