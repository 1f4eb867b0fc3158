# ruff: noqa: E501  (document templates read best one sentence per line)
"""An unkind corpus: fifteen cities whose bailiff offices and courts share district names.

Built apart from ``texts.py`` to look like mail the project has never seen (issue 12): dozens of
«ОСП по Ленинскому району» and «Кировский районный суд» in different cities; a directory whose
aliases often drop the city; letterheads that name the unit without its city (the ГУФССП line, the
address or the ИП code is what tells), in capitals, as «Ленинский РОСП», with ГУФССП/УФССП in full
or abbreviated; court acts in their real layouts («Р Е Ш Е Н И Е / ИМЕНЕМ РОССИЙСКОЙ ФЕДЕРАЦИИ»,
the court named below the title, резолютивная часть, заочное решение, a writ by its form); bank
replies; debtors the CRM does not know. Scans get stamps, signatures and fax streaks
(``world_render``).

API like ``texts``: ``world_counterparties()`` (CSV rows with an optional ``codes`` column),
``world_cases(n, seed=)``, ``world_documents(n, seed=)`` → ``[(text, Truth)]``. The truth of a
document about a debtor the CRM does not know has ``case_number=""``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from tests.corpus.texts import (
    AGENCY,
    AGENCY_ADDRESS,
    COURT_TYPES,
    Truth,
    fmt_snils,
    random_person,
    valid_inn,
    valid_ogrn,
)
from tests.corpus.texts import valid_snils as _valid_snils

# city, genitive, prepositional, region code, regional line («по …»), ГУ?, index prefix, districts
_CITIES: tuple[tuple[str, str, str, str, str, bool, str, tuple[str, ...]], ...] = (
    ("Пермь", "Перми", "Перми", "59", "Пермскому краю", True, "614",
     ("Ленинский", "Свердловский", "Кировский", "Индустриальный", "Мотовилихинский", "Дзержинский")),
    ("Екатеринбург", "Екатеринбурга", "Екатеринбурге", "66", "Свердловской области", True, "620",
     ("Ленинский", "Кировский", "Октябрьский", "Верх-Исетский", "Железнодорожный", "Чкаловский")),
    ("Новосибирск", "Новосибирска", "Новосибирске", "54", "Новосибирской области", True, "630",
     ("Ленинский", "Кировский", "Октябрьский", "Центральный", "Калининский", "Советский")),
    ("Челябинск", "Челябинска", "Челябинске", "74", "Челябинской области", True, "454",
     ("Ленинский", "Калининский", "Советский", "Центральный", "Курчатовский", "Тракторозаводский")),
    ("Самара", "Самары", "Самаре", "63", "Самарской области", True, "443",
     ("Ленинский", "Кировский", "Октябрьский", "Советский", "Промышленный", "Железнодорожный")),
    ("Уфа", "Уфы", "Уфе", "02", "Республике Башкортостан", True, "450",
     ("Ленинский", "Кировский", "Октябрьский", "Советский", "Калининский", "Орджоникидзевский")),
    ("Ижевск", "Ижевска", "Ижевске", "18", "Удмуртской Республике", False, "426",
     ("Ленинский", "Октябрьский", "Первомайский", "Индустриальный", "Устиновский")),
    ("Киров", "Кирова", "Кирове", "43", "Кировской области", False, "610",
     ("Ленинский", "Октябрьский", "Первомайский")),
    ("Омск", "Омска", "Омске", "55", "Омской области", False, "644",
     ("Ленинский", "Кировский", "Октябрьский", "Советский", "Центральный")),
    ("Красноярск", "Красноярска", "Красноярске", "24", "Красноярскому краю", True, "660",
     ("Ленинский", "Кировский", "Октябрьский", "Советский", "Центральный", "Свердловский")),
    ("Саратов", "Саратова", "Саратове", "64", "Саратовской области", True, "410",
     ("Ленинский", "Кировский", "Октябрьский", "Фрунзенский", "Волжский")),
    ("Ростов-на-Дону", "Ростова-на-Дону", "Ростове-на-Дону", "61", "Ростовской области", True, "344",
     ("Ленинский", "Кировский", "Октябрьский", "Советский", "Железнодорожный", "Первомайский")),
    ("Воронеж", "Воронежа", "Воронеже", "36", "Воронежской области", False, "394",
     ("Ленинский", "Советский", "Центральный", "Коминтерновский", "Левобережный")),
    ("Тула", "Тулы", "Туле", "71", "Тульской области", False, "300",
     ("Центральный", "Советский", "Пролетарский", "Привокзальный", "Зареченский")),
    ("Оренбург", "Оренбурга", "Оренбурге", "56", "Оренбургской области", False, "460",
     ("Ленинский", "Центральный", "Промышленный", "Дзержинский")),
)  # fmt: skip
_STREETS = ("ул. Ленина", "ул. Советская", "ул. Гагарина", "ул. Мира", "ул. Кирова", "пр-т Октябрьский",
            "ул. Пушкина", "ул. Карла Маркса", "ул. Свердлова", "ул. Чкалова", "ул. Луначарского")  # fmt: skip
_BANKS = (
    ("ПАО Сбербанк", "117312, г. Москва, ул. Вавилова, д. 19", ("ПАО Сбербанк России", "Сбербанк")),
    ("Банк ВТБ (ПАО)", "191144, г. Санкт-Петербург, Дегтярный пер., д. 11, лит. А", ("ВТБ", "Банк ВТБ")),
    ("АО «Почта Банк»", "107061, г. Москва, Преображенская пл., д. 8", ("Почта Банк",)),
)
_MONTHS = "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split()
FSSP_TYPES = (
    "Постановление о возбуждении исполнительного производства",
    "Постановление об окончании исполнительного производства",
    "Постановление об отказе в возбуждении исполнительного производства",
    "Постановление об обращении взыскания на доходы должника",
    "Постановление о замене стороны исполнительного производства",
    "Акт о невозможности взыскания",
)
DOCUMENT_TYPES = (*FSSP_TYPES, *COURT_TYPES, "Ответ на обращение")


def _dat(adjective: str) -> str:
    return adjective[:-2] + "ому"


def _gen(adjective: str) -> str:
    return adjective[:-2] + "ого"


@dataclass(frozen=True, slots=True)
class Unit:
    """One counterparty of the world: its directory row and how documents may spell it."""

    name: str
    kind: str  # bailiff, court, bank
    role: str  # osp, district, magistrate, region, bank
    city: int
    district: str
    code: str
    address: str
    street: str
    aliases: tuple[str, ...]
    serves: tuple[str, ...] = ()  # a joint office (ОСП/МОСП по … и … районам): the districts it serves


# Offices that serve two districts: (city index, first, second, межрайонный?). The second district's
# own ОСП does not exist; its cases go to the joint office.
_JOINT = ((6, "Первомайский", "Устиновский", False), (8, "Ленинский", "Центральный", True),
          (10, "Кировский", "Фрунзенский", False), (13, "Привокзальный", "Советский", True))  # fmt: skip
# Arbitration court codes (А50-…/2024) of each city's region, in ``_CITIES`` order.
_ARBITRATION = ("50", "60", "45", "76", "55", "07", "71", "28", "46", "33", "57", "53", "14", "68", "47")


def _region_gen(by: str) -> str:
    """«Пермскому краю» → «Пермского края», «Удмуртской Республике» → «Удмуртской Республики»."""
    words = by.split()
    out = []
    for word in words:
        if word.endswith("ому"):
            word = word[:-3] + "ого"
        elif word == "краю":
            word = "края"
        elif word in {"Республике", "области"}:
            word = "Республики" if word == "Республике" else "области"
        out.append(word)
    return " ".join(out)


def _joint(units: list[Unit]) -> list[Unit]:
    """Joint offices replace the two district ОСП they merge (the other units stay as they were)."""
    out = []
    for unit in units:
        pair = next(
            (j for j in _JOINT if unit.role == "osp" and unit.city == j[0] and unit.district in j[1:3]), None
        )
        if pair is None:
            out.append(unit)
            continue
        if unit.district == pair[2]:
            continue
        city, gen = _CITIES[unit.city][0], _CITIES[unit.city][1]
        both = f"{_dat(pair[1])} и {_dat(pair[2])} районам"
        if pair[3]:
            name, aliases = f"МОСП по {both} г. {gen}", (f"Межрайонный отдел судебных приставов по {both}",)
        else:
            name, aliases = f"ОСП по {both} г. {gen}", (f"Отделение судебных приставов по {both}",)
        out.append(Unit(name, "bailiff", "osp", unit.city, unit.district, unit.code, unit.address, unit.street,
                        aliases, serves=(pair[1], pair[2])))  # fmt: skip
    rng = random.Random("world-arbitration-v1")
    for c, (city, _gen, _prep, _region, by, _gu, index, _d) in enumerate(_CITIES):
        street = rng.choice(_STREETS)
        out.append(Unit(f"Арбитражный суд {_region_gen(by)}", "court", "arbitration", c, "", f"A{_ARBITRATION[c]}",
                        f"{index}{rng.randint(0, 99):03d}, г. {city}, {street}, д. {rng.randint(1, 200)}", street, ()))  # fmt: skip
    return out


def _units() -> list[Unit]:
    units: list[Unit] = []
    rng = random.Random("world-units-v1")
    for c, (city, gen, _prep, region, by, gu, index, districts) in enumerate(_CITIES):
        head = f"{'ГУФССП' if gu else 'УФССП'} России по {by}"
        street = rng.choice(_STREETS)
        units.append(Unit(head, "bailiff", "region", c, "", "",
                          f"{index}000, г. {city}, {street}, д. {rng.randint(1, 90)}", street,
                          (f"{'Главное управление' if gu else 'Управление'} ФССП по {by}",)))  # fmt: skip
        for d, district in enumerate(districts):
            for role in ("osp", "district", "magistrate"):
                street = rng.choice(_STREETS)
                address = f"{index}{rng.randint(0, 99):03d}, г. {city}, {street}, д. {rng.randint(1, 150)}"
                aliases: tuple[str, ...]
                if role == "osp":
                    name = f"ОСП по {_dat(district)} району г. {gen}"
                    aliases = (f"Отделение судебных приставов по {_dat(district)} району",)
                    if rng.random() < 0.5:
                        aliases += (f"{district} РОСП",)
                    code = f"{region}{d + 1:03d}" if region != "02" else f"02{d + 5:03d}"
                elif role == "district":
                    name = f"{district} районный суд г. {gen}"
                    aliases = (f"{district} районный суд",) if rng.random() < 0.7 else ()
                    code = f"{region}RS{d + 1:04d}"
                else:
                    number = c * 10 + d + 1
                    name = f"Мировой судья судебного участка № {number} {_gen(district)} судебного района г. {gen}"
                    aliases = (f"Судебный участок № {number} {_gen(district)} района",)
                    code = f"{region}MS{number:04d}"
                kind = "bailiff" if role == "osp" else "court"
                units.append(Unit(name, kind, role, c, district, code, address, street, aliases))
    for name, address, aliases in _BANKS:
        units.append(Unit(name, "bank", "bank", -1, "", "", address, "", aliases))
    return _joint(units)


UNITS = _units()


def world_counterparties(*, codes_share: float = 0.5) -> list[dict[str, str]]:
    """The directory as the CRM exports it; ``codes`` filled for about ``codes_share`` of units."""
    rng = random.Random("world-directory-v1")
    rows = []
    for unit in UNITS:
        region = _CITIES[unit.city][3] if unit.city >= 0 else "77"
        rows.append({
            "name": unit.name,
            "kind": unit.kind,
            "address": unit.address,
            "inn": valid_inn(rng, person=False, region=region),
            "ogrn": valid_ogrn(rng, region),
            "aliases": ";".join(unit.aliases),
            "codes": unit.code if unit.code and rng.random() < codes_share else "",
        })  # fmt: skip
    return rows


@dataclass(frozen=True, slots=True)
class _Case:
    row: dict[str, str]
    city: int
    osp: Unit
    district: Unit
    magistrate: Unit
    uid: str
    court_case: str
    ip: str
    person_forms: tuple[str, str, str]  # gen, dat, nom
    birth: date
    arbitration: str = ""  # an arbitration court case of the debtor, when there is one


def _case(i: int, seed: int) -> _Case:
    rng = random.Random(f"world-case:{seed}:{i}")
    city = rng.randrange(len(_CITIES))
    local = [u for u in UNITS if u.city == city]
    district = rng.choice(_CITIES[city][7])
    pick = {role: next(u for u in local if u.role == role and (u.district == district or district in u.serves))
            for role in ("osp", "district", "magistrate")}  # fmt: skip
    person = random_person(rng)
    birth = date(1958, 1, 1) + timedelta(days=rng.randint(0, 365 * 42))
    year = rng.choice((2021, 2022, 2023, 2024))
    court = pick["magistrate"] if rng.random() < 0.6 else pick["district"]
    uid = f"{court.code}-01-{year}-{rng.randint(0, 999999):06d}-{rng.randint(10, 99)}"
    court_case = f"2-{rng.randint(100, 9999)}/{year}"
    ip = f"{rng.randint(1000, 999999)}/{(year + 1) % 100:02d}/{pick['osp'].code}-ИП"
    index = _CITIES[city][6]
    row = {
        "case_number": f"W-{seed % 1000:03d}-{i:05d}",
        "client": rng.choice(("ПАО Сбербанк", "Банк ВТБ (ПАО)", "АО «Почта Банк»", AGENCY)),
        "debtor_full_name": person.full,
        "debtor_birth_date": birth.strftime("%d.%m.%Y"),
        "debtor_snils": fmt_snils(_valid_snils(rng)) if rng.random() < 0.7 else "",
        "debtor_inn": "",
        "debtor_address": f"{index}{rng.randint(0, 99):03d}, г. {_CITIES[city][0]}, {rng.choice(_STREETS)}, "
        f"д. {rng.randint(1, 120)}, кв. {rng.randint(1, 200)}",
        "contract_number": f"{rng.randint(10, 99)}{rng.randint(100000, 999999)}/{year - 1}",
        "court_case_numbers": court_case,
        "ip_numbers": ip,
        "uid": uid if rng.random() < 0.8 else "",
    }
    extra = random.Random(f"world-case-arbitration:{seed}:{i}")
    arbitration = f"А{_ARBITRATION[city]}-{extra.randint(1000, 39999)}/{year}"
    if extra.random() < 0.3:  # the debtor's bankruptcy or a claim against him as an entrepreneur
        row["court_case_numbers"] = f"{court_case};{arbitration}"
    else:
        arbitration = ""
    forms = (person.form("gen"), person.form("dat"), person.full)
    return _Case(
        row, city, pick["osp"], pick["district"], court, uid, court_case, ip, forms, birth, arbitration
    )


def world_cases(n: int, *, seed: int) -> list[dict[str, str]]:
    """The CRM's cases the documents refer to (prefix-stable)."""
    return [_case(i, seed).row for i in range(n)]


