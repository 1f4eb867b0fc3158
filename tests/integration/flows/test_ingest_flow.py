"""The ingest flows under a real (temporary) Prefect API: batching, retries, artifacts, sweeper.

One harness for the module (``tests.integration.prefect_fixtures.prefect_api``).
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey
from prefect.client.schemas.objects import Artifact, Log
from prefect.logging.handlers import APILogWorker
from prefect.states import Completed, Failed
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

import flows.ingest as ingest_module
from config.settings import Settings
from db.models import Incoming, IntakeFile
from flows.ingest import ingest_inbox, ingest_sweeper, is_transient
from tests.corpus.hostile import png
from tests.corpus.render import text_pdf
from tests.corpus.texts import generate_documents
from tests.integration.prefect_fixtures import (  # noqa: F401 - fixtures: a Prefect API, settings, engine
    count,
    drop_and_claim,
    engine_fixture,
    pdfs,
    prefect_api_fixture,
    settings_fixture,
)

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_ingest_inbox_registers_a_batch_and_publishes_a_table(settings: Settings, engine: Engine) -> None:
    """GIVEN 6 PDFs, a folder and a PNG named .pdf WHEN one flow run takes them THEN all are filed."""
    files = {**pdfs(6, seed=21), "scan.pdf": png()}
    files.update({f"envelope/{name}": data for name, data in pdfs(2, seed=22).items()})
    claims = drop_and_claim(settings, engine, files)
    report = ingest_inbox(claims)
    assert report.registered + report.needs_review == 8 and report.rejected == 1 and report.failed == 0
    assert {row["Файл №"] for row in report.rows} == {str(i) for i in claims}  # ids, not names
    assert {len(row["SHA-256"]) for row in report.rows} == {12}
    assert count(engine, Incoming) == 7  # the folder is one item with two packages
    assert count(engine, IntakeFile, IntakeFile.status == "claimed") == 0
    assert not [p for p in settings.processing_dir.iterdir() if not p.name.startswith(".")]
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["ingest-inbox"]))
        )
    assert artifacts and artifacts[0].type == "table"


def test_ingest_inbox_retries_a_lost_database_connection(
    settings: Settings, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    claims = drop_and_claim(settings, engine, pdfs(1, seed=23))
    real = ingest_module.process_batch
    calls: list[int] = []

    def flaky(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("SELECT 1", {}, ConnectionError("server closed the connection"))
        return real(*args, **kwargs)

    monkeypatch.setattr(ingest_module, "process_batch", flaky)
    report = ingest_inbox(claims)
    assert len(calls) == 2 and report.registered + report.needs_review == 1


def test_ingest_inbox_run_fails_and_keeps_files_claimed_when_our_code_fails(
    settings: Settings, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN a bug in our code WHEN a run takes a good scan THEN the run is red and the file waits."""
    claims = drop_and_claim(settings, engine, pdfs(1, seed=26))

    def bug(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("a bug of ours")

    monkeypatch.setattr("tasks.ingest.envelope._analyse_all", bug)
    state = ingest_inbox(claims, return_state=True)
    assert state.is_failed()
    assert count(engine, IntakeFile, IntakeFile.status == "claimed") == 1


def test_is_transient_retries_database_errors_only() -> None:
    lost = OperationalError("SELECT 1", {}, ConnectionError("gone"))
    assert is_transient(None, None, Failed(data=lost))  # type: ignore[arg-type]
    assert not is_transient(None, None, Failed(data=ValueError("bug")))  # type: ignore[arg-type]
    assert not is_transient(None, None, Completed())  # type: ignore[arg-type]


def test_ingest_sweeper_finishes_unfinished_claims_and_stray_inbox_files(
    settings: Settings, engine: Engine
) -> None:
    """GIVEN a claim whose hand-over was lost and a file no watcher saw THEN the sweeper files both."""
    drop_and_claim(settings, engine, pdfs(1, seed=24))
    stray = settings.inbox_dir / "stray.pdf"
    stray.write_bytes(text_pdf(generate_documents(1, seed=25)[0][0]))
    os.utime(stray, (0, 0))
    report = ingest_sweeper(grace_seconds=0)
    assert report.registered + report.needs_review == 2
    assert count(engine, IntakeFile, IntakeFile.status == "claimed") == 0
    assert not stray.exists()


def texts(value: Any) -> Iterator[str]:
    """Every string in a value, and inside strings that hold JSON (an artifact's table is one)."""
    if isinstance(value, str):
        yield value
        try:
            inner = json.loads(value)
        except ValueError:
            return
        if not isinstance(inner, str):
            yield from texts(inner)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from texts(item)
    else:
        yield str(value)


def test_ingest_runs_carry_no_debtor_names(
    settings: Settings, engine: Engine, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """GIVEN files named after debtors (a loose scan, a folder, a refusal, a duplicate), with
    debtors, senders and cases in their text, and a run where our code fails naming the file
    WHEN the ingest flow takes them THEN no name, file name or case number is in our logs,
    Prefect's logs, its flow and task runs (names, parameters, states) or its artifacts."""
    documents = generate_documents(3, seed=31)
    surnames = [truth.debtor_full_name.split()[0] for _, truth in documents]
    pdf = [text_pdf(text) for text, _ in documents]
    files = {
        f"{surnames[0]}.pdf": pdf[0],
        f"Копия {surnames[0]}.pdf": pdf[0],
        f"Дело {surnames[1]}/{surnames[1]} стр1.pdf": pdf[1],
        f"{surnames[1]} скан.pdf": png(),
    }
    caplog.set_level(logging.DEBUG)
    report = ingest_inbox(drop_and_claim(settings, engine, files))
    assert (report.rejected, report.duplicates, report.registered + report.needs_review) == (1, 1, 2)

    def bug(engine: Engine, screened: Any, config: Any) -> None:
        raise RuntimeError(f"cannot read {screened.accepted[0][0]}")  # the error text names the file

    monkeypatch.setattr("tasks.ingest.envelope._analyse_all", bug)
    failed = ingest_inbox(drop_and_claim(settings, engine, {f"{surnames[2]}.pdf": pdf[2]}), return_state=True)
    assert failed.is_failed()

    APILogWorker.drain_all(timeout=10)
    with get_client(sync_client=True) as client:
        prefect_data = [
            *client.read_flow_runs(),
            *client.read_task_runs(),
            *client.read_artifacts(),
            *client.read_logs(limit=200),
        ]
    assert any(isinstance(item, Log) and "envelopes" in item.message for item in prefect_data)
    assert any(isinstance(item, Artifact) and item.key == "ingest-inbox" for item in prefect_data)
    searched = "\n".join(
        [caplog.text, *(t for item in prefect_data for t in texts(item.model_dump(mode="json")))]
    )
    names = [
        *surnames,
        *(truth.debtor_full_name for _, truth in documents),
        *(truth.case_number for _, truth in documents),
        *(Path(name).stem for name in files),
    ]
    for name in names:
        assert name not in searched, name
