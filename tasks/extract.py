"""Extract text: the PDF text layer when it is real text, otherwise OCR, page by page.

Whether a text layer is "real" is judged by quality, not length (``text_quality``): PDFs with
Cyrillic fonts but no ToUnicode map give junk such as ``Ïîñòàíîâëåíèå`` or private-use characters,
and those pages are OCR'd like scans. Page images come from the PDF itself (a scanner's page is one
JPEG, taken as it is: no resampling, no rendering cost) or, for pages drawn with fonts or vectors,
are rendered with pypdfium2 when it is installed. All PDF parsing and rendering runs in
``tasks.sandboxed`` with the validation limits.

Extraction never raises for a validated file: when no text can be had (no tesseract, a page that
fails), the result says ``method="none"`` (or keeps what it got) and ``ocr_missing`` says why, and the
item goes to review. A page OCR fails on (a timeout on a loaded host) costs only that page its text:
it keeps ``"none"`` among its file's ``page_methods`` and ``ocr_missing`` names it. ``ocr_unavailable``
tells a missing tesseract (or language) apart from pages it failed on: the clerk is told which.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from PIL import Image, ImageOps

from config.limits import DEFAULT_LIMITS, Limits
from config.runtime import OcrSettings
from tasks.ocr import OcrError, OcrFailed, OcrPage, OcrUnavailable, PageImage, ocr_each, ocr_pages
from tasks.sandboxed import SandboxError, run_sandboxed
from tasks.validate import CheckedFile, Mime, jpeg_page, read_regular

log = logging.getLogger(__name__)

Method = Literal["text_layer", "ocr", "none"]

KEYWORDS = re.compile(
    r"постановлени|определени|решени|приказ|пристав|суд|заявлени|договор|исполнительн|взыскател|должник"
)
_STOPWORDS = frozenset("и в на о по с от к не за из для что до об как при или".split())
_USABLE = 0.6
_MIN_LETTERS = 20
RENDER_DPI = 200


@dataclass(frozen=True, slots=True)
class ExtractedText:
    """A file's text for search and identifiers, how it was got, and how much to trust it (0..1)."""

    text: str
    pages: tuple[str, ...]
    method: Method
    quality: float
    page_methods: tuple[Method, ...] = ()
    ocr_missing: str | None = None
    page_ink: tuple[float | None, ...] = ()
    """Per page, the image's ink share where OCR read next to nothing (``tasks.ocr.OcrPage.ink``),
    None elsewhere: what tells a blank sheet from a page whose text OCR lost."""
    ocr_unavailable: bool = False
    """OCR could not run at all (tesseract or its language missing: ``tasks.ocr.OcrUnavailable``),
    as opposed to pages it ran on and failed or timed out: an administrator's task, not a bad scan,
    and the clerk must not be told the one when it is the other."""


def _is_junk(char: str) -> bool:
    code = ord(char)
    return (
        0xE000 <= code <= 0xF8FF  # private use: glyph ids leaking out of fonts without ToUnicode
        or 0xC0 <= code <= 0xFF  # Latin-1 letters: cp1251 bytes read as Latin-1 (Ïîñòàíîâëåíèå)
        or code == 0xFFFD
        or (code < 0x20 and char not in "\n\r\t\f")
    )


def text_quality(text: str) -> float:
    """How much a text looks like Russian prose (0..1): Cyrillic share × (no junk) × (reads as words).

    Cyrillic share among letters; junk (private-use, Latin-1 letters, U+FFFD, control characters)
    costs 20× its share; a text without expected keywords or common short words (и, в, на, ...) is
    halved, which catches mojibake that is Cyrillic but gibberish (KOI8 read as cp1251).
    """
    letters = [c for c in text if c.isalpha()]
    if len(letters) < _MIN_LETTERS:
        return 0.0
    cyrillic = sum("\u0400" <= c <= "\u04ff" for c in letters) / len(letters)
    visible = [c for c in text if not c.isspace()]
    junk = sum(map(_is_junk, visible)) / len(visible)
    lower = text.lower()
    words = re.findall(r"[а-яё]+", lower)
    stop_share = sum(w in _STOPWORDS for w in words) / len(words) if words else 0.0
    reads = 1.0 if KEYWORDS.search(lower) or stop_share >= 0.05 else 0.5
    return round(cyrillic * max(0.0, 1 - 20 * junk) * reads, 3)


def is_real_text(text: str) -> bool:
    """Whether a text layer is good enough to use instead of OCR."""
    return text_quality(text) >= _USABLE


