"""Who and where: a party of a letter and its address block in the order Russian Post requires.

Order (Правила оказания услуг почтовой связи, domain A.2): name; street, house, flat; locality;
district; region; then the 6-digit index on its own line. Parts come from the address
normalisation; without them the typed address is printed as one block (minus its index).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

_INDEX = re.compile(r"(?<!\d)\d{6}(?!\d),?\s*")
_PREFIXES = (("house", "д."), ("corpus", "корп."), ("building", "стр."), ("letter", "лит."), ("room", "кв."))


@dataclass(frozen=True, slots=True)
class Party:
    """A sender or recipient: name, address as typed, index, and parsed parts if known."""

    name: str
    address: str
    index: str | None = None
    parts: Mapping[str, str] = field(default_factory=dict)


def _with_prefix(value: str, prefix: str) -> str:
    return value if value.lower().startswith(prefix.rstrip(".").lower()) else f"{prefix} {value}"


def street_line(parts: Mapping[str, str]) -> str:
    """«ул. Ленина, д. 1, корп. 2, кв. 3» from the parsed parts."""
    pieces = [parts["street"]] if parts.get("street") else []
    pieces += [_with_prefix(str(parts[key]), prefix) for key, prefix in _PREFIXES if parts.get(key)]
    return ", ".join(pieces)


def address_lines(party: Party) -> list[str]:
    """The address block of ``party`` without its name, small to large, index last."""
    parts = party.parts or {}
    index = str(parts.get("index") or party.index or "").strip()
    if parts.get("place") or parts.get("street"):
        lines = [street_line(parts)]
        for key in ("location", "place", "area", "region"):
            value = str(parts.get(key) or "").strip()
            if value and value not in lines:
                lines.append(value)
        lines = [line for line in lines if line]
    else:
        lines = [_INDEX.sub("", party.address).strip(" ,")]
    return [*lines, index] if index else lines
