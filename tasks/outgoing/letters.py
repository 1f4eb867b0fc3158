"""Creating a letter: the clerk's draft is checked against every rule, numbered and stored.

Rules (ARCHITECTURE.md, domain A.2): up to 5 attachments, PDF or JPEG by content, each ≤ 1 MB and
≤ 5 MB together; an inventory (ф.107) only for a letter with declared value; a letter weighs at
most 100 g. Every broken rule is reported at once, in Russian, so the clerk fixes all in one go.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy.orm import Session

from config.blob_store import store_blob
from config.limits import Limits
from db import audit
from db.models import Attachment, Case, Counterparty, Debtor, Outgoing, OutgoingTransition, utcnow
from db.models.enums import OutgoingState, RegDirection
from db.numbering import next_reg_number
from tasks.guards import check_contact
from tasks.outgoing.addresses import AddressCleaner, AddressUnrecognised
from tasks.outgoing.errors import LetterInvalid, LetterProblem
from tasks.outgoing.payload import phone_number
from tasks.rejections import FileRejected, describe
from tasks.validate import CheckedFile, validate_bytes

MAIL_TYPES = ("LETTER",)  # what the agency sends; a mail type widens only with its weight rules
MAIL_CATEGORIES = ("ORDERED", "WITH_DECLARED_VALUE")
MAX_LETTER_GRAMS = 100  # LETTER limit commonly cited [UNCERTAIN in the reference]; API: ILLEGAL_MASS_EXCESS
SHEET_GRAMS = 5  # one A4 sheet of 80 g/m²
ENVELOPE_GRAMS = {"DL": 5, "C5": 10}
ENVELOPES = tuple(ENVELOPE_GRAMS)
DEFAULT_DECLARED_VALUE_KOPECKS = 100  # 1 ₽: the usual value when only the content must be proven
_INDEX = re.compile(r"(?<!\d)(\d{6})(?!\d)")


class Problem(StrEnum):
    """Why a draft is refused: the codes of ``LetterInvalid.problems`` (each with its Russian text)."""

    NO_RECIPIENT = "no_recipient"
    NO_ADDRESS = "no_address"
    BAD_INDEX = "bad_index"
    TOO_MANY_FILES = "too_many_files"
    FILE_REFUSED = "file_refused"
    PACKAGE_TOO_LARGE = "package_too_large"
    DUPLICATE_FILE = "duplicate_file"
    INVENTORY_NEEDS_VALUE = "inventory_needs_value"
    NO_DECLARED_VALUE = "no_declared_value"
    TOO_HEAVY = "too_heavy"
    BAD_ENVELOPE = "bad_envelope"
    BAD_CATEGORY = "bad_category"
    BAD_MAIL_TYPE = "bad_mail_type"
    BAD_SHIPPING_POINT = "bad_shipping_point"
    BAD_PHONE = "bad_phone"
    ADDRESS_UNRECOGNISED = "address_unrecognised"


@dataclass(frozen=True, slots=True)
class AttachmentFile:
    """A document to enclose, as the clerk uploaded it."""

    name: str
    data: bytes


@dataclass(frozen=True, slots=True)
class LetterDraft:
    """What a clerk fills in. Recipient: a counterparty, or a debtor, or a name and address typed in.

    ``address_parts`` (keys as in ``/1.0/clean/address``: region, place, street, house, room ...)
    may come from the CRM; without them the sync normalises the address through the API.
    ``with_electronic_notice`` (ЭУВ) takes the place of the paper notice ``with_notice``: a letter
    carries one notice of delivery, so with both asked for only the electronic one is ordered.
    """

    shipping_point_index: str
    mail_type: str = "LETTER"
    recipient_name: str = ""
    recipient_address: str = ""
    recipient_index: str | None = None
    address_parts: Mapping[str, str] | None = None
    counterparty_id: int | None = None
    debtor_id: int | None = None
    case_id: int | None = None
    document_type_id: int | None = None
    phone: str | None = None
    description: str | None = None
    mail_category: str = "ORDERED"
    with_notice: bool = True
    with_electronic_notice: bool = False
    with_inventory: bool = False
    declared_value_kopecks: int | None = None
    envelope: str = "DL"
    weight_grams: int | None = None
    attachments: Sequence[AttachmentFile] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class AttachmentLimits:
    """Limits for the enclosures of one letter (ARCHITECTURE.md)."""

    max_files: int = 5
    max_file_bytes: int = 1024 * 1024
    max_total_bytes: int = 5 * 1024 * 1024


def estimate_weight(*, pages: int, envelope: str, with_inventory: bool) -> int:
    """Grams: the envelope, the enclosed pages, our cover letter and one copy of the ф.107."""
    sheets = pages + 1 + (1 if with_inventory else 0)
    return ENVELOPE_GRAMS.get(envelope, 10) + SHEET_GRAMS * sheets


def index_in(address: str) -> str | None:
    """The 6-digit postal index written in an address, if exactly one plausible one is there."""
    found = _INDEX.findall(address)
    return found[0] if found else None


def check_attachments(
    files: Sequence[AttachmentFile], *, limits: AttachmentLimits
) -> tuple[list[CheckedFile], list[LetterProblem]]:
    """Validate enclosures by content (``tasks.validate``); returns the good ones and the problems."""
    problems: list[LetterProblem] = []
    if len(files) > limits.max_files:
        problems.append(
            LetterProblem(
                Problem.TOO_MANY_FILES, f"Вложений {len(files)}, допустимо не больше {limits.max_files}."
            )
        )
    total = sum(len(f.data) for f in files)
    if total > limits.max_total_bytes:
        problems.append(
            LetterProblem(
                Problem.PACKAGE_TOO_LARGE, f"Вложения вместе больше 5 МБ ({total / 1024 / 1024:.1f} МБ)."
            )
        )
    checked: list[CheckedFile] = []
    file_limits = Limits(max_file_bytes=limits.max_file_bytes, max_package_bytes=limits.max_total_bytes)
    for item in files:
        try:
            result = validate_bytes(item.name, item.data, limits=file_limits)
        except FileRejected as exc:
            problems.append(
                LetterProblem(Problem.FILE_REFUSED, f"«{item.name}»: {describe(exc.reason, exc.detail)}")
            )
            continue
        if any(c.sha256 == result.sha256 for c in checked):
            problems.append(LetterProblem(Problem.DUPLICATE_FILE, f"«{item.name}» вложен дважды."))
            continue
        checked.append(result)
    return checked, problems


def _recipient(session: Session, draft: LetterDraft) -> tuple[str, str]:
    """Name and address: typed in, or taken from the counterparty / debtor / case's debtor."""
    name, address = draft.recipient_name.strip(), draft.recipient_address.strip()
    source: Counterparty | Debtor | None = None
    if draft.counterparty_id is not None:
        source = session.get(Counterparty, draft.counterparty_id)
    elif draft.debtor_id is not None:
        source = session.get(Debtor, draft.debtor_id)
    elif draft.case_id is not None and not (name and address):
        case = session.get(Case, draft.case_id)
        source = case.debtor if case is not None else None
    if isinstance(source, Counterparty):
        name, address = name or source.name, address or (source.address or "")
    elif isinstance(source, Debtor):
        name, address = name or source.full_name, address or (source.address or "")
    return name, address


