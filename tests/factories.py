"""Plain factory functions for tests: valid identifiers, CSV files, rows in the database."""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Sequence

from tasks.imports.rows import CASE_COLUMNS, COUNTERPARTY_COLUMNS
from tests.corpus.texts import valid_inn, valid_ogrn, valid_snils


def make_inn10(rnd: random.Random) -> str:
    return valid_inn(rnd, person=False, region="77")


def make_inn12(rnd: random.Random) -> str:
    return valid_inn(rnd, person=True, region="50")


def make_snils(rnd: random.Random) -> str:
    return valid_snils(rnd)


def make_ogrn(rnd: random.Random) -> str:
    return valid_ogrn(rnd, "77")


def csv_bytes(
    columns: Sequence[str], rows: Sequence[dict[str, str]], *, delimiter: str = ",", encoding: str = "utf-8"
) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), delimiter=delimiter, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def counterparty_row(rnd: random.Random, **overrides: str) -> dict[str, str]:
    row = {
        "name": f"ОСП по району № {rnd.randint(1, 10**6)}",
        "kind": "bailiff",
        "address": "630099, г. Новосибирск, ул. Каменская, д. 12",
        "inn": make_inn10(rnd),
        "ogrn": make_ogrn(rnd),
        "aliases": "ОСП района;Отдел судебных приставов района",
    }
    return row | overrides


def case_row(rnd: random.Random, number: int, **overrides: str) -> dict[str, str]:
    row = {
        "case_number": f"К-{number:06d}",
        "client": f"ПАО «Банк {number % 7}»",
        "debtor_full_name": f"Петров{'а' * (number % 2)} Сергей Иванович",
        "debtor_birth_date": f"{1 + number % 28:02d}.{1 + number % 12:02d}.{1960 + number % 40}",
        "debtor_snils": make_snils(rnd),
        "debtor_inn": make_inn12(rnd),
        "debtor_address": "630099, г. Новосибирск, ул. Ленина, д. 1, кв. 2",
        "contract_number": f"КД-{number}",
        "court_case_numbers": f"2-{number}/2024",
        "ip_numbers": f"{number}/24/54007-ИП",
    }
    return row | overrides


def counterparties_csv(rows: Sequence[dict[str, str]], **kwargs: str) -> bytes:
    return csv_bytes(COUNTERPARTY_COLUMNS, rows, **kwargs)


def cases_csv(rows: Sequence[dict[str, str]], **kwargs: str) -> bytes:
    return csv_bytes(CASE_COLUMNS, rows, **kwargs)
