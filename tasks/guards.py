"""Guards on contacting a debtor: a refusal of interaction, a representative, a bankruptcy.

230-ФЗ ст. 8 lets a debtor refuse interaction or demand it only through a representative; ст. 7
forbids direct interaction once a court has introduced restructuring or declared the debtor
bankrupt (127-ФЗ). A registered document that says so puts a guard on the debtor; a letter to a
guarded debtor is refused at creation (``ContactGuarded``) and a draft already written is held at
sync. Letters to courts and bailiffs about the case stay allowed; under a representative guard
the representative's address may be the recipient. A supervisor lifts a guard with a reason.
Every change is audited; functions work in the caller's transaction.

Exceptions::

    GuardError (config.errors.ActionRefused)   .code: GuardProblem, .message: Russian
    └── ContactGuarded                          a letter to a guarded debtor; .guard
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from config.errors import ActionRefused
from db import audit
from db.models import Case, ContactGuard, Debtor, DocumentType, Incoming, utcnow
from db.models.enums import IncomingStatus
from tasks.deadlines.store import receipt_date
from tasks.normalize import HEADER_LINES, normalize_text


class GuardKind(StrEnum):
    REFUSAL = "refusal"
    REPRESENTATIVE = "representative"
    BANKRUPTCY = "bankruptcy"


KIND_WORD: dict[GuardKind, str] = {
    GuardKind.REFUSAL: "отказ",
    GuardKind.REPRESENTATIVE: "представитель",
    GuardKind.BANKRUPTCY: "банкротство",
}
"""The short Russian names the CLI takes and prints (``--kind отказ|представитель|банкротство``)."""

KIND_TEXT: dict[GuardKind, str] = {
    GuardKind.REFUSAL: "отказ от взаимодействия (ст. 8 230-ФЗ)",
    GuardKind.REPRESENTATIVE: "взаимодействие только через представителя (ст. 8 230-ФЗ)",
    GuardKind.BANKRUPTCY: "банкротство или реструктуризация долгов (ст. 7 230-ФЗ, 127-ФЗ)",
}


def kind_from_word(word: str) -> GuardKind | None:
    """``отказ`` → REFUSAL etc.; also accepts the English codes."""
    word = word.strip().lower()
    for kind, text in KIND_WORD.items():
        if word in (text, kind.value):
            return kind
    return None


class GuardProblem(StrEnum):
    DEBTOR_GUARDED = "debtor_guarded"
    CASE_NOT_FOUND = "case_not_found"
    SOURCE_NOT_FOUND = "source_not_found"
    ALREADY_GUARDED = "already_guarded"
    GUARD_NOT_FOUND = "guard_not_found"
    NO_REASON = "no_reason"
    NO_ADDRESS = "no_address"


class GuardError(ActionRefused):
    """A guard cannot be added or lifted as asked."""


class ContactGuarded(GuardError):
    """A letter to a debtor under a guard; ``message`` names the guard and its document."""

    def __init__(self, guard: ContactGuard) -> None:
        self.guard = guard
        super().__init__(GuardProblem.DEBTOR_GUARDED, refusal_text(guard))


def _since(guard: ContactGuard) -> str:
    return guard.since.strftime("%d.%m.%Y")


def refusal_text(guard: ContactGuard) -> str:
    """Why a letter to this debtor is refused, naming the document, in Russian."""
    source = f"документ {guard.source_number}" if guard.source_number else "отметка"
    text = (
        f"Письмо должнику {guard.debtor.full_name} не создаётся: {KIND_TEXT[GuardKind(guard.kind)]}, "
        f"{source} от {_since(guard)}. Письма в суд и ФССП по делу отправлять можно."
    )
    if guard.kind == GuardKind.REPRESENTATIVE and guard.representative_address:
        who = guard.representative_name or "представителю"
        text += f" Напишите представителю: {who}, {guard.representative_address}."
    return text


_REPRESENTATIVE = re.compile(r"представител|через\s+адвокат|адвокат\w*\s+\w+\s+\w+", re.IGNORECASE)
_REFUSAL = re.compile(
    r"отказ\w*\s+от\s+(?:любого\s+|всякого\s+|дальнейшего\s+)?взаимодейств|прекратить\s+(?:\w+\s+){0,2}взаимодейств",
    re.IGNORECASE,
)
_BANKRUPTCY = re.compile(
    r"признат\w*\s+(?:\S+\s+){0,8}банкрот|признан\w*\s+(?:\S+\s+){0,8}банкрот|"
    r"реструктуризаци\w*\s+долг|реализаци\w*\s+имущества\s+(?:гражданина|должника)|"
    r"заявлени\w*\s+о\s+признании\s+(?:\S+\s+){0,6}банкрот\w*\s+обоснованн",
    re.IGNORECASE,
)
DEBTOR_STATEMENT = "Заявление должника"


def detect_kind(type_name: str | None, text: str) -> GuardKind | None:
    """The guard a registered document puts on its debtor, or None.

    A debtor's statement guards only when it says refusal or representative (a statement may
    ask for anything else); a bankruptcy ruling is recognised by its type's name or by the
    title block (not a phrase in the body, where an ended ИП may recount an old bankruptcy case).
    """
    clean = normalize_text(text or "")
    if type_name == DEBTOR_STATEMENT:
        if _REPRESENTATIVE.search(clean):
            return GuardKind.REPRESENTATIVE
        if _REFUSAL.search(clean):
            return GuardKind.REFUSAL
        return None
    if type_name and re.search(r"банкрот|реструктуризац", type_name, re.IGNORECASE):
        return GuardKind.BANKRUPTCY
    header = " ".join(clean.split("\n")[:HEADER_LINES])
    return GuardKind.BANKRUPTCY if _BANKRUPTCY.search(header) else None


def active_guards(session: Session, *, debtor_id: int) -> list[ContactGuard]:
    """Guards in force on a debtor, oldest first."""
    query = (
        select(ContactGuard)
        .where(ContactGuard.debtor_id == debtor_id, ContactGuard.lifted_at.is_(None))
        .order_by(ContactGuard.id)
    )
    return list(session.scalars(query))


def check_contact(session: Session, *, debtor_id: int | None) -> None:
    """Raise ``ContactGuarded`` when a letter to this debtor is barred; a counterparty is never barred."""
    if debtor_id is None:
        return
    guards = active_guards(session, debtor_id=debtor_id)
    if guards:
        raise ContactGuarded(guards[0])


def _add(
    session: Session,
    *,
    debtor_id: int,
    case_id: int | None,
    kind: GuardKind,
    since: date,
    source_incoming_id: int | None,
    source_number: str | None,
    actor: str,
    representative_name: str | None = None,
    representative_address: str | None = None,
) -> ContactGuard:
    guard = ContactGuard(
        debtor_id=debtor_id,
        case_id=case_id,
        kind=kind.value,
        since=since,
        source_incoming_id=source_incoming_id,
        source_number=source_number,
        representative_name=representative_name,
        representative_address=representative_address,
        created_by=actor,
    )
    session.add(guard)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="guard.add",
        entity="contact_guard",
        entity_id=guard.id,
        details={"debtor_id": debtor_id, "kind": kind.value, "source": source_number},
    )
    return guard


def _moscow_day(moment: datetime) -> date:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo("UTC"))
    return moment.astimezone(ZoneInfo("Europe/Moscow")).date()


def guard_from_incoming(session: Session, incoming: Incoming, *, actor: str) -> list[ContactGuard]:
    """Put the guards a registered item's documents call for (one per debtor and kind); returns new ones."""
    if incoming.status != IncomingStatus.REGISTERED:
        return []
    added: list[ContactGuard] = []
    for package in incoming.packages:
        debtor_id = package.debtor_id or (package.case.debtor_id if package.case else None)
        if debtor_id is None:
            continue
        type_name = session.scalar(
            select(DocumentType.name).where(DocumentType.id == package.document_type_id)
        )
        kind = detect_kind(type_name, "\n".join(a.text for a in package.attachments if a.text))
        if kind is None or any(g.kind == kind for g in active_guards(session, debtor_id=debtor_id)):
            continue
        added.append(
            _add(
                session,
                debtor_id=debtor_id,
                case_id=package.case_id,
                kind=kind,
                since=receipt_date(incoming),
                source_incoming_id=incoming.id,
                source_number=incoming.reg_number,
                actor=actor,
            )
        )
    return added


