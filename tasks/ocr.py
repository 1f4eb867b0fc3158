"""OCR of page images with the Tesseract command line, one process per page, on every core.

Why the command line and not a binding: a tesseract process can be killed on timeout and cannot
crash us; ``OMP_THREAD_LIMIT=1`` keeps each process on one core, and a thread pool runs as many of
them as there are cores (threads suffice: the work happens in the child processes and in Pillow,
which releases the GIL). We ask for TSV so we get the words' confidences with the text.

Exceptions::

    OcrError              (a config.errors.ServiceFailed); .code is an OcrProblem
    ├── OcrUnavailable    tesseract or its language data is missing: nothing to retry
    └── OcrFailed         tesseract failed or timed out on a page: worth a retry

``ocr_each`` keeps the pages that were read when others fail (one slow page of a stack must not
cost the others their text); ``ocr_pages`` is all or nothing on top of it.
"""

from __future__ import annotations

import io
import os
import statistics
import subprocess
from array import array
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

import numpy as np
from PIL import Image, ImageFilter, ImageOps

from config.errors import ServiceFailed
from config.runtime import OcrSettings


@dataclass(frozen=True, slots=True)
class OcrPage:
    """One page's recognised text and Tesseract's mean word confidence (0..1).

    ``ink``: the page image's ink share (``ink_fraction``), measured when the reading has fewer
    than ``FEW_LETTERS`` letters (None otherwise): a page is blank only if its image is, never
    because OCR found no text on it.
    """

    text: str
    confidence: float
    ink: float | None = None


@dataclass(frozen=True, slots=True)
class PageImage:
    """A page to recognise: a grayscale or RGB image and the resolution it was scanned or rendered at."""

    image: Image.Image
    dpi: int


class OcrProblem(StrEnum):
    """Why OCR gave no text."""

    UNAVAILABLE = "ocr_unavailable"
    TIMEOUT = "ocr_timeout"
    FAILED = "ocr_failed"


class OcrError(ServiceFailed):
    """OCR could not give a text."""


class OcrUnavailable(OcrError):
    """Tesseract (or the language) is not installed: image scans go to review with ``.reason``."""

    def __init__(self, reason: str) -> None:
        super().__init__(OcrProblem.UNAVAILABLE, reason)
        self.reason = reason


class OcrFailed(OcrError):
    """Tesseract failed or ran past its timeout on a page."""