def _recipient_debtor(session: Session, draft: LetterDraft) -> int | None:
    """The debtor a letter is written to: chosen, or the case's debtor when nothing else is given."""
    if draft.debtor_id is not None or draft.counterparty_id is not None:
        return draft.debtor_id
    if draft.case_id is not None and not (draft.recipient_name.strip() and draft.recipient_address.strip()):
        case = session.get(Case, draft.case_id)
        return case.debtor_id if case is not None else None
    return None


def _rule_problems(draft: LetterDraft, *, name: str, address: str, index: str | None) -> list[LetterProblem]:
    """Problems with the letter itself (not its files), each a code and its Russian text."""
    out: list[LetterProblem] = []
    if not name:
        out.append(LetterProblem(Problem.NO_RECIPIENT, "Не указан получатель."))
    if not address:
        out.append(LetterProblem(Problem.NO_ADDRESS, "Не указан адрес получателя."))
    if index is None or not re.fullmatch(r"[1-9]\d{5}", index):
        out.append(LetterProblem(Problem.BAD_INDEX, "Нужен почтовый индекс получателя из 6 цифр."))
    if not re.fullmatch(r"[1-9]\d{5}", draft.shipping_point_index or ""):
        out.append(LetterProblem(Problem.BAD_SHIPPING_POINT, "Не выбран пункт сдачи (отделение)."))
    if draft.mail_type not in MAIL_TYPES:
        out.append(LetterProblem(Problem.BAD_MAIL_TYPE, "Вид отправления: письмо."))
    if draft.phone and phone_number(draft.phone) is None:
        out.append(
            LetterProblem(Problem.BAD_PHONE, "Телефон получателя: 10 цифр номера, можно с +7 или 8 впереди.")
        )
    if draft.mail_category not in MAIL_CATEGORIES:
        out.append(
            LetterProblem(Problem.BAD_CATEGORY, "Категория письма: заказное или с объявленной ценностью.")
        )
    if draft.with_inventory and draft.mail_category != "WITH_DECLARED_VALUE":
        out.append(
            LetterProblem(
                Problem.INVENTORY_NEEDS_VALUE, "Опись вложения (ф.107) возможна только для ценного письма."
            )
        )
    if (
        draft.mail_category == "WITH_DECLARED_VALUE"
        and draft.declared_value_kopecks is not None
        and draft.declared_value_kopecks <= 0
    ):
        out.append(
            LetterProblem(
                Problem.NO_DECLARED_VALUE, "Для ценного письма нужна объявленная ценность больше нуля."
            )
        )
    if draft.envelope not in ENVELOPES:
        out.append(LetterProblem(Problem.BAD_ENVELOPE, "Конверт: DL или C5."))
    return out


