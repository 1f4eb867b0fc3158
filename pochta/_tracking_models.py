"""Typed results of the tracking services: events, ticket answers, "not ready yet"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from pochta._enums import TrackingStatus


@dataclass(frozen=True, slots=True)
class TrackingEvent:
    """One operation on one item, with the raw codes kept next to our reading of them.

    ``status`` is ``None`` for events that change nothing (sorting, storage); ``oper_date`` is
    timezone-aware (see ``_soap`` for how the batch service's naive dates are read).
    """

    barcode: str
    oper_type_id: int
    oper_type_name: str | None
    oper_attr_id: int | None
    oper_attr_name: str | None
    oper_date: dt.datetime
    place_index: str | None
    place_name: str | None
    status: TrackingStatus | None
    is_final: bool = False


@dataclass(frozen=True, slots=True)
class ItemError:
    """The batch service could not track one barcode (``Error`` inside an ``Item``)."""

    barcode: str
    error_type_id: int
    error_name: str | None


@dataclass(frozen=True, slots=True)
class TicketNotReady:
    """``getResponseByTicket`` answered error 6: ask again, not sooner than 15 minutes later."""

    ticket: str


@dataclass(frozen=True, slots=True)
class TicketAnswer:
    """The ready answer to a ticket: events per barcode and per-barcode errors."""

    ticket: str
    events: dict[str, list[TrackingEvent]] = field(default_factory=dict)
    errors: dict[str, ItemError] = field(default_factory=dict)


def latest_status(events: Iterable[TrackingEvent]) -> TrackingStatus | None:
    """The status of the latest event that has one (by date; ties keep the later in the list)."""
    best: TrackingEvent | None = None
    for event in events:
        if event.status is not None and (best is None or event.oper_date >= best.oper_date):
            best = event
    return None if best is None else best.status
