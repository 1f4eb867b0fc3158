"""Russian Post clients answered by an in-process sandbox, as the outgoing tests build them.

The unit and the integration outgoing conftests both need them: test credentials, the test base
URL and no pause between retries, so that a retried call costs a test no time. Built here once,
so a change to how a client is made (a new argument, another URL) is made in one place.
"""

from __future__ import annotations

import httpx

from pochta import OtpravkaClient, TrackingClient
from tests.unit.tasks.outgoing.outgoing_factories import BASE_URL


def sandbox_otpravka(transport: httpx.BaseTransport) -> OtpravkaClient:
    """An Otpravka client talking through ``transport``; use it as a context manager."""
    return OtpravkaClient(BASE_URL, token="t", login="l", password="p", transport=transport, backoff=0)


def sandbox_tracking(transport: httpx.BaseTransport) -> TrackingClient:
    """A tracking client talking through ``transport``; use it as a context manager."""
    return TrackingClient(BASE_URL, login="l", password="p", transport=transport, backoff=0)