def create_letter(
    session: Session,
    draft: LetterDraft,
    *,
    actor: str,
    limits: AttachmentLimits = AttachmentLimits(),
    today: dt.date | None = None,
    clean: AddressCleaner | None = None,
) -> Outgoing:
    """Check a draft, give it the next ``ИСХ-`` number and store it with its enclosures.

    Raises ``LetterInvalid`` listing every broken rule (Russian, one per line), or
    ``tasks.guards.ContactGuarded`` for a debtor under a contact guard (230-ФЗ, 127-ФЗ); nothing
    is stored then. Flushes, never commits: the number is only taken if the caller commits.

    With ``clean`` (``tasks.outgoing.addresses``) the address is parsed by Russian Post now: the
    letter keeps the parts and the address in postal order, or is refused with the reason. When
    Russian Post cannot be asked (``clean`` gives ``None``) the sync parses it later.
    """
    debtor_id = _recipient_debtor(session, draft)
    check_contact(session, debtor_id=debtor_id)
    name, address = _recipient(session, draft)
    parts = dict(draft.address_parts or {})
    address_problems: list[LetterProblem] = []
    if clean is not None and address and not parts:
        try:
            cleaned = clean(address)
        except AddressUnrecognised as exc:
            address_problems.append(LetterProblem(Problem.ADDRESS_UNRECOGNISED, exc.reason))
        else:
            if cleaned is not None:
                parts, address = dict(cleaned.parts), cleaned.text
    index = (draft.recipient_index or parts.get("index") or index_in(address) or "").strip() or None
    checked, problems = check_attachments(draft.attachments, limits=limits)
    problems = _rule_problems(draft, name=name, address=address, index=index) + address_problems + problems
    pages = sum(c.pages for c in checked)
    weight = draft.weight_grams or estimate_weight(
        pages=pages, envelope=draft.envelope, with_inventory=draft.with_inventory
    )
    if weight > MAX_LETTER_GRAMS:
        problems.append(
            LetterProblem(Problem.TOO_HEAVY, f"Письмо весит около {weight} г, больше {MAX_LETTER_GRAMS} г.")
        )
    if problems:
        raise LetterInvalid(problems)
    year = (today or utcnow().date()).year
    valuable = draft.mail_category == "WITH_DECLARED_VALUE"
    letter = Outgoing(
        reg_number=next_reg_number(session, direction=RegDirection.OUTGOING, year=year),
        state=OutgoingState.DRAFT,
        shipping_point_index=draft.shipping_point_index,
        mail_type=draft.mail_type,
        mail_category=draft.mail_category,
        with_notice=draft.with_notice and not draft.with_electronic_notice,
        with_electronic_notice=draft.with_electronic_notice,
        with_inventory=draft.with_inventory,
        declared_value_kopecks=(draft.declared_value_kopecks or DEFAULT_DECLARED_VALUE_KOPECKS)
        if valuable
        else None,
        weight_grams=weight,
        envelope_type=draft.envelope,
        recipient_counterparty_id=draft.counterparty_id,
        recipient_debtor_id=debtor_id,
        recipient_name=name,
        recipient_address=address,
        recipient_index=index,
        recipient_address_parts=parts,
        phone=draft.phone,
        description=draft.description,
        document_type_id=draft.document_type_id,
        case_id=draft.case_id,
        flags={},
        created_by=actor,
    )
    session.add(letter)
    for item, result in zip(_good_files(draft.attachments, checked), checked, strict=True):
        store_blob(session, item.data, sha256=result.sha256)
        letter.attachments.append(
            Attachment(
                file_name=result.name,
                mime=result.mime.value,
                size=result.size,
                sha256=result.sha256,
                page_count=result.pages,
            )
        )
    session.add(
        OutgoingTransition(
            outgoing=letter, from_state=None, to_state=OutgoingState.DRAFT, at=utcnow(), actor=actor
        )
    )
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="outgoing.create",
        entity="outgoing",
        entity_id=letter.id,
        details={"reg_number": letter.reg_number, "attachments": len(checked)},
    )
    return letter


def _good_files(files: Sequence[AttachmentFile], checked: Sequence[CheckedFile]) -> list[AttachmentFile]:
    """The uploaded files that passed, in the order of ``checked`` (matched by name and size)."""
    remaining = list(files)
    out = []
    for result in checked:
        match = next(f for f in remaining if f.name == result.name and len(f.data) == result.size)
        remaining.remove(match)
        out.append(match)
    return out
