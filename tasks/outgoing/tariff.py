"""A new letter's cost at once: Russian Post's tariff for it, asked right after saving.

The order itself is created by the 15-minute sync, and its cost used to appear only then. The
page queues a ``outgoing.tariff`` clerk request when a letter is saved; its handler asks
``POST /1.0/tariff`` with what the order will carry and stores the price on the letter (the
order's own price replaces it when the order is read back). Repeating it is harmless.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from db.models import Outgoing
from db.models.enums import OutgoingState
from pochta import EnvelopeType, MailCategory, MailType, OtpravkaClient, PaymentMethod, TariffRequest
from tasks.outgoing.errors import OutgoingError, OutgoingProblem


@dataclass(frozen=True, slots=True)
class Priced:
    """What the tariff said: the letter's number, its cost and the notice's part of it (kopecks)."""

    reg_number: str
    cost_kopecks: int
    notice_kopecks: int | None
    changed: bool


def tariff_request_for(letter: Outgoing) -> TariffRequest:
    """The tariff question for ``letter``: the same weight, category and marks as its order."""
    index = (letter.recipient_address_parts or {}).get("index") or letter.recipient_index
    valuable = letter.mail_category == MailCategory.WITH_DECLARED_VALUE
    notice = letter.with_notice or letter.with_electronic_notice
    return TariffRequest(
        index_from=letter.shipping_point_index,
        index_to=str(index or ""),
        mail_type=MailType(letter.mail_type),
        mail_category=MailCategory(letter.mail_category),
        mass=letter.weight_grams,
        with_order_of_notice=True if letter.with_notice else None,
        with_electronic_notice=True if letter.with_electronic_notice else None,
        inventory=True if letter.with_inventory else None,
        declared_value=letter.declared_value_kopecks if valuable else None,
        payment_method=PaymentMethod.CASHLESS,
        notice_payment_method=PaymentMethod.CASHLESS if notice else None,
        envelope_type=EnvelopeType(letter.envelope_type),
    )


def price_letter(session: Session, client: OtpravkaClient, letter_id: int) -> Priced | None:
    """Ask the tariff for a letter and store it, unless its order already told the real cost.

    A letter deleted meanwhile needs no price (``None``). Raises ``OutgoingError`` for a letter
    that does not exist; ``pochta.PochtaError`` untouched.
    """
    letter = session.get(Outgoing, letter_id)
    if letter is None:
        raise OutgoingError(OutgoingProblem.LETTER_NOT_FOUND, f"Письмо № {letter_id} не найдено.")
    if letter.state == OutgoingState.DELETED:
        return None
    if letter.cost_kopecks is not None and letter.order_id is not None:
        return Priced(letter.reg_number, letter.cost_kopecks, letter.notice_cost_kopecks, changed=False)
    answer = client.tariff(tariff_request_for(letter))
    notice = answer.notice_rate.rate + answer.notice_rate.vat if answer.notice_rate is not None else None
    letter.cost_kopecks = answer.total_with_vat
    if notice is not None:
        letter.notice_cost_kopecks = notice
    session.flush()
    return Priced(letter.reg_number, answer.total_with_vat, notice, changed=True)


def rubles(kopecks: int) -> str:
    """«123,45 ₽»."""
    return f"{kopecks / 100:.2f} ₽".replace(".", ",")
