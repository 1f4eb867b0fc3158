"""A recipient's address as Russian Post reads it: cleaned at save, refused with the reason.

``/1.0/clean/address`` splits an address into region, place, street, house, flat … and grades it
(quality and validation codes, reference §2.6). A letter is saved with those parts and with the
address rewritten from them in postal order, so the clerk sees at once what Russian Post will
deliver to, and envelopes print the parts instead of the typed text. An address Russian Post
cannot deliver to is refused before anything is stored, with what it could not find.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from pochta import NormalizedAddress, OtpravkaClient, PochtaError
from tasks.print_forms.address import Party, address_lines

QUALITY_REASONS = {
    "UNDEF_01": "не найден регион",
    "UNDEF_02": "не найден населённый пункт",
    "UNDEF_03": "не найдена улица",
    "UNDEF_04": "не найден номер дома",
    "UNDEF_05": "не найдена квартира",
    "UNDEF_06": "адрес не распознан",
    "UNDEF_07": "адрес за пределами России",
}
"""Russian Post's quality codes (reference §2.6) in the clerk's words."""

VALIDATION_REASONS = {
    "NOT_VALIDATED_HAS_UNPARSED_PARTS": "часть адреса не удалось разобрать",
    "NOT_VALIDATED_INCORRECT_INDEX": "не указан или неверен почтовый индекс",
    "NOT_VALIDATED_INCORRECT_HOUSE": "неверный номер дома",
    "NOT_VALIDATED_FOREIGN": "адрес за пределами России",
}

_STORED: tuple[str, ...] = ("index", "region", "area", "place", "location", "street", "house")
_STORED += ("letter", "slash", "corpus", "building", "room")


@dataclass(frozen=True, slots=True)
class CleanAddress:
    """A deliverable address: its parts (keys as the API names them) and its postal-order text."""

    parts: Mapping[str, str]
    text: str

    @property
    def index(self) -> str | None:
        return self.parts.get("index")


class AddressUnrecognised(Exception):
    """Russian Post cannot deliver to the address; ``reason`` says what it could not find (Russian)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


AddressCleaner = Callable[[str], CleanAddress | None]
"""Cleans one typed address: the result, ``None`` when Russian Post cannot be asked now, or
``AddressUnrecognised``. ``create_letter`` takes one; the page passes ``cleaner_for(client)``."""


def postal_text(parts: Mapping[str, str]) -> str:
    """The address in postal order on one line: street, house, flat; place; region; index."""
    return ", ".join(address_lines(Party(name="", address="", parts=parts)))


def reason(answer: NormalizedAddress) -> str:
    """Why Russian Post would not deliver to this address, in the clerk's words."""
    found = QUALITY_REASONS.get(answer.quality_code or "")
    if answer.quality_code in ("GOOD", "POSTAL_BOX", "ON_DEMAND", "UNDEF_05") or found is None:
        found = VALIDATION_REASONS.get(answer.validation_code or "", "адрес не подтверждён")
    return f"Почта России не может доставить письмо по этому адресу: {found}. Исправьте адрес."


def clean_address(client: OtpravkaClient, raw: str) -> CleanAddress:
    """Ask Russian Post to parse ``raw``; raises ``AddressUnrecognised`` when it is not deliverable.

    Raises ``pochta.PochtaError`` untouched when Russian Post does not answer.
    """
    answers = client.normalize_address([raw])
    if not answers:
        raise AddressUnrecognised(reason(NormalizedAddress(id="0", quality_code="UNDEF_06")))
    answer = answers[0]
    if not answer.is_deliverable:
        raise AddressUnrecognised(reason(answer))
    values = answer.model_dump(exclude_none=True)
    parts = {key: str(values[key]) for key in _STORED if values.get(key) not in (None, "")}
    return CleanAddress(parts=parts, text=postal_text(parts))


def cleaner_for(client: OtpravkaClient) -> AddressCleaner:
    """An ``AddressCleaner`` asking ``client``; Russian Post down means ``None`` (the sync parses later)."""

    def clean(raw: str) -> CleanAddress | None:
        try:
            return clean_address(client, raw)
        except PochtaError:
            return None

    return clean


def with_parts(party: Party, clean: AddressCleaner) -> Party:
    """``party`` (our own office, as the settings type it) with its address parsed by Russian Post,
    so envelopes print it in postal order too; unchanged when it cannot be parsed or asked."""
    try:
        cleaned = clean(party.address)
    except AddressUnrecognised:
        return party
    if cleaned is None:
        return party
    return replace(party, parts=dict(cleaned.parts), index=cleaned.index or party.index)