def _date_words(value: date) -> str:
    return f"«{value.day:02d}» {_MONTHS[value.month - 1]} {value.year} г."


def _regional_line(unit: Unit, rng: random.Random) -> str:
    city, _gen, _prep, _region, by, gu, _index, _d = _CITIES[unit.city]
    full = f"{'Главное управление' if gu else 'Управление'} Федеральной службы судебных приставов по {by}"
    short = f"{'ГУФССП' if gu else 'УФССП'} России по {by}"
    return rng.choice((full, short, short.upper(), f"{'ГУ ФССП' if gu else 'УФССП'} по {by}"))


def _unit_line(unit: Unit, rng: random.Random) -> list[str]:
    """How a bailiff office names itself: with the city, without it, as РОСП, in capitals."""
    gen = _CITIES[unit.city][1]
    dat = _dat(unit.district)
    roll = rng.random()
    if unit.serves:
        both = f"{_dat(unit.serves[0])} и {_dat(unit.serves[1])} районам"
        short = "МОСП" if unit.name.startswith("МОСП") else "ОСП"
        full = "Межрайонный отдел" if short == "МОСП" else rng.choice(("Отдел", "Отделение"))
        line = (f"{full} судебных приставов по {both} г. {gen}" if roll < 0.35 else
                f"{full} судебных приставов по {both}" if roll < 0.6 else
                f"{short} по {both} г. {gen}" if roll < 0.85 else f"{short} по {both}")  # fmt: skip
    elif roll < 0.3:
        line = f"Отдел судебных приставов по {dat} району г. {gen}"
    elif roll < 0.55:
        line = f"Отделение судебных приставов по {dat} району"  # the city only elsewhere
    elif roll < 0.7:
        line = f"{unit.district} районный отдел судебных приставов г. {gen}"
    elif roll < 0.85:
        line = f"ОСП по {dat} району г. {gen}"
    else:
        line = f"ОСП по {dat} району"
    return [line.upper() if rng.random() < 0.3 else line]


