"""``korrespondent reference …``: maintenance of the reference data shipped with the program."""

from __future__ import annotations

import typer

from db.engine import session_scope
from korrespondent.context import cli_actor, database, fail
from tasks.reference_defaults import restore_standard_type_rules

app = typer.Typer(help="Справочники: встроенные значения.", no_args_is_help=True)


@app.command("restore-defaults")
def restore_defaults(
    types: bool = typer.Option(False, "--types", help="Обновить правила распознавания встроенных типов."),
    overwrite_edited: bool = typer.Option(
        False, "--overwrite-edited", help="Заменить и правила, изменённые сотрудниками."
    ),
) -> None:
    """Вернуть встроенным типам документов правила текущей версии; свои типы сотрудников не меняются."""
    if not types:
        raise fail("Укажите, что обновить: --types (правила распознавания встроенных типов документов).")
    with database() as engine, session_scope(engine) as session:
        report = restore_standard_type_rules(session, actor=cli_actor(), overwrite_edited=overwrite_edited)
    typer.echo(
        f"Правила обновлены у типов: {len(report.refreshed)}; добавлено встроенных типов: {report.added}."
    )
    for name in report.refreshed:
        typer.echo(f"  обновлён: {name}")
    for name in report.kept_edited:
        typer.echo(f"  оставлен (правила изменены сотрудником; заменить: --overwrite-edited): {name}")
