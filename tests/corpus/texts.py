"""Synthetic incoming-document texts with ground truth, and the reference data they draw from.

Stable API (the PDF/JPEG renderer and the CSV builders depend on it):

- ``demo_counterparties() -> list[dict[str, str]]``: keys ``name, kind, address, inn, ogrn, aliases``
  (``aliases`` ``;``-separated; ``kind`` one of court/bailiff/bank/other; ИНН/ОГРН with valid
  check digits). Always the same list, in the same order.
- ``demo_cases(n, *, seed) -> list[dict[str, str]]``: keys ``case_number, client, debtor_full_name,
  debtor_birth_date (ДД.ММ.ГГГГ), debtor_snils, debtor_inn, debtor_address, contract_number,
  court_case_numbers (;-separated), ip_numbers (;-separated), uid``. Prefix-stable: case ``i`` depends
  only on ``seed`` and ``i``. Like a real CRM export, a quarter of the rows spell their court case
  numbers with a two-digit year (``2-1234/23``) and a quarter have no УИД.
- ``generate_documents(n, *, seed, cases=None) -> list[tuple[str, Truth]]``: every standard type,
  senders of every kind (ОСП/РОСП/УФССП, district and magistrate courts, arbitration courts,
  banks, the debtor), debtors named in oblique cases, misleading boilerplate. Documents refer to
  ``cases`` (default ``demo_cases(CASES_PER_SEED, seed=seed)``) and are prefix-stable too.
- Helpers for tests: ``counterparty_refs()``, ``ocr_noise(text, rng, rate)``, ``wrap(text)``.

Declension is written out by hand here (not with pymorphy) so the tests of ``tasks.names`` are
not circular. Document bodies live in ``tests/corpus/texts.py`` only; no other module needed.
"""

from __future__ import annotations

import random
import re
import textwrap
from dataclasses import dataclass
from datetime import date, timedelta

from tasks.checkdigits import complete_inn, format_snils, snils_check_number
from tasks.classify import DEBTOR_SENDER, CounterpartyRef

CASES_PER_SEED = 200
AGENCY = "ООО ПКО «Долговой центр»"
AGENCY_ADDRESS = "125009, г. Москва, ул. Тверская, д. 7, офис 12"