def _fssp_letterhead(unit: Unit, rng: random.Random) -> list[str]:
    city, _gen, _prep, _region, _by, _gu, _index, _d = _CITIES[unit.city]
    lines = ["ФЕДЕРАЛЬНАЯ СЛУЖБА СУДЕБНЫХ ПРИСТАВОВ"] if rng.random() < 0.5 else []
    if rng.random() < 0.85:
        lines.append(_regional_line(unit, rng))
    lines += _unit_line(unit, rng)
    index, rest = unit.address.split(", ", 1)
    lines.append(rng.choice((unit.address, f"{rest.split(', ', 1)[1]}, {rest.split(', ', 1)[0]}, {index}")))
    lines.append(
        f"тел. (8{rng.randint(300, 399)}) {rng.randint(200, 299)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}"
    )
    return lines


def _addressee(rng: random.Random) -> list[str]:
    return [f"Взыскателю: {AGENCY}", AGENCY_ADDRESS] if rng.random() < 0.7 else [AGENCY, AGENCY_ADDRESS]


_FSSP_SUBJECTS = {
    FSSP_TYPES[0]: ("ПОСТАНОВЛЕНИЕ", "о возбуждении исполнительного производства"),
    FSSP_TYPES[1]: ("ПОСТАНОВЛЕНИЕ", "об окончании исполнительного производства и возвращении ИД взыскателю"),
    FSSP_TYPES[2]: ("ПОСТАНОВЛЕНИЕ", "об отказе в возбуждении исполнительного производства"),
    FSSP_TYPES[3]: ("ПОСТАНОВЛЕНИЕ", "об обращении взыскания на заработную плату и иные доходы должника"),
    FSSP_TYPES[4]: ("ПОСТАНОВЛЕНИЕ", "о замене стороны исполнительного производства"),
    FSSP_TYPES[5]: ("АКТ", "о наличии обстоятельств, в соответствии с которыми исполнительный документ "
                    "возвращается взыскателю"),
}  # fmt: skip


