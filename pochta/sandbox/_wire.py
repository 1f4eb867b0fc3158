"""Small helpers to read requests and write responses in the sandbox handlers."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from pochta.sandbox._state import SandboxState


@dataclass(frozen=True, slots=True)
class Call:
    """What a route handler gets: the state, the request and the path match."""

    state: SandboxState
    request: httpx.Request
    match: re.Match[str]


Handler = Callable[[Call], httpx.Response]
Route = tuple[str, re.Pattern[str], Handler]


class BadBody(Exception):
    """The request body is not the JSON the endpoint needs (answered as Russian Post does)."""


def route(method: str, pattern: str) -> Callable[[Handler], Route]:
    """Decorator turning a handler into a ``(method, regex, handler)`` route."""

    def wrap(handler: Handler) -> Route:
        return method, re.compile(pattern + r"/?\Z"), handler

    return wrap


def json_response(body: Any, status: int = 200) -> httpx.Response:
    """A JSON answer with the charset Russian Post uses."""
    return httpx.Response(
        status,
        content=json.dumps(body, ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json;charset=UTF-8"},
    )


def pdf_response(content: bytes, filename: str) -> httpx.Response:
    """A PDF download."""
    return httpx.Response(
        200,
        content=content,
        headers={
            "Content-Type": "application/pdf",
            "Content-Disposition": f'attachment; filename="{filename}"',
        },
    )


def not_found(kind: str, key: object) -> httpx.Response:
    """The real 404 shape (reference §2.3)."""
    body = {
        "code": "1001",
        "desc": f"Instance {kind} not found for params: {key}",
        "sub-code": "RESOURCE_NOT_FOUND",
    }
    return json_response(body, 404)


def internal_error(desc: str = "Internal error") -> httpx.Response:
    """The real 500 shape for malformed input (``[[]]``) or a missing batch on f103."""
    return json_response({"code": "1002", "desc": desc, "sub-code": "INTERNAL_ERROR"}, 500)


def body_json(request: httpx.Request) -> Any:
    """The decoded JSON body; ``BadBody`` when it is not JSON."""
    try:
        return json.loads(request.content or b"null")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BadBody(str(exc)) from exc


def json_array(request: httpx.Request) -> list[Any]:
    """A JSON array body; ``BadBody`` otherwise."""
    body = body_json(request)
    if not isinstance(body, list):
        raise BadBody("array expected")
    return body


_NUMERIC = re.compile(r"-?[0-9]{1,18}")


def id_list(request: httpx.Request) -> list[int]:
    """A JSON array of order ids, each a number or a numeric string, as the real service reads it.

    Russian Post binds the body to a list of longs, so ``[123]`` and ``["123"]`` are the same
    request (public clients send both). Anything else (``"abc"``, ``1.5``, ``true``, ``null``, an
    object) fails the whole request with ``BadBody`` (HTTP 400), never a per-position error.
    """
    ids = []
    for position, item in enumerate(json_array(request)):
        if isinstance(item, int) and not isinstance(item, bool):
            ids.append(item)
        elif isinstance(item, str) and _NUMERIC.fullmatch(item):
            ids.append(int(item))
        else:
            raise BadBody(f"order id at position {position} is not a number: {json.dumps(item)}")
    return ids