# name, kind, region, unit code (ОСП code / court code), address, aliases
_COUNTERPARTIES: tuple[tuple[str, str, str, str, str, tuple[str, ...]], ...] = (
    (
        "УФССП России по Кировской области",
        "bailiff",
        "43",
        "",
        "610017, г. Киров, ул. Московская, д. 4",
        ("Управление Федеральной службы судебных приставов по Кировской области",),
    ),
    (
        "ОСП по Ленинскому району г. Кирова",
        "bailiff",
        "43",
        "43001",
        "610004, г. Киров, ул. Ленина, д. 95",
        ("Отдел судебных приставов по Ленинскому району города Кирова",),
    ),
    (
        "ОСП по Октябрьскому району г. Кирова",
        "bailiff",
        "43",
        "43002",
        "610020, г. Киров, ул. Горбачева, д. 36",
        ("Отдел судебных приставов по Октябрьскому району города Кирова",),
    ),
    (
        "ОСП по Первомайскому району г. Кирова",
        "bailiff",
        "43",
        "43003",
        "610050, г. Киров, ул. Свободы, д. 22",
        ("Отдел судебных приставов по Первомайскому району города Кирова",),
    ),
    (
        "ГУФССП России по г. Москве",
        "bailiff",
        "77",
        "",
        "125047, г. Москва, ул. Бутырская, д. 5",
        ("Главное управление Федеральной службы судебных приставов по г. Москве",),
    ),
    (
        "ОСП по Центральному АО № 1 ГУФССП России по г. Москве",
        "bailiff",
        "77",
        "77053",
        "109004, г. Москва, ул. Станиславского, д. 19",
        ("ОСП по ЦАО № 1",),
    ),
    (
        "ОСП по Центральному АО № 2 ГУФССП России по г. Москве",
        "bailiff",
        "77",
        "77054",
        "127051, г. Москва, Цветной б-р, д. 2",
        ("ОСП по ЦАО № 2",),
    ),
    (
        "ГУФССП России по г. Санкт-Петербургу",
        "bailiff",
        "78",
        "",
        "190000, г. Санкт-Петербург, ул. Чапаева, д. 6",
        ("Главное управление Федеральной службы судебных приставов по г. Санкт-Петербургу",),
    ),
    (
        "Калининский РОСП ГУФССП России по г. Санкт-Петербургу",
        "bailiff",
        "78",
        "78016",
        "195273, г. Санкт-Петербург, Пискаревский пр., д. 52",
        ("Калининский районный отдел судебных приставов",),
    ),
    (
        "ГУФССП России по Нижегородской области",
        "bailiff",
        "52",
        "",
        "603950, г. Нижний Новгород, ул. Ошарская, д. 2",
        ("Главное управление Федеральной службы судебных приставов по Нижегородской области",),
    ),
    (
        "Московский РОСП г. Нижнего Новгорода",
        "bailiff",
        "52",
        "52005",
        "603073, г. Нижний Новгород, ул. Адмирала Нахимова, д. 13",
        ("Московский районный отдел судебных приставов г. Нижнего Новгорода",),
    ),
    (
        "УФССП России по Республике Татарстан",
        "bailiff",
        "16",
        "",
        "420111, г. Казань, ул. Тази Гиззата, д. 15",
        ("Управление Федеральной службы судебных приставов по Республике Татарстан",),
    ),
    (
        "МОСП по ИОИП УФССП России по Республике Татарстан",
        "bailiff",
        "16",
        "16008",
        "420073, г. Казань, ул. Аделя Кутуя, д. 86",
        ("Межрайонный отдел судебных приставов по исполнению особых исполнительных производств",),
    ),
    (
        "Ленинский районный суд г. Кирова",
        "court",
        "43",
        "RS0001",
        "610017, г. Киров, ул. Спасская, д. 20",
        ("Ленинский районный суд города Кирова",),
    ),
    (
        "Октябрьский районный суд г. Кирова",
        "court",
        "43",
        "RS0002",
        "610002, г. Киров, ул. Московская, д. 70",
        ("Октябрьский районный суд города Кирова",),
    ),
    (
        "Первомайский районный суд г. Кирова",
        "court",
        "43",
        "RS0003",
        "610050, г. Киров, ул. Свободы, д. 63",
        ("Первомайский районный суд города Кирова",),
    ),
    (
        "Мировой судья судебного участка № 3 Ленинского судебного района г. Кирова",
        "court",
        "43",
        "MS0012",
        "610004, г. Киров, ул. Ленина, д. 102",
        ("Судебный участок № 3 Ленинского судебного района г. Кирова",),
    ),
    (
        "Мировой судья судебного участка № 13 Ленинского судебного района г. Кирова",
        "court",
        "43",
        "MS0022",
        "610004, г. Киров, ул. Ленина, д. 102",
        ("Судебный участок № 13 Ленинского судебного района г. Кирова",),
    ),
    (
        "Мировой судья судебного участка № 65 Октябрьского судебного района г. Кирова",
        "court",
        "43",
        "MS0065",
        "610020, г. Киров, ул. Дерендяева, д. 23",
        ("Судебный участок № 65 Октябрьского судебного района г. Кирова",),
    ),
    (
        "Тверской районный суд г. Москвы",
        "court",
        "77",
        "RS0017",
        "127051, г. Москва, ул. Цветной бульвар, д. 25",
        ("Тверской районный суд города Москвы",),
    ),
    (
        "Мировой судья судебного участка № 368 района Хамовники г. Москвы",
        "court",
        "77",
        "MS0368",
        "119048, г. Москва, ул. Усачева, д. 11",
        ("Судебный участок № 368 района Хамовники г. Москвы",),
    ),
    (
        "Калининский районный суд г. Санкт-Петербурга",
        "court",
        "78",
        "RS0005",
        "195009, г. Санкт-Петербург, ул. Бобруйская, д. 4",
        ("Калининский районный суд Санкт-Петербурга",),
    ),
    (
        "Мировой судья судебного участка № 12 Санкт-Петербурга",
        "court",
        "78",
        "MS0012",
        "195220, г. Санкт-Петербург, ул. Гжатская, д. 22",
        ("Судебный участок № 12 Санкт-Петербурга",),
    ),
    (
        "Нижегородский районный суд г. Нижнего Новгорода",
        "court",
        "52",
        "RS0002",
        "603950, г. Нижний Новгород, ул. Большая Покровская, д. 17",
        ("Нижегородский районный суд",),
    ),
    (
        "Мировой судья судебного участка № 5 Нижегородского судебного района г. Нижнего Новгорода",
        "court",
        "52",
        "MS0005",
        "603005, г. Нижний Новгород, ул. Большая Печерская, д. 8",
        ("Судебный участок № 5 Нижегородского судебного района г. Нижнего Новгорода",),
    ),
    (
        "Арбитражный суд Кировской области",
        "court",
        "43",
        "A28",
        "610017, г. Киров, ул. Карла Либкнехта, д. 102",
        ("АС Кировской области",),
    ),
    (
        "Арбитражный суд г. Москвы",
        "court",
        "77",
        "A40",
        "115225, г. Москва, ул. Большая Тульская, д. 17",
        ("Арбитражный суд города Москвы",),
    ),
    (
        "ПАО Сбербанк",
        "bank",
        "77",
        "",
        "117312, г. Москва, ул. Вавилова, д. 19",
        ("ПАО Сбербанк России", "Публичное акционерное общество «Сбербанк России»"),
    ),
    (
        "АО «Альфа-Банк»",
        "bank",
        "77",
        "",
        "107078, г. Москва, ул. Каланчевская, д. 27",
        ("Акционерное общество «Альфа-Банк»",),
    ),
    (
        "ПАО «Совкомбанк»",
        "bank",
        "44",
        "",
        "156000, г. Кострома, пр-т Текстильщиков, д. 46",
        ("Публичное акционерное общество «Совкомбанк»",),
    ),
    (
        "АО «ТБанк»",
        "bank",
        "77",
        "",
        "127287, г. Москва, ул. Хуторская 2-я, д. 38А, стр. 26",
        ("АО «Тинькофф Банк»", "Акционерное общество «ТБанк»"),
    ),
    (
        "ООО «Хоум Кредит энд Финанс Банк»",
        "bank",
        "77",
        "",
        "125124, г. Москва, ул. Правды, д. 8, к. 1",
        ("ООО «ХКФ Банк»",),
    ),
    (
        "ООО МФК «Быстрые займы»",
        "other",
        "43",
        "",
        "610000, г. Киров, ул. Карла Маркса, д. 21",
        ("Общество с ограниченной ответственностью микрофинансовая компания «Быстрые займы»",),
    ),
)
_REGIONS = {
    "43": ("г. Киров", "Кировская обл.", "610"),
    "77": ("г. Москва", "г. Москва", "1"),
    "78": ("г. Санкт-Петербург", "г. Санкт-Петербург", "19"),
    "52": ("г. Нижний Новгород", "Нижегородская обл.", "603"),
    "16": ("г. Казань", "Республика Татарстан", "420"),
}
_CASE_REGIONS = ("43", "43", "43", "77", "78", "52")
_JUDGES = ("Сидорова Е.В.", "Кротов А.Н.", "Лукина О.С.", "Гарипов Р.Р.", "Белых Н.А.", "Семенова Т.П.")
_BAILIFFS = ("Иванова А.А.", "Шумилов Д.С.", "Хабибуллина Г.Р.", "Огородников П.В.", "Зорина М.Ю.")
_STREETS = (
    "ул. Мира",
    "ул. Советская",
    "ул. Гагарина",
    "ул. Молодой Гвардии",
    "пр-т Строителей",
    "ул. Лесная",
)
_MONTHS = "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split()

