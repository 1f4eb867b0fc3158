"""Schedules of the outgoing flows, in one place (ingest deployments live in their own module).

* ``outgoing-sync``: every 15 minutes, drafts become orders and get their cost («Новые»).
* ``outgoing-dispatch``: the same flow on working days at 14:00 Moscow time, also forming
  batches and checking them in, so there is at most one batch per kind of letter a day
  (reference §1.1 recommends one batch per day per mail type) and it is ready before the office's
  afternoon acceptance.
* ``tracking-poll``: every 30 minutes; a ticket's answer is ready no sooner than 15 minutes later,
  so each poll collects the previous poll's tickets.

One run of each kind at a time is kept by the flows' own locks, which die with their holder;
a Prefect concurrency slot would outlive a killed worker until its lease expires.

Usage::

    from prefect import serve
    serve(*outgoing_deployments())
"""

from __future__ import annotations

from typing import Any

from prefect.schedules import Cron, Interval

from flows.outgoing_sync import outgoing_sync
from flows.tracking_poll import tracking_poll

TIMEZONE = "Europe/Moscow"


def outgoing_deployments() -> list[Any]:
    """The ``RunnerDeployment`` objects to pass to ``prefect.serve``."""
    return [
        outgoing_sync.to_deployment(
            name="outgoing-sync",
            schedule=Interval(15 * 60, timezone=TIMEZONE),
            parameters={"form_batches": False, "check_in": False},
        ),
        outgoing_sync.to_deployment(
            name="outgoing-dispatch",
            schedule=Cron("0 14 * * 1-5", timezone=TIMEZONE),
            parameters={"form_batches": True, "check_in": True},
        ),
        tracking_poll.to_deployment(
            name="tracking-poll",
            schedule=Interval(30 * 60, timezone=TIMEZONE),
        ),
    ]
