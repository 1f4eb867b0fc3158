"""Fixtures of the ingest tests: a database holding the demo world, and the pipeline's folders.

None is autouse: a test pays only for what it asks for. Plain helpers are in ``scans.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from config.runtime import IngestConfig
from tests.integration.tasks.ingest.scans import load_demo_world


@pytest.fixture
def ingest_engine(fresh_engine: Engine) -> Engine:
    """A fresh database with the demo counterparties and cases: the known debtors' mail files itself."""
    return load_demo_world(fresh_engine)


@pytest.fixture
def config(tmp_path: Path) -> IngestConfig:
    """The pipeline's folders under ``tmp_path``: inbox/.processing (made), archive, rejected."""
    config = IngestConfig(
        processing_dir=tmp_path / "inbox" / ".processing",
        archive_dir=tmp_path / "archive",
        rejected_dir=tmp_path / "rejected",
    )
    config.processing_dir.mkdir(parents=True)
    return config


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    """A shared inbox folder with its .processing folder made."""
    folder = tmp_path / "inbox"
    (folder / ".processing").mkdir(parents=True)
    return folder


@pytest.fixture
def processing(inbox: Path) -> Path:
    return inbox / ".processing"
