"""The sandbox's ``/1.0/clean/address``: a rule-based parse of Russian addresses.

Russian Post parses against its address register; the sandbox cannot, so it reads the usual
written forms («101000, г. Москва, ул. Ленина, д. 83, кв. 136», «Московская обл., г. Химки,
пр-т Мира, 5к2») by their markers and answers with the same fields and quality codes as the
real service: ``UNDEF_01`` region, ``_02`` place, ``_03`` street, ``_04`` house not found,
``_05`` flat not found (still deliverable), ``_06`` nothing usable, ``_07`` a foreign address.
A part it cannot place makes the answer ``NOT_VALIDATED_HAS_UNPARSED_PARTS``, as the real one does.
"""

from __future__ import annotations

import re
from typing import Any

_INDEX = re.compile(r"(?<!\d)(\d{6})(?!\d)")
_FEDERAL_CITIES = ("москва", "санкт-петербург", "севастополь")
# The real service finds a city's region in its register; the sandbox knows the big ones.
_CITY_REGIONS = {
    "новосибирск": "Новосибирская обл.",
    "екатеринбург": "Свердловская обл.",
    "самара": "Самарская обл.",
    "краснодар": "Краснодарский край",
    "казань": "Респ. Татарстан",
    "нижний новгород": "Нижегородская обл.",
    "челябинск": "Челябинская обл.",
    "омск": "Омская обл.",
    "ростов-на-дону": "Ростовская обл.",
    "уфа": "Респ. Башкортостан",
    "красноярск": "Красноярский край",
    "пермь": "Пермский край",
    "воронеж": "Воронежская обл.",
    "волгоград": "Волгоградская обл.",
    "тюмень": "Тюменская обл.",
    "саратов": "Саратовская обл.",
    "тула": "Тульская обл.",
    "калининград": "Калининградская обл.",
    "владивосток": "Приморский край",
    "иркутск": "Иркутская обл.",
    "ярославль": "Ярославская обл.",
    "химки": "Московская обл.",
    "тверь": "Тверская обл.",
    "рязань": "Рязанская обл.",
}
_FOREIGN = ("казахстан", "беларусь", "белоруссия", "украина", "узбекистан", "армения", "грузия", "германия")
_REGION = re.compile(
    r"(?i)(\bобл\b|\bобласть\b|\bкрай\b|\bресп\b|\bреспублика\b|\bавт\.?\s*окр|\bАО\b|округ)"
)
_AREA = re.compile(r"(?i)(\bр-н\b|\bрайон\b|\bм\.\s*о\.?\b|муниципальный)")
_PLACE = re.compile(
    r"(?i)^(г\.|г\s|город\b|пос\.|п\.|посёлок\b|поселок\b|пгт\.?|с\.|село\b|дер\.|деревня\b|ст-ца\b|станица\b"
    r"|д\.\s*[^\d\s])"
)
_STREET = re.compile(
    r"(?i)(^|\s)(ул\.|улица|пр-т|пр-кт|просп\.|проспект|пер\.|переулок|ш\.|шоссе|наб\.|набережная|б-р"
    r"|бульвар|пл\.|площадь|проезд|пр-д|тупик|туп\.|мкр\.?|микрорайон|аллея|линия|тракт)(\s|$)"
)
# "д. 83", "дом 83", "83", "83/2", "83к2", "83 корп. 2" — the house and what may follow it in one part.
_HOUSE = re.compile(r"(?i)^(?:д\.|дом)?\s*(\d+(?:[а-яё](?!\d))?)(?:/(\d+[а-яё]?))?\s*(.*)$")
_EXTRAS = (
    ("corpus", re.compile(r"(?i)^(?:корп\.?|корпус|к\.?)\s*(\S+)$")),
    ("building", re.compile(r"(?i)^(?:стр\.?|строение)\s*(\S+)$")),
    ("letter", re.compile(r"(?i)^(?:лит\.?|литера)\s*(\S+)$")),
    ("room", re.compile(r"(?i)^(?:кв\.?|квартира|оф\.?|офис|пом\.?|помещение|комн\.?)\s*(\S+)$")),
)
_SPLIT_EXTRAS = re.compile(
    r"(?i)\s+(?=(?:корп\.?|корпус|к\.|стр\.?|строение|лит\.?|кв\.?|квартира|оф\.?|офис)\s*\d)"
)


