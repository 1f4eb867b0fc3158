"""The local Russian Post sandbox ("песочница"): same paths and shapes as the real APIs.

* ``Sandbox(seed=..., faults=...)``: a pure handler ``handle(httpx.Request) -> httpx.Response``
  over an in-memory ``SandboxState``; ``Sandbox.transport()`` plugs it into a client in tests.
* ``serve(host, port, ...) -> RunningSandbox`` and ``run_forever(host, port, ...)`` put it on a
  loopback socket for the app, end-to-end tests and ``korrespondent pochta-sandbox``.
* Control: ``/__sandbox__/clock``, ``/__sandbox__/clock/advance``, ``/__sandbox__/faults``,
  ``/__sandbox__/quota``, ``/__sandbox__/orders``, ``/__sandbox__/stats``; or the same through
  ``SandboxState`` methods (``advance``, ``set_faults``, ``set_quota``, ``orders_by_num`` ...);
  ``pochta.SandboxClock(base_url)`` is the typed client of the clock (the app's sandbox banner).
"""

from pochta.sandbox._app import Sandbox
from pochta.sandbox._faults import Faults
from pochta.sandbox._server import RunningSandbox, run_forever, serve
from pochta.sandbox._state import SandboxState, month_code
from pochta.sandbox._timeline import Outcomes, PlannedEvent

__all__ = [
    "Faults",
    "Outcomes",
    "PlannedEvent",
    "RunningSandbox",
    "Sandbox",
    "SandboxState",
    "month_code",
    "run_forever",
    "serve",
]
