"""«Разбор» of a split scan (issue 15): page thumbnails per package, and moving pages with clicks.

Under each thumbnail a choice of package («Пакет 1», «Пакет 2», … «Новый пакет»); «Применить»
hands the whole assignment to ``tasks.page_moves.move_pages`` through the page's decision callback,
so the move, the rebuilt PDFs and the audit row commit together, or a refusal changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pypdfium2 as pdfium
import streamlit as st

from db.models import Incoming
from tasks.page_moves import movable_documents, page_numbers
from ui.preview import pdf_pages
from ui.views import FILES_KEY

PER_ROW = 6
THUMB_WIDTH = 110


def _key(item_id: int, page: int) -> str:
    return f"rv_page_{item_id}_{page}"


def _apply(decide: Callable[..., None], user: Any, item_id: int, pages: list[int], **kwargs: Any) -> None:
    """Button callback: the package chosen under every page, then one decision."""
    assignment = {page: int(st.session_state[_key(item_id, page)]) for page in pages}
    decide(user, "move_pages", item_id, assignment=assignment, **kwargs)


def page_mover(item: Incoming, *, decide: Callable[..., None], user: Any, **kwargs: Any) -> None:
    """The thumbnails and page choices of a split scan; nothing for any other item."""
    documents = movable_documents(item)
    if documents is None:
        return
    loaded = st.session_state.get(FILES_KEY) or {}
    files = loaded.get("files", {}) if loaded.get("item") == item.id else {}
    numbers = page_numbers(documents)
    count = len(numbers)
    choices = list(range(1, count + 2))

    def label(number: int) -> str:
        return "Новый пакет" if number > count else f"Пакет {number}"

    st.markdown("**Страницы пакетов** — выберите пакет под страницей и нажмите «Применить».")
    for position, (document, pages) in enumerate(zip(documents, numbers, strict=True), start=1):
        images: list[bytes] = []
        if document.id in files:
            _name, _mime, sha, data = files[document.id]
            try:
                images = pdf_pages(sha, data, max_pages=len(pages))
            except pdfium.PdfiumError:
                images = []
        st.caption(f"Пакет {position}")
        for start in range(0, len(pages), PER_ROW):
            columns = st.columns(PER_ROW)
            for column, index in zip(columns, range(start, min(start + PER_ROW, len(pages))), strict=False):
                page = pages[index]
                with column:
                    if index < len(images):
                        st.image(images[index], width=THUMB_WIDTH, caption=f"Стр. {page}")
                    else:
                        st.caption(f"Стр. {page}")
                    st.selectbox(
                        f"Пакет для стр. {page}",
                        choices,
                        label_visibility="collapsed",
                        index=position - 1,
                        format_func=label,
                        key=_key(item.id, page),
                    )
    every = [page for pages in numbers for page in pages]
    st.button(
        "Применить",
        key=f"rv_pages_apply_{item.id}",
        on_click=_apply,
        args=(decide, user, item.id, every),
        kwargs=kwargs,
    )
