"""The clock flows and steps receive: what "now" is for them.

Production uses the system clock. In development against the Russian Post sandbox, letters travel
on the sandbox's clock (tests and demos move it forward), so "is this ticket's answer due yet"
must be judged by that clock: ``url_clock`` asks a clock served over HTTP. Nothing here knows
about the sandbox; ``Settings.clock_url`` says which clock to use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import httpx

from db.models import utcnow

Clock = Callable[[], dt.datetime]
"""A ``now()``: timezone-aware UTC."""

system_clock: Clock = utcnow


def url_clock(url: str, *, timeout: float = 5.0) -> Clock:
    """A ``now()`` read from ``GET url`` answering ``{"now": "<ISO time>"}``."""

    def now() -> dt.datetime:
        answer = httpx.get(url, timeout=timeout)
        answer.raise_for_status()
        moment = dt.datetime.fromisoformat(answer.json()["now"])
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)

    return now
