"""The tracking poll spends only its share of the day's calls and remembers whom it asked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Outgoing
from pochta import TicketAnswer, TicketNotReady, TrackingClient
from tasks.outgoing.tracking import submit_tickets

NOW = dt.datetime(2026, 3, 10, 20, 0, tzinfo=dt.UTC)  # 23:00 in Moscow: two half-hour polls left


class CountingTracking(TrackingClient):
    def __init__(self) -> None:
        super().__init__("http://tests.invalid", login="t", password="t")
        self.tickets: list[list[str]] = []

    def get_ticket(self, barcodes: Sequence[str]) -> str:
        self.tickets.append(list(barcodes))
        return f"T{len(self.tickets)}"

    def get_response_by_ticket(self, ticket: str) -> TicketAnswer | TicketNotReady:
        return TicketNotReady(ticket)


def _in_transit(session: Session, count: int) -> None:
    for n in range(count):
        session.add(
            Outgoing(
                reg_number=f"ИСХ-2026-9{n:05d}",
                state="in_transit",
                shipping_point_index="101000",
                recipient_name="Получатель",
                recipient_address="115551, г. Москва",
                barcode=f"8099{n:010d}",
                checked_in_at=NOW - dt.timedelta(days=5),
                created_by="tests",
            )
        )
    session.flush()


def test_submit_tickets_spends_an_even_share_of_the_day_and_marks_letters_asked(session: Session) -> None:
    """GIVEN 50 letters never asked, 8 calls a day and two polls left today
    WHEN a poll submits THEN it makes 2 tickets of 10 (4 calls = half the day) and marks those 20."""
    _in_transit(session, 50)
    client = CountingTracking()
    report = submit_tickets(session, client, now=NOW, size=10, daily_calls=8)
    assert (report.tickets_submitted, report.letters_asked) == (2, 20)
    asked = session.scalars(select(Outgoing.barcode).where(Outgoing.tracking_checked_at.is_not(None))).all()
    assert sorted(str(b) for b in asked) == sorted(b for t in client.tickets for b in t)
    again = submit_tickets(session, client, now=NOW + dt.timedelta(minutes=30), size=10, daily_calls=8)
    assert again.tickets_submitted == 2 and not set(client.tickets[2][0]) & set(asked)
    last = submit_tickets(session, client, now=NOW + dt.timedelta(minutes=50), size=10, daily_calls=8)
    assert last.tickets_submitted == 0  # the day's 8 calls are spent