# --- names and their declension (gen, dat, acc, ins) -------------------------------------------
_SURNAMES = (
    "Петров Иванов Смирнов Кузнецов Соколов Попов Лебедев Козлов Новиков Морозов Волков Зайцев Павлов "
    "Семенов Голубев Виноградов Богданов Федоров Михайлов Тарасов Белов Комаров Орлов Киселев Макаров "
    "Андреев Ковалев Ильин Гусев Титов Баранов Куликов Алексеев Степанов Яковлев Сорокин Романов Захаров "
    "Никитин Соболев Крылов Сидоров Егоров Калинин Пушкин"
).split()
_SURNAMES_SKY = ("Соколовский", "Вишневский", "Ковальский", "Залесский", "Троицкий")
_SURNAMES_FIXED = ("Шевченко", "Бондаренко", "Черных", "Седых", "Кравченко", "Дурново")
_SURNAMES_HYPHEN = ("Петров-Водкин", "Римский-Корсаков", "Соколов-Микитов")
_MALE = "Сергей Александр Дмитрий Андрей Алексей Максим Иван Михаил Николай Евгений Владимир Павел Олег Юрий Виктор Игорь Роман Илья Артем".split()  # noqa: E501
_FEMALE = "Анна Елена Ольга Татьяна Наталья Ирина Светлана Мария Екатерина Юлия Марина Любовь Надежда Людмила Дарья".split()  # noqa: E501
_FATHERS = (
    ("Иванович", "Ивановна"),
    ("Сергеевич", "Сергеевна"),
    ("Петрович", "Петровна"),
    ("Александрович", "Александровна"),
    ("Николаевич", "Николаевна"),
    ("Владимирович", "Владимировна"),
    ("Михайлович", "Михайловна"),
    ("Андреевич", "Андреевна"),
    ("Викторович", "Викторовна"),
    ("Юрьевич", "Юрьевна"),
    ("Олегович", "Олеговна"),
    ("Ильич", "Ильинична"),
)
_EASTERN = (
    ("Мамедов", "Рашад", "Гусейн оглы", "m"),
    ("Алиева", "Лейла", "Исмаил кызы", "f"),
    ("Гасанов", "Эльчин", "Рафик оглы", "m"),
)
_CASES = ("gen", "dat", "acc", "ins")


def _decline_surname(word: str, male: bool, case: str) -> str:
    if "-" in word:
        return "-".join(_decline_surname(part, male, case) for part in word.split("-"))
    if word.endswith(("ко", "их", "ых", "во")):
        return word
    if word.endswith(("ий", "ая")):
        stem = word[:-2]
        forms = ("ого", "ому", "ого", "им") if male else ("ой", "ой", "ую", "ой")
        return stem + forms[_CASES.index(case)]
    if male:
        return word + ("а", "у", "а", "ым")[_CASES.index(case)]
    return word[:-1] + ("ой", "ой", "у", "ой")[_CASES.index(case)]


def _decline_given(word: str, case: str) -> str:
    i = _CASES.index(case)
    if word == "Любовь":
        return ("Любови", "Любови", "Любовь", "Любовью")[i]
    if word.endswith("ия"):
        return word[:-1] + ("и", "и", "ю", "ей")[i]
    if word.endswith("я"):
        return word[:-1] + ("и", "е", "ю", "ей")[i]
    if word.endswith("а"):
        soft = word[-2] in "жшчщгкх"
        return word[:-1] + ("и" if soft else "ы", "е", "у", "ой")[i]
    if word.endswith(("й", "ь")):
        return word[:-1] + ("я", "ю", "я", "ем")[i]
    if word.endswith("ич"):
        return word + ("а", "у", "а", "ем")[i]
    return word + ("а", "у", "а", "ом")[i]


@dataclass(frozen=True, slots=True)
class Person:
    surname: str
    first: str
    patronymic: str
    male: bool

    @property
    def full(self) -> str:
        return f"{self.surname} {self.first} {self.patronymic}"

    @property
    def initials(self) -> str:
        return f"{self.first[0]}.{self.patronymic[0]}."

    def form(self, case: str, *, short: bool = False) -> str:
        """The name in a grammatical case ("nom" or one of gen/dat/acc/ins), full or with initials."""
        if case == "nom":
            return f"{self.surname} {self.initials}" if short else self.full
        surname = _decline_surname(self.surname, self.male, case)
        if short:
            return f"{surname} {self.initials}"
        parts = self.patronymic.split()
        patronymic = self.patronymic if len(parts) == 2 else _decline_given(self.patronymic, case)
        return f"{surname} {_decline_given(self.first, case)} {patronymic}"


def random_person(rng: random.Random) -> Person:
    """A debtor: mostly ordinary Russian names, some -ский, indeclinable, hyphenated, оглы/кызы."""
    roll = rng.random()
    if roll < 0.05:
        surname, first, patr, sex = rng.choice(_EASTERN)
        return Person(surname, first, patr, sex == "m")
    male = rng.random() < 0.55
    pool = (
        _SURNAMES_SKY
        if roll < 0.15
        else _SURNAMES_FIXED
        if roll < 0.23
        else _SURNAMES_HYPHEN
        if roll < 0.27
        else _SURNAMES
    )
    surname = rng.choice(pool)
    if not male and surname not in _SURNAMES_FIXED:
        surname = "-".join(p[:-2] + "ая" if p.endswith("ий") else p + "а" for p in surname.split("-"))
    father = rng.choice(_FATHERS)
    return Person(surname, rng.choice(_MALE if male else _FEMALE), father[0 if male else 1], male)


# --- identifiers with valid check digits ------------------------------------------------------
def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def valid_inn(rng: random.Random, *, person: bool, region: str = "43") -> str:
    return complete_inn(region + _digits(rng, 8 if person else 7))


def valid_ogrn(rng: random.Random, region: str) -> str:
    body = "1" + rng.choice(("02", "03", "11", "14", "18")) + region + _digits(rng, 7)
    return body + str(int(body) % 11 % 10)


def valid_snils(rng: random.Random) -> str:
    first9 = str(rng.randint(2_000_000, 999_999_999)).zfill(9)
    return f"{first9}{snils_check_number(first9):02d}"


fmt_snils = format_snils


