"""What the outgoing units of work need to run: where the database and Russian Post are.

Plain values only, so ``tasks`` stays free of settings: a flow or the CLI builds it from
``Settings`` once. ``transport``, ``engine`` and ``clock`` are the seams for tests and the bench
(the sandbox's handler, a test database, the sandbox clock); production leaves them unset.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

import httpx
from sqlalchemy import Engine

from db.engine import make_engine
from db.models import utcnow
from pochta import OtpravkaClient, TrackingClient


@cache
def _shared_engine(url: str) -> Engine:
    """One engine (pool) per database URL per process; built on first use, never at import."""
    return make_engine(url)


@dataclass(frozen=True, slots=True)
class OutgoingRuntime:
    """Connections and knobs for the sync and tracking units."""

    database_url: str
    pochta_url: str
    token: str = field(repr=False)
    login: str
    password: str = field(repr=False)
    tracking_url: str
    tracking_login: str
    tracking_password: str = field(repr=False)
    actor: str = "flow:outgoing"
    timeout: float = 30.0
    retries: int = 3
    backoff: float = 0.5
    ticket_size: int = 500
    transport: httpx.BaseTransport | None = field(default=None, repr=False, compare=False)
    engine_override: Engine | None = field(default=None, repr=False, compare=False)
    clock: Callable[[], dt.datetime] = field(default=utcnow, repr=False, compare=False)

    def engine(self) -> Engine:
        """The database engine (shared per process)."""
        return self.engine_override or _shared_engine(self.database_url)

    def otpravka(self) -> OtpravkaClient:
        """A new Otpravka client; use it as a context manager."""
        return OtpravkaClient(
            self.pochta_url,
            token=self.token,
            login=self.login,
            password=self.password,
            timeout=self.timeout,
            transport=self.transport,
            retries=self.retries,
            backoff=self.backoff,
        )

    def tracking(self) -> TrackingClient:
        """A new tracking client; use it as a context manager."""
        return TrackingClient(
            self.tracking_url,
            login=self.tracking_login,
            password=self.tracking_password,
            timeout=self.timeout,
            transport=self.transport,
            retries=self.retries,
            backoff=self.backoff,
        )
