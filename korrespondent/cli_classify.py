"""``korrespondent classify --json FILE...``: the pipeline's decision per file, changing nothing."""

from __future__ import annotations

import json
from pathlib import Path

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
            else:
                verdict = "на разбор" if result["needs_review"] else "автоматически"
                typer.echo(
                    f"{result['file']}: {result['sender'] or '—'} · {result['document_type'] or '—'} · "
                    f"кейс {result['case_number'] or '—'} · {result['confidence']:.2f} · {verdict}"
                )
    if internal_errors:
        raise typer.Exit(1)