def read_pdf_text(data: bytes) -> list[str]:
    """The text layer of every page (runs in the sandbox: hostile PDFs can hang extraction)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        reader.decrypt("")
    return [page.extract_text() or "" for page in reader.pages]


Raster = tuple[str, tuple[int, int], bytes, int]
"""A page image as it crosses the sandbox: (mode ``L`` or ``RGB``, size, pixels, dpi)."""


def _ocr_mode(image: Image.Image) -> Image.Image:
    """Colour kept as RGB (OCR removes stamp ink by its hue before binarising), else grayscale."""
    return image.convert("RGB") if image.mode not in ("L", "1", "I", "F", "LA") else ImageOps.grayscale(image)


def rasterise_pdf(data: bytes, numbers: list[int], dpi: int) -> list[Raster | None]:
    """Images of the given pages as ``Raster`` tuples, in the sandbox; colour kept for OCR.

    A page that is one scanned image gives that image; a page with fonts or no image is rendered
    with pypdfium2 if installed, else None.
    """
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        reader.decrypt("")
    out: list[Raster | None] = []
    for number in numbers:
        page = reader.pages[number]
        resources = page.get("/Resources")
        has_fonts = resources is not None and "/Font" in resources.get_object()
        images = [] if has_fonts else list(page.images)
        if images:
            image = max((i.image for i in images if i.image is not None), key=lambda im: im.width * im.height)
            image = _ocr_mode(image).rotate(-page.rotation, expand=True)
            page_inches = float(page.mediabox.width) / 72
            dpi_found = max(70, round(image.width / page_inches))
            out.append((image.mode, image.size, image.tobytes(), dpi_found))
        else:
            out.append(_render(data, number, dpi))
    return out


def _render(data: bytes, number: int, dpi: int) -> Raster | None:
    """Render one page in colour with pypdfium2; None when it is not installed."""
    try:
        import pypdfium2
    except ImportError:
        return None
    document = pypdfium2.PdfDocument(data)
    try:
        image = document[number].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        document.close()
    return image.mode, image.size, image.tobytes(), dpi


def images_to_read(
    checked: CheckedFile, data: bytes, numbers: list[int], limits: Limits
) -> list[PageImage | None]:
    """The images to OCR for the given pages of a PDF, or of a JPEG (one page, EXIF rotation applied)."""
    if checked.mime is Mime.JPEG:  # decoded in the sandbox too: its EXIF is as untrusted as the rest
        raw: list[Raster | None] = [run_sandboxed(jpeg_page, data, True, limits=limits.child())]
    else:
        raw = run_sandboxed(rasterise_pdf, data, numbers, RENDER_DPI, limits=limits.child())
    return [None if r is None else PageImage(Image.frombytes(r[0], r[1], r[2]), r[3]) for r in raw]


def _page_usable(text: str, whole_usable: bool) -> bool:
    """A page keeps its text layer if it is real text, or a short clean page of a real document."""
    if is_real_text(text):
        return True
    return whole_usable and any(c.isalpha() for c in text) and not any(map(_is_junk, text))


def _text_layer(checked: CheckedFile, data: bytes, limits: Limits) -> list[str]:
    """Per-page text layer of a PDF; empty strings when there is none or it cannot be read."""
    if checked.mime is not Mime.PDF or checked.has_text_layer is False:
        return [""] * checked.pages
    try:
        return run_sandboxed(read_pdf_text, data, limits=limits.child())
    except Exception as exc:  # noqa: BLE001 - validated, yet unreadable (or timed out): OCR reads it instead
        log.warning("text layer unreadable (%s): OCR instead", type(exc).__name__)
        return [""] * checked.pages


def extract_text_bytes(
    checked: CheckedFile, data: bytes, *, ocr: OcrSettings | None = None, limits: Limits = DEFAULT_LIMITS
) -> ExtractedText:
    """``extract_text`` for content already in memory (uploads through the app)."""
    settings = ocr or OcrSettings()
    texts = _text_layer(checked, data, limits)
    whole_usable = is_real_text("\n".join(texts))
    methods: list[Method] = ["text_layer" if _page_usable(t, whole_usable) else "none" for t in texts]
    todo = [n for n, m in enumerate(methods) if m == "none"]
    missing: str | None = None
    unavailable = False
    confidences: list[float] = []
    inks: list[float | None] = [None] * len(texts)
    if todo:
        try:
            images = images_to_read(checked, data, todo, limits)
            found = [(n, image) for n, image in zip(todo, images, strict=True) if image is not None]
            outcomes = list(zip(found, ocr_each([image for _, image in found], settings), strict=True))
            read = [(spot, page) for spot, page in outcomes if isinstance(page, OcrPage)]
            upright = _upright([page for _, page in read], [spot for spot, _ in read], settings)
            for ((n, _), _), page in zip(read, upright, strict=True):
                texts[n], methods[n], inks[n] = page.text, "ocr", page.ink
                confidences.append(page.confidence)
            failed = [(n, page) for (n, _), page in outcomes if isinstance(page, OcrFailed)]
            notes = [_unread_note(failed)] if failed else []
            if len(found) < len(todo):
                notes.append("страницы без изображения не распознаны: нет pypdfium2 для отрисовки")
            missing = "; ".join(notes) or None
        except OcrUnavailable as exc:
            missing, unavailable = exc.reason, True
        except (OcrError, SandboxError) as exc:
            missing = f"распознавание текста не удалось: {exc}"
    for n in todo:
        if methods[n] == "none":
            texts[n] = ""
    result = _result(texts, methods, confidences, missing)
    return replace(result, page_ink=tuple(inks), ocr_unavailable=unavailable)


def _unread_note(failed: list[tuple[int, OcrFailed]]) -> str:
    """Which pages (0-based numbers in, 1-based out) OCR could not read and why, in Russian for the
    clerk: «стр. 3 не распознана: нет результата за 60 с», pages failing alike named together."""
    pages_by_why: dict[str, list[int]] = {}
    for number, failure in failed:
        pages_by_why.setdefault(failure.message, []).append(number + 1)
    return "; ".join(
        f"стр. {', '.join(map(str, pages))} {'не распознана' if len(pages) == 1 else 'не распознаны'}: {why}"
        for why, pages in pages_by_why.items()
    )


TURNED_CONFIDENCE = 0.6
"""Below this OCR confidence a page is tried turned by 180°, 90° and 270°: an envelope or a page
scanned upside down or sideways reads as gibberish upright (the deskew only fixes tilt), with a
confidence near 0.4 where an upright scan gives 0.9."""
_TURNS = (180, 90, 270)


TURNED_MIN_LETTERS = 0.5
"""A turned reading must keep at least this share of the upright reading's letters: a few clean
words read off a stamp or a margin turned sideways score well on quality × confidence, and must
never replace a whole page read poorly but upright (the page's text would be lost)."""


def _letters(text: str) -> int:
    return sum(c.isalpha() for c in text)


def _reads(page: OcrPage) -> float:
    return text_quality(page.text) * max(page.confidence, 0.01)


def _reads_better(turned: OcrPage, current: OcrPage, upright: OcrPage) -> bool:
    """Whether a turned reading beats the best so far without dropping most of the page's letters."""
    enough = _letters(turned.text) >= TURNED_MIN_LETTERS * _letters(upright.text)
    return enough and _reads(turned) > _reads(current)


def _upright(
    results: list[OcrPage], found: list[tuple[int, PageImage]], settings: OcrSettings
) -> list[OcrPage]:
    """Each page as read upright, or turned when that reads much better (only poor pages are retried;
    ``results`` and ``found`` hold only the pages that were read)."""
    out = list(results)
    for index, ((_, page), result) in enumerate(zip(found, results, strict=True)):
        if result.confidence >= TURNED_CONFIDENCE or _letters(result.text) < 15:
            continue  # read well, or a blank page: nothing to turn
        for angle in _TURNS:
            try:
                [turned] = ocr_pages([PageImage(page.image.rotate(angle, expand=True), page.dpi)], settings)
            except OcrFailed:
                break  # a host too slow for one turn is too slow for the next: keep the upright reading
            if _reads_better(turned, out[index], result):
                out[index] = turned
            if turned.confidence >= TURNED_CONFIDENCE and is_real_text(turned.text):
                break
    return out


def _result(
    texts: list[str], methods: list[Method], confidences: list[float], missing: str | None
) -> ExtractedText:
    """Assemble the result: the overall method is OCR if any page was OCR'd."""
    text = "\n\f\n".join(texts).strip()
    method: Method = "ocr" if "ocr" in methods else "text_layer" if "text_layer" in methods else "none"
    quality = text_quality(text)
    if confidences:
        quality = round(min(quality, sum(confidences) / len(confidences)), 3)
    if method == "none":
        quality = 0.0
    return ExtractedText(text, tuple(texts), method, quality, tuple(methods), missing)


def extract_text(
    checked: CheckedFile, *, ocr: OcrSettings | None = None, limits: Limits = DEFAULT_LIMITS
) -> ExtractedText:
    """The text of a validated file, for search, identifiers and classification.

    ``ocr=None`` uses the default ``OcrSettings``. Reads the file as validation does (a regular
    file, never through a link); raises ``FileRejected`` if it vanished or changed into something else.

    >>> extract_text(validate(Path("inbox/scan.pdf"))).method  # doctest: +SKIP
    'ocr'
    """
    if checked.path is None:
        raise ValueError("checked file has no path: use extract_text_bytes")
    data = read_regular(Path(checked.path), max_bytes=limits.max_file_bytes)
    return extract_text_bytes(checked, data, ocr=ocr, limits=limits)
