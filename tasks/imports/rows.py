"""Validation of CSV rows into typed records; each bad row gets one Russian reason.

Pure functions: no database. A row either becomes a record or a ``RowError`` with its
line number, so an import reports every bad row and still takes the good ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from config.errors import RowRefused
from tasks.case_numbers import canonical_court_case, canonical_uid
from tasks.checkdigits import is_valid_inn, is_valid_ogrn, is_valid_snils, normalize_digits
from tasks.imports.csvfile import split_multi

COUNTERPARTY_COLUMNS = ("name", "kind", "address", "inn", "ogrn", "aliases", "codes")
# A unit's code in documents: ИП department (59045), court in a УИД (59RS0004), arbitrazh (А40).
COUNTERPARTY_CODE = re.compile(r"\d{5}|\d{2}(?:RS|MS|GV|OS|GS)\d{4}|A\d{2}")
CASE_COLUMNS = (
    "case_number",
    "client",
    "debtor_full_name",
    "debtor_birth_date",
    "debtor_snils",
    "debtor_inn",
    "debtor_address",
    "contract_number",
    "court_case_numbers",
    "ip_numbers",
    "uid",
)

KIND_ALIASES = {
    "court": "court",
    "суд": "court",
    "bailiff": "bailiff",
    "фссп": "bailiff",
    "осп": "bailiff",
    "пристав": "bailiff",
    "приставы": "bailiff",
    "bank": "bank",
    "банк": "bank",
    "person": "person",
    "физлицо": "person",
    "физ. лицо": "person",
    "other": "other",
    "прочее": "other",
    "другое": "other",
    "": "other",
}

IP_NUMBER = re.compile(r"\d{1,8}/\d{2}/\d{5}-(?:ИП|СД|СВ)")
POSTAL_INDEX = re.compile(r"(?<!\d)(\d{6})(?!\d)")
NAME_WORD = re.compile(r"^[А-ЯЁа-яё][А-ЯЁа-яё'\-]*$")
EARLIEST_BIRTH_DATE = date(1900, 1, 1)


class RowProblem(StrEnum):
    """Why a row is not imported."""

    BAD_DATE = "bad_date"
    BAD_INN = "bad_inn"
    BAD_SNILS = "bad_snils"
    BAD_OGRN = "bad_ogrn"
    NO_NAME = "no_name"
    BAD_KIND = "bad_kind"
    BAD_CODE = "bad_code"
    NO_DEBTOR_NAME = "no_debtor_name"
    BAD_DEBTOR_NAME = "bad_debtor_name"
    BAD_BIRTH_DATE = "bad_birth_date"
    BAD_IP_NUMBER = "bad_ip_number"
    BAD_UID = "bad_uid"
    NO_CASE_NUMBER = "no_case_number"
    NO_CLIENT = "no_client"
    IDENTIFIER_CLASH = "identifier_clash"
    DUPLICATE_ROW = "duplicate_row"


class RowInvalid(RowRefused):
    """A row that cannot be imported; ``code`` is a ``RowProblem``, ``message`` Russian for the clerk."""


@dataclass(frozen=True, slots=True)
class RowError:
    """A refused row as the import report keeps it: its line, the Russian message and the code."""

    line: int
    message: str
    code: StrEnum


@dataclass(frozen=True, slots=True)
class CounterpartyRecord:
    line: int
    name: str
    kind: str
    address: str | None
    postal_index: str | None
    inn: str | None
    ogrn: str | None
    aliases: tuple[str, ...]
    codes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CaseRecord:
    line: int
    case_number: str
    client: str
    debtor_full_name: str
    debtor_birth_date: date | None
    debtor_snils: str | None
    debtor_inn: str | None
    debtor_address: str | None
    contract_number: str | None
    court_case_numbers: tuple[str, ...]
    ip_numbers: tuple[str, ...]
    uids: tuple[str, ...] | None = None
    """УИД дела (``uid`` column, ``;``-separated); None when the file has no such column."""


def parse_date(value: str) -> date:
    """``ДД.ММ.ГГГГ`` → date; RowInvalid with the value quoted otherwise."""
    try:
        return datetime.strptime(value, "%d.%m.%Y").date()
    except ValueError as exc:
        raise RowInvalid(
            RowProblem.BAD_DATE, f"дата «{value}» не в формате ДД.ММ.ГГГГ или не существует"
        ) from exc


def clean_inn(value: str, *, person: bool = False) -> str | None:
    if not value:
        return None
    digits = normalize_digits(value)
    if person and len(digits) != 12:
        raise RowInvalid(RowProblem.BAD_INN, f"ИНН физического лица «{value}» должен содержать 12 цифр")
    if not is_valid_inn(digits):
        raise RowInvalid(RowProblem.BAD_INN, f"ИНН «{value}» неверен: не сходится контрольное число")
    return digits


def clean_snils(value: str) -> str | None:
    if not value:
        return None
    digits = normalize_digits(value)
    if len(digits) != 11:
        raise RowInvalid(RowProblem.BAD_SNILS, f"СНИЛС «{value}» должен содержать 11 цифр")
    if not is_valid_snils(digits):
        raise RowInvalid(RowProblem.BAD_SNILS, f"СНИЛС «{value}» неверен: не сходится контрольное число")
    return digits


def clean_ogrn(value: str) -> str | None:
    if not value:
        return None
    digits = normalize_digits(value)
    if not is_valid_ogrn(digits):
        raise RowInvalid(
            RowProblem.BAD_OGRN, f"ОГРН «{value}» неверен: нужно 13 или 15 цифр с верным контрольным числом"
        )
    return digits


def parse_counterparty(line: int, values: dict[str, str]) -> CounterpartyRecord:
    name = " ".join(values.get("name", "").split())
    if not name:
        raise RowInvalid(RowProblem.NO_NAME, "не заполнено наименование (name)")
    kind_text = values.get("kind", "").strip().lower()
    if kind_text not in KIND_ALIASES:
        raise RowInvalid(
            RowProblem.BAD_KIND,
            f"неизвестный вид контрагента «{values['kind']}»: ожидается суд, фссп, банк, физлицо или прочее",
        )
    address = values.get("address") or None
    index_match = POSTAL_INDEX.search(address or "")
    aliases = tuple(alias for alias in split_multi(values.get("aliases", "")) if alias != name)
    return CounterpartyRecord(
        line=line,
        name=name,
        kind=KIND_ALIASES[kind_text],
        address=address,
        postal_index=index_match.group(1) if index_match else None,
        inn=clean_inn(values.get("inn", "")),
        ogrn=clean_ogrn(values.get("ogrn", "")),
        aliases=aliases,
        codes=_codes(values.get("codes", "")),
    )


def _codes(value: str) -> tuple[str, ...]:
    """Codes from the optional ``codes`` column, ``;``-separated; a malformed one refuses the row."""
    codes = []
    for raw in split_multi(value):
        code = raw.upper().replace(" ", "").translate(str.maketrans("АМ", "AM"))
        if not COUNTERPARTY_CODE.fullmatch(code):
            raise RowInvalid(
                RowProblem.BAD_CODE,
                f"код «{raw}»: ожидается код отдела ФССП (59045), суда из УИД (59RS0004) "
                "или арбитражного суда (А40)",
            )
        if code not in codes:
            codes.append(code)
    return tuple(codes)


def _full_name(value: str) -> str:
    name = " ".join(value.split())
    words = name.split(" ")
    if not name:
        raise RowInvalid(RowProblem.NO_DEBTOR_NAME, "не заполнено ФИО должника (debtor_full_name)")
    if len(words) < 2 or not all(NAME_WORD.match(word) for word in words):
        raise RowInvalid(
            RowProblem.BAD_DEBTOR_NAME,
            f"ФИО должника «{value}»: ожидаются фамилия и имя кириллицей (и отчество)",
        )
    return name


def _birth_date(value: str, *, today: date) -> date | None:
    if not value:
        return None
    born = parse_date(value)
    if not EARLIEST_BIRTH_DATE <= born <= today:
        raise RowInvalid(RowProblem.BAD_BIRTH_DATE, f"дата рождения «{value}» вне допустимого диапазона")
    return born


def _ip_numbers(value: str) -> tuple[str, ...]:
    numbers = split_multi(value.replace("–", "-").replace("—", "-"))
    for number in numbers:
        if not IP_NUMBER.fullmatch(number):
            raise RowInvalid(RowProblem.BAD_IP_NUMBER, f"номер ИП «{number}» не похож на «12345/24/77001-ИП»")
    return tuple(numbers)


def _court_case_numbers(value: str) -> tuple[str, ...]:
    """Canonical spellings (``2-1234/23`` → ``2-1234/2023``), so documents find the case whatever
    the client typed; two spellings of one number in a cell are one identifier."""
    return tuple(dict.fromkeys(canonical_court_case(number) for number in split_multi(value)))


def _uids(value: str | None) -> tuple[str, ...] | None:
    """The УИД of a case, checked for shape: a wrong one would link nobody's documents, and a
    value from another column (a case number) pasted here is a mistake the clerk should see."""
    if value is None:
        return None
    uids = []
    for raw in split_multi(value):
        uid = canonical_uid(raw)
        if uid is None:
            raise RowInvalid(RowProblem.BAD_UID, f"УИД «{raw}» не похож на «77RS0001-01-2023-001234-56»")
        uids.append(uid)
    return tuple(dict.fromkeys(uids))


def parse_case(line: int, values: dict[str, str], *, today: date | None = None) -> CaseRecord:
    case_number = values.get("case_number", "").strip()
    if not case_number:
        raise RowInvalid(RowProblem.NO_CASE_NUMBER, "не заполнен номер кейса (case_number)")
    client = " ".join(values.get("client", "").split())
    if not client:
        raise RowInvalid(RowProblem.NO_CLIENT, "не заполнен клиент (client)")
    return CaseRecord(
        line=line,
        case_number=case_number,
        client=client,
        debtor_full_name=_full_name(values.get("debtor_full_name", "")),
        debtor_birth_date=_birth_date(values.get("debtor_birth_date", ""), today=today or date.today()),
        debtor_snils=clean_snils(values.get("debtor_snils", "")),
        debtor_inn=clean_inn(values.get("debtor_inn", ""), person=True),
        debtor_address=values.get("debtor_address") or None,
        contract_number=values.get("contract_number") or None,
        court_case_numbers=_court_case_numbers(values.get("court_case_numbers", "")),
        ip_numbers=_ip_numbers(values.get("ip_numbers", "")),
        uids=_uids(values.get("uid")),
    )
