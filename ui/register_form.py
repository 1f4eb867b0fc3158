"""The data side of manual registration: uploads → validated files → ``register_incoming``.

Kept out of the page so the page only draws widgets. Files go through ``tasks.validate`` (the
pipeline's own checks, in its sandbox) before anything is stored; a refusal carries the
pipeline's Russian text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from config.limits import Limits
from config.runtime import limits_from
from db.models import Case
from db.models.enums import IncomingSource, RequestKind
from tasks.clerk_requests import enqueue
from tasks.completeness import PackageFacts, registration_gaps, type_homes
from tasks.register import FileInput, IncomingInput, PackageInput, register_incoming
from tasks.rejections import FileRejected, RejectReason, describe, format_size
from tasks.validate import validate_bytes
from ui import background, deps


@dataclass(frozen=True, slots=True)
class Upload:
    name: str
    data: bytes


@dataclass(frozen=True, slots=True)
class PackageDraft:
    files: tuple[Upload, ...]
    document_type_id: int | None
    case_id: int | None
    client_id: int | None


def check_package(number: int, draft: PackageDraft, limits: Limits) -> tuple[list[FileInput], list[str]]:
    """Validated files of one package, and the Russian reasons for any refused."""
    problems: list[str] = []
    if not draft.files:
        problems.append(f"Пакет {number}: добавьте хотя бы один файл.")
    total = sum(len(upload.data) for upload in draft.files)
    if total > limits.max_package_bytes:
        problems.append(f"Пакет {number}: " + describe(RejectReason.PACKAGE_TOO_LARGE, format_size(total)))
    files: list[FileInput] = []
    for upload in draft.files:
        try:
            checked = validate_bytes(upload.name, upload.data, limits=limits)
        except FileRejected as exc:
            problems.append(f"Пакет {number}: {exc.message}")
            continue
        files.append(
            FileInput(
                name=upload.name,
                data=upload.data,
                mime=checked.mime.value,
                sha256=checked.sha256,
                pages=checked.pages,
            )
        )
    return files, problems


def register(
    *, sender_id: int | None, comment: str, drafts: Sequence[PackageDraft], actor: str
) -> tuple[str | None, list[str]]:
    """Validate everything, then register in one transaction: (number, []) or (None, problems).

    The same transaction queues the reading of the files' text (OCR if need be) for the
    ``clerk-requests`` flow, so the item is findable by its words without the clerk waiting.
    """
    limits = limits_from(deps.settings())
    facts = [PackageFacts(d.document_type_id, d.case_id, d.client_id) for d in drafts]
    with deps.unit_of_work() as session:
        homes = type_homes(session, (f.document_type_id for f in facts))
    problems = registration_gaps(sender_id=sender_id, packages=facts, belongs_to=homes)
    if not drafts:
        return None, problems
    packages: list[PackageInput] = []
    for position, draft in enumerate(drafts, start=1):
        files, found = check_package(position, draft, limits)
        problems += found
        packages.append(
            PackageInput(
                files=tuple(files),
                document_type_id=draft.document_type_id,
                case_id=draft.case_id,
                client_id=draft.client_id,
            )
        )
    if problems:
        return None, problems
    with deps.unit_of_work() as session:
        resolved = []
        for package in packages:
            case = session.get(Case, package.case_id) if package.case_id else None
            resolved.append(
                PackageInput(
                    files=package.files,
                    document_type_id=package.document_type_id,
                    case_id=package.case_id,
                    client_id=case.client_id if case else package.client_id,
                    debtor_id=case.debtor_id if case else None,
                )
            )
        item = register_incoming(
            session,
            IncomingInput(sender_id=sender_id, source=IncomingSource.MANUAL, comment=comment.strip() or None),
            resolved,
            actor=actor,
        )
        request, _new = enqueue(session, RequestKind.EXTRACT_TEXT, str(item.id), actor=actor)
    background.watch(request)
    return item.reg_number, []
