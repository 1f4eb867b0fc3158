"""The processes ``korrespondent up`` runs on embedded defaults, in start order."""

from __future__ import annotations

import sys

from config.settings import Settings
from korrespondent.supervisor import Component

DEMO_SENDER = {
    "KORR_SENDER_NAME": "ООО «Северный ветер» (демо)",
    "KORR_SENDER_ADDRESS": "101000, г. Москва, ул. Мясницкая, д. 1",
}
"""Printed on envelopes in the sandbox when no sender is configured, so printing works at once;
with real Russian Post credentials nothing is made up: the clerk is told to configure it."""


def shared_env(settings: Settings) -> dict[str, str]:
    """What every component must agree on: our data and database, and one Prefect API."""
    demo = DEMO_SENDER if settings.uses_pochta_sandbox and not settings.sender_name else {}
    return {
        **demo,
        "KORR_DATA_DIR": str(settings.data_dir),
        "KORR_DATABASE_URL": settings.resolved_database_url,
        "PREFECT_API_URL": settings.prefect_api_url,
        "PREFECT_HOME": str(settings.data_dir / "prefect"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_EPHEMERAL_ENABLED": "false",
        "PREFECT_RUNNER_POLL_FREQUENCY": "2",
        "DO_NOT_TRACK": "1",
    }


def _korrespondent(*args: str) -> tuple[str, ...]:
    return (sys.executable, "-m", "korrespondent", *args)


def embedded_components(settings: Settings) -> list[Component]:
    """Prefect server, Russian Post sandbox (without credentials), flows, watcher, app."""
    env = shared_env(settings)
    components = [
        Component(
            "prefect",
            "Сервер Prefect",
            (
                sys.executable,
                "-m",
                "prefect",
                "server",
                "start",
                "--host",
                settings.prefect_host,
                "--port",
                str(settings.prefect_port),
            ),
            env=env,
            health_url=f"{settings.prefect_api_url}/health",
            start_timeout=180,
        ),
    ]
    if settings.uses_pochta_sandbox:
        components.append(
            Component(
                "sandbox",
                "Песочница Почты России",
                _korrespondent(
                    "pochta-sandbox", "--host", settings.sandbox_host, "--port", str(settings.sandbox_port)
                ),
                env=env,
                health_url=f"{settings.pochta_url}/__sandbox__/clock",
                start_timeout=60,
            )
        )
    components += [
        Component(
            "flows",
            "Процессы Prefect (конвейер, отправка, трекинг)",
            (sys.executable, "-m", "deployments.serve"),
            env=env,
        ),
        Component("watcher", "Наблюдатель папки входящих", _korrespondent("watch"), env=env),
        Component(
            "app",
            "Приложение для сотрудников",
            _korrespondent("app", "--host", settings.app_host, "--port", str(settings.app_port)),
            env=env,
            health_url=f"http://{settings.app_host}:{settings.app_port}/_stcore/health",
            start_timeout=120,
        ),
    ]
    return components
