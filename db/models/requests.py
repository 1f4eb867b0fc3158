"""Clerks' requests: heavy work asked for in the app and done by the ``clerk-requests`` flow."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, utcnow


class ClerkRequest(Base):
    """One piece of work a clerk asked for, durable before anything runs.

    The page only writes this row and nudges Prefect; the flow claims it, does the work and
    writes the outcome (a Russian message, and for documents a result blob) that the page polls.
    Because the row is written first, a Prefect server that is down or a worker killed halfway
    loses nothing: the scheduled run picks up queued rows and rows stuck in ``running``.

    ``open_key`` is ``kind:subject`` while the request is queued or running and NULL after: its
    unique constraint makes a double click (or two clerks) join the one open request instead of
    asking Russian Post twice.
    """

    __tablename__ = "clerk_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(200))
    open_key: Mapped[str | None] = mapped_column(String(250), unique=True)
    state: Mapped[str] = mapped_column(String(12), default="queued", index=True)
    requested_by: Mapped[str] = mapped_column(String(100))
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(default=0)
    message: Mapped[str | None] = mapped_column(Text)
    result_sha256: Mapped[str | None] = mapped_column(ForeignKey("blob.sha256"))
    flow_run_id: Mapped[str | None] = mapped_column(String(40))
