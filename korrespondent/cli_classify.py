"""``korrespondent classify --json FILE...``: the pipeline's decision per file, changing nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from config.runtime import ingest_config
from config.settings import Settings
from korrespondent.context import database
from tasks.ingest.evaluate import classify_files, is_internal_error


def classify(
    files: list[Path] = typer.Argument(..., help="Файлы PDF или JPEG"),
    as_json: bool = typer.Option(
        False, "--json", help="Одна строка JSON на файл (контракт оценки качества)."
    ),
) -> None:
    """Показать, как конвейер распознал бы файлы: отправитель, тип, кейс. Ничего не меняет."""
    settings = Settings()
    internal_errors = 0
    with database(settings) as engine:
        for result in classify_files(engine, files, config=ingest_config(settings)):
            internal_errors += is_internal_error(result)
            if as_json:
                typer.echo(json.dumps(result, ensure_ascii=False))
            elif is_internal_error(result):
                typer.echo(f"{result['file']}: {result['reason']}")
            elif not result["valid"]:
                typer.echo(f"{result['file']}: отклонён — {result['reason']}")
            elif len(result["documents"]) > 1:  # a scanned stack: one line per document
                typer.echo(f"{result['file']}: документов {len(result['documents'])}")
                for document in result["documents"]:
                    pages = ", ".join(map(str, document["pages"]))
                    typer.echo(f"  стр. {pages}: {_line(document)}")
            else:
                typer.echo(f"{result['file']}: {_line(result)}")
    if internal_errors:
        raise typer.Exit(1)


def _line(found: dict[str, Any]) -> str:
    """Sender · type · case · confidence · verdict, for a file or one document of a stack."""
    verdict = "на разбор" if found["needs_review"] else "автоматически"
    return (
        f"{found['sender'] or '—'} · {found['document_type'] or '—'} · "
        f"кейс {found['case_number'] or '—'} · {found['confidence']:.2f} · {verdict}"
    )
