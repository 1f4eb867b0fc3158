"""Applying a tracking answer: store new events once, then derive each letter's status and folder.

Rules (ARCHITECTURE.md): the first acceptance (or any later event) means «В пути»; delivery to the
addressee means «Архив»; a letter on its way back or back with us is flagged and stays «В пути»
until a clerk archives it; so does one that lies unclaimed past the 30-day storage period.
Event times are stored in UTC so the unique key matches whatever offset the office reported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence

from sqlalchemy import insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from db.models import Outgoing, TrackingEvent, utcnow
from db.models.enums import OutgoingState
from pochta import ItemError, TrackingStatus, e_notice_outcome
from pochta import TrackingEvent as PochtaEvent
from tasks.outgoing.flags import Flag
from tasks.outgoing.history import move_many, set_flag
from tasks.outgoing.states import path_to

STORAGE_PERIOD = dt.timedelta(days=30)  # how long an office keeps an uncollected letter
_IN_CHUNK = 900  # barcodes per IN (...) query, well under SQLite's parameter limit
_INSERT_CHUNK = 5000
_TRAVELLING = frozenset({TrackingStatus.ACCEPTED, TrackingStatus.ARRIVED, TrackingStatus.FAILED_ATTEMPT})
_FLAG_FOR = {
    TrackingStatus.RETURNING: Flag.RETURNING,
    TrackingStatus.RETURNED: Flag.RETURNED,
    TrackingStatus.LOST: Flag.LOST,
    TrackingStatus.CANCELLED: Flag.CANCELLED,
}


def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def aware(moment: dt.datetime) -> dt.datetime:
    """SQLite gives naive datetimes back; everything we store is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def letters_by_barcode(session: Session, barcodes: Iterable[str]) -> dict[str, Outgoing]:
    """Letters by barcode, one query per 900 barcodes."""
    out: dict[str, Outgoing] = {}
    for chunk in _chunks(list(barcodes), _IN_CHUNK):
        for letter in session.scalars(select(Outgoing).where(Outgoing.barcode.in_(list(chunk)))):
            out[str(letter.barcode)] = letter
    return out


def known_event_keys(
    session: Session, barcodes: Sequence[str]
) -> set[tuple[str, int, int | None, dt.datetime]]:
    """Keys of events already stored for these barcodes."""
    keys: set[tuple[str, int, int | None, dt.datetime]] = set()
    for chunk in _chunks(list(barcodes), _IN_CHUNK):
        query = select(
            TrackingEvent.barcode, TrackingEvent.oper_type, TrackingEvent.oper_attr, TrackingEvent.happened_at
        ).where(TrackingEvent.barcode.in_(list(chunk)))
        keys.update((b, t, a, aware(h)) for b, t, a, h in session.execute(query))
    return keys


def record_events(
    session: Session, events: dict[str, list[PochtaEvent]], letters: dict[str, Outgoing]
) -> int:
    """Insert the events not stored yet; returns how many were new.

    Known keys are filtered in Python (one read per 900 barcodes), and the insert also carries
    ON CONFLICT DO NOTHING, so two polls racing each other cannot store an event twice.
    """
    known = known_event_keys(session, list(events))
    now = utcnow()
    rows = []
    for barcode, items in events.items():
        letter = letters.get(barcode)
        for event in items:
            happened = event.oper_date.astimezone(dt.UTC)
            key = (barcode, event.oper_type_id, event.oper_attr_id, happened)
            if key in known:
                continue
            known.add(key)
            rows.append(
                {
                    "outgoing_id": letter.id if letter is not None else None,
                    "barcode": barcode,
                    "oper_type": event.oper_type_id,
                    "oper_attr": event.oper_attr_id,
                    "oper_name": (event.oper_attr_name or event.oper_type_name or "")[:200] or None,
                    "status": event.status.value if event.status else "info",
                    "happened_at": happened,
                    "place_index": (event.place_index or "")[:6] or None,
                    "place_name": (event.place_name or "")[:300] or None,
                    "recorded_at": now,
                }
            )
    for start in range(0, len(rows), _INSERT_CHUNK):
        session.execute(_insert_ignoring_duplicates(session), rows[start : start + _INSERT_CHUNK])
    return len(rows)


