"""``Sandbox``: the pure request handler over ``SandboxState``, with auth, quota and faults.

``Sandbox.handle(request) -> response`` is all there is; plug it into ``httpx.MockTransport`` in
tests, or serve it on loopback with ``pochta.sandbox.serve``. Usage::

    sandbox = Sandbox(seed=7)
    client = OtpravkaClient("http://sandbox", token="t", login="l", password="p",
                            transport=sandbox.transport())
    sandbox.state.advance(timedelta(days=3))
"""

from __future__ import annotations

import time
from typing import Any

import httpx

from pochta.sandbox import _control_api, _otpravka_api, _tracking_api
from pochta.sandbox._control_api import PREFIX
from pochta.sandbox._state import SandboxState
from pochta.sandbox._wire import BadBody, Call, Route, json_response

_API_ROUTES: list[Route] = _otpravka_api.ROUTES + _tracking_api.ROUTES
_TRACKING_PATHS = ("/fc", "/rtm34")
_ROUTE_END = r"/?\Z"
_WRITES = frozenset({"PUT", "POST", "DELETE"})


def _unknown_path() -> httpx.Response:
    """The real, odd answer to an unknown path (reference §2.3)."""
    return json_response({"status": "407", "message": "Error namespace or mask or method not found"}, 407)


def _unavailable() -> httpx.Response:
    return json_response(
        {"code": "1002", "desc": "Service temporarily unavailable", "sub-code": "UNAVAILABLE"}, 503
    )


class Sandbox:
    """A stateful fake Russian Post behind one handler function. Thread-safe."""

    def __init__(self, state: SandboxState | None = None, **state_options: Any) -> None:
        self.state = state if state is not None else SandboxState(**state_options)

    def transport(self) -> httpx.MockTransport:
        """An ``httpx`` transport that answers from this sandbox, no network involved."""
        return httpx.MockTransport(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        """Answer one request as Russian Post would; injected timeouts raise ``httpx.ReadTimeout``."""
        path = request.url.path
        if path.startswith(PREFIX):
            return self._dispatch(_control_api.ROUTES, request) or _unknown_path()
        tracking = path in _TRACKING_PATHS
        if not tracking and not _authorized(request):
            return json_response({"code": "401", "desc": "Unauthorized", "sub-code": "UNAUTHORIZED"}, 401)
        fault, slow = self._draw_faults(request)
        if fault == "error":
            return _unavailable()
        if fault == "timeout":
            raise httpx.ReadTimeout("sandbox: injected timeout", request=request)
        if not tracking and not self.state.take_quota():
            return json_response(
                {"code": "1008", "desc": "Превышен лимит запросов", "sub-code": "LIMIT_EXCEEDED"}, 429
            )
        response = self._dispatch(_API_ROUTES, request) or _unknown_path()
        if slow:
            time.sleep(self.state.faults.slow_seconds)
        if fault == "lost":
            with self.state.lock:
                self.state.lost_answers[f"{request.method} {path}"] += 1
            if self.state.faults.lost_answer_mode == "error":
                return _unavailable()
            raise httpx.ReadTimeout("sandbox: answer lost after the change was applied", request=request)
        return response

    def _dispatch(self, routes: list[Route], request: httpx.Request) -> httpx.Response | None:
        path = request.url.path
        for method, pattern, handler in routes:
            match = pattern.match(path)
            if match is None or method != request.method:
                continue
            with self.state.lock:
                self.state.calls[method + " " + pattern.pattern.removesuffix(_ROUTE_END)] += 1
            try:
                return handler(Call(self.state, request, match))
            except BadBody as exc:
                return json_response(
                    {"code": "400", "desc": f"Bad Request: {exc}", "sub-code": "BAD_REQUEST"}, 400
                )
        return None

    def _draw_faults(self, request: httpx.Request) -> tuple[str | None, bool]:
        """Which fault (``error``/``timeout``/``lost``/None) hits this request, and whether it is slow."""
        with self.state.lock:
            faults = self.state.faults
            if request.method in _WRITES and self.state.take_lost_answer(request.url.path):
                return "lost", False
            if not faults.applies_to(request.url.path):
                return None, False
            fault: str | None = None
            if faults.error_rate or faults.timeout_rate or faults.lost_answer_rate:
                draw = self.state.rng.random()
                if draw < faults.error_rate:
                    fault = "error"
                elif draw < faults.error_rate + faults.timeout_rate:
                    fault = "timeout"
                elif (
                    request.method in _WRITES
                    and draw < faults.error_rate + faults.timeout_rate + faults.lost_answer_rate
                ):
                    fault = "lost"
            slow = bool(faults.slow_rate) and self.state.rng.random() < faults.slow_rate
            return fault, slow


def _authorized(request: httpx.Request) -> bool:
    """Any non-empty token and Basic credentials are accepted; missing ones are a 401."""
    token = request.headers.get("Authorization", "")
    user = request.headers.get("X-User-Authorization", "")
    return (
        token.startswith("AccessToken ") and len(token) > 12 and user.startswith("Basic ") and len(user) > 6
    )
