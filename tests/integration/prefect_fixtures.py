"""Fixtures and helpers of the tests that run flows under a real (temporary) Prefect API.

A plain module, not a conftest: a conftest would start a Prefect server for every integration
test beneath it. A test module imports the fixtures it needs::

    from tests.integration.prefect_fixtures import engine_fixture, prefect_api_fixture, settings_fixture

Each is registered under the name without ``_fixture`` (``engine``, ``prefect_api``, ``settings``),
so a test's parameters never shadow an import. ``prefect_api`` is module-scoped and autouse:
importing it starts one harness for the importing module (about 12 s here) and stops it after;
module scope rather than session scope, so that one module's harness is never nested inside
another's (nesting stops the shared server).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from prefect.testing.utilities import prefect_test_harness
from sqlalchemy import Engine, func, select

from config.settings import Settings
from db.engine import session_scope
from tasks.database import open_database
from tasks.imports import import_counterparties
from tasks.ingest.intake import claim, record_claims, with_ids
from tests.corpus.render import text_pdf
from tests.corpus.texts import demo_counterparties, generate_documents
from tests.factories import counterparties_csv


@pytest.fixture(name="prefect_api", scope="module", autouse=True)
def prefect_api_fixture() -> Iterator[None]:
    with prefect_test_harness(server_startup_timeout=90):
        yield


@pytest.fixture(name="settings")
def settings_fixture(korr_env: Callable[[], Path]) -> Iterator[Settings]:
    """Settings on a temporary data folder and database, with the demo counterparties imported."""
    settings = Settings()
    settings.ensure_dirs()
    engine = open_database(settings.resolved_database_url, actor="tests")
    with session_scope(engine) as session:
        import_counterparties(session, counterparties_csv(demo_counterparties()), actor="tests")
    engine.dispose()
    yield settings


@pytest.fixture(name="engine")
def engine_fixture(settings: Settings) -> Iterator[Engine]:
    engine = open_database(settings.resolved_database_url, actor="tests")
    yield engine
    engine.dispose()


def drop_and_claim(settings: Settings, engine: Engine, files: dict[str, bytes]) -> list[int]:
    """Files into the inbox, claimed and recorded as the watcher would: their ledger ids."""
    for name, data in files.items():
        path = settings.inbox_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    envelopes = claim(settings.inbox_dir, settings.processing_dir)
    with session_scope(engine) as session:
        record_claims(session, envelopes, settings.processing_dir)
        return [i for e in with_ids(session, envelopes) for i in e.intake_ids]


def pdfs(count: int, seed: int) -> dict[str, bytes]:
    return {f"doc{i}.pdf": text_pdf(text) for i, (text, _) in enumerate(generate_documents(count, seed=seed))}


def count(engine: Engine, model: Any, *where: Any) -> int:
    with session_scope(engine) as session:
        return session.scalar(select(func.count()).select_from(model).where(*where)) or 0
