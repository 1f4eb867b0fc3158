"""The mapping of a letter to a Russian Post order."""

from __future__ import annotations

from db.models import Outgoing
from tasks.outgoing.payload import batch_key, order_for, phone_number, split_person_name


def _letter(**overrides: object) -> Outgoing:
    values: dict[str, object] = {
        "reg_number": "ИСХ-2026-000045",
        "shipping_point_index": "109012",
        "mail_type": "LETTER",
        "mail_category": "ORDERED",
        "with_notice": True,
        "with_inventory": False,
        "declared_value_kopecks": None,
        "weight_grams": 25,
        "envelope_type": "DL",
        "recipient_name": "Иванов Пётр Игоревич",
        "recipient_address": "115551, г. Москва, шоссе Каширское, 94, кв. 1",
        "recipient_index": "115551",
        "recipient_address_parts": {
            "index": "115551",
            "region": "г. Москва",
            "place": "г. Москва",
            "street": "шоссе Каширское",
            "house": "94",
            "room": "1",
        },
        "phone": "8 (926) 123-45-67",
        "description": "Претензия о погашении задолженности",
    }
    return Outgoing(**(values | overrides))


def test_order_for_carries_reg_number_as_order_num_and_parsed_address() -> None:
    wire = order_for(_letter()).to_wire()
    assert wire["order-num"] == "ИСХ-2026-000045"
    assert wire["index-to"] == 115551
    assert (wire["street-to"], wire["house-to"], wire["room-to"]) == ("шоссе Каширское", "94", "1")
    assert (wire["surname"], wire["given-name"], wire["middle-name"]) == ("Иванов", "Пётр", "Игоревич")
    assert wire["with-order-of-notice"] is True and wire["notice-payment-method"] == "CASHLESS"
    assert wire["fragile"] is False and wire["envelope-type"] == "DL" and wire["mass"] == 25
    assert wire["postoffice-code"] == "109012" and wire["tel-address"] == 79261234567


def test_order_for_never_sends_the_description_when_it_hints_at_debt() -> None:
    wire = order_for(_letter()).to_wire()
    assert not any("задолж" in str(value) for value in wire.values())
    assert "comment" not in wire


def test_order_for_valuable_letter_sends_inventory_and_declared_value() -> None:
    letter = _letter(mail_category="WITH_DECLARED_VALUE", with_inventory=True, declared_value_kopecks=100)
    wire = order_for(letter).to_wire()
    assert wire["mail-category"] == "WITH_DECLARED_VALUE"
    assert wire["inventory"] is True and wire["insr-value"] == 100


def test_order_for_organisation_uses_its_name_for_the_required_name_parts() -> None:
    wire = order_for(
        _letter(recipient_name="Арбитражный суд города Москвы", recipient_counterparty_id=7)
    ).to_wire()
    assert wire["recipient-name"] == wire["surname"] == wire["given-name"] == "Арбитражный суд города Москвы"


def test_phone_number_normalises_russian_numbers_and_drops_garbage() -> None:
    assert phone_number("+7 926 123-45-67") == 79261234567
    assert phone_number("9261234567") == 79261234567
    assert phone_number("12-34") is None
    assert phone_number(None) is None


def test_split_person_name_keeps_compound_patronymics() -> None:
    assert split_person_name("Мамедов Рашид Алиевич оглы") == ("Мамедов", "Рашид", "Алиевич оглы")


def test_batch_key_separates_letters_with_and_without_notice() -> None:
    assert batch_key(_letter()) != batch_key(_letter(with_notice=False))
    assert batch_key(_letter()) == batch_key(_letter(recipient_name="Другой Человек Иванович"))
