"""The errors of the Russian Post client, one hierarchy for the whole package.

    PochtaError                    anything that went wrong talking to Russian Post
    ├── PochtaUnavailable          timeouts, connection failures, HTTP 5xx: transient, retry later
    ├── PochtaQuotaExceeded        the daily request quota is used up: wait for tomorrow
    ├── PochtaRejected             per-order validation codes (in an HTTP 200 body): never retry
    ├── PochtaNotFound             HTTP 404 / RESOURCE_NOT_FOUND: the order or batch does not exist
    ├── PochtaAuthError            bad token or login/password (401/403, tracking ErrorTypeID 1)
    └── PochtaBadRequest           any other refusal (400, 407, unparseable body): our bug, never retry

The library's own exceptions (``httpx``) are translated once, in ``_http.py``, with
``raise ... from exc``; nothing above this module ever sees an ``httpx`` error.
"""

from __future__ import annotations

from dataclasses import dataclass

from pochta._messages import clerk_message


@dataclass(frozen=True, slots=True)
class PositionError:
    """One code the API returned for one position of a request array.

    ``position`` is the index in the caller's whole input list (chunking is undone);
    ``message`` is Russian text for the clerk.
    """

    position: int
    code: str
    description: str | None = None
    details: str | None = None
    order_num: str | None = None

    @property
    def message(self) -> str:
        """Russian text a clerk can act on."""
        return clerk_message(self.code, self.description)


class PochtaError(Exception):
    """Base of every error this package raises; ``message`` is Russian text for clerks."""

    def __init__(self, message: str, *, status_code: int | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code
        self.code = code


class PochtaUnavailable(PochtaError):
    """Russian Post did not answer usefully (timeout, connection, 5xx). Safe to retry later.

    ``maybe_applied`` is True when the request may have reached the server (a read timeout or a 5xx
    after sending): a create may then have happened, so search by ``order-num`` before repeating it.
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        code: str | None = None,
        maybe_applied: bool = True,
    ) -> None:
        super().__init__(message, status_code=status_code, code=code)
        self.maybe_applied = maybe_applied


class PochtaQuotaExceeded(PochtaError):
    """The daily request quota is exhausted; retrying today only makes it worse."""


class PochtaRejected(PochtaError):
    """Russian Post refused one or more orders for reasons in the data; fix and resend."""

    def __init__(self, errors: list[PositionError], *, status_code: int | None = 200) -> None:
        text = "; ".join(dict.fromkeys(e.message for e in errors)) or "Почта России отклонила заказ."
        super().__init__(text, status_code=status_code, code=errors[0].code if errors else None)
        self.errors = errors


class PochtaNotFound(PochtaError):
    """The order, batch or document does not exist (or is not where this endpoint looks)."""


class PochtaAuthError(PochtaError):
    """The token or the login/password were refused; nothing works until settings are fixed."""


class PochtaBadRequest(PochtaError):
    """Russian Post refused the request itself (400, 407, malformed answer): a bug, not a blip."""