# --- reference data ---------------------------------------------------------------------------
def demo_counterparties() -> list[dict[str, str]]:
    """Courts, bailiff offices, banks: the reference rows the generated texts are drawn from."""
    rng = random.Random("counterparties-v1")
    rows = []
    for name, kind, region, _code, address, aliases in _COUNTERPARTIES:
        rows.append(
            {
                "name": name,
                "kind": kind,
                "address": address,
                "inn": valid_inn(rng, person=False, region=region),
                "ogrn": valid_ogrn(rng, region),
                "aliases": ";".join(aliases),
            }
        )
    return rows


def counterparty_refs() -> list[CounterpartyRef]:
    """``demo_counterparties`` as the classifier's reference data, ids 1..n in list order."""
    return [
        CounterpartyRef(
            i, r["name"], r["kind"], tuple(a for a in r["aliases"].split(";") if a), r["inn"], r["ogrn"]
        )
        for i, r in enumerate(demo_counterparties(), start=1)
    ]


def _by(kind: str, region: str, *, code_prefix: str = "") -> list[int]:
    return [
        i
        for i, c in enumerate(_COUNTERPARTIES)
        if c[1] == kind and c[2] == region and c[3].startswith(code_prefix)
    ]


@dataclass(frozen=True, slots=True)
class _CaseInfo:
    region: str
    person: Person
    birth: date
    mirovoy: int
    district: int
    osp: int
    year: int
    uid: str
    court_cases: tuple[str, ...] = ()  # canonical spelling, the truth documents are checked against


def demo_cases(n: int, *, seed: int) -> list[dict[str, str]]:
    """Cases of the CRM's "Кейсы" export whose identifiers the generated documents carry."""
    return [_case(i, seed)[0] for i in range(n)]


def _case(i: int, seed: int) -> tuple[dict[str, str], _CaseInfo]:
    rng = random.Random(f"case:{seed}:{i}")
    region = rng.choice(_CASE_REGIONS)
    person = random_person(rng)
    birth = date(1955, 1, 1) + timedelta(days=rng.randint(0, 365 * 45))
    mirovoy = rng.choice(_by("court", region, code_prefix="MS"))
    district = rng.choice(_by("court", region, code_prefix="RS"))
    osp = rng.choice(_by("bailiff", region, code_prefix=region))
    year = rng.choice((2021, 2022, 2023, 2024))
    uid = f"{region}{_COUNTERPARTIES[mirovoy][3]}-01-{year}-{_digits(rng, 6)}-{_digits(rng, 2)}"
    court_cases = [f"2-{rng.randint(100, 9999)}/{year}", f"2-{rng.randint(100, 9999)}/{year + 1}"]
    info = _CaseInfo(region, person, birth, mirovoy, district, osp, year, uid, tuple(court_cases))
    ip_numbers = [f"{rng.randint(1000, 999999)}/{(year + 1) % 100:02d}/{_COUNTERPARTIES[osp][3]}-ИП"]
    city, _, index = _REGIONS[region]
    row = {
        "case_number": f"К-{seed % 1000:03d}-{i:05d}",
        "client": rng.choice(("ПАО Сбербанк", "АО «Альфа-Банк»", "ПАО «Совкомбанк»", "АО «ТБанк»", AGENCY)),
        "debtor_full_name": person.full,
        "debtor_birth_date": birth.strftime("%d.%m.%Y"),
        "debtor_snils": fmt_snils(valid_snils(rng)) if rng.random() < 0.8 else "",
        "debtor_inn": valid_inn(rng, person=True, region=region) if rng.random() < 0.6 else "",
        "debtor_address": f"{index.ljust(6, '0')}, {city}, {rng.choice(_STREETS)}, "
        f"д. {rng.randint(1, 120)}, кв. {rng.randint(1, 200)}",
        "contract_number": f"{rng.randint(10, 99)}{_digits(rng, 6)}/{year - 1}",
        "court_case_numbers": ";".join(court_cases),
        "ip_numbers": ";".join(ip_numbers),
    }
    # How the client's CRM holds them: drawn from a generator of its own, so adding this kept
    # every other value of the corpus as it was.
    crm = random.Random(f"crm:{seed}:{i}")
    if crm.random() < 0.25:
        row["court_case_numbers"] = ";".join(re.sub(r"/20(\d\d)$", r"/\1", number) for number in court_cases)
    row["uid"] = uid if crm.random() < 0.75 else ""
    return row, info


# --- documents --------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Truth:
    """What a clerk would register: sender (counterparty name or ``DEBTOR_SENDER``), type, case."""

    sender: str
    sender_kind: str
    document_type: str
    case_number: str
    debtor_full_name: str
    debtor_birth_date: date
    document_date: date
    ip_numbers: tuple[str, ...] = ()
    court_case_numbers: tuple[str, ...] = ()
    uids: tuple[str, ...] = ()
    writs: tuple[str, ...] = ()
    snils: str | None = None
    inn: str | None = None


@dataclass(slots=True)
class _Ctx:
    rng: random.Random
    row: dict[str, str]
    info: _CaseInfo
    when: date
    sender: int = -1
    case_spelling: str = "{}"  # how this court writes case numbers: "{}" as stored, or a variant

    @property
    def p(self) -> Person:
        return self.info.person

    def d(self, value: date | None = None, *, words: bool | None = None) -> str:
        value = value or self.when
        if words if words is not None else self.rng.random() < 0.4:
            return f"«{value.day:02d}» {_MONTHS[value.month - 1]} {value.year} г."
        return value.strftime("%d.%m.%Y")

    def debtor(self, case: str) -> str:
        return self.p.form(case, short=self.rng.random() < 0.15)

    @property
    def court_case(self) -> str:
        return _spell_case(self.info.court_cases[0], self.case_spelling)

    @property
    def ip(self) -> str:
        return self.row["ip_numbers"].split(";")[0]

    def ids(self) -> str:
        parts = [
            f"дата рождения: {self.info.birth:%d.%m.%Y}"
            if self.rng.random() < 0.5
            else f"{self.info.birth:%d.%m.%Y} г.р."
        ]
        if self.row["debtor_snils"]:
            parts.append(f"СНИЛС {self.row['debtor_snils']}")
        if self.row["debtor_inn"]:
            parts.append(f"ИНН {self.row['debtor_inn']}")
        return ", ".join(parts)


