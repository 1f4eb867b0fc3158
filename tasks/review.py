"""Clerks' decisions on items the pipeline was unsure of: confirm, correct, reject, split, merge.

Each function changes one item inside the caller's transaction and writes its audit row, so the
change and its record commit together. Deciding an item that is no longer waiting raises
``ReviewError``: a double click or a colleague who was faster never decides twice.

Splitting or merging packages decides each package that changed again from the text of all its
files (``tasks.redecide``), as the pipeline would: a split-off file is suggested its own type and
case, a merged package is decided over every file it now holds.

Corrections are recorded as ``review.correct`` with the suggested, previous and chosen ids; the
classifier's learner reads them from the audit log (it trains on what clerks confirmed).

Exceptions::

    ReviewError        the decision cannot be applied (config.errors.ActionRefused);
                       .code is a ReviewProblem, .message is for a clerk, in Russian
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from config.errors import ActionRefused
from db import audit
from db.models import Case, Incoming, Package
from db.models.enums import IncomingStatus
from tasks.completeness import PackageFacts, registration_gaps, type_homes
from tasks.learning import letterhead_line
from tasks.mail_effects import apply_mail_effects
from tasks.redecide import decide_again, package_suggestions


class ReviewProblem(StrEnum):
    """Why a clerk's decision cannot be applied."""

    ITEM_NOT_FOUND = "item_not_found"
    ALREADY_REVIEWED = "already_reviewed"
    FOREIGN_PACKAGE = "foreign_package"
    CASE_NOT_FOUND = "case_not_found"
    NO_REJECT_REASON = "no_reject_reason"
    MIXED_PACKAGES = "mixed_packages"
    PACKAGE_LEFT_EMPTY = "package_left_empty"
    TOO_FEW_PACKAGES = "too_few_packages"
    INCOMPLETE = "incomplete"


class ReviewError(ActionRefused):
    """The decision cannot be applied as asked; ``message`` is for a clerk, in Russian."""


@dataclass(frozen=True, slots=True)
class PackageChoice:
    """What a clerk chose for one package: its type and its case or, without a case, its client
    (the debtor and client follow from the case). Used by «Разбор» (``correct``) and by
    corrections to a registered item (``tasks.corrections``), which read it the same way."""

    package_id: int
    document_type_id: int | None
    case_id: int | None = None
    client_id: int | None = None


def _waiting(session: Session, incoming_id: int) -> Incoming:
    """The item, locked, if it still waits for review."""
    item = session.scalar(
        select(Incoming)
        .where(Incoming.id == incoming_id)
        .options(selectinload(Incoming.packages).selectinload(Package.attachments))
        .with_for_update()
    )
    if item is None:
        raise ReviewError(ReviewProblem.ITEM_NOT_FOUND, "Документ не найден.")
    if item.status != IncomingStatus.NEEDS_REVIEW:
        raise ReviewError(ReviewProblem.ALREADY_REVIEWED, f"Документ {item.reg_number} уже разобран.")
    return item


def _snapshot(item: Incoming) -> dict[str, Any]:
    return {
        "sender_id": item.sender_id,
        "packages": {
            str(p.id): {
                "document_type_id": p.document_type_id,
                "case_id": p.case_id,
                "client_id": p.client_id,
                "debtor_id": p.debtor_id,
            }
            for p in item.packages
        },
    }


def _suggested(item: Incoming) -> dict[str, Any]:
    """The ids the pipeline suggested (see tasks.register for the JSON contract)."""
    suggestions = item.suggestions or {}
    candidates = suggestions.get("case_candidates") or []
    return {
        "sender_id": (suggestions.get("sender") or {}).get("id"),
        "document_type_id": (suggestions.get("document_type") or {}).get("id"),
        "case_ids": [c.get("id") for c in candidates if isinstance(c, dict)],
    }


def _letterhead(item: Incoming) -> str | None:
    """The letterhead of the item's first document, for ``tasks.learning`` (None without text)."""
    for package in item.packages:
        for attachment in package.attachments:
            if attachment.text:
                return letterhead_line(attachment.text)
    return None


def confirm(session: Session, incoming_id: int, *, actor: str) -> Incoming:
    """Accept the item as the pipeline filed it, if it is complete (tasks.completeness)."""
    item = _waiting(session, incoming_id)
    facts = [PackageFacts(p.document_type_id, p.case_id, p.client_id) for p in item.packages]
    gaps = registration_gaps(
        sender_id=item.sender_id,
        packages=facts,
        belongs_to=type_homes(session, (f.document_type_id for f in facts)),
    )
    if gaps:
        raise ReviewError(ReviewProblem.INCOMPLETE, "Нельзя подтвердить как есть: " + " ".join(gaps))
    item.status = IncomingStatus.REGISTERED.value
    audit.record(
        session,
        actor=actor,
        action="review.confirm",
        entity="incoming",
        entity_id=item.id,
        details={"reg_number": item.reg_number, "reason": item.review_reason, **_snapshot(item)},
    )
    session.flush()
    apply_mail_effects(session, item, actor=actor)
    return item


