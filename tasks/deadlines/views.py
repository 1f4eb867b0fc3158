"""Deadlines as people see them: rows with their case, item and bucket; counts; CSV and .ics export."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Case, Deadline, Incoming
from tasks.deadlines.store import OPEN


class Bucket(StrEnum):
    """Where an open deadline stands on a given day."""

    OVERDUE = "overdue"
    TODAY = "today"
    WEEK = "week"
    LATER = "later"
    CLOSED = "closed"


BUCKET_TEXT: dict[Bucket, str] = {
    Bucket.OVERDUE: "Просрочено",
    Bucket.TODAY: "Сегодня",
    Bucket.WEEK: "На этой неделе",
    Bucket.LATER: "Позже",
    Bucket.CLOSED: "Закрыто",
}
STATUS_TEXT = {"open": "открыт", "done": "выполнен", "cancelled": "отменён"}
ROLE_TEXT = {"clerk": "делопроизводитель", "supervisor": "руководитель", "admin": "администратор"}


def bucket_of(*, status: str, due: date | None, today: date) -> Bucket:
    """Overdue / today / the next 7 days / later; a deadline with only an earliest date is «later»."""
    if status != OPEN:
        return Bucket.CLOSED
    if due is None:
        return Bucket.LATER
    if due < today:
        return Bucket.OVERDUE
    if due == today:
        return Bucket.TODAY
    return Bucket.WEEK if due <= today + timedelta(days=7) else Bucket.LATER


@dataclass(frozen=True, slots=True)
class DeadlineRow:
    """One deadline with what identifies it for a person."""

    id: int
    case_number: str | None
    incoming_number: str
    document_type: str
    action: str
    earliest_date: date | None
    due_date: date | None
    basis: str
    status: str
    role: str
    assignee: str | None
    note: str | None
    comment: str | None
    bucket: Bucket

    def as_json(self) -> dict[str, Any]:
        """The CLI contract: ISO dates, null when none."""
        return {
            "case_number": self.case_number,
            "incoming_number": self.incoming_number,
            "document_type": self.document_type,
            "action": self.action,
            "earliest_date": self.earliest_date.isoformat() if self.earliest_date else None,
            "due_date": self.due_date.isoformat() if self.due_date else None,
            "basis": self.basis,
            "status": self.status,
            "role": self.role,
            "note": self.note,
        }


def list_deadlines(
    session: Session,
    *,
    today: date,
    statuses: tuple[str, ...] = (OPEN,),
    case_id: int | None = None,
    role: str | None = None,
) -> list[DeadlineRow]:
    """Deadlines by due date (none last), optionally of one case or one role."""
    query = (
        select(Deadline, Incoming.reg_number, Case.case_number)
        .join(Incoming, Deadline.incoming_id == Incoming.id)
        .outerjoin(Case, Deadline.case_id == Case.id)
        .where(Deadline.status.in_(statuses))
    )
    if case_id is not None:
        query = query.where(Deadline.case_id == case_id)
    if role:
        query = query.where(Deadline.role == role)
    rows = [
        DeadlineRow(
            id=d.id,
            case_number=case_number,
            incoming_number=reg_number,
            document_type=d.rule.document_type,
            action=d.rule.action,
            earliest_date=d.earliest_date,
            due_date=d.due_date,
            basis=d.rule.basis,
            status=d.status,
            role=d.role,
            assignee=d.assignee,
            note=d.note,
            comment=d.comment,
            bucket=bucket_of(status=d.status, due=d.due_date, today=today),
        )
        for d, reg_number, case_number in session.execute(query)
    ]
    return sorted(rows, key=lambda r: (r.due_date is None, r.due_date or date.max, r.id))


def bucket_counts(session: Session, *, today: date) -> dict[Bucket, int]:
    """How many open deadlines in each bucket (for the sidebar and the daily summary)."""
    found = Counter(row.bucket for row in list_deadlines(session, today=today))
    return {bucket: found.get(bucket, 0) for bucket in Bucket if bucket is not Bucket.CLOSED}


CSV_COLUMNS = (
    ("case_number", "Кейс"),
    ("incoming_number", "Входящий"),
    ("document_type", "Документ"),
    ("action", "Действие"),
    ("earliest_date", "Не ранее"),
    ("due_date", "Срок"),
    ("status", "Статус"),
    ("role", "Роль"),
    ("assignee", "Исполнитель"),
    ("note", "Отметка"),
    ("basis", "Основание"),
)


def to_csv(rows: list[DeadlineRow]) -> bytes:
    """A CSV Excel opens as it is (UTF-8 with BOM, semicolons), Russian headers, ``ДД.ММ.ГГГГ`` dates."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([title for _, title in CSV_COLUMNS])
    for row in rows:
        values = asdict(row)
        line = []
        for key, _ in CSV_COLUMNS:
            value = values[key]
            if isinstance(value, date):
                value = value.strftime("%d.%m.%Y")
            elif key == "status":
                value = STATUS_TEXT.get(value, value)
            elif key == "role":
                value = ROLE_TEXT.get(value, value)
            line.append("" if value is None else str(value))
        writer.writerow(line)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _ics_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def to_ics(rows: list[DeadlineRow], *, stamp: str) -> bytes:
    """An iCalendar file: one all-day event per deadline on its due date (or earliest date).

    ``stamp`` is the ``DTSTAMP`` (``YYYYMMDDTHHMMSSZ``), passed in so the output is reproducible.
    """
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Korrespondent//Сроки//RU", "CALSCALE:GREGORIAN"]
    for row in rows:
        day = row.due_date or row.earliest_date
        if day is None:
            continue
        prefix = "Срок" if row.due_date else "Не ранее"
        summary = f"{prefix}: {row.action} ({row.case_number or row.incoming_number})"
        lines += [
            "BEGIN:VEVENT",
            f"UID:deadline-{row.id}@korrespondent",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_ics_text(summary)}",
            f"DESCRIPTION:{_ics_text(f'{row.document_type}, {row.incoming_number}. {row.basis}')}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")
