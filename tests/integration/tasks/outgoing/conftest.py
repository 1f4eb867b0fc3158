"""Fixtures of the outgoing integration tests: Russian Post's sandbox and the clients it answers.

``sandbox`` here is the plain one (seed 3, our shipping point); a file that needs other outcomes
or another seed defines its own ``sandbox``, and ``client``/``clients`` then talk to that one.
None is autouse.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pochta import OtpravkaClient, TrackingClient
from pochta.sandbox import Sandbox
from tests.otpravka_clients import sandbox_otpravka, sandbox_tracking
from tests.unit.tasks.outgoing.outgoing_factories import SHIPPING_POINT


@pytest.fixture
def sandbox() -> Sandbox:
    """A seeded sandbox that accepts letters from our shipping point."""
    return Sandbox(seed=3, shipping_points=[SHIPPING_POINT])


@pytest.fixture
def client(sandbox: Sandbox) -> Iterator[OtpravkaClient]:
    """An Otpravka client answered by ``sandbox``; retries never sleep."""
    with sandbox_otpravka(sandbox.transport()) as c:
        yield c


@pytest.fixture
def clients(sandbox: Sandbox) -> Iterator[tuple[OtpravkaClient, TrackingClient]]:
    """An Otpravka and a tracking client on one transport of ``sandbox``: what one sends, the
    other tracks; retries never sleep."""
    transport = sandbox.transport()
    with sandbox_otpravka(transport) as otpravka, sandbox_tracking(transport) as tracking:
        yield otpravka, tracking