def _insert_ignoring_duplicates(session: Session):  # type: ignore[no-untyped-def]
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return pg_insert(TrackingEvent).on_conflict_do_nothing()
    if dialect == "sqlite":
        return sqlite_insert(TrackingEvent).on_conflict_do_nothing()
    return insert(TrackingEvent)


def _latest(events: list[PochtaEvent]) -> PochtaEvent | None:
    """The latest event that means something for the letter (ties keep the later in the list)."""
    best = None
    for event in events:
        if event.status is not None and (best is None or event.oper_date >= best.oper_date):
            best = event
    return best


def derive(events: list[PochtaEvent], *, now: dt.datetime) -> tuple[str | None, dict[str, object]]:
    """Pure: the state the letter should reach and the flags to add, from its whole history."""
    latest = _latest(events)
    flags: dict[str, object] = {}
    if latest is None or latest.status is None:
        return None, flags
    status, when = latest.status, latest.oper_date.astimezone(dt.UTC).isoformat()
    if any(e.is_final for e in events):
        flags[Flag.TRACKING_FINAL] = when
    if status is TrackingStatus.DELIVERED:
        return OutgoingState.DELIVERED, flags
    if status in _FLAG_FOR:
        flags[_FLAG_FOR[status]] = when
    elif status is TrackingStatus.UNKNOWN and Flag.TRACKING_FINAL in flags:
        flags[Flag.NEEDS_ATTENTION] = when
    if status in _TRAVELLING and now - latest.oper_date > STORAGE_PERIOD:
        flags[Flag.UNCLAIMED] = when
    if status is TrackingStatus.CANCELLED:
        return None, flags
    return OutgoingState.IN_TRANSIT, flags


def record_e_notice(letter: Outgoing, events: list[PochtaEvent]) -> None:
    """Store what tracking said of the letter's electronic notice (ЭУВ): received or refused, and when."""
    if not letter.with_electronic_notice:
        return
    for event in sorted(events, key=lambda e: e.oper_date):
        outcome = e_notice_outcome(event.oper_type_id)
        if outcome is not None:
            letter.e_notice_status = outcome
            letter.e_notice_at = event.oper_date.astimezone(dt.UTC)


def apply_answer(
    session: Session,
    events: dict[str, list[PochtaEvent]],
    errors: dict[str, ItemError],
    *,
    now: dt.datetime,
    actor: str,
) -> tuple[int, int]:
    """Record the events of one answer and update the letters; returns (new events, letters moved)."""
    letters = letters_by_barcode(session, [*events, *errors])
    recorded = record_events(session, events, letters)
    moves: list[tuple[Outgoing, str, str | None]] = []
    for barcode, items in events.items():
        letter = letters.get(barcode)
        if letter is not None:
            record_e_notice(letter, items)
        if letter is None or letter.state in (OutgoingState.DELETED, OutgoingState.DELIVERED):
            continue
        target, flags = derive(items, now=now)
        latest = _latest(items)
        if latest is not None and latest.status is not None:
            letter.tracking_status = latest.status.value
            letter.tracking_status_at = latest.oper_date.astimezone(dt.UTC)
        for flag, detail in flags.items():
            if flag not in (letter.flags or {}):
                set_flag(letter, Flag(flag), detail)
        if target is not None and target != letter.state:
            note = latest.oper_attr_name or latest.oper_type_name if latest else None
            for state in path_to(letter.state, target):
                moves.append((letter, state, note))
    for barcode, error in errors.items():
        letter = letters.get(barcode)
        if letter is not None and Flag.TRACKING_ERROR.value not in (letter.flags or {}):
            set_flag(letter, Flag.TRACKING_ERROR, {"code": error.error_type_id, "name": error.error_name})
    move_many(session, moves, actor=actor)
    return recorded, len({letter.id for letter, _, _ in moves})
