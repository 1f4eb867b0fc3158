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


def id_list(request: httpx.Request) -> list[Any]:
    """A JSON array body (of ids); ``BadBody`` otherwise."""
    body = body_json(request)
    if not isinstance(body, list):
        raise BadBody("array expected")
    return body
