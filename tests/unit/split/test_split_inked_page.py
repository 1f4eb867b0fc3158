"""A page is blank only if its image has no ink: a page OCR read as nothing is never dropped."""

from __future__ import annotations

from tasks.ocr import BLANK_INK
from tasks.split.boundaries import UNSURE, split_pages
from tasks.split.cues import pages_cues

FIRST = """ОСП по Ленинскому району г. Кирова
ПОСТАНОВЛЕНИЕ
о возбуждении исполнительного производства
Судебный пристав-исполнитель рассмотрел материалы исполнительного производства
№ 693605/25/43001-ИП в отношении должника и постановил возбудить исполнительное производство."""


def test_a_page_with_ink_but_no_text_stays_in_its_document_for_review() -> None:
    """GIVEN a resolution and a second page whose image has ink but OCR read nothing
    WHEN split THEN the page is kept as a continuation of the resolution, not skipped, and the
    document is unsure (a clerk checks it)."""
    split = split_pages(pages_cues([FIRST, ""], ink=[None, 10 * BLANK_INK]))
    assert [d.pages for d in split.documents] == [(1, 2)]
    assert split.skipped == ()
    assert split.documents[0].confidence <= UNSURE


def test_a_page_without_ink_or_text_is_skipped_as_blank() -> None:
    split = split_pages(pages_cues([FIRST, "", FIRST.replace("693605", "700001")], ink=[None, 0.0, None]))
    assert [s.page for s in split.skipped] == [2]
    assert [d.pages for d in split.documents] == [(1,), (3,)]
