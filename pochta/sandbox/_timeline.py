"""The tracking story of each sandbox letter, drawn once from the seed and the barcode.

A letter checked in at ``T`` is accepted, leaves the office, arrives at the destination office and
then, by a deterministic draw, is delivered (sometimes after a failed attempt), returned to the
sender after the 30-day storage, or left unclaimed (no final event). Events appear in answers only
once the sandbox clock passes their time, so tests drive the story by advancing the clock.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Outcomes:
    """Shares of letter fates; the rest are delivered. ``failed_attempt`` applies to delivered ones."""

    returned: float = 0.10
    unclaimed: float = 0.05
    lost: float = 0.0
    failed_attempt: float = 0.20


@dataclass(frozen=True, slots=True)
class PlannedEvent:
    """One future tracking operation of a letter."""

    oper_type: int
    oper_attr: int
    type_name: str
    attr_name: str
    at: dt.datetime
    index: str
    place: str


STORAGE = dt.timedelta(days=30)


def plan(
    barcode: str,
    *,
    seed: int,
    created_at: dt.datetime,
    checked_in_at: dt.datetime,
    from_index: str,
    to_index: str,
    outcomes: Outcomes,
    electronic_notice: bool = False,
) -> list[PlannedEvent]:
    """Every event this letter will ever have, in time order.

    A letter with an electronic notice (ЭУВ) delivered to the addressee gets the notice's own
    event an hour later: 34 «Электронное уведомление загружено».
    """
    rng = random.Random(f"{seed}:{barcode}")
    hours = dt.timedelta(hours=1)
    out = [PlannedEvent(28, 1, "Присвоение идентификатора", "Присвоен", created_at, from_index, "Отправка")]
    accepted = checked_in_at + hours * rng.uniform(1, 4)
    out.append(PlannedEvent(1, 2, "Прием", "Партионный", accepted, from_index, "ОПС места приема"))
    left = accepted + hours * rng.uniform(3, 10)
    out.append(PlannedEvent(8, 1, "Обработка", "Покинуло место приема", left, from_index, "ОПС места приема"))
    arrived = left + dt.timedelta(days=rng.uniform(1, 4))
    out.append(PlannedEvent(8, 2, "Обработка", "Прибыло в место вручения", arrived, to_index, "ОПС вручения"))
    fate = rng.random()
    if fate < outcomes.lost:
        return [
            *out,
            PlannedEvent(5, 1, "Невручение", "Утрачено", arrived + 5 * hours, to_index, "ОПС вручения"),
        ]
    attempt = PlannedEvent(
        12,
        1,
        "Неудачная попытка вручения",
        "Временное отсутствие адресата",
        arrived + 6 * hours,
        to_index,
        "ОПС",
    )
    if fate < outcomes.lost + outcomes.unclaimed:
        return [*out, attempt]
    if fate < outcomes.lost + outcomes.unclaimed + outcomes.returned:
        back = arrived + STORAGE
        return [
            *out,
            attempt,
            PlannedEvent(3, 1, "Возврат", "Истек срок хранения", back, to_index, "ОПС вручения"),
            PlannedEvent(
                2, 2, "Вручение", "Вручение отправителю", back + dt.timedelta(days=4), from_index, "ОПС"
            ),
        ]
    delivered = arrived + hours * rng.uniform(2, 72)
    if rng.random() < outcomes.failed_attempt:
        out.append(attempt)
        delivered = arrived + dt.timedelta(days=rng.uniform(2, 6))
    out.append(PlannedEvent(2, 1, "Вручение", "Вручение адресату", delivered, to_index, "ОПС вручения"))
    if electronic_notice:
        out.append(
            PlannedEvent(
                34, 1, "Электронное уведомление", "Загружено", delivered + hours, to_index, "ОПС вручения"
            )
        )
    return out