def _fssp_doc(case: _Case, doc_type: str, when: date, rng: random.Random) -> list[str]:
    city, gen, _prep, _r, _by, _gu, _i, _d = _CITIES[case.city]
    noun, subject = _FSSP_SUBJECTS[doc_type]
    lines = _fssp_letterhead(case.osp, rng) + [""] + _addressee(rng) + [""]
    number = f"№ {case.osp.code}/{when:%y}/{rng.randint(100000, 999999)}"
    if rng.random() < 0.5:
        lines += [noun if rng.random() < 0.7 else " ".join(noun), f"{when:%d.%m.%Y}    {number}", f"г. {city}",
                  "", subject]  # fmt: skip
    else:
        lines += [noun, subject, "", f"{_date_words(when)}    г. {city}"]
    lines += [
        "",
        f"Судебный пристав-исполнитель {rng.choice(('Иванова А.А.', 'Шумилов Д.С.', 'Зорина М.Ю.'))}, "
        f"рассмотрев материалы исполнительного производства № {case.ip} в отношении должника "
        f"{case.person_forms[0]}, {case.birth:%d.%m.%Y} г.р., взыскатель {AGENCY},",
        "У С Т А Н О В И Л :" if rng.random() < 0.4 else "УСТАНОВИЛ:",
        f"на основании исполнительного документа по делу № {case.court_case}, выданного "
        f"{case.magistrate.name if rng.random() < 0.5 else case.district.name}, "
        "должник требования исполнительного документа не исполнил."
        + (
            ""
            if doc_type in FSSP_TYPES[:3]
            else " Исполнительное производство возбуждено на основании "
            "постановления о возбуждении исполнительного производства."
        ),
        "П О С Т А Н О В И Л :" if rng.random() < 0.4 else "ПОСТАНОВИЛ:",
    ]
    if doc_type == FSSP_TYPES[5]:  # an act states, it does not order
        lines[-1] = (
            "Настоящий акт составлен о том, что у должника отсутствует имущество, на которое может быть обращено взыскание."
        )
    else:
        lines += [*_FSSP_ORDERS[doc_type](case), "Копию настоящего постановления направить сторонам "
                  "исполнительного производства."]  # fmt: skip
    return lines


