"""Russian Post client (Otpravka JSON API and tracking) and its local sandbox."""

from pochta._barcode import domestic_check_digit, is_valid_barcode, s10_check_digit

__all__ = ["domestic_check_digit", "is_valid_barcode", "s10_check_digit"]
