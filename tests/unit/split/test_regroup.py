"""A clerk's page assignment on a split scan: pages are neither lost nor duplicated, order kept."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from tasks.split.regroup import RegroupError, regroup, regrouped_pdfs


@st.composite
def _packages_and_assignment(draw: st.DrawFn) -> tuple[list[list[int]], dict[int, int]]:
    sizes = draw(st.lists(st.integers(1, 5), min_size=1, max_size=5))
    packages, start = [], 1
    for size in sizes:
        packages.append(list(range(start, start + size)))
        start += size
    pages = [p for pack in packages for p in pack]
    targets = draw(st.lists(st.integers(1, len(packages) + 1), min_size=len(pages), max_size=len(pages)))
    return packages, dict(zip(pages, targets, strict=True))


@given(_packages_and_assignment())
def test_every_page_ends_in_exactly_one_package_in_scan_order(
    case: tuple[list[list[int]], dict[int, int]],
) -> None:
    packages, assignment = case
    try:
        result = regroup(packages, assignment)
    except RegroupError as exc:
        assert "не остаётся страниц" in exc.message
        return
    flat = [p for pack in result for p in pack]
    assert sorted(flat) == sorted(assignment)  # none lost, none duplicated
    assert all(pack == sorted(pack) and pack for pack in result)
    for number, pack in enumerate(result, start=1):
        assert all(assignment[p] == number for p in pack)


def test_moving_the_last_page_of_package_one_to_package_two() -> None:
    assert regroup([[1, 2, 3], [4, 5]], {1: 1, 2: 1, 3: 2, 4: 2, 5: 2}) == [[1, 2], [3, 4, 5]]


def test_a_page_into_a_new_package_opens_one_at_the_end() -> None:
    assert regroup([[1, 2, 3]], {1: 1, 2: 1, 3: 2}) == [[1, 2], [3]]


@pytest.mark.parametrize(
    ("assignment", "says"),
    [
        ({1: 1, 2: 1, 3: 1}, "В пакете 2 не остаётся страниц"),
        ({1: 1, 2: 2}, "Не выбран пакет для страниц: 3"),
        ({1: 1, 2: 2, 3: 2, 9: 1}, "Таких страниц нет"),
        ({1: 1, 2: 2, 3: 7}, "Страница 3: пакета 7 нет"),
    ],
)
def test_an_invalid_assignment_is_refused_in_russian(assignment: dict[int, int], says: str) -> None:
    with pytest.raises(RegroupError, match=says):
        regroup([[1, 2], [3]], assignment)


def test_a_page_in_two_packages_is_refused() -> None:
    with pytest.raises(RegroupError, match="в двух пакетах"):
        regroup([[1, 2], [2]], {1: 1, 2: 2})


def _pdf(*texts: str) -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for text in texts:
        pdf.drawString(72, 720, text)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_regrouped_pdfs_hold_the_assigned_pages_of_the_documents() -> None:
    out = regrouped_pdfs([_pdf("page one", "page two"), _pdf("page three")], [[1], [2, 3]], 1_000_000)
    read = [[p.extract_text().strip() for p in PdfReader(io.BytesIO(pdf)).pages] for pdf in out]
    assert read == [["page one"], ["page two", "page three"]]
