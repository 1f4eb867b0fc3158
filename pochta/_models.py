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
    notice_rate_wo_vat: int | None = None
    notice_rate_with_vat: int | None = None
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

    @property
    def notice_with_vat(self) -> int | None:
        """What the order's notice of delivery (paper or electronic) costs, VAT included, in kopecks."""
        return self.notice_rate_with_vat


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


def sending_date_param(value: dt.date | None) -> dict[str, str]:
    """The ``sending-date`` query parameter, or nothing."""
    return {} if value is None else {"sending-date": value.isoformat()}
