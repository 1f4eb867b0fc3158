"""``korrespondent up`` (the whole system on embedded defaults) and ``korrespondent status``."""

from __future__ import annotations

import signal
from types import FrameType

import typer

from config.settings import Settings
from db.engine import session_scope
from korrespondent.components import embedded_components
from korrespondent.context import INITIAL_ADMIN_FILE, cli_actor, database, refuse_initial_admin_password
from korrespondent.status import collect_status
from korrespondent.supervisor import Supervisor
from tasks.users import ensure_first_admin


def _first_admin(settings: Settings) -> str:
    """Create the first admin if there is none; the password is shown once and kept in a 0600 file."""
    password_file = settings.data_dir / INITIAL_ADMIN_FILE
    with database(settings) as engine, session_scope(engine) as session:
        password = ensure_first_admin(session, actor=cli_actor())
    if password is not None:
        password_file.write_text(f"admin\n{password}\n", encoding="utf-8")
        password_file.chmod(0o600)
        return f"логин admin, пароль {password} (сохранён в {password_file})"
    if password_file.exists():
        return f"логин и пароль первого администратора — в {password_file}"
    return "пользователи уже созданы"


def up() -> None:
    """Запустить всю систему: Prefect, песочницу Почты, конвейер, наблюдатель папки и приложение."""
    settings = Settings()
    settings.ensure_dirs()
    admin = _first_admin(settings)
    refuse_initial_admin_password(settings)
    supervisor = Supervisor(embedded_components(settings), log_dir=settings.log_dir, report=typer.echo)

    def _stop(_signum: int, _frame: FrameType | None) -> None:
        supervisor.stop_requested.set()

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    typer.echo("Запуск компонентов (первый запуск Prefect занимает до минуты)…")
    try:
        if supervisor.start_all():
            typer.echo(
                "\nКорреспондент работает.\n"
                f"  Приложение:        http://{settings.app_host}:{settings.app_port}  ({admin})\n"
                f"  Prefect UI:        http://{settings.prefect_host}:{settings.prefect_port}\n"
                f"  Почта России:      {settings.pochta_url}"
                f"{'  (песочница)' if settings.uses_pochta_sandbox else ''}\n"
                f"  Папка входящих:    {settings.inbox_dir}\n"
                f"  Журналы:           {settings.log_dir}\n"
                "Остановить: Ctrl-C."
            )
            supervisor.watch()
    finally:
        typer.echo("Остановка компонентов…")
        supervisor.stop_all()
        typer.echo("Все компоненты остановлены.")


def status() -> None:
    """Показать состояние: компоненты, очередь входящих, разбор, письма по папкам."""
    settings = Settings()
    with database(settings) as engine:
        snapshot = collect_status(settings, engine)
    for label, healthy in snapshot.components.items():
        mark = "работает" if healthy else ("—" if healthy is None else "не отвечает")
        typer.echo(f"  {label}: {mark}")
    typer.echo(f"Входящие: ждут в папке {snapshot.inbox_waiting}, в обработке {snapshot.processing}")
    if snapshot.workers is not None:
        typer.echo(f"Исполнители (пул korrespondent): в сети {snapshot.workers}")
    if snapshot.lapsed:
        typer.echo(f"Брошены остановившимся исполнителем, ждут перехвата: {snapshot.lapsed}")
    if snapshot.stuck:
        typer.echo(f"Не удаётся забрать из папки входящих: {len(snapshot.stuck)}")
        for name, reason in snapshot.stuck.items():
            typer.echo(f"  {name}: {reason}")
    typer.echo(f"Ждут разбора: {snapshot.needs_review}")
    typer.echo(f"Отказы (файлы, которые папка входящих не приняла): {snapshot.refused}")
    typer.echo(f"Запросы сотрудников ждут выполнения: {snapshot.requests_waiting}")
    letters = ", ".join(f"{folder}: {count}" for folder, count in snapshot.letters.items()) or "нет"
    typer.echo(f"Исходящие: {letters}")
    typer.echo(f"Лимит запросов к «Отправке» на сегодня: {snapshot.quota}")
