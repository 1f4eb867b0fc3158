"""``korrespondent deadlines …`` and ``korrespondent guards …``: legal deadlines and contact guards."""

from __future__ import annotations

import json

import typer

from db.engine import session_scope
from db.models import utcnow
from korrespondent.context import cli_actor, database, fail
from tasks.deadlines.store import CANCELLED, DONE, OPEN, local_date, recompute
from tasks.deadlines.views import BUCKET_TEXT, list_deadlines
from tasks.guards import KIND_TEXT, KIND_WORD, GuardError, GuardKind, add_guard, kind_from_word, list_guards

deadlines_app = typer.Typer(help="Сроки, которые запускает входящая почта.", no_args_is_help=True)
guards_app = typer.Typer(help="Ограничения на письма должникам (230-ФЗ, банкротство).", no_args_is_help=True)


@deadlines_app.command("list")
def deadlines_list(
    as_json: bool = typer.Option(False, "--json", help="Одна строка JSON на срок."),
    every: bool = typer.Option(False, "--all", help="И выполненные, и отменённые."),
    role: str | None = typer.Option(None, "--role", help="Только сроки роли (clerk, supervisor)."),
) -> None:
    """Показать открытые сроки: ближайшие первыми."""
    statuses = (OPEN, DONE, CANCELLED) if every else (OPEN,)
    with database() as engine, session_scope(engine) as session:
        rows = list_deadlines(session, today=local_date(utcnow()), statuses=statuses, role=role)
        for row in rows:
            if as_json:
                typer.echo(json.dumps(row.as_json(), ensure_ascii=False))
                continue
            due = row.due_date.strftime("%d.%m.%Y") if row.due_date else "—"
            since = f" (не ранее {row.earliest_date:%d.%m.%Y})" if row.earliest_date else ""
            note = f"  [{row.note}]" if row.note else ""
            typer.echo(
                f"{due}{since}  {BUCKET_TEXT[row.bucket]}  {row.case_number or '—'}  {row.incoming_number}  "
                f"{row.action}{note}"
            )


@deadlines_app.command("recompute")
def deadlines_recompute() -> None:
    """Пересчитать открытые сроки по действующим правилам."""
    with database() as engine, session_scope(engine) as session:
        changed = recompute(session, actor=cli_actor())
    typer.echo(f"Пересчитано сроков: {changed}")


@guards_app.command("list")
def guards_list(
    as_json: bool = typer.Option(False, "--json", help="Одна строка JSON на ограничение."),
) -> None:
    """Показать действующие ограничения."""
    with database() as engine, session_scope(engine) as session:
        for guard in list_guards(session):
            kind = GuardKind(guard.kind)
            record = {
                "case_number": guard.case.case_number if guard.case else None,
                "debtor": guard.debtor.full_name,
                "kind": KIND_WORD[kind],
                "source_number": guard.source_number,
                "since": guard.since.isoformat(),
            }
            if as_json:
                typer.echo(json.dumps(record, ensure_ascii=False))
            else:
                typer.echo(
                    f"{guard.since:%d.%m.%Y}  {record['case_number'] or '—'}  {guard.debtor.full_name}  "
                    f"{KIND_TEXT[kind]}  {guard.source_number or ''}".rstrip()
                )


@guards_app.command("add")
def guards_add(
    case_number: str = typer.Argument(..., help="Номер кейса."),
    kind: str = typer.Option(..., "--kind", help="отказ | представитель | банкротство"),
    source: str | None = typer.Option(None, "--source", help="Номер документа-основания (ВХ-…)."),
    representative: str | None = typer.Option(None, "--representative", help="ФИО представителя."),
    address: str | None = typer.Option(None, "--address", help="Адрес представителя для писем."),
) -> None:
    """Поставить ограничение по документу, зарегистрированному до появления ограничений."""
    chosen = kind_from_word(kind)
    if chosen is None:
        raise fail(f"Неизвестный вид ограничения «{kind}»: отказ, представитель или банкротство.")
    with database() as engine:
        try:
            with session_scope(engine) as session:
                guard = add_guard(
                    session,
                    case_number=case_number,
                    kind=chosen,
                    source_number=source,
                    actor=cli_actor(),
                    representative_name=representative,
                    representative_address=address,
                )
                text = f"Ограничение поставлено: {guard.debtor.full_name}, {KIND_TEXT[chosen]}"
        except GuardError as exc:
            raise fail(exc.message) from exc
    typer.echo(text)
