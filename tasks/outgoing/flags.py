"""Flags a letter can carry: machine codes stored in ``outgoing.flags``, Russian text for clerks.

A flag is a fact a clerk must see (returned, unclaimed, missing at Russian Post, refused by it).
Flags that block the sync (``BLOCKING``) keep the letter out of every automatic step until a clerk
acts; the others only inform.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class Flag(StrEnum):
    """Codes stored as keys of ``outgoing.flags``; values hold details (dates, API codes)."""

    REJECTED = "rejected"  # Russian Post refused the order: fix the letter, then resubmit
    ADDRESS_UNRECOGNISED = "address_unrecognised"  # normalisation could not parse the address
    MISSING_AT_POCHTA = "missing_at_pochta"  # the order vanished (deleted in the cabinet?)
    DUPLICATE_AT_POCHTA = "duplicate_at_pochta"  # more than one order carries our number
    CHECKIN_REFUSED = "checkin_refused"  # the batch could not be checked in
    RETURNING = "returning"  # tracking: on its way back to us
    RETURNED = "returned"  # tracking: handed back to us
    UNCLAIMED = "unclaimed"  # storage period over, nobody collected it
    LOST = "lost"
    CANCELLED = "cancelled"
    NEEDS_ATTENTION = "needs_attention"  # a final tracking event we cannot interpret
    TRACKING_ERROR = "tracking_error"  # the tracking service does not know the barcode
    TRACKING_FINAL = "tracking_final"  # no more events expected: stop polling
    DELETE_REQUESTED = "delete_requested"  # a clerk asked to delete it: the deletion flow acts next
    CONTACT_GUARDED = "contact_guarded"  # the debtor is under a contact guard (230-ФЗ): held at sync


BLOCKING = frozenset(
    {
        Flag.REJECTED,
        Flag.ADDRESS_UNRECOGNISED,
        Flag.MISSING_AT_POCHTA,
        Flag.DUPLICATE_AT_POCHTA,
        Flag.DELETE_REQUESTED,
        Flag.CONTACT_GUARDED,
    }
)

_TEXTS: dict[Flag, str] = {
    Flag.REJECTED: "Почта России не приняла заказ",
    Flag.ADDRESS_UNRECOGNISED: "Адрес получателя не распознан, проверьте его",
    Flag.MISSING_AT_POCHTA: "Заказ не найден в «Отправке» (возможно, удалён в личном кабинете)",
    Flag.DUPLICATE_AT_POCHTA: "В «Отправке» несколько заказов с этим номером",
    Flag.CHECKIN_REFUSED: "Партию не удалось передать в отделение (ф.103 не отправлена)",
    Flag.RETURNING: "Письмо возвращается отправителю",
    Flag.RETURNED: "Письмо вернулось отправителю",
    Flag.UNCLAIMED: "Письмо не востребовано адресатом",
    Flag.LOST: "Письмо утрачено",
    Flag.CANCELLED: "Отправка отменена",
    Flag.NEEDS_ATTENTION: "Непонятный статус отслеживания, нужна проверка",
    Flag.TRACKING_ERROR: "Трек-номер не найден в сервисе отслеживания",
    Flag.TRACKING_FINAL: "Отслеживание завершено",
    Flag.DELETE_REQUESTED: "Удаление запрошено: заказ удаляется в «Отправке»",
    Flag.CONTACT_GUARDED: "Задержано: должнику нельзя писать (ограничение по 230-ФЗ / банкротству)",
}


def describe(flag: str) -> str:
    """The Russian label of a flag code (the code itself if unknown, so nothing is hidden)."""
    try:
        return _TEXTS[Flag(flag)]
    except ValueError:
        return flag


def is_blocked(flags: dict[str, Any]) -> bool:
    """True when a flag keeps the letter out of automatic steps."""
    return any(code in flags for code in BLOCKING)