def _name_variant(ctx: _Ctx, index: int) -> str:
    name, _kind, _region, _code, _address, aliases = _COUNTERPARTIES[index]
    text = ctx.rng.choice((name, name, *aliases))
    return text.upper() if ctx.rng.random() < 0.3 else text


def _parent_of(index: int) -> int:
    region = _COUNTERPARTIES[index][2]
    return next(i for i in _by("bailiff", region) if not _COUNTERPARTIES[i][3])


def _letterhead(ctx: _Ctx, *, registry: bool) -> list[str]:
    name, kind, _region, code, address, _aliases = _COUNTERPARTIES[ctx.sender]
    lines = []
    if kind == "bailiff":
        if ctx.rng.random() < 0.6:
            lines.append("ФЕДЕРАЛЬНАЯ СЛУЖБА СУДЕБНЫХ ПРИСТАВОВ")
        if code:
            lines.append(_name_variant(ctx, _parent_of(ctx.sender)))
    lines += [_name_variant(ctx, ctx.sender), address]
    if ctx.rng.random() < 0.5:
        lines.append(
            f"Тел.: ({ctx.rng.randint(800, 899)}) {ctx.rng.randint(10, 99)}-{ctx.rng.randint(10, 99)}-{ctx.rng.randint(10, 99)}"  # noqa: E501
        )
    if registry:
        ref = demo_counterparties()[ctx.sender]
        lines.append(f"ИНН {ref['inn']} ОГРН {ref['ogrn']}")
    return lines


def _fssp(ctx: _Ctx, title: str, body: str, *, kind: str = "ПОСТАНОВЛЕНИЕ") -> list[str]:
    osp = _COUNTERPARTIES[ctx.sender]
    lines = _letterhead(ctx, registry=ctx.rng.random() < 0.2)
    lines += [
        "",
        f"{ctx.d(words=False)} № {osp[3] or '43000'}/{ctx.when:%y}/{ctx.rng.randint(100000, 9999999)}",
    ]
    lines += [f"ИП № {ctx.ip}", ""]
    lines += [f"Взыскатель: {ctx.rng.choice((AGENCY, ctx.row['client']))}", f"Адрес: {AGENCY_ADDRESS}"]
    lines += [f"Должник: {ctx.p.full}", "", kind, title, "", f"{_REGIONS[ctx.info.region][0]} {ctx.d()}"]
    spi = ctx.rng.choice(_BAILIFFS)
    court = _COUNTERPARTIES[ctx.info.mirovoy][0]
    lines.append(
        f"Судебный пристав-исполнитель {osp[0]} {spi}, рассмотрев материалы исполнительного производства "
        f"№ {ctx.ip}, возбужденного на основании исполнительного документа: судебный приказ № {ctx.court_case} "  # noqa: E501
        f"от {ctx.d(ctx.when - timedelta(days=200), words=False)}, выданный органом: {court}, "
        f"предмет исполнения: задолженность по кредитным платежам в размере {ctx.rng.randint(5, 400)} "
        f"{ctx.rng.randint(100, 999)},{ctx.rng.randint(10, 99)} руб., в отношении должника {ctx.debtor('gen')}, "  # noqa: E501
        f"{ctx.ids()}, адрес должника: {ctx.row['debtor_address']}, в пользу взыскателя {ctx.row['client']},"
    )
    lines += [
        body.format(
            debtor_gen=ctx.debtor("gen"),
            debtor_dat=ctx.debtor("dat"),
            ip=ctx.ip,
            agency=AGENCY,
            client=ctx.row["client"],
            when=ctx.d(words=False),
        )
    ]
    lines += ["", f"Судебный пристав-исполнитель {spi}", "ДОКУМЕНТ ПОДПИСАН ЭЛЕКТРОННОЙ ПОДПИСЬЮ"]
    return lines


_FSSP_BODIES = {
    "Постановление о возбуждении исполнительного производства": (
        "о возбуждении исполнительного производства",
        "УСТАНОВИЛ: исполнительный документ соответствует требованиям ст. 13 Федерального закона от 02.10.2007 "  # noqa: E501
        "№ 229-ФЗ «Об исполнительном производстве». ПОСТАНОВИЛ: 1. Возбудить исполнительное производство "
        "№ {ip}. 2. Установить должнику срок для добровольного исполнения 5 дней. УИН 322{uin}.",
    ),
    "Постановление об окончании исполнительного производства": (
        "об окончании и возвращении ИД взыскателю",
        "УСТАНОВИЛ: Постановление о возбуждении исполнительного производства от {when} направлено сторонам. "
        "У должника отсутствует имущество, на которое может быть обращено взыскание. ПОСТАНОВИЛ: окончить "
        "исполнительное производство № {ip}, исполнительный документ возвратить взыскателю {client}.",
    ),
    "Постановление об отказе в возбуждении исполнительного производства": (
        "об отказе в возбуждении исполнительного производства",
        "УСТАНОВИЛ: в исполнительном документе не указан ни один из идентификаторов должника. "
        "ПОСТАНОВИЛ: отказать в возбуждении исполнительного производства, документ возвратить взыскателю.",
    ),
    "Постановление об обращении взыскания на доходы должника": (
        "об обращении взыскания на заработную плату и иные доходы должника",
        "УСТАНОВИЛ: должник {debtor_gen} получает доход в ООО «Вятка-Строй». ПОСТАНОВИЛ: обратить "
        "взыскание на доходы должника {debtor_gen} в размере 50 %. Удержанные суммы перечислять на депозит.",
    ),
    "Постановление о замене стороны исполнительного производства": (
        "о замене стороны исполнительного производства (правопреемстве)",
        "УСТАНОВИЛ: Определение о процессуальном правопреемстве вступило в законную силу; договор уступки "
        "прав требования заключен между {client} и {agency}. ПОСТАНОВИЛ: заменить взыскателя {client} "
        "его правопреемником {agency}.",
    ),
    "Акт о невозможности взыскания": (
        "о наличии обстоятельств, в соответствии с которыми исполнительный документ возвращается взыскателю",
        "Мною установлено, что невозможно установить местонахождение должника {debtor_gen}, его имущества "
        "либо получить сведения о наличии принадлежащих ему денежных средств.",
    ),
}


