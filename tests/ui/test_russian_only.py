"""Every page as a clerk sees it is Russian: no Latin-script word outside an allow-list (issue 13.7).

AppTest walks each page (as an admin, who sees every page and action) and reads what a clerk
reads: titles, texts, alerts, labels, options of selects and the cells and headers of tables.
Streamlit's own widget strings (the file uploader's «Browse files») are not in the element tree
and are handled by ``ui.uploader`` (hidden and replaced by our Russian caption).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from db.models.enums import Role
from tests.ui.conftest import make_world, seen
from ui.nav import PAGES

Login = Callable[[Role], AppTest]
LATIN = re.compile(r"(?<![\w.@/-])[A-Za-z][A-Za-z'-]+(?![\w.@/-])")
ALLOWED = {"PDF", "JPEG", "JPG", "CSV", "E-mail", "ID", "OCR", "UUID", "XLSX", "ZIP", "e-mail", "DL"}
"""Latin words a Russian clerk reads as such: file formats, abbreviations, the DL envelope size."""
SKIP = re.compile(r"[\w.-]+\.(pdf|jpe?g|csv)\b|\S+@\S+|https?://\S+|\b[A-Z]{2}\d+\b", re.IGNORECASE)
"""File names, addresses, links and codes like 59RS0004 are data, not interface."""
DATA_COLUMNS = {"Кто", "match_rules"}
"""Table columns that hold data as typed: logins, the types' recognition rules (regexes)."""


def _texts(at: AppTest) -> Iterator[str]:
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "info",
        "success",
        "warning",
        "error",
    ):
        for element in getattr(at, kind):
            yield seen(str(element.value))
    for kind in ("button", "text_input", "text_area", "number_input", "date_input", "checkbox", "toggle"):
        for element in getattr(at, kind):
            yield str(element.label)
    for kind in ("selectbox", "multiselect", "radio"):
        for element in getattr(at, kind):
            yield str(element.label)
            yield from (str(option) for option in element.options)
    for tab in at.tabs:
        yield str(tab.label)
    for frame in at.dataframe:
        value = frame.value
        configured = json.loads(frame.proto.columns or "{}")
        for column in value.columns:
            if column in DATA_COLUMNS:
                continue
            yield str((configured.get(str(column)) or {}).get("label") or column)
            yield from (str(cell) for cell in value[column].tolist() if not isinstance(cell, bool))


def latin_words(at: AppTest) -> set[str]:
    words: set[str] = set()
    for text in _texts(at):
        words |= {w for w in LATIN.findall(SKIP.sub(" ", text)) if w not in ALLOWED}
    return words


@pytest.mark.parametrize("page", [spec.path for spec in PAGES])
def test_every_page_speaks_russian(logged_in: Login, app_engine: Engine, page: str) -> None:
    make_world(app_engine)
    make_world(app_engine, review=True)
    at = logged_in(Role.ADMIN)
    at.switch_page(page).run()
    assert not at.exception, at.exception
    assert latin_words(at) == set()
