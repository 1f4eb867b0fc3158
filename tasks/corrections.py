"""Corrections to a registered item: sender, comment, a package's type, case or client, packages added
or removed, each with the clerk's reason and one audit row per change (its before and after).

The rule registration keeps is kept here too (``tasks.completeness``): an item needs a sender; a
package needs a type and, by the type's ``belongs_to``, a case or a client. A supervisor can also return an
item rejected in review to «Разбор» (``return_to_review``). ``item_history`` reads the item's audit
rows for the «История» tab; ``describe_entry`` says each in Russian.

Exceptions::

    CorrectionError    the correction cannot be applied (config.errors.ActionRefused);
                       .code is a CorrectionProblem, .message is for a clerk, in Russian
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from config.errors import ActionRefused
from db import audit
from db.models import AuditLog, Case, Client, Counterparty, DocumentType, Incoming, Package, utcnow
from db.models.enums import IncomingStatus
from tasks.completeness import PackageFacts, registration_gaps, type_homes
from tasks.deadlines.store import local_date, receipt_date
from tasks.guards import follow_receipt
from tasks.mail_effects import apply_mail_effects
from tasks.register import DuplicateContent, PackageInput, attach_files, registered_under
from tasks.review import PackageChoice

CORRECT_ACTION = "incoming.correct"
RETURN_ACTION = "incoming.return_to_review"


class CorrectionProblem(StrEnum):
    """Why a correction cannot be applied."""

    ITEM_NOT_FOUND = "item_not_found"
    NOT_REGISTERED = "not_registered"
    NOT_REJECTED = "not_rejected"
    NO_REASON = "no_reason"
    NO_CHANGES = "no_changes"
    INCOMPLETE = "incomplete"
    FOREIGN_PACKAGE = "foreign_package"
    NO_PACKAGES_LEFT = "no_packages_left"
    EMPTY_PACKAGE = "empty_package"
    NOT_FOUND = "not_found"
    FUTURE_RECEIPT = "future_receipt"


class CorrectionError(ActionRefused):
    """The correction cannot be applied as asked; ``message`` is for a clerk, in Russian."""


@dataclass(frozen=True, slots=True)
class ItemChanges:
    """The item as the clerk wants it; unchanged values are simply repeated and record nothing."""

    sender_id: int | None
    comment: str | None
    packages: tuple[PackageChoice, ...] = ()
    remove_packages: tuple[int, ...] = ()
    add_packages: tuple[PackageInput, ...] = field(default=())
    # the receipt date deadlines «от даты получения» count from; None leaves it as it is
    received_on: date | None = None


def _locked(session: Session, item_id: int) -> Incoming:
    item = session.scalar(
        select(Incoming)
        .where(Incoming.id == item_id)
        .options(selectinload(Incoming.packages).selectinload(Package.attachments))
        .with_for_update()
    )
    if item is None:
        raise CorrectionError(CorrectionProblem.ITEM_NOT_FOUND, "Документ не найден.")
    return item


def _named(session: Session, model: type[Any], key: int | None, attr: str = "name") -> dict[str, Any] | None:
    """An id with its name as it reads today (the history stays readable after a rename)."""
    if key is None:
        return None
    row = session.get(model, key)
    if row is None:
        raise CorrectionError(CorrectionProblem.NOT_FOUND, "Выбранная запись справочника не найдена.")
    return {"id": key, "name": getattr(row, attr)}


class _Recorder:
    """Collects one audit row per changed field."""

    def __init__(self, session: Session, item: Incoming, *, reason: str, actor: str) -> None:
        self.session, self.item, self.reason, self.actor = session, item, reason, actor
        self.count = 0

    def change(self, field_name: str, before: Any, after: Any, *, package: int | None = None) -> None:
        if before == after:
            return
        details: dict[str, Any] = {
            "reg_number": self.item.reg_number,
            "field": field_name,
            "before": before,
            "after": after,
            "reason": self.reason,
        }
        if package is not None:
            details["package"] = package
        audit.record(
            self.session,
            actor=self.actor,
            action=CORRECT_ACTION,
            entity="incoming",
            entity_id=self.item.id,
            details=details,
        )
        self.count += 1


def _fix_package(session: Session, package: Package, fix: PackageChoice, rec: _Recorder) -> None:
    position = package.position
    rec.change(
        "document_type",
        _named(session, DocumentType, package.document_type_id),
        _named(session, DocumentType, fix.document_type_id),
        package=position,
    )
    package.document_type_id = fix.document_type_id
    case = session.get(Case, fix.case_id) if fix.case_id is not None else None
    if fix.case_id is not None and case is None:
        raise CorrectionError(CorrectionProblem.NOT_FOUND, "Кейс не найден.")
    client_id = case.client_id if case is not None else fix.client_id
    rec.change(
        "case",
        _named(session, Case, package.case_id, "case_number"),
        _named(session, Case, fix.case_id, "case_number"),
        package=position,
    )
    rec.change(
        "client",
        _named(session, Client, package.client_id),
        _named(session, Client, client_id),
        package=position,
    )
    package.case_id = fix.case_id
    package.client_id = client_id
    package.debtor_id = case.debtor_id if case is not None else None


def _fix_receipt(item: Incoming, received_on: date, rec: _Recorder) -> None:
    """The clerk's receipt date (a postmark misread or unread); deadlines counted from receipt
    are recounted by ``apply_mail_effects`` at the end of the correction, and the guards the item
    put move to the new date here (only here is the old date known: a guard dated by hand stays)."""
    if received_on > local_date(utcnow()):
        raise CorrectionError(
            CorrectionProblem.FUTURE_RECEIPT, "Дата получения не может быть позже сегодняшнего дня."
        )
    before = receipt_date(item)
    rec.change("received_on", before.isoformat(), received_on.isoformat())
    item.received_on = received_on
    follow_receipt(rec.session, item, was=before, actor=rec.actor)


def _package_label(session: Session, package: Package) -> dict[str, Any]:
    files = [a.file_name for a in package.attachments]
    kind = _named(session, DocumentType, package.document_type_id)
    return {"position": package.position, "type": kind["name"] if kind else None, "files": files}


def _add(session: Session, item: Incoming, added: Sequence[PackageInput], rec: _Recorder) -> None:
    shas = [f.sha256 for p in added for f in p.files]
    if any(not p.files for p in added):
        raise CorrectionError(CorrectionProblem.EMPTY_PACKAGE, "В новом пакете нет ни одного файла.")
    existing = registered_under(session, sha256s=shas)
    if existing or len(shas) != len(set(shas)):
        sha, number = next(iter(existing.items())) if existing else (shas[0], None)
        raise DuplicateContent(sha, number)
    for new in added:
        case = session.get(Case, new.case_id) if new.case_id is not None else None
        package = Package(
            position=max((p.position for p in item.packages), default=0) + 1,
            document_type_id=new.document_type_id,
            case_id=new.case_id,
            client_id=case.client_id if case is not None else new.client_id,
            debtor_id=case.debtor_id if case is not None else None,
        )
        attach_files(session, package, new.files)
        item.packages.append(package)
        session.flush()
        rec.change("package_added", None, _package_label(session, package), package=package.position)


def _check(session: Session, item: Incoming) -> None:
    """The registration rule (tasks.completeness), with its Russian sentences."""
    if not item.packages:
        raise CorrectionError(
            CorrectionProblem.NO_PACKAGES_LEFT, "В документе должен остаться хотя бы один пакет."
        )
    facts = [PackageFacts(p.document_type_id, p.case_id, p.client_id) for p in item.packages]
    gaps = registration_gaps(
        sender_id=item.sender_id,
        packages=facts,
        belongs_to=type_homes(session, (f.document_type_id for f in facts)),
    )
    if gaps:
        raise CorrectionError(CorrectionProblem.INCOMPLETE, " ".join(gaps))


def correct_item(session: Session, item_id: int, changes: ItemChanges, *, reason: str, actor: str) -> int:
    """Apply a clerk's corrections to a registered item; returns how many changes were recorded.

    Raises CorrectionError (no reason, nothing changed, the item not registered, a rule broken)
    and DuplicateContent (an added file is registered already). The caller commits.
    """
    if not reason.strip():
        raise CorrectionError(CorrectionProblem.NO_REASON, "Укажите причину исправления.")
    item = _locked(session, item_id)
    if item.status != IncomingStatus.REGISTERED:
        raise CorrectionError(
            CorrectionProblem.NOT_REGISTERED,
            f"Документ {item.reg_number} не зарегистрирован: исправлять нечего.",
        )
    rec = _Recorder(session, item, reason=reason.strip(), actor=actor)
    rec.change(
        "sender",
        _named(session, Counterparty, item.sender_id),
        _named(session, Counterparty, changes.sender_id),
    )
    item.sender_id = changes.sender_id
    comment = (changes.comment or "").strip() or None
    rec.change("comment", item.comment, comment)
    item.comment = comment
    if changes.received_on is not None:
        _fix_receipt(item, changes.received_on, rec)
    by_id = {p.id: p for p in item.packages}
    for fix in changes.packages:
        if fix.package_id not in by_id:
            raise CorrectionError(CorrectionProblem.FOREIGN_PACKAGE, "Пакет не относится к этому документу.")
        if fix.package_id not in changes.remove_packages:
            _fix_package(session, by_id[fix.package_id], fix, rec)
    for package_id in changes.remove_packages:
        package = by_id.get(package_id)
        if package is None:
            raise CorrectionError(CorrectionProblem.FOREIGN_PACKAGE, "Пакет не относится к этому документу.")
        rec.change("package_removed", _package_label(session, package), None, package=package.position)
        item.packages.remove(package)
    if changes.add_packages:
        _add(session, item, changes.add_packages, rec)
    for position, package in enumerate(item.packages, start=1):
        package.position = position
    session.flush()
    _check(session, item)
    if rec.count == 0:
        raise CorrectionError(CorrectionProblem.NO_CHANGES, "Изменений нет.")
    apply_mail_effects(session, item, actor=actor)
    return rec.count


def return_to_review(session: Session, item_id: int, *, reason: str, actor: str) -> Incoming:
    """Put an item rejected in review back into «Разбор» (a supervisor's decision); the caller commits."""
    if not reason.strip():
        raise CorrectionError(CorrectionProblem.NO_REASON, "Укажите причину возврата.")
    item = _locked(session, item_id)
    if item.status != IncomingStatus.REJECTED:
        raise CorrectionError(CorrectionProblem.NOT_REJECTED, f"Документ {item.reg_number} не отклонён.")
    item.status = IncomingStatus.NEEDS_REVIEW.value
    audit.record(
        session,
        actor=actor,
        action=RETURN_ACTION,
        entity="incoming",
        entity_id=item.id,
        details={"reg_number": item.reg_number, "reason": reason.strip()},
    )
    session.flush()
    return item


FIELD_NAMES = {
    "sender": "отправитель",
    "comment": "комментарий",
    "received_on": "дата получения",
    "document_type": "тип документа",
    "case": "кейс",
    "client": "клиент",
    "package_added": "добавлен пакет",
    "package_removed": "удалён пакет",
}
ACTION_NAMES = {
    "incoming.register": "Зарегистрирован",
    "incoming.view": "Просмотр",
    CORRECT_ACTION: "Исправлено",
    RETURN_ACTION: "Возвращён в разбор",
    "review.confirm": "Разбор: подтверждено",
    "review.correct": "Разбор: исправлено",
    "review.reject": "Разбор: отклонено",
    "review.split": "Разбор: пакет разделён",
    "review.merge": "Разбор: пакеты объединены",
}


def _value(value: Any, *, day: bool = False) -> str:
    if value is None or value == "":
        return "—"
    if day:  # a date kept as ISO in the audit row, shown as clerks write it
        return f"{date.fromisoformat(str(value)):%d.%m.%Y}"
    if isinstance(value, dict):
        if "files" in value:
            files = ", ".join(value.get("files") or [])
            return f"{value.get('type') or 'тип не указан'} ({files})"
        return str(value.get("name", value.get("id")))
    return str(value)


def describe_entry(entry: AuditLog) -> tuple[str, str]:
    """(what happened, the reason) in Russian, for one audit row of an item."""
    details = entry.details or {}
    title = ACTION_NAMES.get(entry.action, entry.action)
    if entry.action == CORRECT_ACTION:
        name = FIELD_NAMES.get(str(details.get("field")), str(details.get("field")))
        where = f"пакет {details['package']}: " if details.get("package") else ""
        day = details.get("field") == "received_on"
        before, after = _value(details.get("before"), day=day), _value(details.get("after"), day=day)
        what = f"{title}: {where}{name}: {before} → {after}"
        if details.get("field") == "package_added":
            what = f"{title}: {where}{name}: {_value(details.get('after'))}"
        elif details.get("field") == "package_removed":
            what = f"{title}: {name} {details.get('package')}: {_value(details.get('before'))}"
        return what, str(details.get("reason") or "")
    if entry.action in (RETURN_ACTION, "review.reject"):
        return title, str(details.get("reason") or "")
    return title, ""


def item_history(
    session: Session, item_id: int, *, with_views: bool = False
) -> list[tuple[AuditLog, str, str]]:
    """The item's audit rows, oldest first, each with (what, reason) in Russian; views left out by default."""
    query = (
        select(AuditLog)
        .where(AuditLog.entity == "incoming", AuditLog.entity_id == str(item_id))
        .order_by(AuditLog.id)
    )
    if not with_views:
        query = query.where(AuditLog.action != "incoming.view")
    return [(entry, *describe_entry(entry)) for entry in session.scalars(query)]
