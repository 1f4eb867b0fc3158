"""«Отказы»: refused files listed with their reason, downloaded, registered by hand or deleted;
never an item of Входящие or a search hit."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from config.runtime import IngestConfig
from db.audit import list_entries
from db.engine import session_scope
from db.models import Incoming, Rejection
from db.search import IncomingFilter, search_incoming
from tasks.ingest.envelope import process_envelope
from tasks.ingest.model import ClaimedEnvelope, Outcome
from tasks.refusals import (
    RefusalError,
    RefusalProblem,
    delete_refusal,
    mark_registered,
    open_refusal_count,
    open_refusals,
    refused_file,
)
from tests.corpus.hostile import png


def refused(session: Session, folder: Path, name: str, data: bytes, *, reason: str = "empty") -> Rejection:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"20261201-1__{name}"
    path.write_bytes(data)
    path.with_name(path.name + ".reason.txt").write_text("причина", encoding="utf-8")
    row = Rejection(file_name=name, reason=reason, detail=None, moved_to=str(path), size=len(data))
    session.add(row)
    session.flush()
    return row


def test_open_refusals_lists_file_reason_and_when_newest_first(session: Session, tmp_path: Path) -> None:
    before = open_refusal_count(session)
    first = refused(session, tmp_path, "пусто.pdf", b"")
    second = refused(session, tmp_path, "скан.pdf", b"PNG", reason="mislabelled")
    listed = [r for r in open_refusals(session) if r.id in (first.id, second.id)]
    assert {r.file_name for r in listed} == {"пусто.pdf", "скан.pdf"}
    texts = {r.file_name: r.reason_text for r in listed}
    assert texts["пусто.pdf"].startswith("Файл пустой")
    assert texts["скан.pdf"].startswith("Расширение файла не соответствует содержимому")
    assert open_refusal_count(session) == before + 2


def test_refused_file_reads_only_inside_the_rejected_folder(session: Session, tmp_path: Path) -> None:
    row = refused(session, tmp_path / "rejected", "скан.pdf", b"%PDF-1.4 x")
    assert refused_file(session, row.id, rejected_dir=tmp_path / "rejected") == ("скан.pdf", b"%PDF-1.4 x")
    (tmp_path / "secret.txt").write_text("секрет", encoding="utf-8")
    row.moved_to = str(tmp_path / "secret.txt")
    with pytest.raises(RefusalError) as caught:
        refused_file(session, row.id, rejected_dir=tmp_path / "rejected")
    assert caught.value.code == RefusalProblem.FILE_MISSING
    link = tmp_path / "rejected" / "link.pdf"
    link.symlink_to(tmp_path / "secret.txt")
    row.moved_to = str(link)
    with pytest.raises(RefusalError):
        refused_file(session, row.id, rejected_dir=tmp_path / "rejected")


def test_delete_refusal_removes_file_and_reason_closes_once_and_is_audited(
    session: Session, tmp_path: Path
) -> None:
    row = refused(session, tmp_path, "пусто.pdf", b"")
    path = Path(row.moved_to or "")
    assert delete_refusal(session, row.id, rejected_dir=tmp_path, actor="boss") == "пусто.pdf"
    assert not path.exists() and not path.with_name(path.name + ".reason.txt").exists()
    assert row.closed_how == "deleted" and row.closed_by == "boss"
    assert row.id not in {r.id for r in open_refusals(session)}
    with pytest.raises(RefusalError) as caught:
        delete_refusal(session, row.id, rejected_dir=tmp_path, actor="boss")
    assert caught.value.code == RefusalProblem.CLOSED
    entry = list_entries(session, action_prefix="rejection.deleted", limit=1)[0]
    assert entry.entity_id == str(row.id) and entry.details["file_name"] == "пусто.pdf"


def test_mark_registered_closes_with_the_number(session: Session, tmp_path: Path) -> None:
    row = refused(session, tmp_path, "скан.pdf", b"%PDF-1.4 x", reason="duplicate")
    mark_registered(session, row.id, reg_number="ВХ-2026-000123", rejected_dir=tmp_path, actor="clerk")
    assert row.closed_how == "registered" and not Path(row.moved_to or "").exists()
    entry = list_entries(session, action_prefix="rejection.registered", limit=1)[0]
    assert entry.details["reg_number"] == "ВХ-2026-000123"


def test_a_file_the_inbox_refused_is_no_item_and_no_search_hit(fresh_engine: Engine, tmp_path: Path) -> None:
    config = IngestConfig(
        processing_dir=tmp_path / "inbox" / ".processing",
        archive_dir=tmp_path / "archive",
        rejected_dir=tmp_path / "rejected",
    )
    config.processing_dir.mkdir(parents=True)
    (config.processing_dir / "x__отказной-скан.pdf").write_bytes(png())
    envelope = ClaimedEnvelope(claim_name="x__отказной-скан.pdf", file_claims=("x__отказной-скан.pdf",))
    outcome = process_envelope(fresh_engine, envelope, config=config, actor="scanner")
    assert outcome.outcome == Outcome.REJECTED
    with session_scope(fresh_engine) as session:
        assert session.scalar(select(Incoming.id)) is None
        assert search_incoming(session, IncomingFilter(text="отказной"), page=1, page_size=50).total == 0
        assert [r.file_name for r in open_refusals(session)] == ["отказной-скан.pdf"]
