"""Where a text says it is: Russian regions and cities named in any grammatical case.

Dozens of units share a name across Russia («ОСП по Ленинскому району», «Кировский районный
суд»), so what tells them apart is the city or region printed next to the name, the ГУФССП line
above it, the postal address and the region code inside ИП numbers and УИД. This module turns
such text into comparable *place keys*: ``region:59`` and ``city:пермь`` for «г. Перми»,
«Пермь», «Пермского края» alike (pymorphy3 lemmas; the region table maps capitals and region
adjectives to the two-digit code used by ФССП and the courts).

Only phrases that name a place as a place count: a word after «г.»/«города», an adjective before
«области»/«края», a name after «Республики», a known regional capital after a postal index.
District adjectives («Кировский район», «Московский РОСП») and streets («ул. Кирова») are not
places: they are read only in those positions, which is what keeps «Кировский» from meaning Киров.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tasks.names import morph

# code: (region lemma(s), capital city lemma or ""). Lemmas as pymorphy3 gives them.
REGIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "01": (("адыгея",), "майкоп"),
    "02": (("башкортостан", "башкирия"), "уфа"),
    "03": (("бурятия",), "улан-удэ"),
    "04": (("алтай",), "горно-алтайск"),
    "05": (("дагестан",), "махачкала"),
    "07": (("кабардино-балкарский",), "нальчик"),
    "10": (("карелия",), "петрозаводск"),
    "11": (("коми",), "сыктывкар"),
    "12": (("марий",), "йошкар-ола"),
    "13": (("мордовия",), "саранск"),
    "14": (("саха", "якутия"), "якутск"),
    "15": (("осетия",), "владикавказ"),
    "16": (("татарстан",), "казань"),
    "18": (("удмуртский", "удмуртия"), "ижевск"),
    "19": (("хакасия",), "абакан"),
    "21": (("чувашский", "чувашия"), "чебоксары"),
    "22": (("алтайский",), "барнаул"),
    "23": (("краснодарский",), "краснодар"),
    "24": (("красноярский",), "красноярск"),
    "25": (("приморский",), "владивосток"),
    "26": (("ставропольский",), "ставрополь"),
    "27": (("хабаровский",), "хабаровск"),
    "28": (("амурский",), "благовещенск"),
    "29": (("архангельский",), "архангельск"),
    "30": (("астраханский",), "астрахань"),
    "31": (("белгородский",), "белгород"),
    "32": (("брянский",), "брянск"),
    "33": (("владимирский",), "владимир"),
    "34": (("волгоградский",), "волгоград"),
    "35": (("вологодский",), "вологда"),
    "36": (("воронежский",), "воронеж"),
    "37": (("ивановский",), "иваново"),
    "38": (("иркутский",), "иркутск"),
    "39": (("калининградский",), "калининград"),
    "40": (("калужский",), "калуга"),
    "41": (("камчатский",), "петропавловск-камчатский"),
    "42": (("кемеровский", "кузбасс"), "кемерово"),
    "43": (("кировский",), "киров"),
    "44": (("костромской",), "кострома"),
    "45": (("курганский",), "курган"),
    "46": (("курский",), "курск"),
    "47": (("ленинградский",), ""),
    "48": (("липецкий",), "липецк"),
    "49": (("магаданский",), "магадан"),
    "50": (("московский",), ""),
    "51": (("мурманский",), "мурманск"),
    "52": (("нижегородский",), "нижний новгород"),
    "53": (("новгородский",), "великий новгород"),
    "54": (("новосибирский",), "новосибирск"),
    "55": (("омский",), "омск"),
    "56": (("оренбургский",), "оренбург"),
    "57": (("орловский",), "орел"),
    "58": (("пензенский",), "пенза"),
    "59": (("пермский",), "пермь"),
    "60": (("псковский",), "псков"),
    "61": (("ростовский",), "ростов-на-дону"),
    "62": (("рязанский",), "рязань"),
    "63": (("самарский",), "самара"),
    "64": (("саратовский",), "саратов"),
    "65": (("сахалинский",), "южно-сахалинск"),
    "66": (("свердловский",), "екатеринбург"),
    "67": (("смоленский",), "смоленск"),
    "68": (("тамбовский",), "тамбов"),
    "69": (("тверской",), "тверь"),
    "70": (("томский",), "томск"),
    "71": (("тульский",), "тула"),
    "72": (("тюменский",), "тюмень"),
    "73": (("ульяновский",), "ульяновск"),
    "74": (("челябинский",), "челябинск"),
    "75": (("забайкальский",), "чита"),
    "76": (("ярославский",), "ярославль"),
    "77": (("москва",), "москва"),
    "78": (("санкт-петербург",), "санкт-петербург"),
    "86": (("ханты-мансийский",), "ханты-мансийск"),
    "89": (("ямало-ненецкий",), "салехард"),
    "91": (("крым",), "симферополь"),
    "92": (("севастополь",), "севастополь"),
}
_REGION_BY_LEMMA = {lemma: code for code, (lemmas, _) in REGIONS.items() for lemma in lemmas}
_CITY_REGION = {city: code for code, (_, city) in REGIONS.items() if city}
# Federal cities are regions in their own right.
_CITY_REGION.update({"москва": "77", "санкт-петербург": "78", "севастополь": "92"})

_NAME = r"[А-ЯЕ][а-яе]+(?:-(?:на-)?[А-ЯЕа-яе][а-яе]+)*"
_CITY_CUE = re.compile(rf"(?:\b[гГ]\.?|\bгор\.|\bгород[а-я]*|\bгородской\s+округ)\s*({_NAME}(?:\s+{_NAME})?)")
_REGION_ADJ = re.compile(rf"({_NAME}(?:\s+[а-я]+)?)\s+(?:[Оо]бласт[а-я]*|[Оо]бл\b\.?|[Кк]ра[а-я]\b|кр\.)")
# «по Республике Башкортостан» in capitals reads «По Республике …»: a preposition is no republic's name.
_REPUBLIC = re.compile(
    rf"(?:[Рр]еспублик[а-я]*\s+({_NAME})|(?!(?:По|В|Во|На|Из|От|Для|При|И)\s)({_NAME})\s+[Рр]еспублик[а-я]*)"
)
_AFTER_INDEX = re.compile(rf"\b\d{{6}},?\s*(?:г\.?\s*)?({_NAME}(?:\s+{_NAME})?)")
_SPB = re.compile(r"санкт[\s-]*петербург|\bспб\b", re.IGNORECASE)
_MOSCOW = re.compile(r"\bмоскв[аеыу]\b", re.IGNORECASE)
_BARE_PLACE = re.compile(rf"({_NAME}(?:\s+{_NAME})?)")
_STREET_BEFORE = re.compile(
    r"(?:ул|улица|улицы|пр|пр-т|проспект|пл|площадь|пер|переулок|им|имени|б-р|бульвар|наб|шоссе|ш)\.?\s*$",
    re.IGNORECASE,
)


@lru_cache(maxsize=8192)
def lemma(word: str) -> str:
    """Nominative lowercase of one word (hyphenated parts lemmatised apart), ``ё`` as ``е``."""
    word = word.lower().replace("ё", "е")
    if "-" in word:
        parts = word.split("-")
        if parts[-1] in {"удэ", "ола"}:
            return word
        if "на" in parts:  # Ростова-на-Дону: only the first part declines
            return "-".join([lemma(parts[0]), *parts[1:]])
        return "-".join(lemma(p) for p in parts)
    parses = morph().parse(word)
    geo = [p for p in parses if "Geox" in p.tag]
    best = (geo or parses)[0] if parses else None
    return best.normal_form.replace("ё", "е") if best else word


def _caps_to_title(text: str) -> str:
    """Letterheads are often in capitals: «Г. ПЕРМИ» reads as «Г. Перми»."""
    return re.sub(r"(?<![А-Яа-я])[А-ЯЕ]{2,}(?:-[А-ЯЕ]{2,})*", lambda m: m.group(0).title(), text)


def _phrase_lemma(phrase: str) -> str:
    return " ".join(lemma(w) for w in phrase.split())


def _city_key(phrase: str) -> set[str]:
    """Keys of a city phrase: its lemma, and its region when the city is a known capital."""
    name = _phrase_lemma(phrase)
    first = lemma(phrase.split()[0])
    keys: set[str] = set()
    for candidate in (name, first):
        if candidate in _CITY_REGION:
            keys |= {f"city:{candidate}", f"region:{_CITY_REGION[candidate]}"}
            return keys
    return {f"city:{name}"}


def _region_key(phrase: str) -> set[str]:
    words = [lemma(w) for w in re.findall(r"[А-Яа-яЕе-]+", phrase)]
    for word in words:
        if word in _REGION_BY_LEMMA:
            return {f"region:{_REGION_BY_LEMMA[word]}"}
    return {f"region:{words[0]}"} if words else set()


def place_keys(text: str) -> set[str]:
    """Every place the text names as a place: ``city:<lemma>`` and ``region:<code or lemma>``.

    >>> sorted(place_keys("ОСП по Ленинскому району г. Перми"))
    ['city:пермь', 'region:59']
    >>> sorted(place_keys("ГУФССП России по Пермскому краю"))
    ['region:59']
    """
    text = _caps_to_title(text)
    keys: set[str] = set()
    for found in _CITY_CUE.finditer(text):
        keys |= _city_key(found.group(1))
    for found in _AFTER_INDEX.finditer(text):
        if lemma(found.group(1).split()[0]) in _CITY_REGION or _phrase_lemma(found.group(1)) in _CITY_REGION:
            keys |= _city_key(found.group(1))
    for found in _REGION_ADJ.finditer(text):
        keys |= _region_key(found.group(1))
    for found in _REPUBLIC.finditer(text):
        keys |= _region_key(found.group(1) or found.group(2))
    if _SPB.search(text):
        keys |= {"city:санкт-петербург", "region:78"}
    if _MOSCOW.search(text):
        keys |= {"city:москва", "region:77"}
    return keys


def capital_keys(text: str) -> set[str]:
    """Regional capitals named anywhere but as a street («ул. Кирова» is not Киров)."""
    text = _caps_to_title(text)
    keys: set[str] = set()
    for found in _BARE_PLACE.finditer(text):
        if _STREET_BEFORE.search(text[: found.start()]):
            continue
        phrase = found.group(1)
        for candidate in (_phrase_lemma(phrase), lemma(phrase.split()[0])):
            if candidate in _CITY_REGION:
                keys |= {f"city:{candidate}", f"region:{_CITY_REGION[candidate]}"}
                break
    return keys


def region_of_code(code: str) -> str | None:
    """The region key of an ИП department code (``59045``) or a court code (``59RS0004``)."""
    return f"region:{code[:2]}" if code[:2].isdigit() else None
