"""The ``clerk-requests`` deployment: started by the app for each request, and every 5 minutes.

The schedule is only a safety net (a request made while Prefect was down, a worker killed
halfway); a run that finds nothing to do costs about a second. Runs may overlap: each request is
claimed by one of them.
"""

from __future__ import annotations

from typing import Any

from prefect.schedules import Interval

from config.deployments import CLERK_REQUESTS_DEPLOYMENT
from flows.clerk_requests import clerk_requests

TIMEZONE = "Europe/Moscow"


def request_deployments() -> list[Any]:
    return [
        clerk_requests.to_deployment(
            name=CLERK_REQUESTS_DEPLOYMENT.split("/", 1)[1], schedule=Interval(5 * 60, timezone=TIMEZONE)
        )
    ]
