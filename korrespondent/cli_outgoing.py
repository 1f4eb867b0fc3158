"""``korrespondent outgoing …``: create letters, look into folders, sync and poll once, print documents."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import typer
from sqlalchemy import select
from sqlalchemy.orm import Session

from config.settings import Settings
from db.engine import session_scope
from db.models import Case
from flows.outgoing_sync import outgoing_runtime, sync_once
from flows.tracking_poll import poll_once
from korrespondent.context import cli_actor, database, fail
from pochta import PochtaError
from tasks.guards import GuardError
from tasks.outgoing import (
    AttachmentFile,
    AttachmentLimits,
    Folder,
    LetterDraft,
    OutgoingError,
    archive_letter,
    batch_documents,
    create_letter,
    delete_letter,
    folder_counts,
    letter_documents,
    list_folder,
)
from tasks.outgoing.addresses import cleaner_for
from tasks.outgoing.tariff import price_letter, rubles
from tasks.outgoing.units import PLAIN_STEPS
from tasks.print_forms import Party, RevealsDebt

app = typer.Typer(help="Исходящие письма через «Отправку» Почты России.", no_args_is_help=True)
SENDER_NAME = typer.Option(
    "", "--sender-name", envvar="KORR_SENDER_NAME", help="Отправитель на конверте (без слов о долге)."
)
SENDER_ADDRESS = typer.Option("", "--sender-address", envvar="KORR_SENDER_ADDRESS", help="Адрес отправителя.")


def _read(path: Path) -> AttachmentFile:
    try:
        return AttachmentFile(path.name, path.read_bytes())
    except OSError as exc:
        raise fail(f"Не удалось открыть файл {path}: {exc.strerror}") from exc


def _case_id(session: Session, case: str) -> int:
    """A case by the number users know, or by its id."""
    found = session.scalar(select(Case.id).where(Case.case_number == case.strip()))
    if found is None and case.strip().isdigit():
        found = session.scalar(select(Case.id).where(Case.id == int(case)))
    if found is None:
        raise fail(f"Кейс {case} не найден.")
    return found


@app.command("create")
def create(
    name: str = typer.Option("", "--name", help="Получатель (ФИО или организация)."),
    address: str = typer.Option("", "--address", help="Адрес получателя с индексом."),
    index: str | None = typer.Option(None, "--index", help="Индекс, если его нет в адресе."),
    counterparty: int | None = typer.Option(None, "--counterparty", help="Получатель из справочника."),
    debtor: int | None = typer.Option(None, "--debtor", help="Получатель-должник."),
    case: str | None = typer.Option(
        None, "--case", help="Кейс: номер кейса (или его id); без получателя письмо пойдёт должнику."
    ),
    files: list[Path] = typer.Option([], "--file", help="Вложение PDF/JPEG (до 5 файлов)."),
    notice: bool = typer.Option(True, "--notice/--no-notice", help="С уведомлением о вручении."),
    electronic_notice: bool = typer.Option(
        False, "--electronic-notice", help="Электронное уведомление о вручении (ЭУВ) вместо бумажного."
    ),
    valuable: bool = typer.Option(False, "--valuable", help="Ценное письмо (с объявленной ценностью)."),
    inventory: bool = typer.Option(False, "--inventory", help="С описью вложения ф.107 (только ценное)."),
    declared_value: int | None = typer.Option(None, "--declared-value", help="Объявленная ценность, коп."),
    envelope: str = typer.Option("DL", "--envelope", help="Конверт: DL или C5."),
    description: str | None = typer.Option(None, "--description", help="Текст сопроводительного письма."),
    phone: str | None = typer.Option(None, "--phone"),
    shipping_point: str | None = typer.Option(
        None, "--shipping-point", help="Индекс отделения сдачи (по умолчанию KORR_SHIPPING_POINT_INDEX)."
    ),
    weight: int | None = typer.Option(None, "--weight", help="Вес, г (по умолчанию рассчитывается)."),
) -> None:
    """Создать черновик письма: адрес проверяет Почта России, стоимость — сразу; отправит синхронизация."""
    settings = Settings()
    draft = LetterDraft(
        shipping_point_index=shipping_point or settings.shipping_point_index,
        weight_grams=weight,
        recipient_name=name,
        recipient_address=address,
        recipient_index=index,
        counterparty_id=counterparty,
        debtor_id=debtor,
        case_id=None,
        phone=phone,
        description=description,
        mail_category="WITH_DECLARED_VALUE" if valuable else "ORDERED",
        with_notice=notice,
        with_electronic_notice=electronic_notice,
        with_inventory=inventory,
        declared_value_kopecks=declared_value,
        envelope=envelope,
        attachments=[_read(path) for path in files],
    )
    limits = AttachmentLimits(
        max_files=settings.max_outgoing_files,
        max_file_bytes=settings.max_file_bytes,
        max_total_bytes=settings.max_package_bytes,
    )
    with database(settings) as engine, outgoing_runtime().otpravka() as client:
        try:
            with session_scope(engine) as session:
                if case is not None:
                    draft = replace(draft, case_id=_case_id(session, case))
                letter = create_letter(
                    session, draft, actor=cli_actor(), limits=limits, clean=cleaner_for(client)
                )
                number, letter_id, address = letter.reg_number, letter.id, letter.recipient_address
        except (OutgoingError, GuardError) as exc:
            raise fail(exc.message) from exc
        typer.echo(f"Создан черновик {number}: {address}")
        try:
            with session_scope(engine) as session:
                priced = price_letter(session, client, letter_id)
        except PochtaError as exc:
            typer.echo(f"Стоимость появится после передачи в «Отправку» (Почта России: {exc.message}).")
            return
    if priced is not None:
        typer.echo(f"Стоимость: {rubles(priced.cost_kopecks)}")


@app.command("list")
def list_letters(
    folder: str | None = typer.Argument(None, help="Папка: Черновики, Новые, К сдаче, В пути, Архив."),
    limit: int = typer.Option(50, "--limit"),
) -> None:
    """Показать число писем по папкам или письма одной папки."""
    with database() as engine, session_scope(engine) as session:
        if folder is None:
            for name, count in folder_counts(session).items():
                typer.echo(f"{name.value}: {count}")
            return
        try:
            chosen = Folder(folder)
        except ValueError as exc:
            raise fail(f"Нет папки «{folder}». Есть: {', '.join(f.value for f in Folder)}") from exc
        for row in list_folder(session, chosen, limit=limit):
            cost = f"{row.cost_kopecks / 100:.2f} ₽" if row.cost_kopecks is not None else "—"
            extra = "; ".join(filter(None, [row.status, *row.flags, row.problem]))
            typer.echo(f"{row.reg_number}  {row.recipient}  {cost}  {row.barcode or ''}  {extra}".rstrip())


@app.command("sync")
def sync(
    batches: bool = typer.Option(True, "--batches/--no-batches", help="Формировать партии."),
    check_in: bool = typer.Option(True, "--checkin/--no-checkin", help="Передавать партии в отделение."),
) -> None:
    """Один раз синхронизировать письма с «Отправкой» (как плановый запуск)."""
    with database():
        pass  # migrate an empty database first, as every command does
    report = sync_once(outgoing_runtime(), PLAIN_STEPS, form_batches=batches, check_in=check_in)
    typer.echo(
        f"Создано заказов: {report.created}, найдено ранее созданных: {report.adopted}, "
        f"отклонено: {report.rejected}, партии: {', '.join(report.batches) or '—'}, "
        f"переданы в отделение: {', '.join(report.checked_in) or '—'}"
    )
    for error in report.errors:
        typer.secho(error, fg=typer.colors.YELLOW, err=True)


@app.command("poll")
def poll() -> None:
    """Один раз опросить отслеживание (как плановый запуск)."""
    with database():
        pass
    summary = poll_once(outgoing_runtime(), PLAIN_STEPS)
    typer.echo(
        f"Ответов получено: {summary.tickets_answered}, не готово: {summary.tickets_not_ready}, "
        f"событий записано: {summary.events_recorded}, писем перемещено: {summary.letters_moved}, "
        f"запросов отправлено: {summary.tickets_submitted}"
    )
    for error in summary.errors:
        typer.secho(error, fg=typer.colors.YELLOW, err=True)


@app.command("delete")
def delete(letter_id: int = typer.Argument(..., help="Номер письма (id).")) -> None:
    """Удалить письмо и его заказ в «Отправке», пока это возможно."""
    with database() as engine, outgoing_runtime().otpravka() as client:
        try:
            with session_scope(engine) as session:
                outcome = delete_letter(session, client, letter_id, actor=cli_actor())
        except (OutgoingError, PochtaError) as exc:
            raise fail(exc.message) from exc
    typer.echo(outcome.message)


@app.command("archive")
def archive(letter_id: int = typer.Argument(..., help="Номер письма (id).")) -> None:
    """Перенести вернувшееся или невостребованное письмо в архив."""
    with database() as engine:
        try:
            with session_scope(engine) as session:
                archive_letter(session, letter_id, actor=cli_actor())
        except OutgoingError as exc:
            raise fail(exc.message) from exc
    typer.echo("Письмо перенесено в архив.")


@app.command("print")
def print_documents(
    out: Path = typer.Option(Path("."), "--out", help="Папка для PDF."),
    batch: str | None = typer.Option(None, "--batch", help="Партия: ф.103 и документы всех писем."),
    letter_id: int | None = typer.Option(
        None, "--letter", help="Одно письмо: конверт, опись, сопроводительное."
    ),
    sender_name: str = SENDER_NAME,
    sender_address: str = SENDER_ADDRESS,
) -> None:
    """Сохранить сопроводительные документы партии или письма в PDF."""
    from db.models import Outgoing

    if (batch is None) == (letter_id is None):
        raise fail("Укажите либо --batch, либо --letter.")
    if not sender_name or not sender_address:
        raise fail("Укажите отправителя: --sender-name и --sender-address (или KORR_SENDER_NAME/ADDRESS).")
    settings = Settings()
    sender = Party(sender_name, sender_address, settings.shipping_point_index)
    with database(settings) as engine, session_scope(engine) as session:
        try:
            if batch is not None:
                with outgoing_runtime().otpravka() as client:
                    files = batch_documents(session, client, batch, sender=sender)
            else:
                letter = session.get(Outgoing, letter_id)
                if letter is None:
                    raise fail(f"Письмо {letter_id} не найдено.")
                files = letter_documents(letter, sender=sender)
        except (OutgoingError, PochtaError) as exc:
            raise fail(exc.message) from exc
        except RevealsDebt as exc:
            raise fail(exc.message) from exc
    out.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (out / name).write_bytes(data)
        typer.echo(str(out / name))
