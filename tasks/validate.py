"""Validate: refuse a file before anything parses it in earnest, judging by content, not by name.

Only PDF (``%PDF-``) and JPEG (``FF D8 FF``) are accepted. A PDF or JPEG with any extension is
accepted by its content (scanners name files oddly, and nothing downstream trusts the name); any
other content is refused, as ``MISLABELLED`` when its name claims PDF/JPEG (a PNG or a ZIP named
``.pdf``) and as ``UNSUPPORTED_TYPE`` otherwise, both naming what the file really is.

Cheap checks run here (size, magic bytes, the JPEG header's declared dimensions, the PDF's
``%%EOF``); anything that parses (pypdf, Pillow decoding) runs in ``tasks.sandboxed`` with
``Limits``. A PDF whose xref is merely off is repaired by pypdf and accepted, as every viewer does.
A PDF with an owner password only (print/copy restrictions) opens without a password and is accepted.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from config.limits import DEFAULT_LIMITS, Limits
from tasks.rejections import FileRejected, RejectReason, format_size
from tasks.sandboxed import SandboxCrashed, SandboxTimeout, run_sandboxed


class Mime(StrEnum):
    PDF = "application/pdf"
    JPEG = "image/jpeg"


@dataclass(frozen=True, slots=True)
class CheckedFile:
    """A file that passed validation. ``path`` is None for bytes uploaded through the app."""

    path: Path | None
    name: str
    sha256: str
    mime: Mime
    size: int
    pages: int
    has_text_layer: bool | None = None


_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"PK\x03\x04", "ZIP"),
    (b"PK\x05\x06", "ZIP"),
    (b"GIF8", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"BM", "BMP"),
    (b"Rar!", "RAR"),
    (b"7z\xbc\xaf", "7Z"),
    (b"\x1f\x8b", "GZIP"),
    (b"\xd0\xcf\x11\xe0", "DOC/XLS"),
    (b"{\\rtf", "RTF"),
    (b"\x00\x00\x00\x0cjP", "JPEG 2000"),
)
_CLAIMS_PDF_OR_JPEG = {".pdf", ".jpg", ".jpeg", ".jpe", ".jfif"}


def sniff(data: bytes) -> Mime | str:
    """What the bytes are: a ``Mime`` we accept, or the name of another format (``"PNG"``, ...)."""
    if data.startswith(b"%PDF-"):
        return Mime.PDF
    if data.startswith(b"\xff\xd8\xff"):
        return Mime.JPEG
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    if data[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1"):
        return "HEIC"
    for magic, kind in _SIGNATURES:
        if data.startswith(magic):
            return kind
    head = data[:256].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")):
        return "HTML/XML"
    return "неизвестный формат"


def jpeg_dimensions(data: bytes) -> tuple[int, int] | None:
    """Width and height from the JPEG frame header (SOFn), read without decoding a pixel."""
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in (0x01, *range(0xD0, 0xD8)):  # markers without a length
            pos += 2
            continue
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF):
            if pos + 9 > len(data):
                return None
            height = int.from_bytes(data[pos + 5 : pos + 7], "big")
            width = int.from_bytes(data[pos + 7 : pos + 9], "big")
            return width, height
        if marker == 0xDA or length < 2:  # scan data before any frame header: broken
            return None
        pos += 2 + length
    return None


def probe_jpeg(data: bytes, max_pixels: int) -> None:
    """Decode the whole image (in the sandbox) so a truncated or corrupt JPEG is caught here."""
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = max_pixels
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise FileRejected(RejectReason.BROKEN_IMAGE, "не декодируется") from exc


def _image_pixels(resources: Any, depth: int = 0) -> int:
    """The largest pixel count declared by an image XObject, looking into forms (depth-limited)."""
    if depth > 4 or not resources or "/XObject" not in resources:
        return 0
    largest = 0
    for ref in resources["/XObject"].values():
        xobject = ref.get_object()
        if xobject.get("/Subtype") == "/Image":
            largest = max(largest, int(xobject.get("/Width", 0)) * int(xobject.get("/Height", 0)))
        elif xobject.get("/Subtype") == "/Form":
            largest = max(largest, _image_pixels(xobject.get("/Resources"), depth + 1))
    return largest


def probe_pdf(data: bytes, max_pages: int, max_pixels: int) -> tuple[int, bool]:
    """Open the PDF with pypdf (in the sandbox): page count and whether any page carries fonts."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise FileRejected(RejectReason.ENCRYPTED)
        pages = len(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise FileRejected(RejectReason.BROKEN_PDF, f"ошибка структуры: {type(exc).__name__}") from exc
    if pages == 0:
        raise FileRejected(RejectReason.BROKEN_PDF, "нет ни одной страницы")
    if pages > max_pages:
        raise FileRejected(RejectReason.TOO_MANY_PAGES, f"{pages}, допустимо не больше {max_pages}")
    has_fonts = False
    try:
        for page in reader.pages:
            resources = page.get("/Resources")
            resources = resources.get_object() if resources is not None else None
            pixels = _image_pixels(resources)
            if pixels > max_pixels:
                raise FileRejected(RejectReason.DECOMPRESSION_BOMB, f"{pixels / 1e6:.0f} млн точек")
            has_fonts = has_fonts or bool(resources and "/Font" in resources)
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise FileRejected(RejectReason.BROKEN_PDF, f"ошибка структуры: {type(exc).__name__}") from exc
    return pages, has_fonts


def _refuse_by_content(name: str, kind: str) -> FileRejected:
    """The refusal for content we don't accept, naming what it really is."""
    if Path(name).suffix.lower() in _CLAIMS_PDF_OR_JPEG:
        return FileRejected(RejectReason.MISLABELLED, f"назван {Path(name).suffix}, а на деле {kind}")
    return FileRejected(RejectReason.UNSUPPORTED_TYPE, kind)


def _check(name: str, data: bytes, limits: Limits) -> tuple[Mime, int, bool | None]:
    """Every content check for one file; returns (mime, pages, has_text_layer) or raises."""
    if not data:
        raise FileRejected(RejectReason.EMPTY)
    if len(data) > limits.max_file_bytes:
        raise FileRejected(RejectReason.TOO_LARGE, format_size(len(data)))
    mime = sniff(data)
    if not isinstance(mime, Mime):
        raise _refuse_by_content(name, mime)
    try:
        if mime is Mime.JPEG:
            size = jpeg_dimensions(data)
            if size is None:
                raise FileRejected(RejectReason.BROKEN_IMAGE, "нет заголовка кадра")
            if size[0] * size[1] > limits.max_pixels:
                raise FileRejected(RejectReason.DECOMPRESSION_BOMB, f"{size[0]}×{size[1]}")
            run_sandboxed(probe_jpeg, data, limits.max_pixels, limits=limits.child())
            return mime, 1, False
        if b"%%EOF" not in data[-1024:]:
            raise FileRejected(RejectReason.TRUNCATED, "нет метки %%EOF")
        pages, has_fonts = run_sandboxed(
            probe_pdf, data, limits.max_pages, limits.max_pixels, limits=limits.child()
        )
        return mime, pages, has_fonts
    except SandboxTimeout as exc:
        raise FileRejected(RejectReason.PARSE_TIMEOUT, f"{exc.seconds:g} с") from exc
    except SandboxCrashed as exc:
        raise FileRejected(RejectReason.PARSE_FAILED, str(exc)) from exc


def _checked(path: Path | None, name: str, data: bytes, limits: Limits) -> CheckedFile:
    """Run the checks and build the result; a refusal carries the file's name."""
    try:
        mime, pages, has_text = _check(name, data, limits)
    except FileRejected as exc:
        exc.name = name
        raise
    digest = hashlib.sha256(data).hexdigest()
    return CheckedFile(path, name, digest, mime, len(data), pages, has_text)


def validate(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> CheckedFile:
    """Refuse a file before anything parses it in earnest.

    Reads the file (never more than the size limit allows); touches no database.
    Raises ``FileRejected(reason, detail)``.

    >>> validate(Path("inbox/scan.pdf")).pages  # doctest: +SKIP
    2
    """
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            raise FileRejected(RejectReason.TOO_LARGE, format_size(size), name=path.name)
        data = path.read_bytes()
    except OSError as exc:
        raise FileRejected(RejectReason.UNREADABLE, type(exc).__name__, name=path.name) from exc
    return _checked(path, path.name, data, limits)


def validate_bytes(name: str, data: bytes, *, limits: Limits = DEFAULT_LIMITS) -> CheckedFile:
    """``validate`` for an upload from the app: the same checks on bytes held in memory."""
    return _checked(None, name, data, limits)


def validate_package(paths: Sequence[Path], *, limits: Limits = DEFAULT_LIMITS) -> list[CheckedFile]:
    """Validate the files of one package: each file, the 5 MB total, and no file twice.

    The total is checked first, from ``stat``, so an oversized package is refused before any parsing.
    """
    try:
        total = sum(path.stat().st_size for path in paths)
    except OSError as exc:
        raise FileRejected(RejectReason.UNREADABLE, type(exc).__name__) from exc
    if total > limits.max_package_bytes:
        raise FileRejected(RejectReason.PACKAGE_TOO_LARGE, format_size(total))
    checked: list[CheckedFile] = []
    for path in paths:
        item = validate(path, limits=limits)
        twin = next((c for c in checked if c.sha256 == item.sha256), None)
        if twin is not None:
            raise FileRejected(RejectReason.DUPLICATE, f"совпадает с {twin.name}", name=path.name)
        checked.append(item)
    return checked
