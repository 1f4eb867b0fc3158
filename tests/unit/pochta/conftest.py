"""Fixtures of the pochta tests: a letter factory, a sandbox, clients wired to it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pochta import OtpravkaClient, TrackingClient
from pochta.sandbox import Sandbox
from tests.unit.pochta.pochta_factories import BASE_URL, TRACKING_URL


@pytest.fixture
def sandbox() -> Sandbox:
    """A fresh, seeded, well-behaved sandbox."""
    return Sandbox(seed=42)


@pytest.fixture
def otpravka(sandbox: Sandbox) -> Iterator[OtpravkaClient]:
    """An Otpravka client answered by ``sandbox`` through MockTransport; retries never sleep."""
    with OtpravkaClient(
        BASE_URL,
        token="token",
        login="user@example.ru",
        password="secret",
        transport=sandbox.transport(),
        backoff=0,
    ) as client:
        yield client


@pytest.fixture
def tracking(sandbox: Sandbox) -> Iterator[TrackingClient]:
    """A tracking client answered by ``sandbox``."""
    with TrackingClient(
        TRACKING_URL, login="track", password="secret", transport=sandbox.transport(), backoff=0
    ) as client:
        yield client


@pytest.fixture
def client() -> Iterator[OtpravkaClient]:
    """An Otpravka client on the real base URL, for respx; retries never sleep."""
    with OtpravkaClient(BASE_URL, token="token", login="user@example.ru", password="secret", backoff=0) as c:
        yield c
