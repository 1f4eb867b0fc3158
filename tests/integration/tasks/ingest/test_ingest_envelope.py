"""The incoming pipeline on one envelope at a time: scans in, registered items or refusals out."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from config.runtime import IngestConfig
from db.engine import session_scope
from db.models import Attachment, Incoming, IntakeFile, Rejection
from tasks.ingest.batch import process_batch
from tasks.ingest.envelope import MAX_ATTEMPTS, process_envelope
from tasks.ingest.intake import claim
from tasks.ingest.model import ClaimedEnvelope, Outcome
from tests.corpus.hostile import png
from tests.corpus.render import text_pdf
from tests.corpus.texts import generate_documents
from tests.integration.tasks.ingest.scans import SEED, drop


def test_process_envelope_registers_text_pdfs_on_the_right_case(
    ingest_engine: Engine, config: IngestConfig
) -> None:
    """GIVEN 16 text PDFs, one per standard type WHEN processed THEN every auto-registered one is right."""
    documents = generate_documents(16, seed=SEED)
    outcomes = []
    for index, (text, truth) in enumerate(documents):
        envelope = drop(config, f"c{index:02d}__doc{index}.pdf", text_pdf(text))
        outcomes.append((process_envelope(ingest_engine, envelope, config=config, actor="scanner"), truth))
    auto = [(o, t) for o, t in outcomes if o.outcome == Outcome.REGISTERED]
    wrong = [
        (o.files[0], t)
        for o, t in auto
        if (o.files[0].sender, o.files[0].document_type, o.files[0].case_number)
        != (
            t.sender,
            t.document_type,
            t.case_number if t.document_type != "Договор уступки прав требования" else None,
        )
    ]
    assert wrong == []
    assert len(auto) >= 10
    assert all(o.reg_number and o.reg_number.startswith("ВХ-") for o, _ in outcomes)
    archived = list(config.archive_dir.rglob("*.pdf"))
    assert len(archived) == 16 and not any(config.processing_dir.iterdir())


def test_registered_file_keeps_the_scanners_name_without_the_claim_prefix(
    ingest_engine: Engine, config: IngestConfig
) -> None:
    """GIVEN a scan dropped as «обычное письмо.pdf» WHEN registered THEN its file is shown by that name."""
    text, _truth = generate_documents(1, seed=SEED)[0]
    envelope = drop(config, "20261202060325-a96a9c68__обычное письмо.pdf", text_pdf(text))
    process_envelope(ingest_engine, envelope, config=config, actor="scanner")
    with session_scope(ingest_engine) as session:
        assert session.scalars(select(Attachment.file_name)).all() == ["обычное письмо.pdf"]


def test_process_envelope_refuses_png_named_pdf_with_reason_file(
    ingest_engine: Engine, config: IngestConfig
) -> None:
    outcome = process_envelope(
        ingest_engine, drop(config, "x__scan.pdf", png()), config=config, actor="scanner"
    )
    assert outcome.outcome == Outcome.REJECTED
    refused = config.rejected_dir / "x__scan.pdf"
    reason = refused.with_name("x__scan.pdf.reason.txt").read_text(encoding="utf-8")
    assert refused.exists() and "PNG" in reason
    with session_scope(ingest_engine) as session:
        rejection = session.scalar(select(Rejection))
        assert (
            rejection is not None and rejection.file_name == "scan.pdf" and rejection.moved_to == str(refused)
        )


def test_process_envelope_reports_duplicate_drop(ingest_engine: Engine, config: IngestConfig) -> None:
    text, _truth = generate_documents(1, seed=SEED)[0]
    pdf = text_pdf(text)
    first = process_envelope(ingest_engine, drop(config, "a__one.pdf", pdf), config=config, actor="scanner")
    second = process_envelope(
        ingest_engine, drop(config, "b__again.pdf", pdf), config=config, actor="scanner"
    )
    assert second.outcome == Outcome.DUPLICATE
    assert f"№ {first.reg_number}" in (second.files[0].reason or "")
    with session_scope(ingest_engine) as session:
        assert session.scalar(select(func.count()).select_from(Incoming)) == 1


def test_process_envelope_folder_becomes_one_item_with_packages(
    ingest_engine: Engine, config: IngestConfig
) -> None:
    folder = config.processing_dir / "env__envelope"
    folder.mkdir()
    claims = []
    for index, (text, _truth) in enumerate(generate_documents(2, seed=SEED + 1)):
        (folder / f"{index}.pdf").write_bytes(text_pdf(text))
        claims.append(f"env__envelope/{index}.pdf")
    outcome = process_envelope(
        ingest_engine, ClaimedEnvelope("env__envelope", tuple(claims)), config=config, actor="scanner"
    )
    assert len({f.reg_number for f in outcome.files}) == 1
    with session_scope(ingest_engine) as session:
        incoming = session.scalar(select(Incoming))
        assert incoming is not None and len(incoming.packages) == 2
    assert not folder.exists()


def test_process_envelope_is_idempotent_when_repeated(ingest_engine: Engine, config: IngestConfig) -> None:
    text, _ = generate_documents(1, seed=SEED + 2)[0]
    envelope = drop(config, "r__repeat.pdf", text_pdf(text))
    first = process_envelope(ingest_engine, envelope, config=config, actor="scanner")
    again = process_envelope(ingest_engine, envelope, config=config, actor="scanner")
    assert again.reg_number == first.reg_number
    with session_scope(ingest_engine) as session:
        assert session.scalar(select(func.count()).select_from(Incoming)) == 1


def test_process_envelope_gives_up_on_a_file_that_keeps_crashing(
    ingest_engine: Engine, config: IngestConfig
) -> None:
    """GIVEN a file interrupted MAX_ATTEMPTS times THEN it is refused, not retried forever."""
    text, _ = generate_documents(1, seed=SEED + 3)[0]
    envelope = drop(config, "p__poison.pdf", text_pdf(text))
    with session_scope(ingest_engine) as session:
        session.add(
            IntakeFile(
                claim_name="p__poison.pdf",
                envelope="p__poison.pdf",
                original_name="poison.pdf",
                attempts=MAX_ATTEMPTS,
            )
        )
    outcome = process_envelope(ingest_engine, envelope, config=config, actor="scanner")
    assert outcome.outcome == Outcome.REJECTED
    assert "не удалось разобрать" in (outcome.files[0].reason or "")


def test_process_envelope_refuses_links_and_fifos_as_themselves_and_registers_the_scan(
    ingest_engine: Engine, config: IngestConfig, tmp_path: Path
) -> None:
    """GIVEN a folder holding a scan, a link to an outside folder, a link to /etc/passwd and a FIFO
    WHEN claimed and processed THEN the scan is registered, the rest lie in rejected/ as they were
    (links still links) with a reason each, and nothing outside the inbox was read or moved."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.pdf").write_bytes(text_pdf("секрет"))
    inbox = config.processing_dir.parent
    folder = inbox / "envelope"
    folder.mkdir()
    text, _ = generate_documents(1, seed=SEED + 4)[0]
    (folder / "scan.pdf").write_bytes(text_pdf(text))
    (folder / "linked").symlink_to(outside, target_is_directory=True)
    (folder / "passwd.pdf").symlink_to("/etc/passwd")
    os.mkfifo(folder / "pipe.pdf")
    (envelope,) = claim(inbox, config.processing_dir)
    outcome = process_envelope(ingest_engine, envelope, config=config, actor="scanner")
    by_name = {f.file: f for f in outcome.files}
    assert by_name["scan.pdf"].reg_number is not None
    for name in ("linked", "passwd.pdf", "pipe.pdf"):
        assert by_name[name].outcome == Outcome.REJECTED
        assert "не документ" in (by_name[name].reason or "")
    refused = {p.name.rsplit("__", 1)[-1]: p for p in config.rejected_dir.iterdir()}
    assert refused["linked"].is_symlink() and refused["passwd.pdf"].is_symlink()
    assert stat.S_ISFIFO(refused["pipe.pdf"].lstat().st_mode)
    assert "linked.reason.txt" in refused and "pipe.pdf.reason.txt" in refused
    assert sorted(p.name for p in outside.iterdir()) == ["secret.pdf"]
    assert not any(config.processing_dir.iterdir())


