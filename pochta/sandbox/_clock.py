"""The sandbox clock: frozen unless advanced, or running at a chosen speed for demos."""

from __future__ import annotations

import datetime as dt
import time


class SandboxClock:
    """Sandbox time = start + manual advances (+ wall time × ``time_scale`` when set).

    Tests leave ``time_scale`` at ``None`` and move time with ``advance``; the embedded app can run
    the sandbox at, say, 3600× so letters travel in minutes.
    """

    def __init__(self, start: dt.datetime | None = None, *, time_scale: float | None = None) -> None:
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        self._start = (start or now).astimezone(dt.UTC)
        self._offset = dt.timedelta()
        self._scale = time_scale
        self._t0 = time.monotonic()

    def now(self) -> dt.datetime:
        """The current sandbox time (UTC, aware)."""
        running = dt.timedelta()
        if self._scale:
            running = dt.timedelta(seconds=(time.monotonic() - self._t0) * self._scale)
        return self._start + self._offset + running

    def advance(self, delta: dt.timedelta) -> dt.datetime:
        """Move time forward (never back) and return the new now."""
        if delta < dt.timedelta():
            raise ValueError("the sandbox clock only moves forward")
        self._offset += delta
        return self.now()
