"""One letter as the Исходящие page reads it, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from db.models import TrackingEvent
from tasks.outgoing import letter_detail
from tests.unit.tasks.outgoing.outgoing_factories import make_letter


def _event(letter_id: int, status: str, at: dt.datetime, oper_type: int) -> TrackingEvent:
    return TrackingEvent(
        outgoing_id=letter_id,
        barcode="80000126000019",
        oper_type=oper_type,
        oper_attr=1,
        status=status,
        happened_at=at,
    )


def test_letter_detail_loads_history_and_files_and_lists_tracking_newest_first(session: Session) -> None:
    letter = make_letter(session)
    start = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
    later = start + dt.timedelta(days=2)
    session.add_all([_event(letter.id, "accepted", start, 1), _event(letter.id, "delivered", later, 2)])
    other = make_letter(session, 2)
    session.add(_event(other.id, "accepted", start + dt.timedelta(days=5), 1))
    session.flush()
    session.expunge_all()  # the letter must come back loaded, as the page uses it after the session

    found, events = letter_detail(session, letter.id)
    session.expunge_all()

    assert found is not None and found.reg_number == letter.reg_number
    assert [(t.from_state, t.to_state) for t in found.transitions] == [(None, "draft")]
    assert found.attachments == []
    assert [e.status for e in events] == ["delivered", "accepted"]


def test_letter_detail_of_an_unknown_id_is_nothing(session: Session) -> None:
    assert letter_detail(session, 10**9) == (None, [])