def _court_head(ctx: _Ctx, title: list[str], *, number: str) -> tuple[list[str], str]:
    """Case number and УИД, the court as letterhead (sometimes) and the title; returns the opening subject."""
    court = _COUNTERPARTIES[ctx.sender]
    lines = _letterhead(ctx, registry=False) + [""] if ctx.rng.random() < 0.5 else []
    lines += [f"Дело № {number}"]
    if court[3].startswith(("MS", "RS")):
        lines.append(f"УИД {ctx.info.uid}")
    lines += ["", *title, "", f"{ctx.d(words=True)} {_REGIONS[ctx.info.region][0]}", ""]
    judge = ctx.rng.choice(_JUDGES)
    if court[0].startswith("Мировой"):
        opening = f"{_name_variant(ctx, ctx.sender)} {judge},"
    else:
        opening = f"{_name_variant(ctx, ctx.sender)} в составе председательствующего судьи {judge}, при секретаре Г.,"  # noqa: E501
    return lines, opening


def _court_doc(ctx: _Ctx, doc_type: str) -> list[str]:
    agency, client, case = AGENCY, ctx.row["client"], ctx.court_case
    osp = _COUNTERPARTIES[ctx.info.osp][0]
    if doc_type == "Судебный приказ":
        lines, opening = _court_head(ctx, ["СУДЕБНЫЙ ПРИКАЗ"], number=case)
        body = (
            f"рассмотрев заявление {client} о выдаче судебного приказа о взыскании задолженности по "
            f"кредитному договору № {ctx.row['contract_number']} с {ctx.debtor('gen')}, ПРИКАЗАЛ: взыскать с "
            f"должника {ctx.debtor('gen')}, {ctx.ids()}, в пользу взыскателя {client} задолженность в размере "  # noqa: E501
            f"{ctx.rng.randint(10, 300)} {ctx.rng.randint(100, 999)} руб."
        )
    elif doc_type == "Определение об отмене судебного приказа":
        lines, opening = _court_head(ctx, ["ОПРЕДЕЛЕНИЕ", "об отмене судебного приказа"], number=case)
        body = (
            f"рассмотрев возражения должника {ctx.debtor('gen')} относительно исполнения судебного приказа "
            f"№ {case}, УСТАНОВИЛ: ... ОПРЕДЕЛИЛ: судебный приказ № {case} отменить. Копию направить в {osp} "
            f"для прекращения исполнительного производства № {ctx.ip}. Постановление о возбуждении "
            "исполнительного производства подлежит отмене."
        )
    elif doc_type == "Решение суда":
        lines, opening = _court_head(
            ctx, [ctx.rng.choice(("РЕШЕНИЕ", "ЗАОЧНОЕ РЕШЕНИЕ")), "ИМЕНЕМ РОССИЙСКОЙ ФЕДЕРАЦИИ"], number=case
        )
        body = (
            f"рассмотрев в открытом судебном заседании гражданское дело по иску {client} к "
            f"{ctx.debtor('dat')} о взыскании задолженности по кредитному договору, РЕШИЛ: исковые "
            f"требования удовлетворить. Взыскать с {ctx.debtor('gen')} ({ctx.ids()}) в пользу {client} "
            "задолженность и расходы по уплате государственной пошлины."
        )
    elif doc_type == "Определение о процессуальном правопреемстве":
        number = f"13-{ctx.rng.randint(10, 999)}/{ctx.when.year}"
        lines, opening = _court_head(ctx, ["ОПРЕДЕЛЕНИЕ", "о процессуальном правопреемстве"], number=number)
        body = (
            f"рассмотрев заявление {agency} о процессуальном правопреемстве по гражданскому делу № {case} "
            f"по иску {client} к {ctx.debtor('dat')}, УСТАНОВИЛ: между {client} и {agency} заключен "
            f"Договор уступки прав требования (цессии). Исполнительное производство № {ctx.ip} ведет "
            f"{osp}. ОПРЕДЕЛИЛ: заменить взыскателя {client} его правопреемником {agency}."
        )
    elif doc_type == "Определение о возвращении заявления":
        lines, opening = _court_head(
            ctx,
            ["ОПРЕДЕЛЕНИЕ", "о возвращении заявления о выдаче судебного приказа"],
            number=f"М-{ctx.rng.randint(100, 9999)}/{ctx.when.year}",
        )
        body = (
            f"рассмотрев заявление {client} о выдаче судебного приказа о взыскании с {ctx.debtor('gen')} "
            "задолженности, УСТАНОВИЛ: к заявлению не приложен документ об уплате государственной пошлины. "
            "ОПРЕДЕЛИЛ: заявление возвратить взыскателю."
        )
    else:  # Исполнительный лист
        series = f"ФС № {_digits(ctx.rng, 9)}"
        lines = [
            "РОССИЙСКАЯ ФЕДЕРАЦИЯ",
            "ИСПОЛНИТЕЛЬНЫЙ ЛИСТ",
            f"Дело № {case}",
            series,
            _name_variant(ctx, ctx.sender),
            "(наименование суда, выдавшего исполнительный лист)",
            f"Дата выдачи {ctx.d(words=False)}",
            "",
        ]
        opening = f"Решение вступило в законную силу {ctx.d(ctx.when - timedelta(days=40), words=False)}."
        body = (
            f"Взыскать с должника {ctx.debtor('gen')}, {ctx.ids()}, место жительства: "
            f"{ctx.row['debtor_address']}, в пользу взыскателя {client} задолженность по кредитному договору."
        )
    return [*lines, f"{opening} {body}", "", "Судья" if doc_type != "Исполнительный лист" else "М.П."]