def _extras(text: str, out: dict[str, str]) -> bool:
    """Corpus, building, letter or flat written after a house («к2», «кв. 136»); False if unknown."""
    for piece in (p.strip(" ,") for p in _SPLIT_EXTRAS.split(text) if p.strip(" ,")):
        glued = re.fullmatch(r"(?i)к(\d+)", piece)
        if glued:
            out["corpus"] = glued[1]
            continue
        for key, pattern in _EXTRAS:
            found = pattern.match(piece)
            if found:
                out[key] = found[1]
                break
        else:
            return False
    return True


def _house(part: str, out: dict[str, str]) -> bool:
    """Read «д. 83», «83/2», «5к2», «д. 83 кв. 136» into house, slash and extras."""
    found = _HOUSE.match(part)
    if found is None or "house" in out:
        return False
    rest = found[3].strip()
    glued = re.match(r"(?i)^к(\d+)\s*(.*)$", rest) if not rest.startswith(" ") else None
    extras: dict[str, str] = {}
    if glued and not rest.lower().startswith(("кв", "корп")):
        extras["corpus"], rest = glued[1], glued[2]
    if rest and not _extras(rest, extras):
        return False
    out["house"] = found[1]
    if found[2]:
        out["slash"] = found[2]
    out.update(extras)
    return True


def parse(raw: str) -> dict[str, str]:
    """The parts of ``raw`` that were recognised, plus ``unparsed`` joining the rest."""
    out: dict[str, str] = {}
    found = _INDEX.search(raw)
    if found:
        out["index"] = found[1]
    unparsed: list[str] = []
    for part in (p.strip() for p in _INDEX.sub(",", raw).split(",")):
        if not part:
            continue
        lowered = part.lower()
        bare_city = lowered.removeprefix("г.").removeprefix("город").strip()
        if bare_city in _FEDERAL_CITIES and "place" not in out:
            out["region"] = out.get("region") or f"г. {part.split()[-1]}"
            out["place"] = f"г. {part.split()[-1]}"
        elif _STREET.search(part) and "street" not in out:
            out["street"] = part
        elif "street" not in out and "place" not in out and _REGION.search(part) and "region" not in out:
            out["region"] = part
        elif _AREA.search(part) and "area" not in out and "street" not in out:
            out["area"] = part
        elif _PLACE.match(part) and "place" not in out:
            out["place"] = part
        elif _house(part, out):
            continue
        elif "house" in out and _extras(part, out):
            continue
        elif "place" not in out and "street" not in out and re.fullmatch(r"[А-ЯЁа-яё\- ]+", part):
            out["place"] = part  # «Химки» without «г.»
        else:
            unparsed.append(part)
    if unparsed:
        out["unparsed"] = ", ".join(unparsed)
    city = re.sub(r"(?i)^(г\.|город)\s*", "", out.get("place", "")).strip().lower()
    if "region" not in out and city in _CITY_REGIONS:
        out["region"] = _CITY_REGIONS[city]
    return out


def quality(raw: str, parts: dict[str, str]) -> tuple[str, str]:
    """(quality-code, validation-code) as the real service would grade the parse."""
    if any(country in raw.lower() for country in _FOREIGN):
        return "UNDEF_07", "NOT_VALIDATED_FOREIGN"
    if not {"place", "street", "house"} & set(parts):
        return "UNDEF_06", "NOT_VALIDATED_HAS_NO_MAIN_POINTS"
    if "region" not in parts:
        return "UNDEF_01", "NOT_VALIDATED_HAS_NO_KLADR_RECORD"
    if "place" not in parts:
        return "UNDEF_02", "NOT_VALIDATED_HAS_NO_KLADR_RECORD"
    if "street" not in parts:
        return "UNDEF_03", "NOT_VALIDATED_HOUSE_WITHOUT_STREET_OR_NP"
    if "house" not in parts:
        return "UNDEF_04", "NOT_VALIDATED_INCORRECT_HOUSE"
    if "unparsed" in parts:
        return "UNDEF_06", "NOT_VALIDATED_HAS_UNPARSED_PARTS"
    if "index" not in parts:
        return "UNDEF_06", "NOT_VALIDATED_INCORRECT_INDEX"
    return "GOOD", "VALIDATED"


def clean(item: dict[str, Any]) -> dict[str, Any]:
    """One answer of ``/1.0/clean/address`` for one ``{"id", "original-address"}`` item."""
    raw = str(item.get("original-address") or "")
    parts = parse(raw)
    code, validation = quality(raw, parts)
    parts.pop("unparsed", None)
    return {
        "id": item.get("id"),
        "original-address": raw,
        "address-type": "DEFAULT",
        **parts,
        "quality-code": code,
        "validation-code": validation,
    }