# The orders of each resolution's operative part, as the ФССП forms word them (the type is named
# there too, which a scan that lost its title still shows).
_FSSP_ORDERS = {
    FSSP_TYPES[0]: lambda case: [
        f"1. Возбудить исполнительное производство в отношении должника {case.person_forms[0]} в пользу взыскателя {AGENCY}.",
        "2. Установить должнику срок для добровольного исполнения требований, содержащихся в исполнительном документе, — 5 дней.",
    ],
    FSSP_TYPES[1]: lambda case: [
        f"1. Окончить исполнительное производство № {case.ip}.",
        "2. Отменить все назначенные меры принудительного исполнения, в том числе обращение взыскания на доходы должника.",
        "3. Исполнительный документ возвратить взыскателю.",
    ],
    FSSP_TYPES[2]: lambda case: [
        f"1. Отказать {AGENCY} в возбуждении исполнительного производства по исполнительному документу по делу № {case.court_case}.",
        "2. Исполнительный документ возвратить взыскателю.",
    ],
    FSSP_TYPES[3]: lambda case: [
        f"1. Обратить взыскание на заработную плату и иные доходы должника {case.person_forms[0]} в пределах суммы долга.",
        "2. Удержания производить ежемесячно в размере 50% от доходов должника.",
    ],
    FSSP_TYPES[4]: lambda case: [
        f"1. Заменить сторону исполнительного производства № {case.ip} (взыскателя) {case.row['client']} на правопреемника {AGENCY}.",
    ],
}


def _court_name_below(unit: Unit, rng: random.Random) -> str:
    if unit.role == "magistrate" or rng.random() < 0.6:
        return unit.name
    return unit.aliases[0] if unit.aliases and rng.random() < 0.5 else unit.name


