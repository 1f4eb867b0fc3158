"""Pydantic models of the Otpravka reference endpoints: tariff, address normalisation, account.

Kept apart from the order and batch models only to keep modules small; same conventions
(kebab-case on the wire, kopecks and grams as integers).
"""

from __future__ import annotations

from pydantic import Field

from pochta._enums import EnvelopeType, MailCategory, MailType, PaymentMethod
from pochta._models import WireModel


class Rate(WireModel):
    """One part of a tariff: amount and its VAT, kopecks."""

    rate: int = 0
    vat: int = 0


class DeliveryTime(WireModel):
    """Promised delivery time in days."""

    min_days: int | None = None
    max_days: int | None = None


class TariffRequest(WireModel):
    """Input of ``POST /1.0/tariff``; ``index_from`` must be one of our shipping points."""

    index_from: str
    index_to: str
    mail_type: MailType = MailType.LETTER
    mail_category: MailCategory = MailCategory.ORDERED
    mass: int
    mail_direct: int = 643
    with_order_of_notice: bool | None = None
    with_simple_notice: bool | None = None
    with_electronic_notice: bool | None = None
    inventory: bool | None = None
    declared_value: int | None = None
    fragile: bool = False
    payment_method: PaymentMethod | None = None
    notice_payment_method: PaymentMethod | None = None
    envelope_type: EnvelopeType | None = None


class Tariff(WireModel):
    """Answer of ``POST /1.0/tariff``. The clerk's cost is ``total_rate + total_vat`` kopecks."""

    total_rate: int
    total_vat: int = 0
    ground_rate: Rate | None = None
    notice_rate: Rate | None = None
    inventory_rate: Rate | None = None
    insurance_rate: Rate | None = None
    delivery_time: DeliveryTime | None = None

    @property
    def total_with_vat(self) -> int:
        """The full price in kopecks."""
        return self.total_rate + self.total_vat


DELIVERABLE_QUALITY = frozenset({"GOOD", "POSTAL_BOX", "ON_DEMAND", "UNDEF_05"})
DELIVERABLE_VALIDATION = frozenset({"VALIDATED", "OVERRIDDEN", "CONFIRMED_MANUALLY"})


class NormalizedAddress(WireModel):
    """One answer of ``POST /1.0/clean/address``, parsed into the parts an order needs."""

    id: str
    original_address: str | None = None
    address_type: str | None = None
    index: str | None = None
    region: str | None = None
    area: str | None = None
    place: str | None = None
    location: str | None = None
    street: str | None = None
    house: str | None = None
    letter: str | None = None
    slash: str | None = None
    corpus: str | None = None
    building: str | None = None
    room: str | None = None
    quality_code: str | None = None
    validation_code: str | None = None

    @property
    def is_deliverable(self) -> bool:
        """The reference's rule: good quality AND validated; otherwise a human must check."""
        return self.quality_code in DELIVERABLE_QUALITY and self.validation_code in DELIVERABLE_VALIDATION


class Product(WireModel):
    """A product a shipping point accepts, e.g. LETTER / ORDERED / LETTER_ORDERED."""

    mail_type: str | None = None
    mail_category: str | None = None
    product_type: str | None = None


class ShippingPoint(WireModel):
    """A post office where we hand over batches (``/1.0/user-shipping-points``)."""

    operator_postcode: str
    ops_address: str | None = None
    enabled: bool = True
    available_mail_types: list[str] = Field(default_factory=list)
    available_products: list[Product] = Field(default_factory=list)


class AccountSettings(WireModel):
    """The account's settings (``/1.0/settings``): only the parts we use are named."""

    mail_rank: str | None = None
    agreement_number: str | None = None
    online_balance_enabled: bool | None = None
    print_from_backlog: bool | None = None


class ApiLimit(WireModel):
    """The daily request quota (``/1.0/settings/limit``)."""

    allowed_count: int
    current_count: int

    @property
    def remaining(self) -> int:
        """Requests left today (never negative)."""
        return max(0, self.allowed_count - self.current_count)
