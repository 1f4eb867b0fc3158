"""``SandboxState``: the sandbox's in-memory Russian Post, and its Python API for tests.

All mutation happens under one re-entrant lock, so the threaded loopback server and tests can
touch it at once. Route handlers (``_otpravka_api``, ``_tracking_api``) call these methods and
only translate to and from the wire.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import threading
from collections import Counter
from collections.abc import Iterable
from typing import Any

from pochta._barcode import domestic_check_digit
from pochta.sandbox._clock import SandboxClock
from pochta.sandbox._faults import Faults
from pochta.sandbox._records import StoredBatch, StoredOrder
from pochta.sandbox._timeline import Outcomes, PlannedEvent, plan

DEFAULT_SHIPPING_POINTS = ("109012", "102961")
PositionErrorDict = dict[str, Any]


def _not_found(position: int) -> PositionErrorDict:
    return {"error-code": "NOT_FOUND", "error-description": "Отправление не найдено", "position": position}


def month_code(moment: dt.datetime) -> int:
    """The barcode month: a 99-month cycle from January 2000 (reference §6)."""
    code = ((moment.year - 2000) * 12 + moment.month) % 99
    return code or 99


class SandboxState:
    """The fake account: orders, batches, tickets, quota, clock, faults. Thread-safe."""

    def __init__(
        self,
        *,
        seed: int = 0,
        start: dt.datetime | None = None,
        time_scale: float | None = None,
        daily_quota: int = 100_000,
        outcomes: Outcomes | None = None,
        faults: Faults | None = None,
        shipping_points: Iterable[str] = DEFAULT_SHIPPING_POINTS,
        ticket_delay: dt.timedelta = dt.timedelta(minutes=15),
    ) -> None:
        self.lock = threading.RLock()
        self.seed = seed
        self.clock = SandboxClock(start, time_scale=time_scale)
        self.rng = random.Random(seed)
        self.outcomes = outcomes or Outcomes()
        self.faults = faults or Faults()
        self.shipping_points = set(shipping_points)
        self.ticket_delay = ticket_delay
        self.daily_quota = daily_quota
        self.calls: Counter[str] = Counter()
        self.lost_answers: Counter[str] = Counter()  # "PUT /2.0/user/backlog" -> answers lost after applying
        self._lose_next: dict[str, int] = {}
        self._quota_used: dict[dt.date, int] = {}
        self.orders: dict[int, StoredOrder] = {}
        self.batches: dict[str, StoredBatch] = {}
        self.tickets: dict[str, tuple[dt.datetime, list[str]]] = {}
        self._ids = itertools.count(100_000_001)
        self._serials = itertools.count(0)
        self._batch_names = itertools.count(1)
        self._list_numbers = itertools.count(1)

    # -- clock, quota, faults --------------------------------------------------------------------

    def now(self) -> dt.datetime:
        """Sandbox time (UTC)."""
        return self.clock.now()

    def advance(self, delta: dt.timedelta) -> dt.datetime:
        """Move the clock forward; tracking events up to the new time become visible."""
        with self.lock:
            now = self.clock.advance(delta)
            self._refresh_batches(now)
            return now

    def set_faults(self, **changes: Any) -> Faults:
        """Change fault settings (see ``Faults``); ``set_faults()`` alone keeps them."""
        with self.lock:
            self.faults = self.faults.updated(changes)
            return self.faults

    def clear_faults(self) -> None:
        """Back to a well-behaved Russian Post (pending ``lose_next_answers`` are dropped too)."""
        with self.lock:
            self.faults = Faults()
            self._lose_next.clear()

    def lose_next_answers(self, path: str, count: int = 1) -> None:
        """The next ``count`` writes to paths starting with ``path`` are applied, then their answer
        is lost (as ``lost_answer_mode`` says). Deterministic, unlike ``lost_answer_rate``: a test
        can make exactly the first create call lose its answer."""
        if count < 1:
            raise ValueError("count must be at least 1")
        with self.lock:
            self._lose_next[path] = self._lose_next.get(path, 0) + count

    def take_lost_answer(self, path: str) -> bool:
        """True (and counted down) when a write to ``path`` must lose its answer by ``lose_next_answers``."""
        with self.lock:
            for prefix, left in self._lose_next.items():
                if path.startswith(prefix):
                    if left <= 1:
                        del self._lose_next[prefix]
                    else:
                        self._lose_next[prefix] = left - 1
                    return True
            return False

    def quota_used(self) -> int:
        """Otpravka requests counted today (sandbox day, UTC)."""
        with self.lock:
            return self._quota_used.get(self.now().date(), 0)

    def take_quota(self) -> bool:
        """Count one Otpravka request; False (and not counted) once the day's quota is gone."""
        with self.lock:
            day = self.now().date()
            used = self._quota_used.get(day, 0)
            if self.faults.quota_exhausted or used >= self.daily_quota:
                return False
            self._quota_used[day] = used + 1
            return True

    def set_quota(self, *, allowed: int | None = None, used: int | None = None) -> None:
        """Change today's quota; ``used=allowed`` exhausts it."""
        with self.lock:
            if allowed is not None:
                self.daily_quota = allowed
            if used is not None:
                self._quota_used[self.now().date()] = used

    # -- orders ----------------------------------------------------------------------------------

    def _mint_barcode(self) -> str:
        serial = next(self._serials)
        index = 800_000 + serial // 99_999
        body = f"{index:06d}{month_code(self.now()):02d}{serial % 99_999 + 1:05d}"
        return body + str(domestic_check_digit(body))

    def create_order(self, data: dict[str, Any]) -> StoredOrder:
        """Store a validated order with a fresh id and a valid, unique 14-digit barcode."""
        with self.lock:
            order = StoredOrder(
                id=next(self._ids),
                order_num=str(data["order-num"]),
                barcode=self._mint_barcode(),
                data=dict(data),
                created_at=self.now(),
            )
            self.orders[order.id] = order
            return order

    def live_orders(self) -> list[StoredOrder]:
        """Orders not deleted, in creation order."""
        with self.lock:
            return [o for o in self.orders.values() if not o.deleted]

    def orders_by_num(self, order_num: str) -> list[StoredOrder]:
        """Live orders carrying ``order_num`` (more than one means a duplicate was created)."""
        return [o for o in self.live_orders() if o.order_num == order_num]

    def search(self, query: str, *, batched: bool) -> list[StoredOrder]:
        """Live orders in backlog (or in batches) whose order-num (or barcode, batched) is ``query``."""
        return [
            o
            for o in self.live_orders()
            if bool(o.batch_name) == batched and (o.order_num == query or (batched and o.barcode == query))
        ]

    def backlog_order(self, order_id: int) -> StoredOrder | None:
        """A live order still in "Новые"."""
        order = self.orders.get(order_id)
        return order if order is not None and order.state == "backlog" else None

    def batched_order(self, order_id: int) -> StoredOrder | None:
        """A live order in a batch."""
        order = self.orders.get(order_id)
        return order if order is not None and order.state == "batched" else None

    def delete_backlog(self, ids: list[Any]) -> tuple[list[int], list[PositionErrorDict]]:
        """Delete orders in "Новые"; a batched or unknown id is a per-position ``NOT_FOUND``."""
        done, errors = [], []
        with self.lock:
            for position, order_id in enumerate(ids):
                order = self.backlog_order(order_id) if isinstance(order_id, int) else None
                if order is None:
                    errors.append(_not_found(position))
                    continue
                order.deleted = True
                done.append(order.id)
        return done, errors

    def unbatch(self, ids: list[Any], *, delete: bool) -> tuple[list[int], list[PositionErrorDict]]:
        """Take orders out of their CREATED batch: back to "Новые", or deleted altogether."""
        done, errors = [], []
        with self.lock:
            for position, order_id in enumerate(ids):
                order = self.batched_order(order_id) if isinstance(order_id, int) else None
                if order is None:
                    errors.append(_not_found(position))
                    continue
                batch = self.batches[str(order.batch_name)]
                if batch.status != "CREATED":
                    errors.append(
                        {
                            "error-code": "READONLY_STATE",
                            "error-description": "Изменения в партии недопустимы",
                            "position": position,
                        }
                    )
                    continue
                batch.order_ids.remove(order.id)
                order.batch_name = None
                order.deleted = delete
                done.append(order.id)
        return done, errors

    # -- batches and tracking --------------------------------------------------------------------

    def create_batches(self, ids: list[Any]) -> tuple[list[StoredBatch], list[int], list[PositionErrorDict]]:
        """Batch backlog orders, one new batch per (mail-type, mail-category), as Russian Post splits."""
        made: dict[tuple[str, str], StoredBatch] = {}
        done, errors = [], []
        with self.lock:
            for position, order_id in enumerate(ids):
                order = self.backlog_order(order_id) if isinstance(order_id, int) else None
                if order is None:
                    errors.append(_not_found(position))
                    continue
                key = (str(order.data.get("mail-type")), str(order.data.get("mail-category")))
                if key not in made:
                    name = str(next(self._batch_names))
                    made[key] = StoredBatch(
                        name=name,
                        mail_type=key[0],
                        mail_category=key[1],
                        postoffice_code=str(order.data.get("postoffice-code") or min(self.shipping_points)),
                        status_date=self.now(),
                    )
                    self.batches[name] = made[key]
                made[key].order_ids.append(order.id)
                order.batch_name = made[key].name
                done.append(order.id)
        return list(made.values()), done, errors

    def batch_orders(self, batch: StoredBatch) -> list[StoredOrder]:
        """The live orders of a batch."""
        with self.lock:
            return [self.orders[i] for i in batch.order_ids if not self.orders[i].deleted]

    def checkin(self, name: str) -> dict[str, Any]:
        """Send the e-ф.103: the batch is accepted and its letters start their tracking story."""
        with self.lock:
            batch = self.batches[name]
            if batch.status != "CREATED":
                return {"error-code": "READONLY_STATE", "f103-sent": False}
            now = self.now()
            batch.status, batch.status_date, batch.electronic_f103 = "ACCEPTED", now, True
            batch.list_number, batch.list_number_date = next(self._list_numbers), now.date()
            for order in self.batch_orders(batch):
                order.timeline = plan(
                    order.barcode,
                    seed=self.seed,
                    created_at=order.created_at,
                    checked_in_at=now,
                    from_index=batch.postoffice_code,
                    to_index=str(order.data.get("index-to") or ""),
                    outcomes=self.outcomes,
                    electronic_notice=bool(order.data.get("with-electronic-notice")),
                )
            return {"f103-sent": True}

    def refresh(self) -> None:
        """Bring batch statuses up to the clock (needed when the clock runs by itself)."""
        with self.lock:
            self._refresh_batches(self.now())

    def _refresh_batches(self, now: dt.datetime) -> None:
        """ACCEPTED batches become SENT once any of their letters has an acceptance event."""
        for batch in self.batches.values():
            if batch.status == "ACCEPTED" and any(
                e.oper_type == 1 for o in self.batch_orders(batch) for e in o.events_until(now)
            ):
                batch.status, batch.status_date = "SENT", now

    def events(self, barcode: str) -> list[PlannedEvent] | None:
        """Tracking events of a barcode up to now; ``None`` if no such barcode exists."""
        with self.lock:
            order = next((o for o in self.orders.values() if o.barcode == barcode), None)
            return None if order is None else order.events_until(self.now())

    def new_ticket(self, barcodes: list[str]) -> str:
        """Register a batch-tracking request; the answer is ready after ``ticket_delay``."""
        with self.lock:
            now = self.now()
            ticket = f"{now:%Y%m%d%H%M%S}{len(self.tickets):06d}SANDBOX"
            self.tickets[ticket] = (now, list(barcodes))
            return ticket

    def ticket_barcodes(self, ticket: str) -> list[str] | None:
        """The barcodes of a ready ticket, or ``None`` while not ready (or unknown, as the real one)."""
        with self.lock:
            entry = self.tickets.get(ticket)
            if entry is None or self.now() < entry[0] + self.ticket_delay:
                return None
            return entry[1]
