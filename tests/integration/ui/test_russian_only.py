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
from tests.conftest import DatabaseFactory
from tests.integration.ui.conftest import make_world, seeded_app_database, seen
from ui.nav import PAGES

Login = Callable[[Role], AppTest]
LATIN = re.compile(r"(?<![\w.@/-])[A-Za-z][A-Za-z'-]+(?![\w.@/-])")
ALLOWED = {
    "PDF",
    "JPEG",
    "JPG",
    "CSV",
    "E-mail",
    "ID",
    "OCR",
    "UUID",
    "XLSX",
    "ZIP",
    "e-mail",
    "DL",
    "dpi",
    "UI",
}
"""Latin words a Russian clerk reads as such: file formats, abbreviations, the DL envelope size."""
SKIP = re.compile(r"[\w.-]+\.(pdf|jpe?g|csv)\b|\S+@\S+|https?://\S+|\b[A-Z]{2}\d+\b", re.IGNORECASE)
"""File names, addresses, links and codes like 59RS0004 are data, not interface."""
DATA_COLUMNS = {"Кто", "Логин", "match_rules", "Подробности"}
"""Table columns that hold data as typed: logins, the types' recognition rules (regexes), and the
journal's details (common keys and codes are Russian, ui/labels.py; the rest is the raw record)."""
DATA_CHOICES = {"Изменить пользователя"}
"""Choices whose options are data as typed: the users, by login («Пользователи»)."""


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
            if element.label not in DATA_CHOICES:
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


@pytest.fixture(scope="module")
def app_database(database_factory: DatabaseFactory) -> Iterator[tuple[str, Engine]]:
    """A database of this module's own: rows other tests leave (their test names, raw request
    messages) must not decide what this walk reads."""
    with seeded_app_database(database_factory) as database:
        yield database


@pytest.mark.parametrize("page", [spec.path for spec in PAGES])
def test_every_page_speaks_russian(logged_in: Login, app_engine: Engine, page: str) -> None:
    make_world(app_engine)
    make_world(app_engine, review=True)
    at = logged_in(Role.ADMIN)
    at.switch_page(page).run()
    assert not at.exception, at.exception
    assert latin_words(at) == set()


def test_register_page_refuses_a_large_file_in_russian(logged_in: Login) -> None:
    """GIVEN a 1.5 MB scan WHEN a clerk registers it THEN our Russian reason shows, not Streamlit's
    «Error: File must be 1.0MB or smaller.» (the widget sets no limit of its own)."""
    at = logged_in(Role.CLERK)
    at.switch_page("pages/register.py").run()
    key = at.session_state["reg_packages"][0]
    big = b"%PDF-1.4\n" + b"0" * 1_500_000
    at.file_uploader(key=f"reg_files_{key}").set_value([("большой.pdf", big, "application/pdf")]).run()
    at.button(key="reg_save").click().run()
    errors = [e.value for e in at.error]
    assert any(e.startswith("Пакет 1: большой.pdf: Файл больше 1 МБ (1,4 МБ).") for e in errors), errors
    assert not {w for e in errors for w in LATIN.findall(SKIP.sub(" ", e))} - ALLOWED
    assert "reg_done" not in at.session_state