@cache
def _languages(command: str) -> frozenset[str] | str:
    """The languages the installed tesseract knows, or why it cannot be run (cached per command)."""
    try:
        done = subprocess.run(
            [command, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"программа распознавания текста «{command}» не установлена или не запускается ({exc})"
    if done.returncode != 0:
        return f"программа распознавания текста «{command}» завершилась с ошибкой"
    return frozenset(line.strip() for line in done.stdout.splitlines()[1:])


def unavailable_reason(settings: OcrSettings) -> str | None:
    """Why OCR cannot run with these settings (a Russian sentence for the review queue), or None."""
    found = _languages(settings.command)
    if isinstance(found, str):
        return found
    missing = [lang for lang in settings.lang.split("+") if lang not in found]
    if missing:
        return f"для распознавания не установлен язык {', '.join(missing)} (пакет tesseract-ocr-{missing[0]})"
    return None


def skew_angle(gray: Image.Image, *, limit: float = 4.0, step: float = 0.25) -> float:
    """The rotation (degrees) that makes text lines horizontal, by the projection-profile method.

    Lines of text give the sharpest row profile (highest variance of row means) when level. Run on
    a quarter-size image; with the rest of ``preprocess`` it costs ~0.1 s a page at 150 dpi.
    """
    small = gray.reduce(4) if min(gray.size) >= 800 else gray
    ink = ImageOps.invert(small).point(lambda v: 255 if v > 96 else 0)
    if ink.histogram()[255] < 0.005 * ink.width * ink.height:
        return 0.0  # a title on an empty page: too little text to tell
    ink = ink.convert("F")

    def sharpness(angle: float) -> float:
        rows = ink.rotate(angle, resample=Image.Resampling.BILINEAR).resize(
            (1, ink.height), Image.Resampling.BOX
        )
        return statistics.pvariance(array("f", rows.tobytes()))

    steps = int(limit / step)
    scores = {n * step: sharpness(n * step) for n in range(-steps, steps + 1)}
    best = max(scores, key=lambda a: (scores[a], -abs(a)))
    if abs(best) >= limit or scores[best] < scores[0.0] * 1.05:
        return 0.0
    return best


# Stamp and signature inks in Pillow's HSV (every band 0..255): blue to violet is hue 200°-320°,
# red 330°-20°. Ink this saturated and not near-black is a stamp; black text (any hue, low
# saturation or low value) and the dark strokes where a stamp crosses it are left alone.
_BLUE_VIOLET = (142, 227)
_RED = (14, 234)  # hue <= 14 or >= 234
_INK_SATURATION = 70
_INK_VALUE = 60


def remove_stamp_ink(image: Image.Image) -> Image.Image:
    """The page in grayscale with blue, violet and red ink turned to paper white.

    A round stamp or a signature over the debtor's name is what OCR loses most on real mail; in
    grayscale its ink is as dark as the text, in colour it is told apart by hue. Must run before
    grayscale and binarisation (Tesseract's Otsu step would merge ink and text).
    """
    rgb = image.convert("RGB")
    hue, saturation, value = np.moveaxis(np.asarray(rgb.convert("HSV")), -1, 0)
    inky = ((hue >= _BLUE_VIOLET[0]) & (hue <= _BLUE_VIOLET[1])) | (hue <= _RED[0]) | (hue >= _RED[1])
    stamp = inky & (saturation >= _INK_SATURATION) & (value >= _INK_VALUE)
    gray = np.array(ImageOps.grayscale(rgb))
    gray[stamp] = 255
    return Image.fromarray(gray)


THIN_STROKE_MM = 0.3
"""Dark strokes up to about this wide are what ``thin_strokes_removed`` takes out: the ring a
postmark is drawn with and its cancellation lines, where printed text (a bold date) keeps its stems."""


def thin_strokes_removed(image: Image.Image, dpi: int) -> Image.Image:
    """The page in grayscale with dark strokes thinner than ~0.3 mm gone (a grey-level opening:
    max filter, then min filter of the same size, which gives thicker strokes back their width).

    Why: a postmark's ring drawn around its date makes Tesseract drop the date line (issue 15);
    cleaned, the date reads. Letters lose their thin parts too, so this is for a second reading of
    a page whose first one missed something, never for every page. The filter grows with the dpi
    so that it takes out the same stroke width in millimetres (3×3 at 150-200 dpi, 5×5 at 300).
    """
    gray = image if image.mode == "L" else remove_stamp_ink(image)
    width = max(2, round(dpi * THIN_STROKE_MM / 25.4))
    size = 2 * ((width + 1) // 2) + 1
    return gray.filter(ImageFilter.MaxFilter(size)).filter(ImageFilter.MinFilter(size))


def orients_itself(settings: OcrSettings) -> bool:
    """Whether tesseract can find a page's orientation itself (``--psm 1`` needs the ``osd`` data)."""
    found = _languages(settings.command)
    return not isinstance(found, str) and "osd" in found


FEW_LETTERS = 15
"""A reading with fewer letters than this is next to nothing: a blank page, or a page lost by OCR."""
BLANK_INK = 0.0002
"""Below this ink share a page image is blank. Measured on 150-300 dpi JPEG scans: a blank page
with scanner specks and fax streaks 0.00002, a page number alone 0.00005, two short lines 0.0022."""
INK_LEVEL = 128


def ink_fraction(image: Image.Image) -> float:
    """The share of a page's pixels that are ink: darker than mid-grey once single specks are gone.

    The median 3×3 drops a scanner's specks and thin fax streaks, which a blank page has too; run
    on a half-size image past ~200 dpi (~0.15 s a page).
    """
    gray = image if image.mode == "L" else remove_stamp_ink(image)
    small = gray.reduce(2) if min(gray.size) >= 1600 else gray
    counts = small.filter(ImageFilter.MedianFilter(3)).histogram()
    return sum(counts[:INK_LEVEL]) / (small.width * small.height)


def _contrast_cutoff(gray: Image.Image) -> tuple[float, float]:
    """``autocontrast`` cutoffs (% dark, % light) that never clip paper into ink.

    A fixed 1% dark cutoff on a page with 0.4% ink (two lines on an A4 sheet) lands in the
    paper's noise and stretches it into dark specks: the page went from 0.4% to 3% dark, deskew
    then read a 1.75° tilt from the specks and Tesseract returned nothing (issue 15). The dark
    cutoff stays a quarter of the page's dark share, so full pages keep 1% as before.
    """
    counts = gray.histogram()
    dark = 100 * sum(counts[:INK_LEVEL]) / (gray.width * gray.height)
    return min(1.0, dark / 4), 1.0


def preprocess(image: Image.Image, *, deskew: bool = True) -> Image.Image:
    """Clean a scan for Tesseract: stamp ink out (colour scans), grayscale, stretch contrast, remove
    specks (median 3×3), level it.

    Noise, not resolution, is what costs accuracy (domain notes A.3): on our noisy scans this took
    similarity to the truth from 0.66 to 0.98 (bench/extract.py). Binarising on top made it slightly
    worse (Tesseract's own Otsu step does better), so we don't. Deskew matters past ~2°.
    """
    gray = image if image.mode == "L" else remove_stamp_ink(image)
    gray = ImageOps.autocontrast(gray, cutoff=_contrast_cutoff(gray))
    gray = gray.filter(ImageFilter.MedianFilter(3))
    if deskew:
        angle = skew_angle(gray)
        if abs(angle) >= 0.3:
            gray = gray.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    return gray


def parse_tsv(tsv: str) -> OcrPage:
    """Rebuild the text (lines, blank line between blocks) and mean confidence from Tesseract TSV."""
    lines: dict[tuple[int, int, int], list[str]] = {}
    weighted = chars = 0.0
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        key = (int(cols[2]), int(cols[3]), int(cols[4]))
        lines.setdefault(key, []).append(cols[11])
        conf = float(cols[10])
        if conf >= 0:
            weighted += conf * len(cols[11])
            chars += len(cols[11])
    out: list[str] = []
    previous_block = None
    for (block, _par, _line), words in lines.items():
        if previous_block is not None and block != previous_block:
            out.append("")
        out.append(" ".join(words))
        previous_block = block
    return OcrPage("\n".join(out), round(weighted / chars / 100, 3) if chars else 0.0)


def _letters(text: str) -> int:
    return sum(c.isalpha() for c in text)


def ocr_image(page: PageImage, settings: OcrSettings) -> OcrPage:
    """Recognise one page; a page read as next to nothing gets its ink measured, and when it has
    ink and was preprocessed it is read again as scanned, keeping the better reading.

    Why the second reading: preprocessing helps noisy full pages, yet Tesseract at times finds no
    text at all on a cleaned sparse page that it reads at 0.95 as scanned (issue 15: a two-line
    continuation page was then dropped as blank). Pages that read well never pay for it.

    A sheet with no ink at all is blank without asking Tesseract: on an all-white page it can
    search for a minute and time out (issue 15: a blank sheet in a morning stack was then an unread
    page, holding its neighbours back), and there is nothing to read. The measure costs ~0.05 s a
    page.
    """
    ink = ink_fraction(page.image)
    if ink < BLANK_INK:
        return OcrPage("", 0.0, round(ink, 6))
    image = preprocess(page.image, deskew=settings.deskew) if settings.preprocess else page.image
    read = _tesseract(image, page.dpi, settings)
    if _letters(read.text) >= FEW_LETTERS:
        return read
    if settings.preprocess:
        raw = _tesseract(page.image, page.dpi, settings)
        if _letters(raw.text) * raw.confidence > _letters(read.text) * read.confidence:
            read = raw
    return OcrPage(read.text, read.confidence, round(ink, 6))


def _tesseract(image: Image.Image, dpi: int, settings: OcrSettings) -> OcrPage:
    """Recognise one image with a tesseract process (image on stdin, TSV on stdout)."""
    buf = io.BytesIO()
    image.save(buf, "PNG", compress_level=1)
    cmd = [settings.command, "stdin", "stdout", "-l", settings.lang, "--psm", str(settings.psm)]
    cmd += ["--dpi", str(dpi), "tsv"]
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(
            cmd,
            input=buf.getvalue(),
            capture_output=True,
            timeout=settings.timeout_seconds,
            env=env,
            check=False,
        )
    except FileNotFoundError as exc:
        raise OcrUnavailable(f"программа распознавания текста «{settings.command}» не найдена") from exc
    except subprocess.TimeoutExpired as exc:
        raise OcrFailed(OcrProblem.TIMEOUT, f"нет результата за {settings.timeout_seconds:g} с") from exc
    if done.returncode != 0:
        raise OcrFailed(
            OcrProblem.FAILED, f"tesseract завершился с кодом {done.returncode}: {done.stderr[-300:]!r}"
        )
    return parse_tsv(done.stdout.decode("utf-8", "replace"))


def _read_or_failure(page: PageImage, settings: OcrSettings) -> OcrPage | OcrFailed:
    """One page's reading, or why it failed: a failure is this page's, never its neighbours'."""
    try:
        return ocr_image(page, settings)
    except OcrFailed as exc:
        return exc


def ocr_each(pages: Sequence[PageImage], settings: OcrSettings) -> list[OcrPage | OcrFailed]:
    """Recognise pages in parallel, one tesseract process per core; per page, in page order, its
    reading or the ``OcrFailed`` it met (a timeout, an error exit).

    Why per page: on a loaded host one slow page of a 14-page stack ran past the timeout, and
    all-or-nothing left the whole stack without text, so it could not even be split (issue 15).
    Raises ``OcrUnavailable`` before starting when tesseract or the language is missing.
    """
    reason = unavailable_reason(settings)
    if reason is not None:
        raise OcrUnavailable(reason)
    workers = settings.workers or os.cpu_count() or 1
    if len(pages) <= 1 or workers == 1:
        return [_read_or_failure(page, settings) for page in pages]
    with ThreadPoolExecutor(max_workers=min(workers, len(pages)), thread_name_prefix="ocr") as pool:
        return list(pool.map(lambda page: _read_or_failure(page, settings), pages))


def ocr_pages(pages: Sequence[PageImage], settings: OcrSettings) -> list[OcrPage]:
    """Every page's reading, in page order, or nothing: raises the first failing page's ``OcrFailed``
    when any page fails (``ocr_each`` for the pages that were read), ``OcrUnavailable`` up front.
    """
    read: list[OcrPage] = []
    for result in ocr_each(pages, settings):
        if isinstance(result, OcrFailed):
            raise result
        read.append(result)
    return read
