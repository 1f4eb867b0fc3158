"""Pydantic models of the Otpravka JSON API: kebab-case on the wire, snake_case in Python.

Money is integer kopecks and mass integer grams everywhere, as on the wire, so nothing is ever
rounded. Response models ignore fields they do not name: Russian Post adds fields freely, and a new
field must never break a poll. Usage::

    order = Order(order_num="ИСХ-2026-000045", index_to=115551, mass=20, ...)
    order.to_wire()["order-num"]  # "ИСХ-2026-000045"
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from pochta._enums import AddressType, EnvelopeType, MailCategory, MailType, PaymentMethod
from pochta._exceptions import PochtaRejected, PositionError


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class WireModel(BaseModel):
    """Base: kebab-case aliases, construction by Python name too, unknown wire fields ignored."""

    model_config = ConfigDict(alias_generator=_kebab, populate_by_name=True, extra="ignore")

    def to_wire(self) -> dict[str, Any]:
        """The JSON object Russian Post expects (aliases, no ``None`` fields)."""
        return self.model_dump(by_alias=True, exclude_none=True, mode="json")


class Order(WireModel):
    """A new order (one letter) for ``PUT /2.0/user/backlog`` and ``PUT /1.0/backlog/{id}``.

    ``order_num`` is our outgoing reg number: the key that makes creation idempotent.
    ``fragile`` is always sent because the API requires it (``ILLEGAL_FRAGILE`` otherwise).
    """

    model_config = ConfigDict(extra="forbid")

    order_num: str
    address_type_to: AddressType = AddressType.DEFAULT
    index_to: int | None = None
    region_to: str | None = None
    area_to: str | None = None
    place_to: str | None = None
    location_to: str | None = None
    street_to: str | None = None
    house_to: str | None = None
    letter_to: str | None = None
    slash_to: str | None = None
    corpus_to: str | None = None
    building_to: str | None = None
    room_to: str | None = None
    office_to: str | None = None
    num_address_type_to: str | None = None
    raw_address: str | None = None
    surname: str | None = None
    given_name: str | None = None
    middle_name: str | None = None
    recipient_name: str | None = None
    tel_address: int | None = None
    mail_type: MailType = MailType.LETTER
    mail_category: MailCategory = MailCategory.ORDERED
    mail_direct: int = 643
    mass: int | None = None
    postoffice_code: str | None = None
    envelope_type: EnvelopeType | None = None
    payment_method: PaymentMethod | None = PaymentMethod.CASHLESS
    notice_payment_method: PaymentMethod | None = None
    with_order_of_notice: bool | None = None
    with_simple_notice: bool | None = None
    with_electronic_notice: bool | None = None
    inventory: bool | None = None
    insr_value: int | None = None
    fragile: bool = False
    wo_mail_rank: bool | None = None
    comment: str | None = None
    sender_name: str | None = None


class OrderInfo(WireModel):
    """An order as Russian Post returns it (backlog or batch). Rates are kopecks."""

    id: int
    order_num: str | None = None
    barcode: str | None = None
    version: int | None = None
    mail_type: str | None = None
    mail_category: str | None = None
    mass: int | None = None
    index_to: int | None = None
    recipient_name: str | None = None
    postoffice_code: str | None = None
    postmarks: list[str] = Field(default_factory=list)
    ground_rate: int | None = None
    ground_rate_with_vat: int | None = None
    total_rate_wo_vat: int | None = None
    total_vat: int | None = None
    batch_name: str | None = None
    batch_status: str | None = None
    last_oper_type: str | None = None
    last_oper_attr: str | None = None
    last_oper_date: str | None = None
    human_operation_name: str | None = None

    @property
    def total_with_vat(self) -> int | None:
        """What the letter costs us, VAT included, in kopecks (None until priced)."""
        if self.total_rate_wo_vat is None:
            return None
        return self.total_rate_wo_vat + (self.total_vat or 0)


class CreatedOrder(WireModel):
    """One order that ``create_orders`` created; ``position`` is its index in the caller's list."""

    position: int = 0
    result_id: int
    order_num: str | None = None
    barcode: str | None = None


@dataclass(frozen=True, slots=True)
class CreateOrdersResult:
    """What ``create_orders`` did: orders created and per-position refusals, never both lost.

    Validation errors arrive inside an HTTP 200, so they are data here, not an exception; call
    ``raise_for_errors()`` when any refusal should stop the caller.
    """

    created: list[CreatedOrder] = field(default_factory=list)
    errors: list[PositionError] = field(default_factory=list)

    def raise_for_errors(self) -> None:
        """Raise ``PochtaRejected`` carrying every per-position error, if there is any."""
        if self.errors:
            raise PochtaRejected(self.errors)


@dataclass(frozen=True, slots=True)
class IdsResult:
    """Answer of delete / return-to-new / edit: ids that worked, per-position errors for the rest."""

    result_ids: list[int] = field(default_factory=list)
    errors: list[PositionError] = field(default_factory=list)

    def raise_for_errors(self) -> None:
        """Raise ``PochtaRejected`` if any position failed."""
        if self.errors:
            raise PochtaRejected(self.errors)


class Batch(WireModel):
    """A batch (партия): orders handed over together under one ф.103 list. Sums in kopecks."""

    batch_name: str
    batch_status: str | None = None
    batch_status_date: str | None = None
    list_number: int | None = None
    list_number_date: str | None = None
    mail_type: str | None = None
    mail_category: str | None = None
    postoffice_code: str | None = None
    shipment_count: int | None = None
    shipment_mass: int | None = None
    shipment_rate_sum: int | None = None
    shipment_rate_vat_sum: int | None = None
    electronic_f103: bool | None = None


@dataclass(frozen=True, slots=True)
class CreateBatchResult:
    """Answer of ``POST /1.0/user/shipment``: the batches made (split by type/category) and refusals."""

    batches: list[Batch] = field(default_factory=list)
    result_ids: list[int] = field(default_factory=list)
    errors: list[PositionError] = field(default_factory=list)


class CheckinResult(WireModel):
    """Answer of check-in: ``f103_sent`` True, or False with an ``error_code``."""

    f103_sent: bool = False
    error_code: str | None = None


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


def sending_date_param(value: dt.date | None) -> dict[str, str]:
    """The ``sending-date`` query parameter, or nothing."""
    return {} if value is None else {"sending-date": value.isoformat()}
