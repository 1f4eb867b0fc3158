"""What the register search takes and gives back: a filter, flattened rows, one page."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class IncomingFilter:
    """What the register is narrowed to; every field is optional. ``received_to`` is exclusive."""

    text: str = ""
    sender_id: int | None = None
    document_type_id: int | None = None
    case_id: int | None = None
    status: str | None = None
    received_from: datetime | None = None
    received_to: datetime | None = None
    order: str = "newest"
    """``newest`` (the register's own order), ``oldest``, ``number`` or ``sender`` (``paging.ORDERS``)."""


@dataclass(frozen=True, slots=True)
class IncomingRow:
    """One line of the register, flattened for a table; no blobs, no identifiers of people."""

    id: int
    reg_number: str
    received_at: datetime
    status: str
    source: str
    sender_name: str | None
    comment: str | None
    document_types: tuple[str, ...] = ()
    case_numbers: tuple[str, ...] = ()
    debtor_names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class IncomingPage:
    rows: list[IncomingRow]
    total: int
    page: int
    page_size: int
    more: bool = False
    """True when ``total`` is a lower bound: counting stops at ``COUNT_CAP`` (a needle) or
    ``REGISTER_COUNT_CAP`` (none)."""
    too_short: bool = False
    """The needle was shorter than ``MIN_NEEDLE_LENGTH``: nothing searched, the page asks for more."""

    @property
    def total_label(self) -> str:
        """The count as a clerk reads it: «более 10 000» when counting stopped at a cap."""
        number = f"{self.total:,}".replace(",", " ")
        return f"более {number}" if self.more else number

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size)) + (1 if self.more else 0)
