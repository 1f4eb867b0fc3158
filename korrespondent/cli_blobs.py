"""``korrespondent blobs …``: move file content to the configured store and check every file."""

from __future__ import annotations

import typer

from config.runtime import blob_store_from
from config.settings import Settings
from korrespondent.context import database, fail
from tasks import blobs

app = typer.Typer(help="Хранилище файлов: перенос и проверка.", no_args_is_help=True)


@app.command("migrate")
def migrate(
    to: str = typer.Option("store", help="store: в хранилище из настроек; db: обратно в базу."),
) -> None:
    """Перенести содержимое файлов из базы в хранилище (--to db: обратно). Можно прервать и повторить."""
    settings = Settings()
    # With KORR_BLOB_STORE=db the files to bring back are in the default folder store.
    source = settings if settings.blob_store != "db" else settings.model_copy(update={"blob_store": "files"})
    store = blob_store_from(source)
    if store is None or (to != "db" and settings.blob_store == "db"):
        raise fail("KORR_BLOB_STORE=db: файлы и так хранятся в базе; выберите files или s3.")
    with database(settings) as engine:
        moved = blobs.move_to_rows(engine, store) if to == "db" else blobs.move_to_store(engine, store)
    typer.echo(f"Перенесено файлов: {moved.moved} ({moved.bytes} байт).")


@app.command("check")
def check() -> None:
    """Прочитать каждый файл и сверить его SHA-256 и размер."""
    with database() as engine:
        report = blobs.check_all(engine)
    for sha256, problem in report.problems:
        typer.echo(f"{sha256}: {problem}")
    typer.echo(f"Проверено файлов: {report.checked}, с ошибками: {len(report.problems)}.")
    if report.problems:
        raise typer.Exit(1)
