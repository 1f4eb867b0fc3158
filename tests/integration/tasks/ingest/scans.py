"""What the ingest tests share: the demo world they file into, and scans dropped into the inbox.

A plain module, imported where needed; the fixtures that build on it live in this folder's
``conftest.py``.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine

from config.runtime import IngestConfig
from db.engine import session_scope
from tasks.imports import import_cases, import_counterparties
from tasks.ingest.model import ClaimedEnvelope
from tests.corpus.texts import demo_cases, demo_counterparties, generate_documents
from tests.factories import cases_csv, counterparties_csv

SEED = 3
"""Seed of the demo cases in the database and of the documents that name them: keep them equal,
or no generated document names a case the CRM knows."""
ORDER = "Судебный приказ"


def load_demo_world(engine: Engine) -> Engine:
    """The demo counterparties and 200 demo cases (seed ``SEED``), so generated mail files itself."""
    with session_scope(engine) as session:
        assert not import_counterparties(session, counterparties_csv(demo_counterparties()), actor="t").errors
        assert not import_cases(session, cases_csv(demo_cases(200, seed=SEED)), actor="t").errors
    return engine


def drop(config: IngestConfig, claim: str, data: bytes) -> ClaimedEnvelope:
    """Put ``data`` into the processing folder as the claimed single-file envelope ``claim``."""
    (config.processing_dir / claim).write_bytes(data)
    return ClaimedEnvelope(claim_name=claim, file_claims=(claim,))


def court_decisions() -> tuple[str, str]:
    """A court decision about a debtor the CRM does not know, and one about a known debtor."""
    known = next(t for t, truth in generate_documents(16, seed=SEED) if truth.document_type == ORDER)
    unknown = next(t for t, truth in generate_documents(16, seed=SEED + 1000) if truth.document_type == ORDER)
    return unknown, known


def known_order_case() -> str:
    """The case number the known debtor's decision of ``court_decisions`` names."""
    return next(t.case_number for _, t in generate_documents(16, seed=SEED) if t.document_type == ORDER)


def court_envelope(postmark: date) -> str:
    """The text of a court's envelope stamped on ``postmark``, as a scan's first page reads."""
    return (
        "ПОЧТА РОССИИ\nЗаказное с уведомлением\nОт кого: Мировой судья судебного участка\n"
        "Откуда: 610004, г. Киров, ул. Ленина, д. 95\n"
        f"КИРОВ 610004    {postmark:%d.%m.%y}\n"
        "Кому: ООО ПКО «Долговой центр»\nКуда: 125009, г. Москва, ул. Тверская, д. 7, офис 12"
    )
