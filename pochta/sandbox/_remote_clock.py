"""The sandbox's clock as seen by a client: what "now" is for letters travelling in the sandbox.

Tracking in the sandbox moves on its own clock (tests and demos advance it), so a system that
talks to the sandbox must judge "is this ticket's answer due yet" by that clock, not the wall's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import httpx


def remote_clock(base_url: str, *, timeout: float = 5.0) -> Callable[[], dt.datetime]:
    """A ``now()`` that asks the sandbox at ``base_url`` (``GET /__sandbox__/clock``)."""

    def now() -> dt.datetime:
        answer = httpx.get(f"{base_url.rstrip('/')}/__sandbox__/clock", timeout=timeout)
        answer.raise_for_status()
        moment = dt.datetime.fromisoformat(answer.json()["now"])
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)

    return now
