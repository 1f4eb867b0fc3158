"""The postmark date under its drawn ring (issue 15): an envelope page whose date OCR lost is read
once more with thin strokes removed, and a date the receipt rule would refuse is not taken."""

from __future__ import annotations

from datetime import date

from config.limits import DEFAULT_LIMITS
from config.runtime import OcrSettings
from tasks.extract import ExtractedText, Method, extract_text_bytes
from tasks.ingest.analyse import split_file
from tasks.ingest.postmark import plausible_postmark, postmark_under_ring
from tasks.split.cues import page_cues
from tasks.validate import validate_bytes
from tests.corpus.stacks import ENVELOPE as ENVELOPE_ROLE
from tests.corpus.stacks import Envelope, Stack
from tests.corpus.stacks_render import stack_image_pdf
from tests.markers import requires_tesseract
from tests.unit.split.pages import ENVELOPE, resolution

POSTMARK = date(2025, 4, 15)
RING_SEED = 6
"""A 150 dpi scan of ``ENVELOPE`` by the stack corpus renderer whose ring costs the date line."""


@requires_tesseract
def test_a_postmark_date_lost_under_its_ring_is_read_with_thin_strokes_removed() -> None:
    """GIVEN a scanned envelope with a postmark ring drawn around its date, which OCR reads
    without the date WHEN the page is read again with thin strokes removed THEN the date is read."""
    stack = Stack("single", (ENVELOPE,), (ENVELOPE_ROLE,), (), Envelope("ОСП", POSTMARK, 0))
    data = stack_image_pdf(stack, seed=RING_SEED)
    checked = validate_bytes("envelope.pdf", data)
    first = page_cues(1, extract_text_bytes(checked, data).pages[0])
    assert first.envelope and first.postmark_date is None
    again = postmark_under_ring(
        checked, data, 1, ocr=OcrSettings(), limits=DEFAULT_LIMITS, arrived=date(2025, 4, 18)
    )
    assert again == POSTMARK


def test_a_postmark_read_after_arrival_or_long_before_it_is_refused() -> None:
    """A misread date (after the file came, or more than 60 days before) is no receipt date."""
    assert plausible_postmark(ENVELOPE, arrived=date(2025, 4, 18)) == POSTMARK
    assert plausible_postmark(ENVELOPE, arrived=date(2025, 4, 14)) is None
    assert plausible_postmark(ENVELOPE, arrived=date(2025, 7, 1)) is None
    assert plausible_postmark(ENVELOPE.replace("15.04.25", "15.04.52"), arrived=date(2025, 4, 18)) is None


def _scanned(pages: list[str], methods: tuple[Method, ...]) -> ExtractedText:
    return ExtractedText("\n\f\n".join(pages), tuple(pages), "ocr", 0.9, methods)


def test_only_a_scanned_envelope_without_a_date_is_read_again() -> None:
    """The second reading is asked for the envelope page OCR read without a date, and for no
    other page; an envelope whose date was read, or a text layer, costs no second reading."""
    undated = ENVELOPE.replace("15.04.25", "")
    asked: list[int] = []

    def reread(page: int) -> date | None:
        asked.append(page)
        return POSTMARK

    split = split_file(_scanned([resolution(), undated, resolution()], ("ocr",) * 3), reread=reread)
    assert asked == [2] and split.envelope == (2,) and split.postmark_date == POSTMARK
    asked.clear()
    split = split_file(_scanned([undated, resolution()], ("text_layer",) * 2), reread=reread)
    assert asked == [] and split.postmark_date is None
    split = split_file(_scanned([ENVELOPE, resolution()], ("ocr",) * 2), reread=reread)
    assert asked == [] and split.postmark_date == POSTMARK
