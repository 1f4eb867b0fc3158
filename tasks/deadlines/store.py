"""Stored deadlines: seeding the default rules, starting clocks for registered mail, recomputing.

Each function works in the caller's transaction (flushes, never commits) and writes its audit row.
A deadline is one rule applied to one package; its anchors (the document's date with the
confidence it was read with, the day of receipt) are stored, so a changed rule recomputes dates
without reading the document again. Done deadlines are never recomputed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from db import audit
from db.models import Deadline, DeadlineRule, DocumentType, Incoming, Package, utcnow
from db.models.enums import IncomingStatus
from tasks.deadlines.rules import DEFAULT_RULES, Anchor, RuleSpec, Term, Unit, compute
from tasks.document_date import SURE, find_document_date

MOSCOW = ZoneInfo("Europe/Moscow")
OPEN, DONE, CANCELLED = "open", "done", "cancelled"
CHECK_DATE = "проверьте дату"
CHECK_RULE = "проверьте, применимо ли правило (текста документа нет)"


def local_date(moment: datetime) -> date:
    """The calendar day in Moscow of an aware UTC timestamp (how clerks count receipt)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo("UTC"))
    return moment.astimezone(MOSCOW).date()


POSTMARK_WINDOW_DAYS = 60
"""A postmark read more than this many days before the file arrived is taken for a misread (a
wrong year, a stray date), as is one after it: the arrival day counts then."""


def receipt_day(*, arrived: date, postmark: date | None) -> date:
    """The receipt date an item starts with: the envelope's postmark when legible and plausible,
    otherwise the day the file arrived (issue 15: receipt dates start deadlines)."""
    if postmark is not None and arrived - timedelta(days=POSTMARK_WINDOW_DAYS) <= postmark <= arrived:
        return postmark
    return arrived


def receipt_date(incoming: Incoming) -> date:
    """The one source of an item's receipt date for deadlines «от даты получения»: its stored
    ``received_on`` (postmark, arrival, or a clerk's correction), or for items registered before
    that column, the Moscow day it was registered."""
    return incoming.received_on or local_date(incoming.received_at)


def _term(amount: int | None, unit: str | None) -> Term | None:
    return Term(amount, Unit(unit)) if amount is not None and unit else None


def spec_of(rule: DeadlineRule) -> RuleSpec:
    """A stored rule as plain values."""
    return RuleSpec(
        key=rule.key or f"rule-{rule.id}",
        document_type=rule.document_type,
        action=rule.action,
        basis=rule.basis,
        anchor=Anchor(rule.anchor),
        earliest=_term(rule.earliest_amount, rule.earliest_unit),
        latest=_term(rule.latest_amount, rule.latest_unit),
        role=rule.role,
        condition=rule.condition,
        active=rule.active,
    )


def _row_values(spec: RuleSpec) -> dict[str, Any]:
    return {
        "key": spec.key,
        "document_type": spec.document_type,
        "action": spec.action,
        "anchor": spec.anchor.value,
        "earliest_amount": spec.earliest.amount if spec.earliest else None,
        "earliest_unit": spec.earliest.unit.value if spec.earliest else None,
        "latest_amount": spec.latest.amount if spec.latest else None,
        "latest_unit": spec.latest.unit.value if spec.latest else None,
        "basis": spec.basis,
        "role": spec.role,
        "condition": spec.condition,
        "active": spec.active,
    }


def install_default_rules(session: Session, *, actor: str) -> int:
    """Add the shipped rules that are missing (by ``key``); never touches an edited rule."""
    present = set(session.scalars(select(DeadlineRule.key)))
    added = 0
    for spec in DEFAULT_RULES:
        if spec.key in present:
            continue
        rule = DeadlineRule(**_row_values(spec), updated_by=actor)
        session.add(rule)
        session.flush()
        audit.record(
            session, actor=actor, action="deadline_rule.seed", entity="deadline_rule", entity_id=rule.id
        )
        added += 1
    return added


def _package_text(package: Package) -> str:
    return "\n".join(a.text for a in package.attachments if a.text)


