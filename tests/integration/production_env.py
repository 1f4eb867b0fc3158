"""Production settings for a command test: ``KORR_ENV=production`` with Russian Post credentials.

Production refuses to start without the Otpravka and tracking credentials, so a test of what
production does beyond that check (the first admin's password, the watcher's Prefect API) sets
them all. Here once, so a credential production comes to require is added in one place.
"""

from __future__ import annotations

import pytest

PRODUCTION_ENV = {
    "KORR_ENV": "production",
    "KORR_POCHTA_TOKEN": "t",
    "KORR_POCHTA_LOGIN": "l",
    "KORR_POCHTA_PASSWORD": "p",
    "KORR_POCHTA_TRACKING_LOGIN": "tl",
    "KORR_POCHTA_TRACKING_PASSWORD": "tp",
}


def run_in_production(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``Settings`` read production, with every credential it demands there."""
    for name, value in PRODUCTION_ENV.items():
        monkeypatch.setenv(name, value)