def test_process_batch_never_turns_our_error_into_a_refusal(
    ingest_engine: Engine, config: IngestConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN a good scan and a bug in our code WHEN the batch runs more times than MAX_ATTEMPTS
    THEN each run reports a failure, the file stays claimed and unrefused, and once the bug is
    gone the scan is registered."""
    text, _ = generate_documents(1, seed=SEED + 5)[0]
    envelope = drop(config, "b__good-scan.pdf", text_pdf(text))

    def bug(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("a bug of ours")

    monkeypatch.setattr("tasks.ingest.envelope._analyse_all", bug)
    for _ in range(MAX_ATTEMPTS + 2):
        result = process_batch(ingest_engine, [envelope], config=config, actor="scanner")
        assert [f.claim_name for f in result.failures] == [envelope.claim_name] and not result.outcomes
    with session_scope(ingest_engine) as session:
        row = session.scalars(select(IntakeFile)).one()
        assert row.status == "claimed" and "a bug of ours" in (row.last_error or "")
        assert session.scalar(select(func.count()).select_from(Rejection)) == 0
    assert (config.processing_dir / envelope.claim_name).exists()
    monkeypatch.undo()
    result = process_batch(ingest_engine, [envelope], config=config, actor="scanner")
    assert result.outcomes[0].reg_number is not None


@pytest.mark.parametrize(
    "name",
    [os.fsdecode("Постановление.pdf".encode("cp1251")), "Ж" * 125 + ".pdf", "два\nслова\u202e.pdf"],
    ids=["cp1251", "254-bytes", "newline-rtl"],
)
def test_process_envelope_registers_a_scan_whatever_its_name(
    ingest_engine: Engine, config: IngestConfig, name: str
) -> None:
    """GIVEN a good scan under a name the file system allows but a database or a person cannot take
    WHEN claimed and processed THEN it is registered and archived under a safe name of ≤ 255 bytes."""
    inbox = config.processing_dir.parent
    text, _ = generate_documents(1, seed=SEED + 6)[0]
    (inbox / name).write_bytes(text_pdf(text))
    (envelope,) = claim(inbox, config.processing_dir)
    outcome = process_envelope(ingest_engine, envelope, config=config, actor="scanner")
    assert outcome.reg_number is not None
    (archived,) = config.archive_dir.rglob("*.pdf")
    assert len(archived.name.encode()) <= 255 and archived.name.isprintable()
