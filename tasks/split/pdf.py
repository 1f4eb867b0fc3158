"""Writing each document of a scanned stack as a PDF of its own, within the per-file limit.

Pages are copied as they are (no re-rendering, no quality lost) whenever the document fits. A
document of scanned pages that does not fit is recompressed step by step: its page images in
grey, then at lower JPEG quality, then smaller, down to what still reads at 150 dpi; if it still
does not fit, the caller refuses the stack with its reason, never cuts it. Runs in the sandbox
(``tasks.sandboxed``) like every parse of an incoming PDF.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from PIL import Image, ImageOps

RECOMPRESS_STEPS: tuple[tuple[int, float], ...] = ((60, 1.0), (45, 1.0), (45, 0.8), (35, 0.7))
"""(JPEG quality, scale) tried in turn on a document too large: a 300 dpi scan at 0.7 still
keeps ~200 dpi, which OCR and people read well."""


def _write(reader: object, pages: Sequence[int], step: tuple[int, float] | None) -> bytes:
    from pypdf import PdfReader, PdfWriter

    assert isinstance(reader, PdfReader)
    writer = PdfWriter()
    for number in pages:
        writer.add_page(reader.pages[number - 1])
    if step is not None:
        quality, scale = step
        for page in writer.pages:
            for image in page.images:
                picture = image.image
                if picture is None:
                    continue
                picture = ImageOps.grayscale(picture) if picture.mode not in ("L", "1") else picture
                if scale < 1:
                    size = (max(1, round(picture.width * scale)), max(1, round(picture.height * scale)))
                    picture = picture.resize(size, Image.Resampling.LANCZOS)
                image.replace(picture.convert("L"), quality=quality)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def document_pdfs(data: bytes, documents: Sequence[Sequence[int]], max_bytes: int) -> list[bytes]:
    """One PDF per document (its 1-based ``pages`` of ``data``), recompressed when above ``max_bytes``.

    A result may still be above ``max_bytes``: the caller checks and refuses.
    """
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        reader.decrypt("")
    out = []
    for pages in documents:
        pdf = _write(reader, pages, None)
        for step in RECOMPRESS_STEPS:
            if len(pdf) <= max_bytes:
                break
            pdf = _write(reader, pages, step)
        out.append(pdf)
    return out
