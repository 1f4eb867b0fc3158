"""Reading clerks' CSV files: UTF-8 or Windows-1251, comma or semicolon, Excel's BOM.

Russian Excel saves "CSV" as Windows-1251 with ``;`` between fields, LibreOffice as UTF-8
with ``,``: both must simply work. Every row keeps its line number for error reports.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from config.errors import RowRefused


class CsvProblem(StrEnum):
    """Why a whole CSV file is not imported."""

    BAD_ENCODING = "bad_encoding"
    EMPTY_FILE = "empty_file"
    MISSING_COLUMNS = "missing_columns"


class CsvFileError(RowRefused):
    """The file as a whole cannot be imported (encoding, header); nothing is changed."""


@dataclass(frozen=True, slots=True)
class CsvRow:
    line: int
    values: dict[str, str]


def decode(data: bytes) -> str:
    """Text of a CSV file in UTF-8 (with or without BOM) or Windows-1251."""
    for encoding in ("utf-8-sig", "cp1251"):  # what Excel saves: UTF-8 first, else the Windows code page
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CsvFileError(
        CsvProblem.BAD_ENCODING,
        "Не удалось прочитать файл: ожидается CSV в кодировке UTF-8 или Windows-1251.",
    )


def _delimiter(header_line: str) -> str:
    return ";" if header_line.count(";") > header_line.count(",") else ","


def read_rows(data: bytes, *, required: tuple[str, ...]) -> tuple[list[str], Iterator[CsvRow]]:
    """The header and an iterator of rows; raises CsvFileError when a required column is missing.

    Column names are compared case-insensitively and stripped; extra columns are ignored.
    """
    text = decode(data)
    if not text.strip():
        raise CsvFileError(CsvProblem.EMPTY_FILE, "Файл пуст: нет ни заголовка, ни строк.")
    first_line = text.splitlines()[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    header = [column.strip().lower() for column in next(reader)]
    missing = [column for column in required if column not in header]
    if missing:
        raise CsvFileError(
            CsvProblem.MISSING_COLUMNS,
            "В файле нет обязательных столбцов: "
            + ", ".join(missing)
            + ". Найдены: "
            + ", ".join(header)
            + ".",
        )

    def rows() -> Iterator[CsvRow]:
        for values in reader:
            if not any(value.strip() for value in values):
                continue
            padded = values + [""] * (len(header) - len(values))
            yield CsvRow(
                line=reader.line_num,
                values={name: value.strip() for name, value in zip(header, padded, strict=False)},
            )

    return header, rows()


def split_multi(value: str) -> list[str]:
    """``a; b;;c`` → ``["a", "b", "c"]``: the multi-value convention of our CSV columns."""
    seen: dict[str, None] = {}
    for part in value.split(";"):
        part = part.strip()
        if part:
            seen.setdefault(part, None)
    return list(seen)


def count_data_lines(data: bytes) -> int:
    """A cheap estimate of rows for the progress bar (lines minus the header)."""
    return max(data.count(b"\n") - (0 if data.endswith(b"\n") else -1) - 1, 0)