def follow_receipt(session: Session, incoming: Incoming, *, was: date, actor: str) -> list[ContactGuard]:
    """Move the active guards this item put, dated from its receipt date ``was``, to its receipt date now.

    A clerk corrects a misread postmark after the guard was set; 230-ФЗ binds a refusal from its
    receipt, so the guard's «с» date follows, as open deadlines counted from receipt are recounted.
    A guard dated by hand on another day is the supervisor's reading and stays. Returns the moved ones.
    """
    since = receipt_date(incoming)
    if since == was:
        return []
    query = select(ContactGuard).where(
        ContactGuard.source_incoming_id == incoming.id,
        ContactGuard.lifted_at.is_(None),
        ContactGuard.since == was,
    )
    moved = list(session.scalars(query))
    for guard in moved:
        guard.since = since
        audit.record(
            session,
            actor=actor,
            action="guard.since",
            entity="contact_guard",
            entity_id=guard.id,
            details={
                "reg_number": incoming.reg_number,
                "before": was.isoformat(),
                "after": since.isoformat(),
            },
        )
    session.flush()
    return moved


def add_guard(
    session: Session,
    *,
    case_number: str,
    kind: GuardKind,
    actor: str,
    source_number: str | None = None,
    since: date | None = None,
    representative_name: str | None = None,
    representative_address: str | None = None,
) -> ContactGuard:
    """Put a guard by hand on a case's debtor (for documents registered before guards existed).

    The source, when named, must be a registered item: the guard's refusal text cites it, so a
    mistyped number would send a clerk to a document that does not exist. A second guard of the
    same kind on the same debtor is refused: one is enough to bar letters, and lifting it must free them.
    """
    case = session.scalar(select(Case).where(Case.case_number == case_number.strip()))
    if case is None:
        raise GuardError(GuardProblem.CASE_NOT_FOUND, f"Кейс {case_number} не найден.")
    source = None
    if source_number:
        source = session.scalar(select(Incoming).where(Incoming.reg_number == source_number.strip()))
        if source is None:
            raise GuardError(
                GuardProblem.SOURCE_NOT_FOUND, f"Входящий документ {source_number.strip()} не найден."
            )
    if any(g.kind == kind for g in active_guards(session, debtor_id=case.debtor_id)):
        raise GuardError(
            GuardProblem.ALREADY_GUARDED,
            f"У должника {case.debtor.full_name} уже есть ограничение: {KIND_TEXT[kind]}.",
        )
    return _add(
        session,
        debtor_id=case.debtor_id,
        case_id=case.id,
        kind=kind,
        since=since or (receipt_date(source) if source else _moscow_day(utcnow())),
        source_incoming_id=source.id if source else None,
        source_number=source_number.strip() if source_number else None,
        actor=actor,
        representative_name=representative_name,
        representative_address=representative_address,
    )


