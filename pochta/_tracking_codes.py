"""Russian Post operation type / attribute codes → our ``TrackingStatus`` (reference §5.3).

The table is conservative: a letter is called *delivered* only for the attribute ids the reference
lists as "вручение адресату", because a wrong "delivered" date is a legal error in debt collection.
Other ``2/*`` attributes become ``UNKNOWN`` (a human looks) while still counting as final, as LG's
``isFinal`` does. Events that change nothing (sorting, storage, notices) map to ``None``.
"""

from __future__ import annotations

from pochta._enums import TrackingStatus

ACCEPTANCE = 1
GIVING = 2
RETURN = 3
NON_DELIVERY = 5
PROCESSING = 8
FAILED_ATTEMPT = 12
CANCELLATION = 26
ID_ASSIGNMENT = 28
SECOND_FAILED_ATTEMPT = 42
E_NOTICE_LOADED = 34  # «электронное уведомление загружено»: the ЭУВ of delivery is ready for us
E_NOTICE_REFUSED = 45  # «отказ от отправки ЭУВ получателем»
LOSS_REGISTRATION = 18

ARRIVED_AT_DELIVERY_OFFICE = 2
_DELIVERED_ATTRS = frozenset({1, 5, 6, 8, 10, 11, 12, 13, 17, 18, 25, 26, 27})
# 2/2, 2/7, 2/9: handed back to the sender; 2/28-31 are "отправителю ..." variants.
_RETURNED_ATTRS = frozenset({2, 7, 9, 28, 29, 30, 31})
_LOST = frozenset({(NON_DELIVERY, 1)})
# Known types that carry no change of state for a letter (None), per the reference table.
_INFORMATIONAL = frozenset(
    {
        4,
        6,
        7,
        9,
        10,
        11,
        13,
        14,
        19,
        20,
        21,
        22,
        23,
        24,
        25,
        27,
        ID_ASSIGNMENT,
        31,
        E_NOTICE_LOADED,
        E_NOTICE_REFUSED,
    }
)
# LG's isFinal: every 2/*, 5/1, 5/2 and types 15-18.
_FINAL_TYPES = frozenset({GIVING, 15, 16, 17, 18})


def status_for(oper_type: int, oper_attr: int | None) -> TrackingStatus | None:
    """Our status for one event, ``None`` when the event changes nothing for the letter."""
    attr = oper_attr if oper_attr is not None else 0
    if oper_type == ACCEPTANCE:
        return TrackingStatus.ACCEPTED
    if oper_type == GIVING:
        if attr in _DELIVERED_ATTRS:
            return TrackingStatus.DELIVERED
        if attr in _RETURNED_ATTRS:
            return TrackingStatus.RETURNED
        return TrackingStatus.UNKNOWN  # 2/3, 2/4 (parcel terminal) and others: not guessed
    if oper_type == RETURN:
        return TrackingStatus.RETURNING
    if oper_type in (FAILED_ATTEMPT, SECOND_FAILED_ATTEMPT):
        return TrackingStatus.FAILED_ATTEMPT
    if oper_type == CANCELLATION:
        return TrackingStatus.CANCELLED
    if (oper_type, attr) in _LOST or oper_type == LOSS_REGISTRATION:
        return TrackingStatus.LOST
    if oper_type == PROCESSING:
        return TrackingStatus.ARRIVED if attr == ARRIVED_AT_DELIVERY_OFFICE else None
    if oper_type == NON_DELIVERY and attr == 2:
        return TrackingStatus.UNKNOWN  # seized (изъято): final, and a human must look
    if oper_type in _INFORMATIONAL or oper_type == NON_DELIVERY:
        return None
    return TrackingStatus.UNKNOWN


def e_notice_outcome(oper_type: int) -> str | None:
    """What an event says of the electronic notice of delivery (ЭУВ): ``received``, ``refused`` or None."""
    if oper_type == E_NOTICE_LOADED:
        return "received"
    if oper_type == E_NOTICE_REFUSED:
        return "refused"
    return None


def is_final(oper_type: int, oper_attr: int | None) -> bool:
    """True when no further events are expected, so polling this barcode can stop."""
    if oper_type in _FINAL_TYPES:
        return True
    return oper_type == NON_DELIVERY and oper_attr in (1, 2)
