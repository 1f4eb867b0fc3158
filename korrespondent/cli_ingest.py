"""``korrespondent watch`` (the watcher) and ``korrespondent ingest PATH...`` (the same pipeline, once).

Prefect and watchdog are imported inside the commands, so other commands do not pay for them.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import stat
import threading
import uuid
from pathlib import Path
from types import FrameType

import typer
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from config.runtime import ingest_config
from config.settings import Settings, SettingsRefused
from db.engine import session_scope
from korrespondent.context import database, fail, refuse_initial_admin_password
from tasks.ingest.disk import stage_folder
from tasks.ingest.filing import display_name
from tasks.ingest.intake import claim_name, envelope_on_disk, record_claims, resumable, with_ids
from tasks.ingest.model import ClaimedEnvelope
from tasks.rejections import RejectReason, describe


def watch(
    polling: bool | None = typer.Option(
        None, "--polling/--inotify", help="Опрашивать папку (для SMB/NFS) вместо inotify."
    ),
    local: bool = typer.Option(False, "--local", help="Обрабатывать файлы в этом процессе, без Prefect."),
) -> None:
    """Следить за папкой входящих: забирать готовые файлы и передавать их на обработку."""
    from watch_folder.main import HandoffMode, run_watcher

    # force: importing Prefect has already configured the root logger (WARNING and up)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", force=True
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per API request is noise
    try:
        settings = Settings() if polling is None else Settings(watch_polling=polling)
    except SettingsRefused as exc:
        raise fail(exc.message) from exc
    refuse_initial_admin_password(settings)
    stop = threading.Event()

    def _stop(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    typer.echo(f"Слежу за папкой {settings.inbox_dir} (остановить: Ctrl-C)")
    with database(settings) as engine:
        try:
            run_watcher(settings, engine, stop=stop, mode=HandoffMode.LOCAL if local else HandoffMode.AUTO)
        except SettingsRefused as exc:  # production without PREFECT_API_URL: one clear line, exit 1
            raise fail(exc.message) from exc
    typer.echo("Наблюдатель остановлен.")


def _copy_entry(source: str, target: str) -> None:
    """Copy one entry of a folder as it is: a FIFO as a new FIFO, a socket or device not at all."""
    mode = os.lstat(source).st_mode
    if stat.S_ISFIFO(mode):
        os.mkfifo(target)
    elif stat.S_ISREG(mode):
        shutil.copy2(source, target, follow_symlinks=False)


def _copy_in(source: Path, processing_dir: Path) -> ClaimedEnvelope | None:
    """Copy a file or folder into ``.processing/`` as a claim: under a dot name first, then claimed.

    Links are copied as links (never followed), so they are refused as links; a folder is
    flattened as the watcher's claims are. None for a FIFO, socket or device given directly.
    """
    processing_dir.mkdir(parents=True, exist_ok=True)
    temporary = processing_dir / f".copy-{uuid.uuid4().hex}"
    mode = source.lstat().st_mode
    if stat.S_ISDIR(mode):
        shutil.copytree(source, temporary, symlinks=True, copy_function=_copy_entry)
        target = stage_folder(temporary, processing_dir, claim_name(source.name, folder=True))
        return None if target is None else envelope_on_disk(processing_dir, target)
    if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
        return None
    shutil.copy2(source, temporary, follow_symlinks=False)
    target = claim_name(source.name)
    os.rename(temporary, processing_dir / target)
    return envelope_on_disk(processing_dir, target)


def _claim_pending(engine: Engine, settings: Settings, grace_seconds: float) -> list[int]:
    from datetime import timedelta

    for _attempt in range(3):
        try:
            with session_scope(engine) as session:
                found = resumable(settings.processing_dir, session, grace=timedelta(seconds=grace_seconds))
            return [i for e in found for i in e.intake_ids]
        except IntegrityError:
            continue  # the watcher recorded the same claim meanwhile
    raise fail("Не удалось записать найденные в обработке файлы: база данных занята.")


def _line(row: dict[str, str]) -> str:
    details = " · ".join(
        v for v in (row["Номер"], row["Отправитель"], row["Тип"], row["Кейс"] and f"кейс {row['Кейс']}") if v
    )
    if row["Номер"] or not row["Причина"]:
        reason = f" ({row['Причина']})" if row["Причина"] else ""
        return f"{row['Файл']}: {row['Статус']} {details}{reason}".rstrip()
    return f"{row['Файл']}: {row['Статус']} — {row['Причина']}"


def ingest(
    paths: list[Path] = typer.Argument(None, help="Файлы PDF/JPEG или папки (папка — один конверт)"),
    pending: bool = typer.Option(
        False, "--pending", help="Дообработать всё, что осталось в .processing после сбоя."
    ),
    grace: float = typer.Option(
        5.0, "--grace", help="С --pending: не трогать забранное менее N секунд назад."
    ),
) -> None:
    """Провести файлы через конвейер сейчас, в этом процессе: строка на файл с итогом.

    Исходные файлы не трогаются: в обработку идут их копии. Код выхода 1, если файл не удалось
    обработать из-за ошибки (отказ по содержанию — нормальный итог).
    """
    from tasks.ingest.batch import IngestReport, run_locally, terminal_lines

    paths = paths or []
    missing = [str(p) for p in paths if not os.path.lexists(p)]
    if missing:
        raise fail(f"Нет такого файла или папки: {', '.join(missing)}")
    if not paths and not pending:
        raise fail("Укажите файлы или папки, либо --pending.")
    settings = Settings()
    with database(settings) as engine:
        intake_ids: list[int] = []
        if paths:
            copied = {p: _copy_in(p, settings.processing_dir) for p in paths}
            for path in (p for p, e in copied.items() if e is None):
                typer.echo(f"{display_name(path.name)}: отклонён — {describe(RejectReason.NOT_REGULAR_FILE)}")
            envelopes = [e for e in copied.values() if e is not None]
            with session_scope(engine) as session:
                record_claims(session, envelopes, settings.processing_dir)
                intake_ids += [i for e in with_ids(session, envelopes) for i in e.intake_ids]
        if pending:
            intake_ids += _claim_pending(engine, settings, grace)
        results = run_locally(engine, intake_ids, config=ingest_config(settings))
    report = IngestReport.from_results(results)
    for row in terminal_lines(results):  # a person at a terminal sees the names; logs never do
        typer.echo(_line(row))
    typer.echo(f"Итого: {report.summary}")
    if report.failed:
        raise typer.Exit(1)
