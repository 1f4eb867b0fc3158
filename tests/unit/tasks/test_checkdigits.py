"""Property tests for the check-digit validators: valid by construction, invalid after a misread."""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from tasks.checkdigits import (
    complete_inn,
    is_valid_barcode,
    is_valid_inn,
    is_valid_ogrn,
    is_valid_snils,
    snils_check_number,
)

_INN10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def _check(digits: str, weights: tuple[int, ...]) -> str:
    return str(sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11 % 10)


def _digits(n: int) -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789", min_size=n, max_size=n)


def _inn10(body: str) -> str:
    return body + _check(body, _INN10)


def _inn12(body: str) -> str:
    body += _check(body, _INN11)
    return body + _check(body, _INN12)


def _mutate(value: str, position: int, digit: str) -> str:
    return value[:position] + digit + value[position + 1 :]


@given(_digits(9))
def test_is_valid_inn_accepts_computed_10_digit(body: str) -> None:
    assert is_valid_inn(_inn10(body))


@given(_digits(10))
def test_is_valid_inn_accepts_computed_12_digit(body: str) -> None:
    assert is_valid_inn(_inn12(body))


@given(_digits(9), st.integers(0, 9), st.sampled_from("0123456789"))
def test_is_valid_inn_rejects_changed_check_digit(body: str, _pos: int, digit: str) -> None:
    inn = _inn10(body)
    assume(digit != inn[9])
    assert not is_valid_inn(_mutate(inn, 9, digit))


@given(_digits(10), st.integers(0, 11), st.sampled_from("0123456789"))
def test_is_valid_inn_rejects_inserted_digit(body: str, position: int, digit: str) -> None:
    inn = _inn12(body)
    assert not is_valid_inn(inn[:position] + digit + inn[position:])


def test_is_valid_inn_rejects_the_ocr_misread_from_domain_notes() -> None:
    assert is_valid_inn("500100732259")
    assert not is_valid_inn("5001007732259")
    assert not is_valid_inn("500100732258")


@given(st.integers(1_001_999, 999_999_999))
def test_is_valid_snils_accepts_computed(number: int) -> None:
    first9 = str(number).zfill(9)
    assert is_valid_snils(f"{first9}{snils_check_number(first9):02d}")


@given(st.integers(1_001_999, 999_999_999), st.integers(0, 8), st.integers(1, 9))
def test_is_valid_snils_rejects_one_changed_digit(number: int, position: int, delta: int) -> None:
    """Weights 9..1 are all below 101, so changing one digit changes the sum by < 101 and ≠ 0 mod 101."""
    first9 = str(number).zfill(9)
    snils = f"{first9}{snils_check_number(first9):02d}"
    digit = str((int(first9[position]) + delta) % 10)
    mutated = _mutate(snils, position, digit)
    assume(int(mutated[:9]) > 1_001_998)
    total = sum(int(d) * w for d, w in zip(mutated[:9], range(9, 0, -1), strict=True))
    assume(total % 101 not in (100, 0) and total not in (100, 101))  # the 00 classes collide by design
    assume(sum(int(d) * w for d, w in zip(first9, range(9, 0, -1), strict=True)) not in (100, 101))
    assert not is_valid_snils(mutated)


def test_is_valid_snils_accepts_the_worked_example() -> None:
    assert is_valid_snils("11223344595")


@given(st.integers(100_000_000_000, 999_999_999_999))
def test_is_valid_ogrn_accepts_computed_13_digit(body: int) -> None:
    assert is_valid_ogrn(f"{body}{body % 11 % 10}")


@given(st.integers(10_000_000_000_000, 99_999_999_999_999))
def test_is_valid_ogrn_accepts_computed_15_digit(body: int) -> None:
    assert is_valid_ogrn(f"{body}{body % 13 % 10}")


@given(st.integers(100_000_000_000, 999_999_999_999), st.integers(1, 9))
def test_is_valid_ogrn_rejects_changed_check_digit(body: int, delta: int) -> None:
    check = body % 11 % 10
    assert not is_valid_ogrn(f"{body}{(check + delta) % 10}")


def _barcode(first13: str) -> str:
    odd = sum(int(d) for d in first13[0::2])
    even = sum(int(d) for d in first13[1::2])
    return first13 + str((10 - (3 * odd + even) % 10) % 10)


@given(_digits(13))
def test_is_valid_barcode_accepts_computed(first13: str) -> None:
    assert is_valid_barcode(_barcode(first13))


@given(_digits(13), st.integers(0, 13), st.integers(1, 9))
def test_is_valid_barcode_rejects_one_changed_digit(first13: str, position: int, delta: int) -> None:
    """Weights 3 and 1 are coprime to 10, so any single-digit change breaks the check."""
    code = _barcode(first13)
    assert not is_valid_barcode(_mutate(code, position, str((int(code[position]) + delta) % 10)))


def test_is_valid_barcode_accepts_the_published_example() -> None:
    assert is_valid_barcode("10944022440321")


@given(st.one_of(_digits(9), _digits(10)))
def test_complete_inn_gives_a_valid_inn_that_keeps_its_body(body: str) -> None:
    inn = complete_inn(body)
    assert inn.startswith(body) and len(inn) == len(body) + (1 if len(body) == 9 else 2)
    assert is_valid_inn(inn)
