"""A letter as a Russian Post order: the pure mapping from our row to ``pochta.Order``.

Nothing about the debt goes into the order: its ``comment`` and sender fields may end up on forms
printed by Russian Post [UNCERTAIN, reference §2.2], and 230-ФЗ forbids any hint of the debt to
third parties, so they stay empty.
"""

from __future__ import annotations

import re
from typing import Any

from db.models import Outgoing
from pochta import EnvelopeType, MailCategory, MailType, Order, PaymentMethod

# Keys of ``/1.0/clean/address`` answers (stored in ``recipient_address_parts``) → order fields.
_PART_FIELDS = {
    "region": "region_to",
    "area": "area_to",
    "place": "place_to",
    "location": "location_to",
    "street": "street_to",
    "house": "house_to",
    "letter": "letter_to",
    "slash": "slash_to",
    "corpus": "corpus_to",
    "building": "building_to",
    "room": "room_to",
}


def split_person_name(full_name: str) -> tuple[str, str, str | None]:
    """Surname, given name and patronymic of «Фамилия Имя Отчество» (extra words join the patronymic)."""
    words = full_name.split()
    if len(words) < 2:
        return full_name.strip(), full_name.strip(), None
    return words[0], words[1], " ".join(words[2:]) or None


def phone_number(phone: str | None) -> int | None:
    """The phone as Russian Post wants it: digits with country code 7; ``None`` if unusable."""
    digits = re.sub(r"\D", "", phone or "")
    if len(digits) == 11 and digits[0] in "78":
        return int("7" + digits[1:])
    if len(digits) == 10:
        return int("7" + digits)
    return None


def names_for(letter: Outgoing) -> dict[str, Any]:
    """``recipient-name`` plus the name parts the API requires.

    The API requires ``surname`` and ``given-name`` even for an organisation [UNCERTAIN how it
    validates them there]; we send the organisation's name in both rather than invent a person.
    """
    name = letter.recipient_name.strip()
    if letter.recipient_counterparty_id is not None or len(name.split()) not in (2, 3, 4):
        return {"recipient_name": name, "surname": name, "given_name": name}
    surname, given, middle = split_person_name(name)
    return {"recipient_name": name, "surname": surname, "given_name": given, "middle_name": middle}


def address_for(letter: Outgoing) -> dict[str, Any]:
    """The parsed address fields of the order (index as an integer, as the API wants)."""
    parts = letter.recipient_address_parts or {}
    fields: dict[str, Any] = {
        field: str(parts[key]) for key, field in _PART_FIELDS.items() if parts.get(key) not in (None, "")
    }
    index = parts.get("index") or letter.recipient_index
    if index and str(index).isdigit():
        fields["index_to"] = int(index)
    fields["raw_address"] = letter.recipient_address
    return fields


def order_for(letter: Outgoing) -> Order:
    """The order that creates ``letter`` at Russian Post; ``order_num`` is our reg number."""
    valuable = letter.mail_category == MailCategory.WITH_DECLARED_VALUE
    notice = letter.with_notice or letter.with_electronic_notice
    return Order(
        order_num=letter.reg_number,
        **names_for(letter),
        **address_for(letter),
        tel_address=phone_number(letter.phone),
        mail_type=MailType(letter.mail_type),
        mail_category=MailCategory(letter.mail_category),
        mass=letter.weight_grams,
        postoffice_code=letter.shipping_point_index,
        envelope_type=EnvelopeType(letter.envelope_type),
        payment_method=PaymentMethod.CASHLESS,
        with_order_of_notice=True if letter.with_notice else None,
        with_electronic_notice=True if letter.with_electronic_notice else None,
        notice_payment_method=PaymentMethod.CASHLESS if notice else None,
        inventory=True if letter.with_inventory else None,
        insr_value=letter.declared_value_kopecks if valuable else None,
        fragile=False,
    )


def batch_key(letter: Outgoing) -> tuple[str, str, str, bool, bool, bool]:
    """Letters that may share a batch: same post office, type, category and notice/inventory marks.

    Russian Post splits batches by type and category only, but refuses to mix notice postmarks in
    one batch (reference §3.2), so we group by all of them ourselves.
    """
    return (
        letter.shipping_point_index,
        letter.mail_type,
        letter.mail_category,
        letter.with_notice,
        letter.with_inventory,
        letter.with_electronic_notice,
    )
