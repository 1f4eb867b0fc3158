"""One scan, several documents (issue 15): never filed whole on one debtor's case."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import Engine, select

from config.runtime import IngestConfig
from db.engine import session_scope
from db.models import Incoming
from tasks.imports import import_cases, import_counterparties
from tasks.ingest.envelope import process_envelope
from tasks.ingest.evaluate import CONTRACT_KEYS, classify_files
from tasks.ingest.model import ClaimedEnvelope, Outcome
from tasks.review_reasons import ReviewReason
from tasks.split.separator import separator_sheet_pdf
from tests.corpus.render import text_pdf
from tests.corpus.texts import demo_cases, demo_counterparties, generate_documents
from tests.factories import cases_csv, counterparties_csv

SEED = 3
ORDER = "Судебный приказ"


@pytest.fixture
def ingest_engine(fresh_engine: Engine) -> Engine:
    with session_scope(fresh_engine) as session:
        assert not import_counterparties(session, counterparties_csv(demo_counterparties()), actor="t").errors
        assert not import_cases(session, cases_csv(demo_cases(200, seed=SEED)), actor="t").errors
    return fresh_engine


@pytest.fixture
def config(tmp_path: Path) -> IngestConfig:
    config = IngestConfig(
        processing_dir=tmp_path / "inbox" / ".processing",
        archive_dir=tmp_path / "archive",
        rejected_dir=tmp_path / "rejected",
    )
    config.processing_dir.mkdir(parents=True)
    return config


def court_decisions() -> tuple[str, str]:
    """A court decision about a debtor the CRM does not know, and one about a known debtor."""
    known = next(
        t for t, truth in generate_documents(16, seed=SEED) if truth.document_type == "Судебный приказ"
    )
    unknown = next(
        t for t, truth in generate_documents(16, seed=SEED + 1000) if truth.document_type == "Судебный приказ"
    )
    return unknown, known


def test_known_debtors_decision_alone_is_filed_automatically(
    ingest_engine: Engine, config: IngestConfig
) -> None:
    """The control: the known debtor's decision on its own is registered without a clerk."""
    _, known = court_decisions()
    (config.processing_dir / "c1__known.pdf").write_bytes(text_pdf(known))
    outcome = process_envelope(
        ingest_engine, ClaimedEnvelope("c1__known.pdf", ("c1__known.pdf",)), config=config, actor="scanner"
    )
    assert outcome.outcome == Outcome.REGISTERED


def test_two_debtors_decisions_in_one_scan_go_to_a_clerk_not_onto_the_known_case(
    ingest_engine: Engine, config: IngestConfig
) -> None:
    """GIVEN one PDF: an unknown debtor's court decision, then a known debtor's WHEN processed
    THEN the item waits for a clerk with the reason «разные должники», filed on no case."""
    unknown, known = court_decisions()
    (config.processing_dir / "c2__stack.pdf").write_bytes(text_pdf(unknown + "\f" + known))
    outcome = process_envelope(
        ingest_engine, ClaimedEnvelope("c2__stack.pdf", ("c2__stack.pdf",)), config=config, actor="scanner"
    )
    assert outcome.outcome == Outcome.NEEDS_REVIEW
    with session_scope(ingest_engine) as session:
        item = session.scalars(select(Incoming)).one()
        assert ReviewReason.MIXED_CASES.value in (item.review_reason or "").split()
        assert all(package.case_id is None for package in item.packages)


ENVELOPE = """ПОЧТА РОССИИ
Заказное с уведомлением
От кого: Мировой судья судебного участка
Откуда: 610004, г. Киров, ул. Ленина, д. 95
КИРОВ 610004    15.04.25
Кому: ООО ПКО «Долговой центр»
Куда: 125009, г. Москва, ул. Тверская, д. 7, офис 12"""


def test_classify_json_gives_each_document_of_a_stack_and_places_every_page_once(
    ingest_engine: Engine, config: IngestConfig, tmp_path: Path
) -> None:
    """GIVEN envelope, the unknown debtor's decision, a blank sheet, the separator sheet, the known
    debtor's decision WHEN classified THEN two documents: the first waits for a clerk, the second
    is on the known case; the envelope with its postmark; blank and separator skipped."""
    unknown, known = court_decisions()
    separator = PdfReader(io.BytesIO(separator_sheet_pdf())).pages[0].extract_text()
    path = tmp_path / "stack.pdf"
    path.write_bytes(text_pdf("\f".join([ENVELOPE, unknown, " ", separator, known])))
    [answer] = classify_files(ingest_engine, [path], config=config)
    assert tuple(answer) == CONTRACT_KEYS and answer["valid"]
    documents = answer["documents"]
    assert [d["pages"] for d in documents] == [[2], [5]]
    assert documents[0]["needs_review"] and documents[0]["case_number"] is None
    known_case = next(t.case_number for _, t in generate_documents(16, seed=SEED) if t.document_type == ORDER)
    assert documents[1]["case_number"] == known_case and not documents[1]["needs_review"]
    assert answer["needs_review"] and answer["case_number"] is None  # the file waits; top = first
    assert answer["envelope"] == {"pages": [1], "postmark_date": "2025-04-15"}
    assert answer["skipped_pages"] == [{"page": 3, "reason": "blank"}, {"page": 4, "reason": "separator"}]
    placed = [p for d in documents for p in d["pages"]] + answer["envelope"]["pages"]
    placed += [s["page"] for s in answer["skipped_pages"]]
    assert sorted(placed) == [1, 2, 3, 4, 5]


def test_a_single_document_answers_as_before_with_a_one_element_documents_list(
    ingest_engine: Engine, config: IngestConfig, tmp_path: Path
) -> None:
    _, known = court_decisions()
    (path := tmp_path / "one.pdf").write_bytes(text_pdf(known))
    [answer] = classify_files(ingest_engine, [path], config=config)
    assert not answer["needs_review"] and answer["envelope"] is None and answer["skipped_pages"] == []
    assert answer["documents"] == [
        {
            "pages": [1],
            "document_type": answer["document_type"],
            "sender": answer["sender"],
            "case_number": answer["case_number"],
            "confidence": answer["confidence"],
            "needs_review": False,
        }
    ]


def test_a_stack_above_the_single_file_limit_is_accepted_and_one_above_the_stack_limit_refused(
    ingest_engine: Engine, config: IngestConfig, tmp_path: Path
) -> None:
    """Limits made small: a two-document stack over the file limit is split, each document within
    it; the same stack over the stack limit is refused with the stack's own reason."""
    unknown, known = court_decisions()
    (path := tmp_path / "stack.pdf").write_bytes(text_pdf(unknown + "\f" + known))
    size = path.stat().st_size
    small = replace(config, limits=replace(config.limits, max_file_bytes=size - 1, max_stack_bytes=size))
    [answer] = classify_files(ingest_engine, [path], config=small)
    assert answer["valid"] and [d["pages"] for d in answer["documents"]] == [[1], [2]]
    tiny = replace(config, limits=replace(config.limits, max_file_bytes=size // 4, max_stack_bytes=size - 1))
    [refused] = classify_files(ingest_engine, [path], config=tiny)
    assert not refused["valid"] and "пачки" in refused["reason"] and refused["documents"] == []
    single = replace(config, limits=replace(config.limits, max_file_bytes=size // 4))
    continuation = "Приказ может быть отменён по возражениям должника.\nСудья ____________"
    (one := tmp_path / "one.pdf").write_bytes(text_pdf(known + "\f" + continuation))
    [too_large] = classify_files(ingest_engine, [one], config=single)
    assert not too_large["valid"] and "больше 1 МБ" in too_large["reason"]
