"""Fixtures of the outgoing unit tests: a seeded sandbox and clients wired to it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pochta import OtpravkaClient, TrackingClient
from pochta.sandbox import Sandbox
from tests.otpravka_clients import sandbox_otpravka, sandbox_tracking


@pytest.fixture
def sandbox() -> Sandbox:
    """A fresh, seeded, well-behaved sandbox (in-process, no sockets)."""
    return Sandbox(seed=11)


@pytest.fixture
def otpravka(sandbox: Sandbox) -> Iterator[OtpravkaClient]:
    """An Otpravka client answered by ``sandbox``; retries never sleep."""
    with sandbox_otpravka(sandbox.transport()) as c:
        yield c


@pytest.fixture
def tracking(sandbox: Sandbox) -> Iterator[TrackingClient]:
    """A tracking client answered by ``sandbox``."""
    with sandbox_tracking(sandbox.transport()) as c:
        yield c
