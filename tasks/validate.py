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
import os
import re
import stat
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from config.limits import DEFAULT_LIMITS, Limits
from tasks.rejections import FileRejected, RejectReason, format_size
from tasks.sandboxed import SandboxCrashed, SandboxRaised, SandboxTimeout, run_sandboxed


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


def jpeg_page(data: bytes, colour: bool = False) -> tuple[str, tuple[int, int], bytes, int]:
    """The JPEG as extraction reads it: EXIF rotation applied, greyscale, with its dpi (≥ 70).

    Validation runs exactly this, so what passes validation is what extraction can read.
    ``colour=True`` (extraction) keeps a colour scan in RGB, so OCR can drop stamp ink by its hue.
    Returns (mode, size, pixels, dpi); raises Pillow's errors for a broken image.
    """
    import math

    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as image:
        upright = ImageOps.exif_transpose(image)
        keep = colour and upright.mode not in ("L", "1", "I", "F")
        page = upright.convert("RGB") if keep else ImageOps.grayscale(upright)
        dpi = image.info.get("dpi", (150, 150))[0]
    dpi = float(dpi)
    return page.mode, page.size, page.tobytes(), max(70, round(dpi)) if math.isfinite(dpi) else 150


def probe_jpeg(data: bytes, max_pixels: int) -> None:
    """Decode the whole image (in the sandbox) as extraction will, so a broken JPEG is caught here."""
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = max_pixels
    try:
        jpeg_page(data)
    except (OSError, SyntaxError, ValueError, TypeError, Image.DecompressionBombError) as exc:
        raise FileRejected(RejectReason.BROKEN_IMAGE, "не декодируется") from exc


@dataclass(frozen=True, slots=True)
class DecodeLimits:
    """How much a PDF may unpack and how complex it may be, so extraction never meets a surprise.

    ``max_stream_bytes`` is pypdf's own per-stream output limit, the one extraction runs with:
    a stream validation can decode, extraction can decode too. zlib cannot exceed ~1032:1, so a
    stream that unpacks more than ``max_ratio`` times its size is compression inside compression.
    """

    max_stream_bytes: int = 75_000_000
    max_total_bytes: int = 256 * 1024 * 1024
    max_ratio: int = 1100
    ratio_from_bytes: int = 1024 * 1024
    max_operators: int = 1_000_000
    max_objects: int = 200_000
    max_chain: int = 32


DECODE_LIMITS = DecodeLimits()

_NOT_DECODED = frozenset({"/JBIG2Decode"})
"""Filters pypdf hands to an outside program; their output is bounded by the pixel check."""
_OPERATOR = re.compile(rb"(?<![^\s\])>])[A-Za-z'\"][A-Za-z0-9*]{0,2}(?![^\s\[(/<])")
"""A content-stream operator token (``Tj``, ``cm``, ``'``); words inside strings count too: an upper bound."""


