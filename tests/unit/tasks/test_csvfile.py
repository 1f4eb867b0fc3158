"""Reading an imported CSV file: the encodings Excel saves, and a clear refusal for anything else."""

from __future__ import annotations

import pytest

from tasks.imports.csvfile import CsvFileError, CsvProblem, decode


def test_decode_reads_utf8_with_bom_and_windows_1251() -> None:
    assert decode("\ufeffname;kind\nСуд;court\n".encode()) == "name;kind\nСуд;court\n"
    assert decode("name;kind\nСуд;court\n".encode("cp1251")) == "name;kind\nСуд;court\n"


def test_decode_refuses_bytes_neither_encoding_reads() -> None:
    with pytest.raises(CsvFileError) as refused:
        decode(b"name\n\x98\xff\n")  # invalid UTF-8; 0x98 has no character in Windows-1251
    assert refused.value.code is CsvProblem.BAD_ENCODING
    assert "UTF-8 или Windows-1251" in refused.value.message
