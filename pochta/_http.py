"""Transport plumbing shared by both clients: auth headers, timeouts, retries, error mapping.

``to_pochta_error`` is the one place where an HTTP answer or an ``httpx`` exception becomes one of
our errors; everything else asks it. Retries live in ``Session.request`` and cover transient
failures only: a validation refusal or a 404 is never repeated.

A non-idempotent call (create orders, create batch, check-in, delete) is retried only when the
request provably never reached Russian Post (connect errors). After a read timeout or a 5xx the
order may exist, so the error goes up with ``maybe_applied=True`` and the caller searches by
``order-num`` before trying again: that, not blind repetition, is what keeps creation exactly-once.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Self

import httpx

from pochta._exceptions import (
    PochtaAuthError,
    PochtaBadRequest,
    PochtaError,
    PochtaNotFound,
    PochtaQuotaExceeded,
    PochtaUnavailable,
)

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# Russian Post documents no quota status for Otpravka [UNCERTAIN]. We treat HTTP 429 and any
# body whose sub-code mentions a limit as quota exhaustion; the sandbox answers 429.
_QUOTA_MARKERS = ("LIMIT", "QUOTA")


@dataclass(frozen=True, slots=True)
class Retry:
    """How often and how patiently to retry transient failures.

    Delays double from ``backoff`` up to ``max_backoff`` seconds. ``sleep`` is injectable so tests
    run with ``Retry(sleep=lambda _: None)`` and never wait.
    """

    attempts: int = 3
    backoff: float = 0.5
    max_backoff: float = 8.0
    sleep: Callable[[float], None] = field(default=time.sleep)

    def delay(self, attempt: int) -> float:
        """Seconds to wait before attempt number ``attempt + 1`` (``attempt`` counts from 1)."""
        return float(min(self.max_backoff, self.backoff * 2 ** (attempt - 1)))


def auth_headers(*, token: str, login: str, password: str) -> dict[str, str]:
    """The two headers every Otpravka request carries (application token + user Basic auth)."""
    basic = base64.b64encode(f"{login}:{password}".encode()).decode("ascii")
    return {"Authorization": f"AccessToken {token}", "X-User-Authorization": f"Basic {basic}"}


def error_body(response: httpx.Response) -> dict[str, Any]:
    """The JSON error object of a response, or ``{}`` when the body is not a JSON object."""
    try:
        body = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return {}
    return body if isinstance(body, dict) else {}


def to_pochta_error(outcome: httpx.Response | httpx.HTTPError) -> PochtaError | None:
    """Translate an answer or a transport failure into our error; ``None`` for a 2xx answer."""
    if isinstance(outcome, httpx.HTTPError):
        return _transport_error(outcome)
    status = outcome.status_code
    if status < 300:
        return None
    body = error_body(outcome)
    code = str(body.get("code") or body.get("status") or "") or None
    sub_code = str(body.get("sub-code") or "")
    desc = str(body.get("desc") or body.get("message") or outcome.reason_phrase)
    if status == 429 or any(marker in sub_code.upper() for marker in _QUOTA_MARKERS):
        return PochtaQuotaExceeded(
            "Исчерпан дневной лимит запросов к Почте России.", status_code=status, code=sub_code or code
        )
    if status in (401, 403):
        return PochtaAuthError(
            "Почта России не приняла ключ или логин/пароль «Отправки».", status_code=status, code=code
        )
    if status == 404:
        return PochtaNotFound(f"Не найдено в «Отправке»: {desc}", status_code=status, code=code)
    if status >= 500:
        return PochtaUnavailable(
            f"Почта России временно недоступна (HTTP {status}).", status_code=status, code=code
        )
    return PochtaBadRequest(
        f"Почта России отклонила запрос (HTTP {status}): {desc}", status_code=status, code=code
    )


def _transport_error(exc: httpx.HTTPError) -> PochtaError:
    if isinstance(exc, _NOT_SENT):
        return PochtaUnavailable("Нет связи с Почтой России.", maybe_applied=False)
    if isinstance(exc, httpx.TimeoutException):
        return PochtaUnavailable("Почта России не ответила вовремя.", maybe_applied=True)
    if isinstance(exc, httpx.TransportError):
        return PochtaUnavailable("Связь с Почтой России прервалась.", maybe_applied=True)
    return PochtaBadRequest(f"Ошибка запроса к Почте России: {exc}")


class Session:
    """An ``httpx.Client`` plus the retry loop and the error mapping; one per API client."""

    def __init__(
        self,
        base_url: str,
        *,
        headers: Mapping[str, str],
        timeout: httpx.Timeout | float,
        transport: httpx.BaseTransport | None,
        retry: Retry,
    ) -> None:
        self.client = httpx.Client(
            base_url=base_url.rstrip("/"), headers=dict(headers), timeout=timeout, transport=transport
        )
        self.retry = retry

    def close(self) -> None:
        """Close the connection pool."""
        self.client.close()

    def request(
        self,
        method: str,
        path: str,
        *,
        idempotent: bool,
        passthrough: Callable[[httpx.Response], bool] | None = None,
        **kwargs: Any,
    ) -> httpx.Response:
        """Send with retries; return a 2xx (or ``passthrough``-accepted) response or raise ours."""
        attempt = 0
        while True:
            attempt += 1
            error = self._attempt(method, path, passthrough, kwargs)
            if isinstance(error, httpx.Response):
                return error
            retryable = isinstance(error, PochtaUnavailable) and (idempotent or not error.maybe_applied)
            if not retryable or attempt >= self.retry.attempts:
                raise error
            self.retry.sleep(self.retry.delay(attempt))

    def _attempt(
        self,
        method: str,
        path: str,
        passthrough: Callable[[httpx.Response], bool] | None,
        kwargs: dict[str, Any],
    ) -> httpx.Response | PochtaError:
        try:
            response = self.client.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            error = to_pochta_error(exc)
            assert error is not None
            error.__cause__ = exc
            return error
        if passthrough is not None and passthrough(response):
            return response
        return to_pochta_error(response) or response


def json_of(response: httpx.Response) -> Any:
    """The decoded JSON body of a successful answer; a garbled body is ``PochtaBadRequest``."""
    if not response.content:
        return None
    try:
        return response.json()
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise PochtaBadRequest("Почта России прислала ответ, который не удалось разобрать.") from exc


class ClientBase:
    """What every client shares: it owns a ``Session`` and is a context manager that closes it."""

    _session: Session

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Release the connection pool."""
        self._session.close()