def _applies(spec: RuleSpec, text: str) -> bool:
    if not spec.condition or not text:
        return True
    try:
        return re.search(spec.condition, text) is not None
    except re.error:
        return True  # a broken regex a supervisor typed must not hide a deadline


def _reread_date(deadline: Deadline, text: str) -> None:
    """Read an unsure document date again from text that arrived since (OCR, a re-read)."""
    if deadline.date_confidence >= SURE or not text:
        return
    found = find_document_date(text)
    if found is not None and found.confidence > deadline.date_confidence:
        deadline.document_date, deadline.date_confidence = found.value, found.confidence


def _still_due(deadline: Deadline, type_name: str | None, text: str) -> bool:
    """True while the package is still of the rule's type and its text (if any) meets the condition."""
    return deadline.rule.document_type == type_name and _applies(spec_of(deadline.rule), text)


def _fill_dates(deadline: Deadline, spec: RuleSpec, *, has_text: bool) -> None:
    deadline.earliest_date, deadline.due_date = compute(
        spec, document_date=deadline.document_date, received_date=deadline.received_date
    )
    notes = []
    if spec.anchor is not Anchor.RECEIVED and deadline.date_confidence < SURE:
        notes.append(CHECK_DATE)
    if spec.condition and not has_text:
        notes.append(CHECK_RULE)
    deadline.note = "; ".join(notes) or None


def start_clocks(session: Session, incoming: Incoming, *, actor: str) -> list[Deadline]:
    """Create the deadlines a registered item's documents start (missing ones only); returns them.

    Called again when the item is corrected or its text arrives later: open deadlines whose rule
    no longer matches a package's (corrected) type, or whose condition the text now rules out, are
    cancelled; the others read an unsure date again and are recounted.
    """
    if incoming.status != IncomingStatus.REGISTERED:
        return []
    rules = list(session.scalars(select(DeadlineRule).where(DeadlineRule.active.is_(True))))
    created: list[Deadline] = []
    received = receipt_date(incoming)
    for package in incoming.packages:
        type_name = session.scalar(
            select(DocumentType.name).where(DocumentType.id == package.document_type_id)
        )
        existing = {
            d.rule_id: d for d in session.scalars(select(Deadline).where(Deadline.package_id == package.id))
        }
        text = _package_text(package)
        for deadline in existing.values():
            if deadline.status != OPEN:
                continue
            if not _still_due(deadline, type_name, text):
                deadline.status = CANCELLED
                continue
            _reread_date(deadline, text)
            deadline.received_date = received  # a corrected receipt date recounts open deadlines
            _fill_dates(deadline, spec_of(deadline.rule), has_text=bool(text))
        found = find_document_date(text)
        for rule in rules:
            spec = spec_of(rule)
            if rule.document_type != type_name or rule.id in existing or not _applies(spec, text):
                continue
            deadline = Deadline(
                rule_id=rule.id,
                package_id=package.id,
                incoming_id=incoming.id,
                case_id=package.case_id,
                document_date=found.value if found else None,
                date_confidence=found.confidence if found else 0.0,
                received_date=received,
                status=OPEN,
                role=rule.role,
            )
            _fill_dates(deadline, spec, has_text=bool(text))
            session.add(deadline)
            created.append(deadline)
    session.flush()
    for deadline in created:
        audit.record(
            session,
            actor=actor,
            action="deadline.create",
            entity="deadline",
            entity_id=deadline.id,
            details={
                "reg_number": incoming.reg_number,
                "rule": deadline.rule_id,
                "due": _iso(deadline.due_date),
            },
        )
    return created


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def recompute(session: Session, *, actor: str, rule_id: int | None = None) -> int:
    """Recompute open deadlines (of one rule, or all) from their stored anchors; returns how many changed.

    A deadline whose date was unsure is read again (OCR text may have arrived since). A rule
    switched off cancels its open deadlines; switched on again, reopens them, except those whose
    package is no longer of the rule's type or whose text rules the condition out.
    """
    query = (
        select(Deadline)
        .where(Deadline.status.in_((OPEN, CANCELLED)))
        .options(
            selectinload(Deadline.package).selectinload(Package.attachments),
            selectinload(Deadline.package).selectinload(Package.document_type),
        )
    )
    if rule_id is not None:
        query = query.where(Deadline.rule_id == rule_id)
    changed = 0
    for deadline in session.scalars(query):
        before = (deadline.earliest_date, deadline.due_date, deadline.status, deadline.note)
        if deadline.status == CANCELLED and not (rule_id is not None and deadline.rule.active):
            continue
        text = _package_text(deadline.package)
        doc_type = deadline.package.document_type
        due = deadline.rule.active and _still_due(deadline, doc_type.name if doc_type else None, text)
        deadline.status = OPEN if due else CANCELLED
        _reread_date(deadline, text)
        _fill_dates(deadline, spec_of(deadline.rule), has_text=bool(text))
        if (deadline.earliest_date, deadline.due_date, deadline.status, deadline.note) != before:
            changed += 1
    session.flush()
    if changed:
        audit.record(
            session,
            actor=actor,
            action="deadline.recompute",
            entity="deadline_rule",
            entity_id=rule_id,
            details={"changed": changed},
        )
    return changed


