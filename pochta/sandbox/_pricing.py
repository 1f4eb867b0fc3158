"""Deterministic prices of the sandbox, in kopecks, shaped like ``POST /1.0/tariff``.

The numbers are plausible, not Russian Post's price list: the client and the CRM only need them
to be integers that grow with weight, notices, inventory and declared value.
"""

from __future__ import annotations

from typing import Any

VAT_PERCENT = 20


def _rate(amount: int) -> dict[str, int]:
    return {"rate": amount, "vat": amount * VAT_PERCENT // 100}


def price(request: dict[str, Any]) -> dict[str, Any]:
    """The tariff answer for an order or tariff request (kopecks, VAT separate)."""
    mass = int(request.get("mass") or 0)
    category = request.get("mail-category")
    steps = max(0, (mass - 1) // 20)
    base = 9000 if category != "WITH_DECLARED_VALUE" else 13000
    parts: dict[str, dict[str, int]] = {"ground-rate": _rate(base + 250 * steps)}
    if request.get("with-order-of-notice"):
        parts["notice-rate"] = _rate(8000)
    elif request.get("with-electronic-notice"):
        parts["notice-rate"] = _rate(4000)
    elif request.get("with-simple-notice"):
        parts["notice-rate"] = _rate(5000)
    if request.get("inventory"):
        parts["inventory-rate"] = _rate(6000)
    declared = int(request.get("declared-value") or request.get("insr-value") or 0)
    if declared:
        parts["insurance-rate"] = _rate(max(1, declared * 4 // 100))
    total = sum(p["rate"] for p in parts.values())
    vat = sum(p["vat"] for p in parts.values())
    return {
        **parts,
        "total-rate": total,
        "total-vat": vat,
        "delivery-time": {"min-days": 2, "max-days": 6},
    }


def order_rates(order: dict[str, Any]) -> dict[str, int]:
    """The rate fields an order object carries once created (reference §2.4)."""
    tariff = price(order)
    ground = tariff["ground-rate"]
    notice = tariff.get("notice-rate")
    notice_rates = (
        {"notice-rate-wo-vat": notice["rate"], "notice-rate-with-vat": notice["rate"] + notice["vat"]}
        if notice
        else {}
    )
    return {
        **notice_rates,
        "ground-rate": ground["rate"],
        "ground-rate-with-vat": ground["rate"] + ground["vat"],
        "ground-rate-wo-vat": ground["rate"],
        "total-rate-wo-vat": tariff["total-rate"],
        "total-vat": tariff["total-vat"],
    }
