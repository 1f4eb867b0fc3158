"""A seeded fuzz corpus: mutated and crafted PDFs and JPEGs, and the outcome of each one.

``fuzz_corpus(seed, count)`` makes ``count`` mutations of a few small, valid bases (a text PDF, a
scanned page as JPEG, PDFs holding that JPEG or a flate image, a PDF drawn with operators) plus
every crafted hostile file of ``tests.corpus.hostile``. The same seed gives the same bytes.

``outcome(name, data)`` runs what the pipeline runs on a file, validation then text extraction
(OCR left out: it reads pixels, not structure), and says ``"accepted"`` or the refusal's code.
Anything else it raises is a bug: the test and ``bench/fuzz.py`` count on there being none.
"""

from __future__ import annotations

import io
import random
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image, ImageDraw

from config.limits import DEFAULT_LIMITS, Limits
from config.runtime import OcrSettings
from tasks.extract import extract_text_bytes
from tasks.rejections import FileRejected
from tasks.validate import validate_bytes
from tests.corpus.hostile import SAMPLE, hostile_files, raw_pdf
from tests.corpus.render import text_pdf

NO_OCR = OcrSettings(command="/nonexistent/tesseract")
ACCEPTED = "accepted"


@dataclass(frozen=True, slots=True)
class FuzzFile:
    name: str
    data: bytes


def small_jpeg(seed: int = 1) -> bytes:
    """A 300×400 grey page with lines of "text" (rectangles and letters), ~10 KB."""
    rng = random.Random(seed)
    page = Image.new("L", (300, 400), 235)
    draw = ImageDraw.Draw(page)
    for line in range(14):
        y = 20 + line * 26
        draw.text((20, y), f"ПОСТАНОВЛЕНИЕ {rng.randrange(10**6)} ИП", fill=20)
        draw.rectangle((20, y + 14, 20 + rng.randrange(80, 260), y + 16), fill=60)
    buf = io.BytesIO()
    page.save(buf, "JPEG", quality=55)
    return buf.getvalue()


def _image_page(image: bytes, *, width: int, height: int, filters: bytes) -> bytes:
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 4 0 R >> >>"
            b" /Contents 5 0 R >>",
            b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray"
            b" /BitsPerComponent 8 /Filter %s /Length %d >>\nstream\n%s\nendstream"
            % (width, height, filters, len(image), image),
            b"<< /Length 31 >>\nstream\nq 595 0 0 842 0 0 cm /Im1 Do Q\nendstream",
        ]
    )


def drawn_pdf() -> bytes:
    """A page of text and lines drawn with operators through a flate content stream."""
    ops = b"".join(
        b"BT /F1 11 Tf 60 %d Td (Line %d of the order) Tj ET 60 %d m 500 %d l S\n"
        % (780 - 14 * n, n, 776 - 14 * n, 776 - 14 * n)
        for n in range(50)
    )
    packed = zlib.compress(ops)
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >>"
            b" /Contents 4 0 R >>",
            b"<< /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream" % (len(packed), packed),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


def bases() -> list[FuzzFile]:
    """The valid files every mutation starts from."""
    jpeg = small_jpeg()
    grey = Image.open(io.BytesIO(jpeg)).convert("L")
    return [
        FuzzFile("text.pdf", text_pdf(SAMPLE)),
        FuzzFile("scan.jpg", jpeg),
        FuzzFile("dct.pdf", _image_page(jpeg, width=300, height=400, filters=b"/DCTDecode")),
        FuzzFile(
            "flate.pdf",
            _image_page(zlib.compress(grey.tobytes()), width=300, height=400, filters=b"/FlateDecode"),
        ),
        FuzzFile("drawn.pdf", drawn_pdf()),
    ]


_WILD_NUMBERS = (b"0", b"-1", b"1", b"2147483648", b"999999999", b"65535", b"3.5", b"1e9")
_NAMES = (b"/FlateDecode", b"/DCTDecode", b"/LZWDecode", b"/Image", b"/Form", b"/Pages", b"/Kids", b"/Page")