def _court_doc(case: _Case, doc_type: str, when: date, rng: random.Random) -> tuple[list[str], Unit]:
    court = case.magistrate if doc_type in COURT_TYPES[:2] or doc_type.endswith("заявления") else (
        case.district if rng.random() < 0.7 else case.magistrate)  # fmt: skip
    city = _CITIES[case.city][0]
    head = [f"Дело № {case.court_case}"] + ([f"УИД {case.uid}"] if rng.random() < 0.8 else [])
    debtor_gen, debtor_dat, _ = case.person_forms
    if doc_type == "Исполнительный лист":
        lines = ["РОССИЙСКАЯ ФЕДЕРАЦИЯ", "ИСПОЛНИТЕЛЬНЫЙ ЛИСТ", f"Дело № {case.court_case}",
                 f"Серия ФС № 0{rng.randint(10000000, 99999999)}", court.name,
                 "(наименование суда, выдавшего исполнительный лист)", f"Дата выдачи {when:%d.%m.%Y}", "",
                 f"Взыскать с должника {debtor_gen}, {case.birth:%d.%m.%Y} г.р., в пользу взыскателя "
                 f"{case.row['client']} задолженность по кредитному договору № {case.row['contract_number']}."]  # fmt: skip
        return lines, court
    titles = {
        "Судебный приказ": ["СУДЕБНЫЙ ПРИКАЗ"],
        "Определение об отмене судебного приказа": ["ОПРЕДЕЛЕНИЕ", "об отмене судебного приказа"],
        "Определение о процессуальном правопреемстве": ["ОПРЕДЕЛЕНИЕ", "о процессуальном правопреемстве"],
        "Определение о возвращении заявления": ["ОПРЕДЕЛЕНИЕ", "о возвращении заявления о выдаче судебного приказа"],
        "Решение суда": rng.choice((["Р Е Ш Е Н И Е", "ИМЕНЕМ РОССИЙСКОЙ ФЕДЕРАЦИИ"],
                                    ["РЕШЕНИЕ", "Именем Российской Федерации"],
                                    ["ЗАОЧНОЕ РЕШЕНИЕ", "ИМЕНЕМ РОССИЙСКОЙ ФЕДЕРАЦИИ"],
                                    ["ИМЕНЕМ РОССИЙСКОЙ ФЕДЕРАЦИИ", "РЕЗОЛЮТИВНАЯ ЧАСТЬ РЕШЕНИЯ"],
                                    ["МОТИВИРОВАННОЕ РЕШЕНИЕ", "ИМЕНЕМ РОССИЙСКОЙ ФЕДЕРАЦИИ"])),
    }[doc_type]  # fmt: skip
    top = [court.name.upper()] if rng.random() < 0.35 else []
    lines = [*top, *head, "", *titles, "", f"{_date_words(when)}    г. {city}", ""]
    opening = f"{_court_name_below(court, rng)} в составе председательствующего судьи Лукиной О.С., "
    body = {
        "Судебный приказ": f"рассмотрев заявление {case.row['client']} о выдаче судебного приказа о взыскании с "
        f"{debtor_gen}, {case.birth:%d.%m.%Y} г.р., задолженности, ПРИКАЗАЛ: взыскать с должника {debtor_gen}.",
        "Определение об отмене судебного приказа": f"рассмотрев возражения должника {debtor_gen} относительно "
        f"исполнения судебного приказа № {case.court_case}, УСТАНОВИЛ: ... ОПРЕДЕЛИЛ: судебный приказ отменить.",
        "Определение о процессуальном правопреемстве": f"рассмотрев заявление {AGENCY} о процессуальном "
        f"правопреемстве по делу № {case.court_case} в отношении {debtor_gen}, ОПРЕДЕЛИЛ: заменить взыскателя.",
        "Определение о возвращении заявления": f"рассмотрев заявление о выдаче судебного приказа о взыскании с "
        f"{debtor_gen} задолженности, ОПРЕДЕЛИЛ: заявление возвратить.",
        "Решение суда": f"при секретаре Г., рассмотрев в открытом судебном заседании гражданское дело по иску "
        f"{case.row['client']} к {debtor_dat} о взыскании задолженности, руководствуясь ст. 194-198 ГПК РФ, "
        f"Р Е Ш И Л :\nисковые требования удовлетворить. Взыскать с {debtor_gen} ({case.birth:%d.%m.%Y} г.р.) "
        "задолженность и расходы по уплате государственной пошлины.",
    }[doc_type]  # fmt: skip
    return [*lines, opening + body, "", "Судья"], court


