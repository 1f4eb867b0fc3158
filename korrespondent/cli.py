"""The ``korrespondent`` command: a thin shell over the same functions the app and flows call."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from korrespondent import (
    cli_app,
    cli_blobs,
    cli_classify,
    cli_db,
    cli_deadlines,
    cli_import,
    cli_ingest,
    cli_outgoing,
    cli_reference,
    cli_separator,
    cli_up,
    cli_users,
)
from korrespondent.context import checked_settings

app = typer.Typer(
    help="Корреспондент: документооборот коллекторского агентства.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)
app.add_typer(cli_db.app, name="db")
app.add_typer(cli_blobs.app, name="blobs")
app.add_typer(cli_import.app, name="import")
app.add_typer(cli_users.app, name="user")
app.add_typer(cli_outgoing.app, name="outgoing")
app.add_typer(cli_reference.app, name="reference")
app.add_typer(cli_deadlines.deadlines_app, name="deadlines")
app.add_typer(cli_deadlines.guards_app, name="guards")
app.command("show")(cli_db.show)
app.command("demo")(cli_import.demo)
app.command("classify")(cli_classify.classify)
app.command("separator-sheet")(cli_separator.separator_sheet)
app.command("watch")(cli_ingest.watch)
app.command("ingest")(cli_ingest.ingest)
app.command("app")(cli_app.app)
app.command("up")(cli_up.up)
app.command("status")(cli_up.status)


@app.callback()
def main(
    data_dir: Path | None = typer.Option(
        None, "--data-dir", help="Папка данных (иначе KORR_DATA_DIR или ./data)."
    ),
) -> None:
    """Корреспондент: входящая и исходящая корреспонденция."""
    if data_dir is not None:
        os.environ["KORR_DATA_DIR"] = str(data_dir)
    checked_settings()  # production refuses to start on settings that would quietly misbehave


@app.command("pochta-sandbox")
def pochta_sandbox(
    host: str = typer.Option("127.0.0.1", "--host", help="Адрес (только loopback в разработке)."),
    port: int = typer.Option(8765, "--port", help="Порт."),
) -> None:
    """Запустить песочницу Почты России (те же пути, что у «Отправки» и отслеживания)."""
    from config.settings import Settings
    from pochta.sandbox import run_forever

    shipping_point = Settings().shipping_point_index
    typer.echo(f"Песочница Почты России: http://{host}:{port} (точка сдачи {shipping_point})")
    run_forever(host, port, shipping_points=(shipping_point, "109012", "102961"))
