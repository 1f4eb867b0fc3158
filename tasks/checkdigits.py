"""Check-digit validators for Russian identifiers: ИНН, СНИЛС, ОГРН/ОГРНИП, ШПИ.

OCR routinely inserts, drops or swaps a digit; a check digit is how we tell a real
identifier from a misread one, so every identifier with a checksum is validated before
it is trusted for matching or stored from an import. Inputs are digit strings; callers
strip separators first (``normalize_digits``).
"""

from __future__ import annotations

from pochta import is_valid_barcode

_INN10_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def normalize_digits(value: str) -> str:
    """Drop spaces, dashes and other separators people type inside identifiers."""
    return "".join(ch for ch in value if ch.isdigit())


def _weighted_mod11(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def is_valid_inn(value: str) -> bool:
    """ИНН: 10 digits (organisation) or 12 digits (person) with their check digits."""
    if not value.isdigit():
        return False
    if len(value) == 10:
        return _weighted_mod11(value, _INN10_WEIGHTS) == int(value[9])
    if len(value) == 12:
        return _weighted_mod11(value, _INN12_WEIGHTS_11) == int(value[10]) and _weighted_mod11(
            value, _INN12_WEIGHTS_12
        ) == int(value[11])
    return False


def complete_inn(body: str) -> str:
    """The ИНН that ``body`` (9 digits: organisation, 10: person) becomes with its check digits."""
    if len(body) == 9:
        return body + str(_weighted_mod11(body, _INN10_WEIGHTS))
    if len(body) == 10:
        body += str(_weighted_mod11(body, _INN12_WEIGHTS_11))
        return body + str(_weighted_mod11(body, _INN12_WEIGHTS_12))
    raise ValueError("an ИНН body is 9 (organisation) or 10 (person) digits")


def snils_check_number(first9: str) -> int:
    """The two-digit СНИЛС check number for its first nine digits."""
    total = sum(int(d) * w for d, w in zip(first9, range(9, 0, -1), strict=True))
    if total < 100:
        return total
    if total in (100, 101):
        return 0
    remainder = total % 101
    return 0 if remainder == 100 else remainder


def is_valid_snils(value: str) -> bool:
    """СНИЛС: 11 digits; the checksum applies to numbers above 001-001-998 only."""
    if len(value) != 11 or not value.isdigit():
        return False
    if int(value[:9]) <= 1001998:
        return True
    return snils_check_number(value[:9]) == int(value[9:])


def is_valid_ogrn(value: str) -> bool:
    """ОГРН (13 digits, mod 11) or ОГРНИП (15 digits, mod 13); the last digit checks the rest.

    Unlike python-stdnum there is no whitelist of region codes (new regions 90-95 exist).
    """
    if not value.isdigit() or value[0] == "0":
        return False
    if len(value) == 13:
        return int(value[:12]) % 11 % 10 == int(value[12])
    if len(value) == 15:
        return int(value[:14]) % 13 % 10 == int(value[14])
    return False


def format_snils(value: str) -> str:
    """СНИЛС as people write it: ``112-233-445 95``."""
    return f"{value[:3]}-{value[3:6]}-{value[6:9]} {value[9:]}"


__all__ = [
    "complete_inn",
    "format_snils",
    "is_valid_barcode",
    "is_valid_inn",
    "is_valid_ogrn",
    "is_valid_snils",
    "normalize_digits",
    "snils_check_number",
]
