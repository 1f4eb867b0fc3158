"""``korrespondent app``: the clerks' app (``streamlit run ui/app.py``) with the settings it needs.

Streamlit is started as a child process with options that suit an office intranet: headless,
no usage statistics sent anywhere, no file watcher or run-on-save, a viewer toolbar, and an
upload limit matching our 5 MB package. The process replaces itself (``execv``-like wait), so a
supervisor that stops ``korrespondent app`` stops Streamlit.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import typer

from config.settings import Settings
from korrespondent.context import refuse_initial_admin_password

APP_FILE = Path(__file__).resolve().parents[1] / "ui" / "app.py"


def streamlit_command(host: str, port: int) -> list[str]:
    """The command line that serves the app on ``host:port``."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP_FILE),
        "--server.headless=true",
        f"--server.address={host}",
        f"--server.port={port}",
        "--server.fileWatcherType=none",
        "--server.runOnSave=false",
        "--server.maxUploadSize=5",
        "--server.enableXsrfProtection=true",
        "--browser.gatherUsageStats=false",
        "--client.toolbarMode=viewer",
        "--client.showErrorDetails=false",
        "--logger.level=warning",
        "--runner.magicEnabled=false",  # a stray literal in a page must never be drawn
    ]


def app(
    host: str | None = typer.Option(None, "--host", help="Адрес (иначе KORR_APP_HOST)."),
    port: int | None = typer.Option(None, "--port", help="Порт (иначе KORR_APP_PORT)."),
) -> None:
    """Запустить приложение для сотрудников (Streamlit)."""
    settings = Settings()
    settings.ensure_dirs()
    refuse_initial_admin_password(settings)
    command = streamlit_command(host or settings.app_host, port or settings.app_port)
    process = subprocess.Popen(command)
    try:
        raise typer.Exit(process.wait())
    except KeyboardInterrupt:
        process.terminate()
        raise typer.Exit(process.wait()) from None
