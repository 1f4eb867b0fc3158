"""Russian Post item identifiers (ШПИ): check digits and validation.

Domestic barcodes have 14 digits, the last a check digit over the first 13
(weights 3,1,3,1,... from the left). International UPU S10 identifiers look like
``RA123456785RU`` with a mod-11 check digit over 8 serial digits.
"""

from __future__ import annotations

import re

_DOMESTIC = re.compile(r"\d{14}")
_S10 = re.compile(r"[A-Z]{2}(\d{8})(\d)[A-Z]{2}")
_S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)


def domestic_check_digit(first13: str) -> int:
    """The check digit that completes 13 digits into a domestic 14-digit barcode."""
    if len(first13) != 13 or not first13.isdigit():
        raise ValueError("a domestic barcode body is exactly 13 digits")
    odd = sum(int(d) for d in first13[0::2])
    even = sum(int(d) for d in first13[1::2])
    return (10 - (3 * odd + even) % 10) % 10


def s10_check_digit(serial8: str) -> int:
    """The UPU S10 check digit for 8 serial digits (10 becomes 0, 11 becomes 5)."""
    if len(serial8) != 8 or not serial8.isdigit():
        raise ValueError("an S10 serial is exactly 8 digits")
    check = 11 - sum(int(d) * w for d, w in zip(serial8, _S10_WEIGHTS, strict=True)) % 11
    return {10: 0, 11: 5}.get(check, check)


def is_valid_barcode(value: str) -> bool:
    """True for a well-formed domestic (14 digits) or S10 barcode with a correct check digit."""
    if _DOMESTIC.fullmatch(value):
        return domestic_check_digit(value[:13]) == int(value[13])
    match = _S10.fullmatch(value)
    if match:
        return s10_check_digit(match.group(1)) == int(match.group(2))
    return False
