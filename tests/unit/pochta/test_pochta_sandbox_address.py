"""The sandbox's address cleaning and printed forms, as the outgoing side relies on them."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from pochta import OtpravkaClient
from tests.unit.pochta.pochta_factories import make_order


def test_a_flat_address_is_parsed_into_street_house_and_flat(otpravka: OtpravkaClient) -> None:
    (answer,) = otpravka.normalize_address(["101000, г. Москва, ул. Ленина, д. 83, кв. 136"])
    assert answer.is_deliverable and answer.quality_code == "GOOD"
    assert (answer.index, answer.region, answer.place) == ("101000", "г. Москва", "г. Москва")
    assert (answer.street, answer.house, answer.room) == ("ул. Ленина", "83", "136")


def test_house_with_corpus_and_a_region_in_any_order(otpravka: OtpravkaClient) -> None:
    first, second = otpravka.normalize_address(
        [
            "Московская обл., г. Химки, пр-т Мира, 5к2, 141400",
            "Тверская обл., Калининский р-н, д. Ивановка, ул. Центральная, д. 3 кв. 7, 170000",
        ]
    )
    assert (first.region, first.place, first.street, first.house, first.corpus) == (
        "Московская обл.",
        "г. Химки",
        "пр-т Мира",
        "5",
        "2",
    )
    assert first.is_deliverable
    expected = ("Калининский р-н", "д. Ивановка", "3", "7")
    assert (second.area, second.place, second.house, second.room) == expected


def test_a_big_city_without_its_region_gets_it_as_the_register_would(otpravka: OtpravkaClient) -> None:
    (answer,) = otpravka.normalize_address(["630099, г. Новосибирск, ул. Каменская, д. 12"])
    assert answer.is_deliverable and answer.region == "Новосибирская обл."


@pytest.mark.parametrize(
    ("raw", "quality"),
    [
        ("101000, г. Москва, ул. Ленина", "UNDEF_04"),  # no house
        ("101000, г. Москва, 83", "UNDEF_03"),  # no street
        ("г. Урюпинск, ул. Ленина, д. 5, 403110", "UNDEF_01"),  # no region, and not a city it knows
        ("где-то там", "UNDEF_01"),
        ("Казахстан, г. Алматы, ул. Абая, д. 1", "UNDEF_07"),
        ("101000, г. Москва, ул. Ленина, д. 1, за гаражами", "UNDEF_06"),
        ("г. Москва, ул. Ленина, д. 1", "UNDEF_06"),  # no index
    ],
)
def test_what_cannot_be_parsed_gets_the_real_quality_code(
    otpravka: OtpravkaClient, raw: str, quality: str
) -> None:
    (answer,) = otpravka.normalize_address([raw])
    assert answer.quality_code == quality and not answer.is_deliverable


def test_the_f103_prints_names_and_numbers_in_cyrillic(otpravka: OtpravkaClient) -> None:
    result = otpravka.create_orders([make_order("ИСХ-2026-000077", recipient_name="Пётр Щукин")])
    result.raise_for_errors()
    batch = otpravka.create_batch([result.created[0].result_id]).batches[0].batch_name
    assert otpravka.checkin_batch(batch).f103_sent
    text = PdfReader(io.BytesIO(otpravka.print_f103(batch))).pages[0].extract_text()
    assert "Список ф.103" in text and "ИСХ-2026-000077" in text and "Пётр Щукин" in text
