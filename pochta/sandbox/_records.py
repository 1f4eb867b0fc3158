"""The sandbox's stored records: orders and batches, and how they look on the wire."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from pochta.sandbox._pricing import order_rates
from pochta.sandbox._timeline import PlannedEvent


@dataclass(slots=True)
class StoredOrder:
    """One order: the object as sent, plus what Russian Post adds (id, barcode, batch, fate)."""

    id: int
    order_num: str
    barcode: str
    data: dict[str, Any]
    created_at: dt.datetime
    batch_name: str | None = None
    deleted: bool = False
    version: int = 1
    timeline: list[PlannedEvent] = field(default_factory=list)

    @property
    def state(self) -> str:
        """``backlog``, ``batched`` or ``deleted``: where the order lives now."""
        if self.deleted:
            return "deleted"
        return "batched" if self.batch_name else "backlog"

    def events_until(self, now: dt.datetime) -> list[PlannedEvent]:
        """Tracking events that have happened by ``now``."""
        return [e for e in self.timeline if e.at <= now]

    def wire(self, batch: StoredBatch | None = None) -> dict[str, Any]:
        """The order object as the API returns it (reference §2.4)."""
        out: dict[str, Any] = {
            **self.data,
            "id": self.id,
            "barcode": self.barcode,
            "version": self.version,
            "mail-rank": "WO_RANK",
            "transport-type": "SURFACE",
            **order_rates(self.data),
        }
        if batch is not None:
            out["batch-name"] = batch.name
            out["batch-status"] = batch.status
        return out


@dataclass(slots=True)
class StoredBatch:
    """One batch; ``status`` moves CREATED → ACCEPTED (check-in) → SENT (first acceptance event)."""

    name: str
    mail_type: str
    mail_category: str
    postoffice_code: str
    status_date: dt.datetime
    status: str = "CREATED"
    order_ids: list[int] = field(default_factory=list)
    list_number: int | None = None
    list_number_date: dt.date | None = None
    electronic_f103: bool = False

    def wire(self, orders: list[StoredOrder]) -> dict[str, Any]:
        """The batch object as the API returns it; sums over its orders, in kopecks."""
        rates = [order_rates(o.data) for o in orders]
        return {
            "batch-name": self.name,
            "batch-status": self.status,
            "batch-status-date": self.status_date.isoformat().replace("+00:00", "Z"),
            "list-number": self.list_number,
            "list-number-date": self.list_number_date.isoformat() if self.list_number_date else None,
            "mail-type": self.mail_type,
            "mail-category": self.mail_category,
            "postoffice-code": self.postoffice_code,
            "shipment-count": len(orders),
            "shipment-mass": sum(int(o.data.get("mass") or 0) for o in orders),
            "shipment-rate-sum": sum(r["total-rate-wo-vat"] for r in rates),
            "shipment-rate-vat-sum": sum(r["total-vat"] for r in rates),
            "electronic-f103": self.electronic_f103,
            "payment-method": "CASHLESS",
            "transport-type": "SURFACE",
        }
