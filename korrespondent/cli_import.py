"""``korrespondent import …`` and ``korrespondent demo``: reference data from CSV files."""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy.orm import Session

from config.settings import Settings
from db.engine import session_scope
from db.models import utcnow
from korrespondent.context import cli_actor, database, fail
from korrespondent.demo.seed import create_draft_letters, seed_mail
from tasks.deadlines.store import local_date
from tasks.imports import CsvFileError, ImportReport, count_data_lines, import_cases, import_counterparties

app = typer.Typer(help="Импорт справочников и кейсов из CSV.", no_args_is_help=True)

Importer = Callable[..., ImportReport]
PROGRESS_THRESHOLD = 500


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise fail(f"Не удалось открыть файл {path}: {exc.strerror}") from exc


def run_import(
    importer: Importer, data: bytes, *, label: str, settings: Settings | None = None
) -> ImportReport:
    """Import in one transaction with a progress bar for large files; prints the summary."""
    with database(settings) as engine, session_scope(engine) as session:
        report = _import_with_progress(importer, session, data, label=label)
    for error in report.errors:
        typer.secho(f"Строка {error.line}: {error.message}", fg=typer.colors.YELLOW, err=True)
    typer.echo(f"{label}: {report.summary()}")
    return report


def _import_with_progress(importer: Importer, session: Session, data: bytes, *, label: str) -> ImportReport:
    total = count_data_lines(data)
    try:
        if total < PROGRESS_THRESHOLD:
            return importer(session, data, actor=cli_actor())
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, transient=True) as progress:
            task = progress.add_task(label, total=total)
            return importer(session, data, actor=cli_actor(), progress=lambda n: progress.advance(task, n))
    except CsvFileError as exc:
        raise fail(exc.message) from exc


@app.command("counterparties")
def counterparties(file: Path = typer.Argument(..., help="CSV: name,kind,address,inn,ogrn,aliases")) -> None:
    """Импортировать контрагентов (суды, ОСП, банки…)."""
    report = run_import(import_counterparties, _read(file), label="Контрагенты")
    if report.errors:
        raise typer.Exit(1)


@app.command("cases")
def cases(file: Path = typer.Argument(..., help="CSV с кейсами, клиентами и должниками")) -> None:
    """Импортировать кейсы вместе с клиентами и должниками."""
    report = run_import(import_cases, _read(file), label="Кейсы")
    if report.errors:
        raise typer.Exit(1)


def demo() -> None:
    """Заполнить пустую установку: справочники, кейсы, прежнюю почту со сроками и запретом, образцы
    сканов во входящих и черновики писем."""
    settings = Settings()
    demo_files = resources.files("korrespondent") / "demo"
    run_import(
        import_counterparties,
        (demo_files / "counterparties.csv").read_bytes(),
        label="Контрагенты",
        settings=settings,
    )
    run_import(import_cases, (demo_files / "cases.csv").read_bytes(), label="Кейсы", settings=settings)
    with database(settings) as engine, session_scope(engine) as session:
        earlier, scans = seed_mail(session, settings.inbox_dir, today=local_date(utcnow()), actor=cli_actor())
        letters = create_draft_letters(
            session, shipping_point_index=settings.shipping_point_index, actor=cli_actor()
        )
    typer.echo(
        f"Образцы сканов в папке входящих: {scans}; прежняя почта со сроками и запретом: {earlier}; "
        f"черновики писем: {letters}."
    )
