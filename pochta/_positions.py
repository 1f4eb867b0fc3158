"""Parsing of the per-position error arrays that Otpravka returns inside HTTP 200 bodies.

Two shapes exist (reference §2.3): order validation nests codes,
``{"error-codes":[{"code","description","details"}],"position":0}``; batch and delete operations
flatten them with prefixed keys, ``{"error-code","error-description","error-details","position"}``.
Both become a flat list of ``PositionError``, one per (position, code).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pochta._exceptions import PositionError


def position_errors(
    body: Any, *, offset: int = 0, order_nums: Sequence[str] | None = None
) -> list[PositionError]:
    """Every per-position error in ``body["errors"]``; positions shifted by ``offset``.

    ``order_nums`` (the chunk's order numbers in request order) fills ``order_num`` so a caller can
    match an error to its letter even when positions were remapped.
    """
    if not isinstance(body, dict):
        return []
    out: list[PositionError] = []
    for item in body.get("errors") or []:
        if not isinstance(item, dict):
            continue
        local = int(item.get("position", 0))
        order_num = order_nums[local] if order_nums is not None and 0 <= local < len(order_nums) else None
        for code, description, details in _codes(item):
            out.append(
                PositionError(
                    position=local + offset,
                    code=code,
                    description=description,
                    details=details,
                    order_num=order_num,
                )
            )
    return out


def _codes(item: dict[str, Any]) -> list[tuple[str, str | None, str | None]]:
    nested = item.get("error-codes")
    if isinstance(nested, list):
        return [
            (str(c.get("code", "UNDEFINED")), _opt(c.get("description")), _opt(c.get("details")))
            for c in nested
            if isinstance(c, dict)
        ]
    return [
        (
            str(item.get("error-code", "UNDEFINED")),
            _opt(item.get("error-description")),
            _opt(item.get("error-details")),
        )
    ]


def _opt(value: Any) -> str | None:
    return None if value is None else str(value)