def _flip(data: bytearray, rng: random.Random) -> None:
    for _ in range(rng.randint(1, 24)):
        data[rng.randrange(len(data))] = rng.randrange(256)


def _truncate(data: bytearray, rng: random.Random) -> None:
    del data[rng.randrange(16, len(data)) :]


def _zero_run(data: bytearray, rng: random.Random) -> None:
    start = rng.randrange(len(data))
    data[start : start + rng.randint(1, 2000)] = bytes(len(data[start : start + rng.randint(1, 2000)]))


def _duplicate(data: bytearray, rng: random.Random) -> None:
    start = rng.randrange(len(data))
    chunk = data[start : start + rng.randint(1, 4000)]
    at = rng.randrange(len(data))
    data[at:at] = chunk * rng.randint(1, 3)


def _delete(data: bytearray, rng: random.Random) -> None:
    start = rng.randrange(len(data))
    del data[start : start + rng.randint(1, 3000)]


def _number(data: bytearray, rng: random.Random) -> None:
    numbers = list(re.finditer(rb"(?<=[ /\[<])\d+(?=[ \]>/\n])", bytes(data[:200_000])))
    for match in rng.sample(numbers, min(len(numbers), rng.randint(1, 4))):
        data[match.start() : match.end()] = rng.choice(_WILD_NUMBERS).ljust(match.end() - match.start())[
            : max(match.end() - match.start(), 1)
        ]


def _name(data: bytearray, rng: random.Random) -> None:
    names = list(re.finditer(rb"/[A-Z][A-Za-z]+", bytes(data[:200_000])))
    if names:
        match = rng.choice(names)
        data[match.start() : match.end()] = rng.choice(_NAMES)


def _jpeg_header(data: bytearray, rng: random.Random) -> None:
    sof = bytes(data).find(b"\xff\xc0")
    if sof > 0:
        data[sof + 5 + rng.randrange(4)] = rng.randrange(256)
    else:
        _flip(data, rng)


MUTATIONS: tuple[Callable[[bytearray, random.Random], None], ...] = (
    _flip,
    _truncate,
    _zero_run,
    _duplicate,
    _delete,
    _number,
    _name,
    _jpeg_header,
)


def mutate(base: FuzzFile, rng: random.Random) -> bytes:
    """One to three mutations; a PDF usually keeps its ``%%EOF`` so parsing, not the cheap check, judges."""
    data = bytearray(base.data)
    for _ in range(rng.randint(1, 3)):
        if len(data) < 32:
            break
        rng.choice(MUTATIONS)(data, rng)
    if base.name.endswith(".pdf") and rng.random() < 0.8 and not data.rstrip().endswith(b"%%EOF"):
        data += b"\n%%EOF\n"
    return bytes(data)


def fuzz_corpus(seed: int, count: int, *, crafted: bool = True) -> list[FuzzFile]:
    """``count`` mutated files (and, with ``crafted``, every hostile file), the same for a seed."""
    rng = random.Random(seed)
    originals = bases()
    files = [FuzzFile(base.name, base.data) for base in originals]
    for index in range(count):
        base = originals[index % len(originals)]
        files.append(FuzzFile(f"m{index:04d}-{base.name}", mutate(base, random.Random(rng.getrandbits(64)))))
    if crafted:
        files += [FuzzFile(f"h-{h.name}", h.data) for h in hostile_files()]
    return files


def outcome(file: FuzzFile, *, limits: Limits = DEFAULT_LIMITS) -> str:
    """``"accepted"`` when the file is validated and its text extracted, else the refusal's code."""
    try:
        checked = validate_bytes(file.name, file.data, limits=limits)
    except FileRejected as refusal:
        return refusal.reason.value
    extract_text_bytes(checked, file.data, ocr=NO_OCR, limits=limits)
    return ACCEPTED
