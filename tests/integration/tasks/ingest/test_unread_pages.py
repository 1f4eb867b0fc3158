"""One page OCR cannot read no longer costs a scanned stack its split (issue 15): on a loaded host
one slow page of a 14-page stack ran past the tesseract timeout, every page lost its text, and the
stack, above the single-file limit, was refused whole («разделить скан на документы не удалось»)."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import Engine, select

from config.runtime import IngestConfig, OcrSettings
from db.engine import session_scope
from db.models import Incoming
from tasks.ingest.envelope import process_envelope
from tasks.ingest.model import Outcome
from tasks.review_reasons import ReviewReason
from tests.corpus.texts import generate_documents
from tests.integration.tasks.ingest.scans import SEED, court_decisions, drop, known_order_case
from tests.unit.tasks.fake_tesseract import scanned_pdf, width_reading_ocr


def test_a_stack_above_the_file_limit_with_a_page_timing_out_is_split_and_waits_for_a_clerk(
    ingest_engine: Engine, config: IngestConfig
) -> None:
    """GIVEN a scanned stack of three documents above the single-file limit, whose page 2 tesseract
    does not finish in time WHEN processed THEN it is not refused: it is split, every page is in
    a package, and the document with the unread page waits for a clerk saying pages were not read."""
    unknown, known = court_decisions()
    resolution = generate_documents(16, seed=SEED)[0][0]
    data = scanned_pdf([unknown, known, resolution])
    ocr = width_reading_ocr(config.processing_dir.parent.parent, {800: unknown, 801: None, 802: resolution})
    small = replace(config, ocr=ocr, limits=replace(config.limits, max_file_bytes=len(data) - 1))
    outcome = process_envelope(
        ingest_engine, drop(small, "s1__stack.pdf", data), config=small, actor="scanner"
    )
    assert [f.outcome for f in outcome.files] == [Outcome.NEEDS_REVIEW]
    with session_scope(ingest_engine) as session:
        items = session.scalars(select(Incoming).order_by(Incoming.id)).all()
        packages = {
            p.attachments[0].file_name.rsplit("(", 1)[1]: (p, item) for item in items for p in item.packages
        }
        assert set(packages) == {"стр. 1–2).pdf", "стр. 3).pdf"}  # no page lost
        assert [p.attachments[0].page_count for p, _ in packages.values()] == [2, 1]
        first, item = packages["стр. 1–2).pdf"]
        assert first.case_id is None and item.status == "needs_review"
        assert ReviewReason.PAGES_UNREAD.value in (item.review_reason or "").split()


def test_a_known_debtors_decision_with_a_page_not_read_is_never_filed_without_a_clerk(
    ingest_engine: Engine, config: IngestConfig
) -> None:
    """GIVEN a known debtor's court decision, scanned with a second page tesseract does not finish
    WHEN processed THEN it is read from page 1 and suggested on its case, yet waits for a clerk:
    what the unread page says (another debtor, a deadline) is unknown. Read whole, it files itself."""
    _, known = court_decisions()
    # the second page has ink enough to be read (a signature line alone is blank: tasks.ocr.BLANK_INK)
    data = scanned_pdf([known, "Копию определения направить сторонам.\nСудья ____________ Иванова А.А."])
    ocr = width_reading_ocr(config.processing_dir.parent.parent, {800: known, 801: None})
    slow = replace(config, ocr=ocr)
    outcome = process_envelope(ingest_engine, drop(slow, "s2__order.pdf", data), config=slow, actor="scanner")
    assert [f.outcome for f in outcome.files] == [Outcome.NEEDS_REVIEW]
    with session_scope(ingest_engine) as session:
        item = session.scalars(select(Incoming)).one()
        assert (item.review_reason or "").split() == [ReviewReason.PAGES_UNREAD.value]
        assert item.suggestions["case_candidates"][0]["case_number"] == known_order_case()


def _reasons_of_one_page_scan(ingest_engine: Engine, config: IngestConfig, ocr: OcrSettings) -> list[str]:
    """The review reasons of a known debtor's one-page court decision processed with ``ocr``."""
    _, known = court_decisions()
    scan = replace(config, ocr=ocr)
    outcome = process_envelope(
        ingest_engine, drop(scan, "s3__order.pdf", scanned_pdf([known])), config=scan, actor="scanner"
    )
    assert [f.outcome for f in outcome.files] == [Outcome.NEEDS_REVIEW]
    with session_scope(ingest_engine) as session:
        return (session.scalars(select(Incoming)).one().review_reason or "").split()


def test_a_scan_whose_only_page_times_out_says_it_could_not_be_recognised(
    ingest_engine: Engine, config: IngestConfig
) -> None:
    """GIVEN a one-page scan tesseract does not finish in time WHEN processed THEN it waits for a
    clerk told the document could not be recognised, not that Tesseract is not installed."""
    ocr = width_reading_ocr(config.processing_dir.parent.parent, {800: None})
    reasons = _reasons_of_one_page_scan(ingest_engine, config, ocr)
    assert ReviewReason.OCR_FAILED.value in reasons
    assert ReviewReason.OCR_UNAVAILABLE.value not in reasons


def test_a_scan_read_without_tesseract_says_recognition_is_not_installed(
    ingest_engine: Engine, config: IngestConfig
) -> None:
    """GIVEN no tesseract on the host WHEN a scan is processed THEN the clerk is told recognition is
    not installed, as before."""
    reasons = _reasons_of_one_page_scan(ingest_engine, config, OcrSettings(command="/nonexistent/tesseract"))
    assert ReviewReason.OCR_UNAVAILABLE.value in reasons
    assert ReviewReason.OCR_FAILED.value not in reasons
