"""Enumerations of the Russian Post APIs and our own tracking status.

The wire enums are ``StrEnum`` so a model field serialises to the exact API string. Russian Post
adds values over time, so response models keep such fields as plain strings where an unknown value
must not break parsing; request models use the enums so we never send a typo.
"""

from __future__ import annotations

from enum import StrEnum


class MailType(StrEnum):
    """``mail-type``: what kind of item. Letters are ``LETTER``; "registered" is a category."""

    LETTER = "LETTER"
    LETTER_CLASS_1 = "LETTER_CLASS_1"
    BANDEROL = "BANDEROL"
    BANDEROL_CLASS_1 = "BANDEROL_CLASS_1"
    POSTAL_PARCEL = "POSTAL_PARCEL"
    ONLINE_PARCEL = "ONLINE_PARCEL"
    EMS = "EMS"
    COMBINED = "COMBINED"


class MailCategory(StrEnum):
    """``mail-category``: simple, registered (заказное) or with declared value (ценное)."""

    SIMPLE = "SIMPLE"
    ORDERED = "ORDERED"
    ORDINARY = "ORDINARY"
    WITH_DECLARED_VALUE = "WITH_DECLARED_VALUE"
    COMBINED = "COMBINED"


class AddressType(StrEnum):
    """``address-type-to``: street address, PO box, poste restante or military unit."""

    DEFAULT = "DEFAULT"
    PO_BOX = "PO_BOX"
    DEMAND = "DEMAND"
    UNIT = "UNIT"


class EnvelopeType(StrEnum):
    """``envelope-type``: letters must name their envelope (``EMPTY_ENVELOPE_TYPE`` otherwise)."""

    C4 = "C4"
    C5 = "C5"
    C6 = "C6"
    DL = "DL"
    A6 = "A6"
    A7 = "A7"


class PaymentMethod(StrEnum):
    """``payment-method`` / ``notice-payment-method``: how the postage is paid."""

    CASHLESS = "CASHLESS"
    STAMP = "STAMP"
    FRANKING = "FRANKING"


class PrintType(StrEnum):
    """``print-type`` of forms: A5 paper for office printers or A6 thermal labels."""

    PAPER = "PAPER"
    THERMO = "THERMO"


class BatchStatus(StrEnum):
    """``batch-status``. Unknown statuses exist in older API versions, so models keep strings."""

    CREATED = "CREATED"
    FROZEN = "FROZEN"
    ACCEPTED = "ACCEPTED"
    SENT = "SENT"
    ARCHIVED = "ARCHIVED"


class TrackingStatus(StrEnum):
    """Our reading of a tracking event: what it means for the letter, not the raw code.

    ``UNKNOWN`` is a code we cannot interpret (store the raw ids and let a human look);
    events that carry no change of state (sorting, storage) map to ``None``, not to this.
    """

    ACCEPTED = "accepted"
    ARRIVED = "arrived"
    FAILED_ATTEMPT = "failed_attempt"
    DELIVERED = "delivered"
    RETURNING = "returning"
    RETURNED = "returned"
    LOST = "lost"
    CANCELLED = "cancelled"
    UNKNOWN = "unknown"
