"""Places named in any grammatical case; district adjectives and streets are not places."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.geo import REGIONS, place_keys


@pytest.mark.parametrize(
    "text",
    ["ОСП по Ленинскому району г. Перми", "614000, Пермь, ул. Мира, д. 5", "ГУФССП России по Пермскому краю",
     "ОТДЕЛ СУДЕБНЫХ ПРИСТАВОВ ПО ЛЕНИНСКОМУ РАЙОНУ Г. ПЕРМИ", "Пермского края"],
)  # fmt: skip
def test_place_keys_reads_perm_in_any_case_and_in_capitals(text: str) -> None:
    assert "region:59" in place_keys(text)


def test_place_keys_reads_regions_by_their_adjective_and_republics_either_way() -> None:
    assert "region:66" in place_keys("УФССП России по Свердловской области")
    assert "region:16" in place_keys("УФССП по Республике Татарстан")
    assert "region:18" in place_keys("Управление ФССП по Удмуртской Республике")
    assert {"city:ростов-на-дону", "region:61"} <= place_keys("г. Ростова-на-Дону")


@pytest.mark.parametrize(
    "text", ["Кировский районный суд", "ОСП по Кировскому району", "ул. Кирова, д. 3", "Московский РОСП"]
)
def test_place_keys_ignores_district_adjectives_and_streets(text: str) -> None:
    assert place_keys(text) == set()


_CAPITALS = sorted({city for _, city in REGIONS.values() if city and "-" not in city and " " not in city})


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(_CAPITALS))
def test_place_keys_maps_every_single_word_capital_after_g_to_its_region(city: str) -> None:
    code = next(code for code, (_, capital) in REGIONS.items() if capital == city)
    assert f"region:{code}" in place_keys(f"ОСП по Центральному району г. {city.title()}")


def test_place_keys_takes_no_preposition_for_a_republics_name_in_capitals() -> None:
    """«ПО РЕСПУБЛИКЕ БАШКОРТОСТАН» reads «По Республике …»: «По» is not the republic, Башкортостан is."""
    assert place_keys("ГУФССП РОССИИ ПО РЕСПУБЛИКЕ БАШКОРТОСТАН") == {"region:02"}
    assert place_keys("УФССП ПО УДМУРТСКОЙ РЕСПУБЛИКЕ") == {"region:18"}
