"""``classify --json`` answers every file it is given, whatever one of them does."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from config.runtime import IngestConfig, OcrSettings
from tasks.ingest.analyse import FileAnalysis, analyse
from tasks.ingest.evaluate import CONTRACT_KEYS, classify_files, is_internal_error
from tasks.validate import CheckedFile
from tests.corpus import hostile
from tests.corpus.render import text_pdf

TEXT = "ПОСТАНОВЛЕНИЕ\nо возбуждении исполнительного производства № 12345/26/77047-ИП\n" * 3


def test_classify_files_answers_every_file_whatever_one_of_them_does(
    fresh_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN a good PDF, a flate bomb, a FIFO, a link to /etc/passwd, a file our code fails on,
    a non-UTF-8 name and another good PDF WHEN classified in one call THEN seven answers, in order:
    refusals with their reasons, our failure said plainly (not a refusal), the good ones read."""
    files = {
        "first.pdf": text_pdf(TEXT),
        "bomb.pdf": hostile.flate_bomb_content(),
        "bug.pdf": text_pdf(TEXT + "ошибка"),
        os.fsdecode("имя.pdf".encode("cp1251")): text_pdf(TEXT + "cp1251"),
        "last.pdf": text_pdf(TEXT + "последний"),
    }
    paths = []
    for name, data in files.items():
        (path := tmp_path / name).write_bytes(data)
        paths.append(path)
    os.mkfifo(fifo := tmp_path / "pipe.pdf")
    (link := tmp_path / "passwd.pdf").symlink_to("/etc/passwd")
    paths[2:2] = [fifo, link]

    def failing_on_bug(checked: CheckedFile, *args: Any, **kwargs: Any) -> FileAnalysis:
        if checked.name == "bug.pdf":
            raise RuntimeError("a bug of ours")
        return analyse(checked, *args, **kwargs)

    monkeypatch.setattr("tasks.ingest.evaluate.analyse", failing_on_bug)
    config = IngestConfig(
        processing_dir=tmp_path,
        archive_dir=tmp_path,
        rejected_dir=tmp_path,
        ocr=OcrSettings(command="/no/tesseract"),
    )
    answers = list(classify_files(fresh_engine, paths, config=config))
    assert [Path(a["file"]).name for a in answers][:5] == [
        "first.pdf",
        "bomb.pdf",
        "pipe.pdf",
        "passwd.pdf",
        "bug.pdf",
    ]
    assert all(tuple(a) == CONTRACT_KEYS for a in answers) and len(answers) == 7
    valid = [a["valid"] for a in answers]
    assert valid == [True, False, False, False, False, True, True]
    assert "распаковывается" in answers[1]["reason"]
    assert "не документ" in answers[2]["reason"] and "не документ" in answers[3]["reason"]
    assert is_internal_error(answers[4]) and not is_internal_error(answers[1])
    assert answers[5]["file"].endswith("\\xe8\\xec\\xff.pdf")