def _bank_doc(ctx: _Ctx, doc_type: str) -> list[str]:
    bank = _COUNTERPARTIES[ctx.sender]
    lines = _letterhead(ctx, registry=ctx.rng.random() < 0.6) + [""] if ctx.rng.random() < 0.8 else []
    if doc_type == "Ответ на обращение":
        lines += [
            f"Исх. № {ctx.rng.randint(1000, 99999)} от {ctx.d(words=False)}",
            f"{AGENCY}",
            "",
            "ОТВЕТ НА ЗАПРОС",
            "",
            f"На Ваш запрос сообщаем, что задолженность {ctx.debtor('gen')} по договору "
            f"№ {ctx.row['contract_number']} передана по договору уступки прав требования.",
        ]
        return lines
    lines += [
        f"ДОГОВОР № {ctx.rng.randint(1, 99)}/{ctx.when:%y}-Ц",
        "уступки прав требования (цессии)",
        "",
        f"{_REGIONS[ctx.info.region][0]} {ctx.d(words=True)}",
        "",
        f"{bank[0]}, именуемое в дальнейшем «Цедент», и {AGENCY}, именуемое в дальнейшем «Цессионарий», "
        "заключили настоящий договор: Цедент уступает, а Цессионарий принимает права требования к "
        "должникам по кредитным договорам согласно Приложению № 1.",
        f"Приложение № 1: {ctx.p.full}, кредитный договор № {ctx.row['contract_number']}.",
    ]
    return lines


def _answer(ctx: _Ctx) -> list[str]:
    lines = _letterhead(ctx, registry=False)
    lines += [
        "",
        f"{ctx.d(words=False)} № {ctx.rng.randint(10000, 99999)}/{ctx.when:%y}/{ctx.rng.randint(1000, 99999)}",  # noqa: E501
        f"{AGENCY}",
        AGENCY_ADDRESS,
        "",
    ]
    lines += [
        ctx.rng.choice(("ОТВЕТ НА ОБРАЩЕНИЕ", "УВЕДОМЛЕНИЕ")),
        "о результатах рассмотрения обращения",
        "",
    ]
    lines.append(
        f"Ваше обращение по исполнительному производству № {ctx.ip} в отношении должника "
        f"{ctx.debtor('gen')} рассмотрено. Сообщаем, что постановление об окончании исполнительного "
        "производства будет направлено в Ваш адрес."
    )
    return lines


def _debtor_letter(ctx: _Ctx) -> list[str]:
    city, _, _ = _REGIONS[ctx.info.region]
    subject = ctx.rng.choice(("об отказе от взаимодействия", "о взаимодействии через представителя"))
    return [
        f"В {AGENCY}",
        AGENCY_ADDRESS,
        f"от {ctx.p.form('gen')}",
        f"проживающего по адресу: {ctx.row['debtor_address']}",
        f"тел. +7 9{_digits(ctx.rng, 2)} {_digits(ctx.rng, 3)}-{_digits(ctx.rng, 2)}-{_digits(ctx.rng, 2)}",
        "",
        "ЗАЯВЛЕНИЕ",
        subject,
        "",
        f"Я, {ctx.p.full}, {ctx.info.birth:%d.%m.%Y} г.р., являюсь должником по кредитному договору "
        f"№ {ctx.row['contract_number']}. В соответствии со ст. 8 Федерального закона от 03.07.2016 № 230-ФЗ "
        f"заявляю {subject}.",
        "",
        f"{ctx.d(words=False)} {city}   /{ctx.p.surname} {ctx.p.initials}/",
    ]


def _other(ctx: _Ctx) -> list[str]:
    if _COUNTERPARTIES[ctx.sender][1] == "bailiff":
        return _fssp(
            ctx,
            "о распределении денежных средств",
            "Постановление о возбуждении исполнительного производства № {ip} от {when} вынесено ранее.",
        )
    return [
        _name_variant(ctx, ctx.sender),
        "",
        "СУДЕБНАЯ ПОВЕСТКА",
        "",
        f"{ctx.debtor('dat')} надлежит явиться в судебное заседание по делу № {ctx.court_case} по иску "
        f"{ctx.row['client']}. Решение суда может быть принято в Ваше отсутствие.",
    ]


COURT_TYPES = (
    "Судебный приказ",
    "Определение об отмене судебного приказа",
    "Решение суда",
    "Определение о процессуальном правопреемстве",
    "Исполнительный лист",
    "Определение о возвращении заявления",
)
DOCUMENT_TYPES = (
    *_FSSP_BODIES,
    "Ответ на обращение",
    *COURT_TYPES,
    "Договор уступки прав требования",
    "Заявление должника",
    "Прочее",
)


def _pick_sender(ctx: _Ctx, doc_type: str) -> int:
    info, rng = ctx.info, ctx.rng
    banks = [i for i, c in enumerate(_COUNTERPARTIES) if c[1] in ("bank", "other")]
    if doc_type in _FSSP_BODIES:
        return info.osp
    if doc_type in (
        "Судебный приказ",
        "Определение об отмене судебного приказа",
        "Определение о возвращении заявления",
    ):
        return info.mirovoy
    if doc_type == "Решение суда" and rng.random() < 0.15:
        return rng.choice([i for i, c in enumerate(_COUNTERPARTIES) if c[3].startswith("A")])
    if doc_type in COURT_TYPES:
        return info.district if rng.random() < 0.8 else info.mirovoy
    if doc_type == "Договор уступки прав требования":
        return rng.choice(banks)
    if doc_type == "Ответ на обращение":
        return rng.choice((info.osp, info.osp, _parent_of(info.osp), rng.choice(banks)))
    return rng.choice((info.osp, info.district))


# How courts and bailiffs write one case number (domain.md A.1): mostly as the CRM holds it, else
# with a two-digit year, spaced out by a template, or with the year's "г." after it.
_CASE_SPELLINGS = (("{}", 0.65), ("{short}", 0.2), ("{spaced}", 0.1), ("{} г.", 0.05))


def _spell_case(number: str, spelling: str) -> str:
    index, rest = number.split("-", 1)
    seq, year = rest.split("/")
    return spelling.format(number, short=f"{index}-{seq}/{year[2:]}", spaced=f"{index} - {seq} / {year}")


