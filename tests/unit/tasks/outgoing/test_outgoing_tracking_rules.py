"""How tracking events decide a letter's folder and flags (pure)."""

from __future__ import annotations

import datetime as dt

from db.models.enums import OutgoingState
from pochta import TrackingEvent, is_final, status_for
from tasks.outgoing.flags import Flag
from tasks.outgoing.tracking_apply import derive

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _event(oper_type: int, oper_attr: int, at: dt.datetime) -> TrackingEvent:
    return TrackingEvent(
        barcode="80000126000019",
        oper_type_id=oper_type,
        oper_type_name=None,
        oper_attr_id=oper_attr,
        oper_attr_name=None,
        oper_date=at,
        place_index="115551",
        place_name=None,
        status=status_for(oper_type, oper_attr),
        is_final=is_final(oper_type, oper_attr),
    )


def test_derive_moves_to_in_transit_on_acceptance() -> None:
    state, flags = derive([_event(28, 1, T0), _event(1, 2, T0 + dt.timedelta(hours=2))], now=T0)
    assert state == OutgoingState.IN_TRANSIT and flags == {}


def test_derive_archives_on_delivery_to_addressee_and_stops_polling() -> None:
    events = [
        _event(1, 2, T0),
        _event(8, 2, T0 + dt.timedelta(days=2)),
        _event(2, 1, T0 + dt.timedelta(days=3)),
    ]
    state, flags = derive(events, now=T0 + dt.timedelta(days=3))
    assert state == OutgoingState.DELIVERED
    assert Flag.TRACKING_FINAL in flags


def test_derive_keeps_returned_letter_in_transit_and_flags_it() -> None:
    events = [
        _event(1, 2, T0),
        _event(3, 1, T0 + dt.timedelta(days=33)),
        _event(2, 2, T0 + dt.timedelta(days=37)),
    ]
    state, flags = derive(events, now=T0 + dt.timedelta(days=40))
    assert state == OutgoingState.IN_TRANSIT
    assert Flag.RETURNED in flags and Flag.TRACKING_FINAL in flags


def test_derive_flags_unclaimed_when_storage_period_is_over() -> None:
    events = [
        _event(1, 2, T0),
        _event(8, 2, T0 + dt.timedelta(days=2)),
        _event(12, 1, T0 + dt.timedelta(days=2)),
    ]
    _, soon = derive(events, now=T0 + dt.timedelta(days=10))
    state, late = derive(events, now=T0 + dt.timedelta(days=40))
    assert Flag.UNCLAIMED not in soon
    assert state == OutgoingState.IN_TRANSIT and Flag.UNCLAIMED in late and Flag.TRACKING_FINAL not in late


def test_derive_ignores_events_that_change_nothing() -> None:
    assert derive([_event(28, 1, T0)], now=T0) == (None, {})
