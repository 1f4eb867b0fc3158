"""Factories of the pochta tests (a plain module: test files import it by this unique name)."""

from __future__ import annotations

from typing import Any

from pochta import EnvelopeType, Order

BASE_URL = "https://otpravka-api.pochta.ru"
TRACKING_URL = "https://tracking.russianpost.ru"


def make_order(num: str = "ИСХ-2026-000001", **overrides: Any) -> Order:
    """A valid registered letter with notice of delivery; override any field."""
    fields: dict[str, Any] = {
        "order_num": num,
        "index_to": 115551,
        "region_to": "г. Москва",
        "place_to": "г. Москва",
        "street_to": "шоссе Каширское",
        "house_to": "94",
        "surname": "Иванов",
        "given_name": "Петр",
        "middle_name": "Игоревич",
        "recipient_name": "Иванов Петр Игоревич",
        "mass": 20,
        "postoffice_code": "109012",
        "envelope_type": EnvelopeType.DL,
        "with_order_of_notice": True,
    }
    fields.update(overrides)
    return Order(**fields)
