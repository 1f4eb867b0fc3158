"""The final status a proof of dispatch states, from a letter's stored tracking events."""

from __future__ import annotations

import datetime as dt

from db.models import TrackingEvent
from tasks.outgoing.proof import final_status

T0 = dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC)


def _event(oper_type: int, attr: int, days: float, name: str = "", status: str = "info") -> TrackingEvent:
    return TrackingEvent(
        barcode="80082240994512",
        oper_type=oper_type,
        oper_attr=attr,
        oper_name=name or None,
        status=status,
        happened_at=T0 + dt.timedelta(days=days),
    )


ACCEPTED = _event(1, 2, 0, "Прием", "accepted")
ARRIVED = _event(8, 2, 2, "Обработка", "arrived")


def test_final_status_of_a_delivered_letter_names_the_day_in_moscow_time() -> None:
    status = final_status([_event(2, 1, 3, "Вручение", "delivered"), ACCEPTED, ARRIVED])
    assert status.text == "вручено адресату 04.10.2026 12:00"
    assert status.legal_note is None and not status.deemed_delivered


def test_final_status_of_a_return_after_the_storage_term_is_deemed_delivered() -> None:
    back = [_event(3, 1, 32, "Возврат", "returning"), _event(2, 2, 36, "Вручение", "returned")]
    status = final_status([ACCEPTED, ARRIVED, *back])
    assert status.deemed_delivered
    assert status.text.startswith("возвращено за истечением срока хранения 02.11.2026 12:00")
    assert "получено отправителем 06.11.2026 12:00" in status.text
    assert status.legal_note is not None and "ст. 165.1 ГК РФ" in status.legal_note


def test_final_status_of_a_return_for_another_reason_names_it_without_deeming_delivery() -> None:
    status = final_status([ACCEPTED, ARRIVED, _event(3, 10, 5, "Возврат", "returning")])
    assert status.text == "возвращено отправителю (неверный адрес) 06.10.2026 12:00"
    assert not status.deemed_delivered and status.legal_note is None


def test_final_status_of_a_letter_on_its_way_names_the_last_operation() -> None:
    status = final_status([ACCEPTED, ARRIVED])
    assert status.text == (
        "окончательного статуса ещё нет; последняя операция: "
        "Обработка: прибыло в место вручения 03.10.2026 12:00"
    )
    assert final_status([]).text == "операций по отправлению ещё нет"
