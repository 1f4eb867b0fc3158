"""A clerk moving pages between the packages of a split scan (issue 15): pure logic, no database.

The splitter may be unsure where one document ends; then the item waits in «Разбор» and the clerk
assigns each page to a package with clicks. ``regroup`` checks the assignment and gives the new
page lists; ``regrouped_pdfs`` writes each package's PDF again from the pages the documents hold
now (the pages are copied, not re-rendered), through ``tasks.split.pdf`` like the pipeline does.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

from tasks.split.pdf import document_pdfs


class RegroupError(ValueError):
    """The assignment cannot be applied; ``message`` is for a clerk, in Russian."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def regroup(pages_per_package: Sequence[Sequence[int]], assignment: Mapping[int, int]) -> list[list[int]]:
    """The packages' pages after the clerk's ``assignment`` (page -> package number, 1-based).

    Package number ``len(pages_per_package) + 1`` is a new package at the end. Every page must be
    assigned exactly once to an existing package or the new one, and no package may be left
    without pages (a package is a document; emptying one is a merge, which has its own button).
    Pages keep the order they have in the scan, so a moved page lands where it belongs among the
    target's pages rather than at its end.
    """
    order = [page for pages in pages_per_package for page in pages]
    if len(set(order)) != len(order):
        raise RegroupError("Страница встречается в двух пакетах: такое распределение применить нельзя.")
    missing = sorted(set(order) - set(assignment))
    if missing:
        raise RegroupError(f"Не выбран пакет для страниц: {', '.join(map(str, missing))}.")
    unknown = sorted(set(assignment) - set(order))
    if unknown:
        raise RegroupError(f"Таких страниц нет в документе: {', '.join(map(str, unknown))}.")
    count = len(pages_per_package) + 1
    for page in order:
        if not 1 <= assignment[page] <= count:
            raise RegroupError(f"Страница {page}: пакета {assignment[page]} нет.")
    result: list[list[int]] = [[] for _ in range(count)]
    for page in order:
        result[assignment[page] - 1].append(page)
    if not result[-1]:
        result.pop()
    empty = [str(number) for number, pages in enumerate(result, start=1) if not pages]
    if empty:
        raise RegroupError(
            f"В пакете {', '.join(empty)} не остаётся страниц. "
            "Чтобы соединить пакеты, используйте «Объединить»."
        )
    return result


def regrouped_pdfs(
    documents: Sequence[bytes], groups: Sequence[Sequence[int]], max_bytes: int
) -> list[bytes]:
    """One PDF per group of pages, numbered 1.. across ``documents`` in their order.

    Run in the sandbox (``tasks.sandboxed``): the pages came from an incoming scan.
    """
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for data in documents:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            reader.decrypt("")
        for page in reader.pages:
            writer.add_page(page)
    joined = io.BytesIO()
    writer.write(joined)
    return document_pdfs(joined.getvalue(), groups, max_bytes)
