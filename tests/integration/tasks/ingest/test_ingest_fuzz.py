"""The inbox survives anything a shared folder can hold: fuzzed files under hostile names, links,
a FIFO and a deep folder, all at once, through claim, record and the whole pipeline."""

from __future__ import annotations

import os
import random
from pathlib import Path

from sqlalchemy import Engine, select

from config.runtime import IngestConfig
from db.engine import session_scope
from db.models import IntakeFile
from tasks.ingest.batch import process_batch
from tasks.ingest.intake import claim, record_claims
from tests.corpus.fuzz import NO_OCR, fuzz_corpus
from tests.corpus.hostile import flate_bomb_content, heavy_content

SEED = 1111
NAME_KINDS = (
    lambda rng, i: f"скан {i}.pdf",
    lambda rng, i: os.fsdecode(f"Постановление {i}.pdf".encode("cp1251")),
    lambda rng, i: f"{i:03d}" + "Я" * 124 + ".pdf",
    lambda rng, i: f"строка\n{i}\u202e.pdf",
    lambda rng, i: f"И\u0306{i}.jpg",
)


def _deep(folder: Path, depth: int) -> Path:
    for level in range(depth):
        folder = folder / (f"уровень {level:02d} " + "ш" * 60)
        folder.mkdir(parents=True)
    return folder


def test_ingest_takes_a_hostile_inbox_to_registered_or_refused_with_no_failure(
    fresh_engine: Engine, tmp_path: Path
) -> None:
    """GIVEN 40 fuzzed files and two bombs under hostile names, a folder 8 levels deep, links to a
    file and a folder outside, a dangling link and a FIFO WHEN claimed and processed THEN every
    file is registered, a duplicate, or refused with a reason file; nothing fails, nothing is left,
    nothing outside the inbox is touched."""
    inbox, outside = tmp_path / "inbox", tmp_path / "outside"
    config = IngestConfig(
        processing_dir=inbox / ".processing",
        archive_dir=tmp_path / "archive",
        rejected_dir=tmp_path / "rejected",
        ocr=NO_OCR,
    )
    config.processing_dir.mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.pdf").write_bytes(b"%PDF-1.4 secret %%EOF")
    rng = random.Random(SEED)
    files = fuzz_corpus(SEED, 40, crafted=False)
    deep = _deep(inbox / "папка", 8)
    for index, file in enumerate(files):
        folder = deep if index % 7 == 0 else inbox
        (folder / NAME_KINDS[index % len(NAME_KINDS)](rng, index)).write_bytes(file.data)
    (inbox / "bomb.pdf").write_bytes(flate_bomb_content())
    (inbox / "heavy.pdf").write_bytes(heavy_content())
    (inbox / "to-file.pdf").symlink_to(outside / "secret.pdf")
    (inbox / "to-folder").symlink_to(outside, target_is_directory=True)
    (inbox / "dangling.pdf").symlink_to(tmp_path / "nowhere.pdf")
    os.mkfifo(inbox / "pipe.pdf")

    envelopes = claim(inbox, config.processing_dir)
    with session_scope(fresh_engine) as session:
        record_claims(session, envelopes, config.processing_dir)
    result = process_batch(fresh_engine, envelopes, config=config, actor="scanner")

    assert result.failures == () and result.busy == ()
    with session_scope(fresh_engine) as session:
        statuses = [row.status for row in session.scalars(select(IntakeFile))]
    assert len(statuses) == len(files) + 6
    assert set(statuses) <= {"registered", "rejected", "duplicate"}
    refused = [p for p in config.rejected_dir.iterdir() if not p.name.endswith(".reason.txt")]
    assert len(refused) == statuses.count("rejected") + statuses.count("duplicate")
    assert all(os.path.lexists(f"{p}.reason.txt") for p in refused)
    assert all(len(p.name.encode()) <= 255 for p in config.rejected_dir.iterdir())
    assert [p.name for p in inbox.iterdir() if not p.name.startswith(".")] == []
    assert [p.name for p in config.processing_dir.iterdir()] == []
    assert sorted(p.name for p in outside.iterdir()) == ["secret.pdf"]
