"""One scan, several documents (issue 15): never filed whole on one debtor's case."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from config.runtime import IngestConfig
from db.engine import session_scope
from db.models import Incoming
from tasks.imports import import_cases, import_counterparties
from tasks.ingest.envelope import process_envelope
from tasks.ingest.model import ClaimedEnvelope, Outcome
from tasks.review_reasons import ReviewReason
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
