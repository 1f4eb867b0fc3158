"""CSV imports of reference data: counterparties and cases (with clients and debtors)."""

from tasks.imports.cases import import_cases
from tasks.imports.counterparties import import_counterparties
from tasks.imports.csvfile import CsvFileError, count_data_lines
from tasks.imports.report import ImportReport
from tasks.imports.rows import RowError

__all__ = [
    "CsvFileError",
    "ImportReport",
    "RowError",
    "count_data_lines",
    "import_cases",
    "import_counterparties",
]