def _bank_reply(case: _Case, when: date, rng: random.Random) -> tuple[list[str], Unit]:
    bank = rng.choice([u for u in UNITS if u.kind == "bank"])
    lines = [bank.name, bank.address, f"Исх. № {rng.randint(1000, 99999)} от {when:%d.%m.%Y}", "",
             AGENCY, AGENCY_ADDRESS, "", "ОТВЕТ НА ЗАПРОС", "",
             f"На Ваш запрос сообщаем, что на имя {case.person_forms[0]} открытых счетов не имеется. "
             f"Исполнительный документ по делу № {case.court_case} возвращен."]  # fmt: skip
    return lines, bank


def _arbitration_doc(case: _Case, doc_type: str, when: date, rng: random.Random) -> tuple[list[str], Unit]:
    """An arbitration court's act in its own layout: court and address on top, the case number
    beside the date, «Резолютивная часть … объявлена», a bankruptcy or an entrepreneur's claim."""
    court = next(u for u in UNITS if u.role == "arbitration" and u.city == case.city)
    city = _CITIES[case.city][0]
    debtor_gen, debtor_dat, _ = case.person_forms
    top = [court.name.upper(), court.address, f"http://{rng.choice(('www', 'kad'))}.arbitr.ru"]
    dated = f"г. {city}    {_date_words(when)}    Дело № {case.arbitration}"
    if doc_type == "Решение суда":
        title = rng.choice(
            (["ИМЕНЕМ РОССИЙСКОЙ ФЕДЕРАЦИИ", "Р Е Ш Е Н И Е"], ["РЕШЕНИЕ", "ИМЕНЕМ РОССИЙСКОЙ ФЕДЕРАЦИИ"])
        )
        said = "решения"
        body = (f"{court.name} в составе судьи Кузнецовой Е.В., рассмотрев в открытом судебном заседании дело по "
                f"иску {case.row['client']} к индивидуальному предпринимателю {debtor_dat} ({case.birth:%d.%m.%Y} г.р.) "
                "о взыскании задолженности по кредитному договору, РЕШИЛ: иск удовлетворить.")  # fmt: skip
    else:
        title = ["ОПРЕДЕЛЕНИЕ", rng.choice(("о процессуальном правопреемстве",
                                            "о замене кредитора в реестре требований кредиторов"))]  # fmt: skip
        said = "определения"
        body = (f"{court.name} в составе судьи Кузнецовой Е.В., рассмотрев заявление {AGENCY} о процессуальном "
                f"правопреемстве в деле о несостоятельности (банкротстве) гражданина {debtor_gen} "
                f"({case.birth:%d.%m.%Y} г.р.), УСТАНОВИЛ: ... ОПРЕДЕЛИЛ: заменить кредитора {case.row['client']} "
                f"на {AGENCY}.")  # fmt: skip
    lines = [*top, "", *title, "", dated, f"Резолютивная часть {said} объявлена {when.day:02d}.{when.month:02d}.{when.year}",
             "", body, "", "Судья Е.В. Кузнецова"]  # fmt: skip
    return lines, court


def _bank_letter(case: _Case, when: date, rng: random.Random) -> tuple[list[str], Unit]:
    """A bank's reply as a business letter: no title noun, a subject line «О …», a salutation."""
    bank = rng.choice([u for u in UNITS if u.kind == "bank"])
    subject = rng.choice(("О предоставлении информации", "О рассмотрении обращения",
                          "О результатах рассмотрения запроса"))  # fmt: skip
    lines = [bank.name.upper() if rng.random() < 0.4 else bank.name, bank.address,
             f"{when:%d.%m.%Y} № {rng.randint(10, 99)}-{rng.randint(1000, 99999)}",
             f"На № {rng.randint(100, 9999)} от {when - timedelta(days=rng.randint(5, 30)):%d.%m.%Y}", "",
             f"Генеральному директору {AGENCY}", AGENCY_ADDRESS, "", subject, "", "Уважаемые господа!", "",
             f"В ответ на Ваш запрос в отношении {case.person_forms[0]}, {case.birth:%d.%m.%Y} г.р., сообщаем, "
             f"что исполнительный документ по делу № {case.court_case} к исполнению не поступал.",
             "", "С уважением,", "Начальник отдела по работе с обращениями"]  # fmt: skip
    return lines, bank