def lift_guard(session: Session, guard_id: int, *, reason: str, actor: str) -> ContactGuard:
    """A supervisor lifts a guard (the debtor withdrew the statement, the bankruptcy case ended)."""
    guard = session.get(ContactGuard, guard_id)
    if guard is None or guard.lifted_at is not None:
        raise GuardError(GuardProblem.GUARD_NOT_FOUND, "Ограничение не найдено или уже снято.")
    if not reason.strip():
        raise GuardError(GuardProblem.NO_REASON, "Укажите причину снятия ограничения.")
    guard.lifted_at, guard.lifted_by, guard.lift_reason = utcnow(), actor, reason.strip()
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="guard.lift",
        entity="contact_guard",
        entity_id=guard.id,
        details={"reason": guard.lift_reason},
    )
    return guard


def record_representative(
    session: Session, guard_id: int, *, name: str, address: str, actor: str
) -> ContactGuard:
    """Write down the representative's name and postal address on a representative guard.

    A guard set from a debtor's statement knows only that a representative exists; the clerk
    reads the statement and records whom to write to, so letters can go there instead.
    """
    guard = session.get(ContactGuard, guard_id)
    if guard is None or guard.lifted_at is not None or guard.kind != GuardKind.REPRESENTATIVE:
        raise GuardError(
            GuardProblem.GUARD_NOT_FOUND, "Ограничение «через представителя» не найдено или снято."
        )
    if not address.strip():
        raise GuardError(GuardProblem.NO_ADDRESS, "Укажите почтовый адрес представителя с индексом.")
    guard.representative_name = name.strip() or None
    guard.representative_address = address.strip()
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="guard.representative",
        entity="contact_guard",
        entity_id=guard.id,
        details={"debtor_id": guard.debtor_id},
    )
    return guard


