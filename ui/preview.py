"""Previews of stored files: PDF pages rendered to PNG with pdfium, JPEG shown as is.

Rendering is cached by content hash, so a file is drawn once per server however many clerks
open it. ``st.pdf`` needs the optional ``streamlit-pdf`` package; when it is installed the
full document is shown with it as well.
"""

from __future__ import annotations

import importlib.util

import pypdfium2 as pdfium
import streamlit as st

MAX_PREVIEW_PAGES = 3
PREVIEW_SCALE = 100 / 72  # about 100 dpi: readable, small


@st.cache_data(max_entries=200, show_spinner=False)
def pdf_pages(sha256: str, _data: bytes, max_pages: int = MAX_PREVIEW_PAGES) -> list[bytes]:
    """PNG images of the first pages of a PDF (the file was validated at registration)."""
    del sha256  # the cache key; the bytes themselves are not hashed
    import io

    document = pdfium.PdfDocument(_data)
    try:
        images = []
        for index in range(min(len(document), max_pages)):
            bitmap = document[index].render(scale=PREVIEW_SCALE)
            buffer = io.BytesIO()
            bitmap.to_pil().save(buffer, format="PNG")
            images.append(buffer.getvalue())
        return images
    finally:
        document.close()


def show_file(sha256: str, mime: str, data: bytes, *, key: str) -> None:
    """The file's preview in the page."""
    if mime == "image/jpeg":
        st.image(data)
        return
    if importlib.util.find_spec("streamlit_pdf") is not None:
        st.pdf(data, height=600, key=key)
        return
    try:
        pages = pdf_pages(sha256, data)
    except pdfium.PdfiumError:
        st.warning("Предпросмотр недоступен: файл не отрисовывается. Скачайте его.")
        return
    for number, image in enumerate(pages, start=1):
        st.image(image, caption=f"Страница {number}")
