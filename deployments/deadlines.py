"""The ``deadlines-daily`` deployment: every morning at 07:00 Moscow time, before clerks start."""

from __future__ import annotations

from typing import Any

from prefect.schedules import Cron

from flows.deadlines import deadlines_daily

TIMEZONE = "Europe/Moscow"
DAILY_CRON = "0 7 * * *"


def deadline_deployments() -> list[Any]:
    return [
        deadlines_daily.to_deployment(name="deadlines-daily", schedule=Cron(DAILY_CRON, timezone=TIMEZONE))
    ]