@dataclass
class _Inspection:
    """What the walk over one PDF has used so far, and the limits it must stay within."""

    limits: DecodeLimits
    max_pixels: int
    decoded: int = 0
    operators: int = 0
    objects: int = 0
    seen: set[int] = field(default_factory=set)

    def resolve(self, item: Any) -> Any:
        """Follow references one hop at a time; None for an object already walked."""
        from pypdf.generic import IndirectObject

        hops = 0
        while isinstance(item, IndirectObject):
            if item.idnum in self.seen:
                return None
            self.seen.add(item.idnum)
            hops += 1
            if hops > self.limits.max_chain:
                raise FileRejected(
                    RejectReason.TOO_COMPLEX, f"цепочка ссылок длиннее {self.limits.max_chain}"
                )
            item = item.get_object()
        self.objects += 1
        if self.objects > self.limits.max_objects:
            raise FileRejected(RejectReason.TOO_COMPLEX, f"больше {self.limits.max_objects} объектов")
        return item

    def stream(self, stream: Any, *, content: bool) -> None:
        """Decode one stream as extraction would, within the byte, ratio and operator limits."""
        from pypdf.errors import LimitReachedError, PyPdfError
        from pypdf.generic import ArrayObject

        if stream.get("/Subtype") == "/Image":
            pixels = int(stream.get("/Width", 0)) * int(stream.get("/Height", 0))
            if pixels > self.max_pixels:
                raise FileRejected(RejectReason.DECOMPRESSION_BOMB, f"{pixels / 1e6:.0f} млн точек")
        filters = stream.get("/Filter")
        names = [str(f) for f in filters] if isinstance(filters, ArrayObject) else [str(filters or "")]
        if names and names[-1] in _NOT_DECODED:
            return
        encoded = len(getattr(stream, "_data", b"") or b"")
        try:
            data = stream.get_data()
        except LimitReachedError as exc:
            limit = format_size(self.limits.max_stream_bytes)
            raise FileRejected(RejectReason.STREAM_BOMB, f"поток больше {limit} после распаковки") from exc
        except (PyPdfError, ValueError, KeyError, TypeError, NotImplementedError, zlib.error) as exc:
            raise FileRejected(
                RejectReason.BROKEN_PDF, f"поток не распаковывается: {type(exc).__name__}"
            ) from exc
        size = len(data if isinstance(data, bytes | bytearray) else str(data).encode())
        if hasattr(stream, "decoded_self"):
            stream.decoded_self = None  # pypdf caches the decoded copy: let it go
        self.decoded += size
        if size >= self.limits.ratio_from_bytes and size > self.limits.max_ratio * max(encoded, 1):
            raise FileRejected(RejectReason.STREAM_BOMB, f"сжатие {size // max(encoded, 1)}:1")
        if self.decoded > self.limits.max_total_bytes:
            raise FileRejected(
                RejectReason.STREAM_BOMB, f"всего больше {format_size(self.limits.max_total_bytes)}"
            )
        if content or stream.get("/Subtype") == "/Form":
            self._count_operators(data)

    def _count_operators(self, data: bytes) -> None:
        for _ in _OPERATOR.finditer(data):
            self.operators += 1
            if self.operators > self.limits.max_operators:
                raise FileRejected(
                    RejectReason.TOO_COMPLEX, f"больше {self.limits.max_operators} команд рисования"
                )


def inspect_pdf(reader: Any, *, max_pixels: int, limits: DecodeLimits = DECODE_LIMITS) -> None:
    """Walk everything the pages reach (resources, fonts, images, forms) and decode every stream.

    Iterative, so a deep structure cannot overflow the stack; each object is walked once. Raises
    ``FileRejected``: ``STREAM_BOMB``, ``DECOMPRESSION_BOMB``, ``TOO_COMPLEX`` or ``BROKEN_PDF``.
    """
    from pypdf.generic import ArrayObject, DictionaryObject, StreamObject

    walk = _Inspection(limits, max_pixels)
    stack: list[tuple[Any, bool]] = []
    for page in reader.pages:
        if page.indirect_reference is not None:
            walk.seen.add(page.indirect_reference.idnum)
        stack.append((page, False))
    while stack:
        item, content = stack.pop()
        obj = walk.resolve(item)
        if isinstance(obj, StreamObject):
            walk.stream(obj, content=content)
        if isinstance(obj, DictionaryObject):
            stack += [(value, key == "/Contents") for key, value in obj.items() if key != "/Parent"]
        elif isinstance(obj, ArrayObject):
            stack += [(value, content) for value in obj]


def probe_pdf(data: bytes, max_pages: int, max_pixels: int) -> tuple[int, bool]:
    """Open the PDF with pypdf (in the sandbox): page count and whether any page carries fonts.

    Every stream the pages reach is decoded here, within ``DECODE_LIMITS``, so a bomb or a
    structure that would choke text extraction or rendering is refused now, with its reason.
    """
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
        inspect_pdf(reader, max_pixels=max_pixels)
        for page in reader.pages:
            resources = page.get("/Resources")
            resources = resources.get_object() if resources is not None else None
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
        raise FileRejected(RejectReason.PARSE_FAILED, exc.message) from exc
    except SandboxRaised as exc:  # whatever the parser raised on these bytes: a refusal of this file
        raise FileRejected(RejectReason.PARSE_FAILED, exc.message) from exc


def _checked(path: Path | None, name: str, data: bytes, limits: Limits) -> CheckedFile:
    """Run the checks and build the result; a refusal carries the file's name."""
    try:
        mime, pages, has_text = _check(name, data, limits)
    except FileRejected as exc:
        exc.name = name
        raise
    digest = hashlib.sha256(data).hexdigest()
    return CheckedFile(path, name, digest, mime, len(data), pages, has_text)