# Documents whose operative part names their type; a stamp or skew may take their title away.
TITLE_DAMAGE_TYPES = frozenset(set(FSSP_TYPES[:5]) | set(COURT_TYPES) - {"Исполнительный лист"})
TITLE_DAMAGE_SHARE = 0.12
_TITLE_TEXTS = frozenset({
    "ПОСТАНОВЛЕНИЕ", "П О С Т А Н О В Л Е Н И Е", "ОПРЕДЕЛЕНИЕ", "СУДЕБНЫЙ ПРИКАЗ", "РЕШЕНИЕ",
    "Р Е Ш Е Н И Е", "ЗАОЧНОЕ РЕШЕНИЕ", "МОТИВИРОВАННОЕ РЕШЕНИЕ", "ИМЕНЕМ РОССИЙСКОЙ ФЕДЕРАЦИИ",
    "Именем Российской Федерации", "РЕЗОЛЮТИВНАЯ ЧАСТЬ РЕШЕНИЯ",
    *(subject for _noun, subject in _FSSP_SUBJECTS.values()),
    "об отмене судебного приказа", "о процессуальном правопреемстве",
    "о возвращении заявления о выдаче судебного приказа", "о замене кредитора в реестре требований кредиторов",
})  # fmt: skip
_SMUDGE = "~`'^°*_.,:;|!1lI0"


def _garble(line: str, rng: random.Random) -> str:
    """A line under a stamp: a third of its letters smudged or gone."""
    out = []
    for char in line:
        roll = rng.random()
        out.append(char if char == " " or roll >= 0.35 else rng.choice(_SMUDGE) if roll < 0.25 else "")
    return "".join(out)


def damage_title(lines: list[str], rng: random.Random, *, share: float = TITLE_DAMAGE_SHARE) -> list[str]:
    """The title lines (noun and subject) dropped, smudged or split over two lines, for ``share`` of calls.

    The operative part is left as it is: that is what tells such a document's type.
    """
    if rng.random() >= share:
        return lines
    title = [n for n, line in enumerate(lines[:25]) if line in _TITLE_TEXTS]
    if not title:
        return lines
    how = rng.choice(("drop", "drop", "drop_noun", "garble", "split"))
    out = list(lines)
    if how == "drop":
        return [line for n, line in enumerate(out) if n not in title]
    if how == "drop_noun":
        return [line for n, line in enumerate(out) if n != title[0]]
    if how == "garble":
        return [_garble(line, rng) if n in title else line for n, line in enumerate(out)]
    first = out[title[0]]
    cut = max(2, len(first) // 2 + rng.randint(-2, 2))
    return [*out[: title[0]], first[:cut], first[cut:], *out[title[0] + 1 :]]


def _document(i: int, seed: int, n_cases: int) -> tuple[str, Truth]:
    rng = random.Random(f"world-doc:{seed}:{i}")
    unknown = rng.random() < 0.05
    case = _case(rng.randrange(n_cases) if not unknown else 100000 + i, seed)
    doc_type = (
        DOCUMENT_TYPES[i % len(DOCUMENT_TYPES)] if i < len(DOCUMENT_TYPES) else rng.choice(DOCUMENT_TYPES)
    )
    when = date(2024, 1, 1) + timedelta(days=rng.randint(0, 600))
    alt = random.Random(f"world-doc-alt:{seed}:{i}")  # layouts added later; the others stay as they were
    if (
        case.arbitration
        and doc_type in {"Решение суда", "Определение о процессуальном правопреемстве"}
        and (alt.random() < 0.6)
    ):
        lines, sender = _arbitration_doc(case, doc_type, when, rng)
    elif doc_type not in FSSP_TYPES and doc_type not in COURT_TYPES and alt.random() < 0.5:
        lines, sender = _bank_letter(case, when, rng)
    elif doc_type in FSSP_TYPES:
        lines, sender = _fssp_doc(case, doc_type, when, rng), case.osp
    elif doc_type in COURT_TYPES:
        lines, sender = _court_doc(case, doc_type, when, rng)
    else:
        lines, sender = _bank_reply(case, when, rng)
    if rng.random() < 0.15:  # a second page
        lines += ["", "", "Страница 2 из 2", *(["Копия верна. Подлинник находится в материалах дела."] * 3)]
    if doc_type in TITLE_DAMAGE_TYPES:  # its own stream: the other documents stay as they were
        lines = damage_title(lines, random.Random(f"world-doc-title:{seed}:{i}"))
    text = "\n".join(lines)
    truth = Truth(
        sender.name, sender.kind, doc_type, "" if unknown else case.row["case_number"],
        case.person_forms[2], case.birth, when,
        ip_numbers=(case.ip,) if case.ip in text else (),
        court_case_numbers=tuple(n for n in (case.court_case, case.arbitration) if n and n in text),
        uids=(case.uid,) if case.uid in text else (),
    )  # fmt: skip
    return text, truth


def world_documents(n: int, *, seed: int, cases: int = 200) -> list[tuple[str, Truth]]:
    """``n`` documents with truth (prefix-stable); the first 13 cover every type once."""
    return [_document(i, seed, cases) for i in range(n)]