def _document(i: int, seed: int) -> tuple[str, Truth]:
    rng = random.Random(f"doc:{seed}:{i}")
    row, info = _case(rng.randrange(CASES_PER_SEED), seed)
    doc_type = (
        DOCUMENT_TYPES[i % len(DOCUMENT_TYPES)] if i < len(DOCUMENT_TYPES) else rng.choice(DOCUMENT_TYPES)
    )
    ctx = _Ctx(rng, row, info, date(info.year + 1, 1, 1) + timedelta(days=rng.randint(0, 700)))
    # A generator of its own, so documents written before the variants came in stay the same.
    spellings = [spelling for spelling, _weight in _CASE_SPELLINGS]
    weights = [weight for _spelling, weight in _CASE_SPELLINGS]
    ctx.case_spelling = random.Random(f"spelling:{seed}:{i}").choices(spellings, weights)[0]
    if doc_type == "Заявление должника":
        lines, sender, kind = _debtor_letter(ctx), DEBTOR_SENDER, "debtor"
    else:
        ctx.sender = _pick_sender(ctx, doc_type)
        sender, kind = _COUNTERPARTIES[ctx.sender][0], _COUNTERPARTIES[ctx.sender][1]
        if doc_type in _FSSP_BODIES:
            title, body = _FSSP_BODIES[doc_type]
            body = body.replace("{uin}", _digits(rng, 17))
            lines = _fssp(ctx, title, body, kind="АКТ" if doc_type.startswith("Акт") else "ПОСТАНОВЛЕНИЕ")
        elif doc_type in COURT_TYPES:
            lines = _court_doc(ctx, doc_type)
        elif doc_type == "Договор уступки прав требования" or (
            doc_type == "Ответ на обращение" and kind != "bailiff"
        ):
            lines = _bank_doc(ctx, doc_type)
        elif doc_type == "Ответ на обращение":
            lines = _answer(ctx)
        else:
            lines = _other(ctx)
    text = "\n".join(lines)
    truth = Truth(
        sender,
        kind,
        doc_type,
        row["case_number"],
        info.person.full,
        info.birth,
        ctx.when,
        ip_numbers=tuple(x for x in row["ip_numbers"].split(";") if x in text),
        court_case_numbers=tuple(x for x in info.court_cases if _spell_case(x, ctx.case_spelling) in text),
        uids=(info.uid,) if info.uid in text else (),
        snils="".join(ch for ch in row["debtor_snils"] if ch.isdigit()) or None,
        inn=row["debtor_inn"] or None,
    )
    return text, truth


def generate_documents(n: int, *, seed: int) -> list[tuple[str, Truth]]:
    """``n`` document texts with their truth; the first 16 cover every standard type once."""
    return [_document(i, seed) for i in range(n)]


# --- OCR-like damage --------------------------------------------------------------------------
_LOOKALIKE = str.maketrans("АВСЕНКМОРТХасеорху", "ABCEHKMOPTXaceopxy")
_CONFUSIONS = {"и": "н", "ш": "щ", "л": "п", "е": "с", "в": "в", "т": "г", "ы": "ь", "б": "6", "з": "3"}


def ocr_noise(text: str, rng: random.Random, rate: float = 0.02) -> str:
    """What Tesseract does to a clean scan: look-alike letters, apostrophes in "77", letter confusions.

    Digits are left alone except for the apostrophe, so identifiers stay recoverable; ``rate`` is
    the share of characters touched.
    """
    out = []
    for index, ch in enumerate(text):
        roll = rng.random()
        if ch == "7" and text[index + 1 : index + 2] == "7" and roll < 0.3:
            out.append("7'")
        elif roll < rate * 0.6 and ch.isalpha():
            out.append(ch.translate(_LOOKALIKE))
        elif roll < rate and ch.isalpha() and ch.islower() and ch in _CONFUSIONS:
            out.append(_CONFUSIONS[ch])
        elif roll < rate * 1.2 and ch == " ":
            out.append("  ")
        else:
            out.append(ch)
    return "".join(out)


def wrap(text: str, width: int = 85) -> str:
    """Lines wrapped as the PDF renderer and OCR give them back (long paragraphs split)."""
    return "\n".join("\n".join(textwrap.wrap(line, width)) if line else "" for line in text.split("\n"))


_OB_LINE = re.compile(r"^(?:об|Об|ОБ)(?= )", re.MULTILINE)
_INITIALS_AFTER_SURNAME = re.compile(r"(?<=[а-я] )([А-Я])\.\s?([А-Я])\.")
_INITIAL_LOOKALIKE = str.maketrans("АВСЕНКМОРТХ", "ABCEHKMOPTX")
_IP_YEAR = re.compile(r"(?<=/)(\d)(\d)(?=/\d{5}-ИП)")


def scan_damage(text: str, rng: random.Random, rate: float = 0.5) -> str:
    """Tesseract's systematic misreads on our rendered scans, each applied with probability ``rate``.

    Seen in bench/quality (seeds 11-13), unlike the random noise of ``ocr_noise``: the subject
    line's "об" read as "06"; a debtor's initials read as Latin look-alikes or zeros ("H.M.",
    "0.0."); a space inside the year of an ИП number ("979314/2 3/43002-ИП"); a speck before a
    line ("‘уступки"). Added later than ``ocr_noise``; generated texts are unchanged.
    """

    def maybe(match: re.Match[str], damaged: str) -> str:
        return damaged if rng.random() < rate else match.group(0)

    def initials(match: re.Match[str]) -> str:
        if rng.random() < 0.3:
            return maybe(match, match.group(0).replace("О", "0"))
        return maybe(match, match.group(0).translate(_INITIAL_LOOKALIKE))

    text = _OB_LINE.sub(lambda m: maybe(m, "06"), text)
    text = _INITIALS_AFTER_SURNAME.sub(initials, text)
    text = _IP_YEAR.sub(lambda m: maybe(m, f"{m[1]} {m[2]}"), text)
    lines = text.split("\n")
    return "\n".join("‘" + line if line[:1].islower() and rng.random() < rate / 5 else line for line in lines)