RULE_FIELDS = (
    "document_type",
    "action",
    "anchor",
    "earliest_amount",
    "earliest_unit",
    "latest_amount",
    "latest_unit",
    "basis",
    "role",
    "condition",
    "active",
)


def save_rule(
    session: Session, rule_id: int | None, changes: Mapping[str, Any], *, actor: str
) -> DeadlineRule:
    """Apply a supervisor's edit to a rule (or add one when ``rule_id`` is None) and recompute its deadlines.

    Raises ``ValueError`` only for an anchor or unit outside the closed sets: the page offers them
    from ``Anchor``/``Unit`` and validates first.
    """
    rule = session.get(DeadlineRule, rule_id) if rule_id is not None else None
    if rule is None:
        rule = DeadlineRule(document_type="", action="", basis="", anchor=Anchor.DOCUMENT_DATE.value)
        session.add(rule)
    for field in RULE_FIELDS:
        if field in changes:
            setattr(rule, field, changes[field])
    Anchor(rule.anchor)
    for unit in (rule.earliest_unit, rule.latest_unit):
        if unit:
            Unit(unit)
    rule.updated_by = actor
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="deadline_rule.save",
        entity="deadline_rule",
        entity_id=rule.id,
        details={k: changes[k] for k in RULE_FIELDS if k in changes},
    )
    recompute(session, actor=actor, rule_id=rule.id)
    return rule


def mark_done(session: Session, deadline_id: int, *, comment: str, actor: str) -> Deadline | None:
    """Close a deadline with the clerk's comment; None when there is no such deadline."""
    deadline = session.get(Deadline, deadline_id)
    if deadline is None:
        return None
    deadline.status, deadline.comment = DONE, comment.strip() or None
    deadline.done_at, deadline.done_by = utcnow(), actor
    session.flush()
    audit.record(
        session, actor=actor, action="deadline.done", entity="deadline", entity_id=deadline.id,
        details={"comment": deadline.comment},
    )  # fmt: skip
    return deadline


def reassign(
    session: Session, deadline_id: int, *, role: str, assignee: str | None, actor: str
) -> Deadline | None:
    """Give a deadline to another role or person; None when there is no such deadline."""
    deadline = session.get(Deadline, deadline_id)
    if deadline is None:
        return None
    deadline.role, deadline.assignee = role, (assignee or "").strip() or None
    session.flush()
    audit.record(
        session, actor=actor, action="deadline.reassign", entity="deadline", entity_id=deadline.id,
        details={"role": role, "assignee": deadline.assignee},
    )  # fmt: skip
    return deadline


def list_rules(session: Session) -> list[DeadlineRule]:
    """Every rule, in the order they were added."""
    return list(session.scalars(select(DeadlineRule).order_by(DeadlineRule.id)))


def deadlines_of(session: Session, incoming_ids: Iterable[int]) -> list[Deadline]:
    """The deadlines of these items, any status."""
    ids = list(incoming_ids)
    return list(session.scalars(select(Deadline).where(Deadline.incoming_id.in_(ids)).order_by(Deadline.id)))