def list_guards(
    session: Session, *, case_id: int | None = None, active_only: bool = True
) -> list[ContactGuard]:
    """Guards, newest first; of one case's debtor when ``case_id`` is given."""
    query = select(ContactGuard).order_by(ContactGuard.id.desc())
    if active_only:
        query = query.where(ContactGuard.lifted_at.is_(None))
    if case_id is not None:
        case = session.get(Case, case_id)
        if case is None:
            return []
        query = query.where(ContactGuard.debtor_id == case.debtor_id)
    return list(session.scalars(query))


def debtor_name(session: Session, debtor_id: int) -> str:
    debtor = session.get(Debtor, debtor_id)
    return debtor.full_name if debtor else ""


@dataclass(frozen=True, slots=True)
class GuardNotice:
    """An active guard as a page shows it before a letter is written (plain values)."""

    guard_id: int
    debtor_id: int
    kind: str
    text: str
    representative_name: str | None
    representative_address: str | None

    @property
    def representative(self) -> bool:
        """True when the guard names a representative's address a letter may go to."""
        return self.kind == GuardKind.REPRESENTATIVE and bool(self.representative_address)


def notice_text(guard: ContactGuard) -> str:
    """The guard in one Russian sentence: what, since when, on which document, what is allowed."""
    source = guard.source_number or "отметка вручную"
    text = (
        f"{guard.debtor.full_name}: {KIND_TEXT[GuardKind(guard.kind)]} с {_since(guard)}, "
        f"основание: {source}. Письма должнику не создаются; письма в суд и ФССП по делу — можно."
    )
    if guard.kind == GuardKind.REPRESENTATIVE:
        who = guard.representative_name or "представитель"
        where = guard.representative_address or "адрес не записан"
        text += f" Представитель: {who}, {where}."
    return text


def guard_notices(session: Session, case_ids: Iterable[int]) -> dict[int, list[GuardNotice]]:
    """Active guards on the debtors of these cases, by case id (cases without guards left out)."""
    out: dict[int, list[GuardNotice]] = {}
    for case_id in dict.fromkeys(case_ids):
        case = session.get(Case, case_id)
        if case is None:
            continue
        notices = [
            GuardNotice(
                g.id,
                g.debtor_id,
                g.kind,
                notice_text(g),
                g.representative_name,
                g.representative_address,
            )
            for g in active_guards(session, debtor_id=case.debtor_id)
        ]
        if notices:
            out[case_id] = notices
    return out
