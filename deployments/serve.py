"""``python -m deployments.serve``: one long-running process that executes every deployment.

Each deployment module contributes a function returning its ``RunnerDeployment`` list; add
yours to ``all_deployments``. ``pause_on_shutdown=False``: a restart by the supervisor or
systemd must not leave the schedules paused.
"""

from __future__ import annotations

from prefect import serve
from prefect.deployments.runner import RunnerDeployment

from deployments.deadlines import deadline_deployments
from deployments.ingest import ingest_deployments
from deployments.outgoing import outgoing_deployments
from deployments.requests import request_deployments

RUNS_AT_ONCE = 4


def all_deployments() -> list[RunnerDeployment]:
    return [*ingest_deployments(), *outgoing_deployments(), *request_deployments(), *deadline_deployments()]


def main() -> None:
    serve(*all_deployments(), limit=RUNS_AT_ONCE, pause_on_shutdown=False)


if __name__ == "__main__":
    main()