_KINDS = (
    (stat.S_ISLNK, "символическая ссылка"),
    (stat.S_ISDIR, "папка"),
    (stat.S_ISFIFO, "именованный канал"),
    (stat.S_ISSOCK, "сокет"),
    (stat.S_ISCHR, "устройство"),
    (stat.S_ISBLK, "устройство"),
)


def kind_of(mode: int) -> str | None:
    """What a non-regular directory entry is, in Russian; None for a regular file."""
    return next((name for test, name in _KINDS if test(mode)), None if stat.S_ISREG(mode) else "особый файл")


def _open_beneath(path: Path, root: Path | None) -> int:
    """Open ``path`` read-only without following a link anywhere below ``root`` (or in its last part)."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    if root is None:
        return os.open(path, flags)
    parts = path.relative_to(root).parts
    directory = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        for part in parts[:-1]:
            inner = os.open(
                part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=directory
            )
            os.close(directory)
            directory = inner
        return os.open(parts[-1], flags, dir_fd=directory)
    finally:
        os.close(directory)


def read_regular(path: Path, *, max_bytes: int, root: Path | None = None) -> bytes:
    """The bytes of ``path`` if it is a regular file: never through a link, never a FIFO or device.

    ``lstat`` first, so a FIFO or a device is never opened; then ``O_NOFOLLOW`` (on every part below
    ``root``) and ``fstat`` on what was opened, so a link swapped in meanwhile is not followed
    either. Raises ``FileRejected``: ``NOT_REGULAR_FILE``, ``TOO_LARGE`` or ``UNREADABLE``.
    """
    name = path.name
    try:
        kind = kind_of(path.lstat().st_mode)
        if kind is not None:
            raise FileRejected(RejectReason.NOT_REGULAR_FILE, kind, name=name)
        descriptor = _open_beneath(path, root)
    except FileNotFoundError as exc:
        raise FileRejected(RejectReason.UNREADABLE, "файл исчез из папки", name=name) from exc
    except OSError as exc:
        if exc.errno in (40, 20):  # ELOOP, ENOTDIR: a link where a file or folder was
            raise FileRejected(RejectReason.NOT_REGULAR_FILE, "символическая ссылка", name=name) from exc
        raise FileRejected(RejectReason.UNREADABLE, type(exc).__name__, name=name) from exc
    with os.fdopen(descriptor, "rb") as stream:
        info = os.fstat(stream.fileno())
        kind = kind_of(info.st_mode)
        if kind is not None:
            raise FileRejected(RejectReason.NOT_REGULAR_FILE, kind, name=name)
        if info.st_size > max_bytes:
            raise FileRejected(RejectReason.TOO_LARGE, format_size(info.st_size), name=name)
        data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise FileRejected(RejectReason.TOO_LARGE, f"больше {format_size(max_bytes)}", name=name)
    return data


def validate_file(
    path: Path, *, limits: Limits = DEFAULT_LIMITS, root: Path | None = None
) -> tuple[CheckedFile, bytes]:
    """``validate`` that also gives the bytes it judged, so nobody reads the path a second time.

    ``root``: a folder that ``path`` lies under; no link below it is followed.
    """
    data = read_regular(path, max_bytes=limits.max_file_bytes, root=root)
    return _checked(path, path.name, data, limits), data


def validate(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> CheckedFile:
    """Refuse a file before anything parses it in earnest.

    Reads the file only if it is a regular file (never through a link) and never more than the
    size limit allows; touches no database. Raises ``FileRejected(reason, detail)``.

    >>> validate(Path("inbox/scan.pdf")).pages  # doctest: +SKIP
    2
    """
    return validate_file(path, limits=limits)[0]


def validate_bytes(name: str, data: bytes, *, limits: Limits = DEFAULT_LIMITS) -> CheckedFile:
    """``validate`` for an upload from the app: the same checks on bytes held in memory."""
    return _checked(None, name, data, limits)


def validate_package(paths: Sequence[Path], *, limits: Limits = DEFAULT_LIMITS) -> list[CheckedFile]:
    """Validate the files of one package: each file, the 5 MB total, and no file twice.

    The total is checked first, from ``stat``, so an oversized package is refused before any parsing.
    """
    try:
        total = sum(path.lstat().st_size for path in paths)
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