def correct(
    session: Session,
    incoming_id: int,
    *,
    sender_id: int | None,
    packages: Sequence[PackageChoice],
    actor: str,
) -> Incoming:
    """Apply the clerk's sender, types and cases, and register the item."""
    item = _waiting(session, incoming_id)
    before = _snapshot(item)
    by_id = {p.id: p for p in item.packages}
    for choice in packages:
        package = by_id.get(choice.package_id)
        if package is None:
            raise ReviewError(ReviewProblem.FOREIGN_PACKAGE, "Пакет не относится к этому документу.")
        package.document_type_id = choice.document_type_id
        package.case_id = choice.case_id
        if choice.case_id is not None:
            case = session.get(Case, choice.case_id)
            if case is None:
                raise ReviewError(ReviewProblem.CASE_NOT_FOUND, "Кейс не найден.")
            package.debtor_id, package.client_id = case.debtor_id, case.client_id
        else:
            package.debtor_id, package.client_id = None, choice.client_id
    item.sender_id = sender_id
    item.status = IncomingStatus.REGISTERED.value
    session.flush()
    suggested = _suggested(item)
    learned = _letterhead(item) if sender_id is not None and sender_id != suggested["sender_id"] else None
    audit.record(
        session,
        actor=actor,
        action="review.correct",
        entity="incoming",
        entity_id=item.id,
        details={
            "reg_number": item.reg_number,
            "reason": item.review_reason,
            "suggested": suggested,
            "before": before,
            "after": _snapshot(item),
            **({"letterhead": learned} if learned else {}),
        },
    )
    apply_mail_effects(session, item, actor=actor)
    return item


def reject(session: Session, incoming_id: int, *, reason: str, actor: str) -> Incoming:
    """Take the item out of the register's working set (not mail for us, an empty scan, …)."""
    if not reason.strip():
        raise ReviewError(ReviewProblem.NO_REJECT_REASON, "Укажите причину отклонения.")
    item = _waiting(session, incoming_id)
    item.status = IncomingStatus.REJECTED.value
    audit.record(
        session,
        actor=actor,
        action="review.reject",
        entity="incoming",
        entity_id=item.id,
        details={"reg_number": item.reg_number, "reason": reason.strip()},
    )
    session.flush()
    return item


def _decide_again(
    session: Session, item: Incoming, kept: list[dict[str, Any]] | None, *, changed: list[int]
) -> dict[str, Any]:
    """Decide the ``changed`` packages again over all their files, in the order the page lists
    them; returns what each is now filed on, for the audit row."""
    files = [sorted(p.attachments, key=lambda a: a.id) for p in item.packages]
    filed = decide_again(session, item, files, kept=kept, changed=changed)
    session.flush()
    return filed


def split_package(
    session: Session, incoming_id: int, *, attachment_ids: Sequence[int], actor: str
) -> Package:
    """Move the chosen files of one package into a new package at the end of the item, then
    decide both packages again from their own files."""
    item = _waiting(session, incoming_id)
    chosen = set(attachment_ids)
    sources = [p for p in item.packages if any(a.id in chosen for a in p.attachments)]
    if len(sources) != 1:
        raise ReviewError(ReviewProblem.MIXED_PACKAGES, "Выберите файлы одного пакета.")
    source = sources[0]
    moving = [a for a in source.attachments if a.id in chosen]
    if len(moving) == len(source.attachments):
        raise ReviewError(
            ReviewProblem.PACKAGE_LEFT_EMPTY, "В исходном пакете должен остаться хотя бы один файл."
        )
    kept = package_suggestions(item)
    new = Package(position=max(p.position for p in item.packages) + 1)  # filed below, by its files
    item.packages.append(new)
    for attachment in moving:
        attachment.package = new
    session.flush()
    filed = _decide_again(session, item, kept, changed=[item.packages.index(source), len(item.packages) - 1])
    audit.record(
        session,
        actor=actor,
        action="review.split",
        entity="incoming",
        entity_id=item.id,
        details={
            "from_package": source.id,
            "to_package": new.id,
            "attachments": sorted(chosen),
            "filed": filed,
        },
    )
    return new


def merge_packages(session: Session, incoming_id: int, *, package_ids: Sequence[int], actor: str) -> Package:
    """Put the files of the chosen packages into the first of them and drop the emptied ones, then
    decide that package again over all the files it now holds."""
    item = _waiting(session, incoming_id)
    chosen = [p for p in item.packages if p.id in set(package_ids)]
    if len(chosen) < 2:
        raise ReviewError(ReviewProblem.TOO_FEW_PACKAGES, "Выберите хотя бы два пакета этого документа.")
    target, others = chosen[0], chosen[1:]
    suggested = package_suggestions(item)
    kept = (
        None
        if suggested is None
        else [s for s, p in zip(suggested, item.packages, strict=True) if p not in others]
    )
    for package in others:
        for attachment in list(package.attachments):
            attachment.package = target
    merged_ids = [p.id for p in others]
    for package in others:
        item.packages.remove(package)
    for position, package in enumerate(item.packages, start=1):
        package.position = position
    session.flush()
    filed = _decide_again(session, item, kept, changed=[item.packages.index(target)])
    audit.record(
        session,
        actor=actor,
        action="review.merge",
        entity="incoming",
        entity_id=item.id,
        details={"into_package": target.id, "merged": merged_ids, "filed": filed},
    )
    return target
