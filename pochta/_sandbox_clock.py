"""A small typed client of the sandbox's own clock (``/__sandbox__/clock``), for demos and tests.

The app's sandbox banner lets an admin move the sandbox's time forward so letters travel; this
is how the flow asks. Only the sandbox answers these paths: the real Russian Post has no such
thing, and the handler using it is wired only when the sandbox stands in. It lives beside the
other clients, not in ``pochta.sandbox``, which production code never imports.
"""

from __future__ import annotations

import datetime as dt

import httpx

from pochta._exceptions import PochtaUnavailable

PREFIX = "/__sandbox__"


class SandboxClock:
    """``now()`` and ``advance(...)`` of the sandbox at ``base_url`` (a transport for tests)."""

    def __init__(
        self, base_url: str, *, timeout: float = 5.0, transport: httpx.BaseTransport | None = None
    ) -> None:
        self._http = httpx.Client(base_url=base_url.rstrip("/"), timeout=timeout, transport=transport)

    def __enter__(self) -> SandboxClock:
        return self

    def __exit__(self, *_exc: object) -> None:
        self._http.close()

    def _moment(self, answer: httpx.Response) -> dt.datetime:
        answer.raise_for_status()
        moment = dt.datetime.fromisoformat(answer.json()["now"])
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)

    def now(self) -> dt.datetime:
        """The sandbox's time. Raises ``PochtaUnavailable`` when the sandbox does not answer."""
        try:
            return self._moment(self._http.get(f"{PREFIX}/clock"))
        except httpx.HTTPError as exc:
            raise PochtaUnavailable(f"песочница не отвечает: {exc}", maybe_applied=False) from exc

    def advance(self, *, days: float = 0, hours: float = 0, minutes: float = 0) -> dt.datetime:
        """Move the sandbox's time forward; returns the new time (tracking events up to it appear)."""
        body = {k: v for k, v in {"days": days, "hours": hours, "minutes": minutes}.items() if v}
        try:
            return self._moment(self._http.post(f"{PREFIX}/clock/advance", json=body))
        except httpx.HTTPError as exc:
            raise PochtaUnavailable(f"песочница не отвечает: {exc}", maybe_applied=True) from exc
