"""Hostile and broken files, each with the refusal a user should see. Deterministic and small.

``hostile_files()`` lists them for parametrised tests; the builders are public for other uses.
"""

from __future__ import annotations

import functools
import io
import random
import zipfile
import zlib
from dataclasses import dataclass

from PIL import Image
from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen import canvas

from tasks.rejections import FileRejected, RejectReason
from tests.corpus.render import text_pdf

SAMPLE = "ПОСТАНОВЛЕНИЕ\nо возбуждении исполнительного производства № 12345/26/77047-ИП\n"


@dataclass(frozen=True, slots=True)
class HostileFile:
    """A file name, its bytes, and every reason that would be a correct refusal."""

    name: str
    data: bytes
    reasons: frozenset[RejectReason]


def raw_pdf(objects: list[bytes], *, root: int = 1) -> bytes:
    """A PDF from numbered object bodies (1-based) with a correct xref table, for hand-made structures."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


def png() -> bytes:
    buf = io.BytesIO()
    Image.new("L", (64, 64), 200).save(buf, "PNG")
    return buf.getvalue()


def zip_archive() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("scan.pdf", text_pdf(SAMPLE))
    return buf.getvalue()


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf(SAMPLE))))
    writer.encrypt(user_password="секрет", owner_password="owner", algorithm="AES-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def mojibake_pdf() -> bytes:
    """A PDF whose text layer is cp1251 Russian read as Latin-1 (a font without ToUnicode)."""
    junk = "Ïîñòàíîâëåíèå î âîçáóæäåíèè èñïîëíèòåëüíîãî ïðîèçâîäñòâà ñóäåáíûì ïðèñòàâîì"
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, invariant=True)
    pdf.setFont("Helvetica", 11)
    for n in range(6):
        pdf.drawString(60, 760 - 20 * n, junk)
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def jpeg_bomb(width: int = 60_000, height: int = 60_000) -> bytes:
    """A tiny JPEG whose frame header declares ``width``×``height`` pixels."""
    buf = io.BytesIO()
    Image.new("L", (16, 16), 128).save(buf, "JPEG")
    data = bytearray(buf.getvalue())
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = height.to_bytes(2, "big") + width.to_bytes(2, "big")
    return bytes(data)


def many_pages_pdf(pages: int = 3000) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def garbage_pdf() -> bytes:
    rng = random.Random(7)
    return b"%PDF-1.7\n" + bytes(rng.randrange(256) for _ in range(4000)) + b"\n%%EOF\n"


def looping_pdf() -> bytes:
    """A page tree whose only kid is itself."""
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"])


def pdf_image_bomb() -> bytes:
    """A one-page PDF with an image XObject that declares 100 000 × 100 000 pixels."""
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 4 0 R >> >>"
            b" /Contents 5 0 R >>",
            b"<< /Type /XObject /Subtype /Image /Width 100000 /Height 100000 /ColorSpace /DeviceGray"
            b" /BitsPerComponent 8 /Length 0 >>\nstream\n\nendstream",
            b"<< /Length 26 >>\nstream\nq 595 0 0 842 0 0 cm /Im1 Do Q\nendstream",
        ]
    )


def truncated_jpeg() -> bytes:
    buf = io.BytesIO()
    rng = random.Random(5)
    noise = Image.frombytes("L", (400, 400), bytes(rng.randrange(256) for _ in range(160_000)))
    noise.save(buf, "JPEG", quality=90)
    return buf.getvalue()[: len(buf.getvalue()) // 2]


def oversize_pdf(size: int = 1_300_000) -> bytes:
    rng = random.Random(11)
    return b"%PDF-1.4\n%" + bytes(rng.randrange(256) for _ in range(size))


def hostile_files() -> list[HostileFile]:
    """Every hostile file with the reasons that count as a correct refusal."""
    r = RejectReason
    good = text_pdf(SAMPLE)
    return [
        HostileFile("empty.pdf", b"", frozenset({r.EMPTY})),
        HostileFile("scan.pdf", png(), frozenset({r.MISLABELLED})),
        HostileFile("letter.pdf", zip_archive(), frozenset({r.MISLABELLED})),
        HostileFile("picture.png", png(), frozenset({r.UNSUPPORTED_TYPE})),
        HostileFile("truncated.pdf", good[: len(good) // 2], frozenset({r.TRUNCATED})),
        HostileFile("encrypted.pdf", encrypted_pdf(), frozenset({r.ENCRYPTED})),
        HostileFile("bomb.jpg", jpeg_bomb(), frozenset({r.DECOMPRESSION_BOMB})),
        HostileFile("bomb.pdf", pdf_image_bomb(), frozenset({r.DECOMPRESSION_BOMB})),
        HostileFile("huge.pdf", oversize_pdf(), frozenset({r.TOO_LARGE})),
        HostileFile("thick.pdf", many_pages_pdf(), frozenset({r.TOO_MANY_PAGES})),
        HostileFile("garbage.pdf", garbage_pdf(), frozenset({r.BROKEN_PDF})),
        HostileFile("loop.pdf", looping_pdf(), frozenset({r.BROKEN_PDF, r.PARSE_FAILED, r.PARSE_TIMEOUT})),
        HostileFile("cut.jpg", truncated_jpeg(), frozenset({r.BROKEN_IMAGE})),
        HostileFile("flate-content.pdf", flate_bomb_content(), frozenset({r.STREAM_BOMB})),
        HostileFile("flate-image.pdf", flate_bomb_image(), frozenset({r.STREAM_BOMB})),
        HostileFile("double-flate.pdf", double_flate_content(), frozenset({r.STREAM_BOMB})),
        HostileFile("small-double-flate.pdf", small_double_flate(), frozenset({r.STREAM_BOMB})),
        HostileFile("heavy.pdf", heavy_content(), frozenset({r.TOO_COMPLEX})),
        HostileFile("chain.pdf", deep_reference_chain(), frozenset({r.TOO_COMPLEX, r.BROKEN_PDF})),
    ]


def _stream(dictionary: bytes, payload: bytes) -> bytes:
    """A stream object body with a correct /Length."""
    return b"<< %s /Length %d >>\nstream\n%s\nendstream" % (dictionary, len(payload), payload)


def _page_pdf(contents: bytes, *, resources: bytes = b"<< >>", extra: list[bytes] | None = None) -> bytes:
    """One page whose content stream object (4) has ``contents`` as its whole body; more objects follow."""
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources %s /Contents 4 0 R >>"
            % resources,
            contents,
            *(extra or []),
        ]
    )


def _deflate(data: bytes) -> bytes:
    return zlib.compress(data, 6)


BOMB_BYTES = 100_000_000
"""What a bomb inflates to: more than pypdf's 75 MB per stream, the limit extraction runs with."""


@functools.cache
def inflating_to(size: int = BOMB_BYTES) -> bytes:
    """zlib data (~1/1000 of ``size``) inflating to ``size`` zero bytes, made without holding them."""
    packer = zlib.compressobj(6)
    block = bytes(1 << 20)
    out = bytearray()
    for _ in range(size // len(block)):
        out += packer.compress(block)
    out += packer.compress(bytes(size % len(block)))
    out += packer.flush()
    return bytes(out)


def flate_bomb_content() -> bytes:
    """A content stream of ~100 KB that inflates to 100 MB."""
    return _page_pdf(_stream(b"/Filter /FlateDecode", inflating_to()))


def flate_bomb_image() -> bytes:
    """An image XObject of modest declared size whose flate stream inflates to 100 MB."""
    image = _stream(
        b"/Type /XObject /Subtype /Image /Width 2000 /Height 2000 /ColorSpace /DeviceGray"
        b" /BitsPerComponent 8 /Filter /FlateDecode",
        inflating_to(),
    )
    return _page_pdf(
        _stream(b"", b"q 595 0 0 842 0 0 cm /Im1 Do Q"),
        resources=b"<< /XObject << /Im1 5 0 R >> >>",
        extra=[image],
    )


def double_flate_content() -> bytes:
    """A content stream compressed twice: a few hundred bytes that inflate to 100 MB."""
    return _page_pdf(_stream(b"/Filter [/FlateDecode /FlateDecode]", _deflate(inflating_to())))


def small_double_flate() -> bytes:
    """Compression inside compression, yet under every byte limit: 2 MB from ~100 bytes."""
    return _page_pdf(_stream(b"/Filter [/FlateDecode /FlateDecode]", _deflate(inflating_to(2_000_000))))


def heavy_content(operators: int = 3_000_000) -> bytes:
    """A content stream of millions of cheap operators: small compressed, slow to interpret."""
    body = b"BT /F1 1 Tf 0 0 Td (a) Tj ET\n" * (operators // 6)
    return _page_pdf(
        _stream(b"/Filter /FlateDecode", _deflate(body)),
        resources=b"<< /Font << /F1 5 0 R >> >>",
        extra=[b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"],
    )


def deep_reference_chain(depth: int = 20_000) -> bytes:
    """The font's encoding reached through ``depth`` objects each holding only a reference."""
    first = 6
    chain = [b"%d 0 R" % (n + 1) for n in range(first, first + depth - 1)]
    return _page_pdf(
        _stream(b"", b"BT /F1 12 Tf 72 720 Td (x) Tj ET"),
        resources=b"<< /Font << /F1 5 0 R >> >>",
        extra=[
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding %d 0 R >>" % first,
            *chain,
            b"/WinAnsiEncoding",
        ],
    )


def deep_array_nesting(depth: int = 50_000) -> bytes:
    """A resource value nested ``depth`` arrays deep: a recursive parser overflows its stack."""
    return _page_pdf(_stream(b"", b"q Q"), resources=b"<< /ProcSet %s%s >>" % (b"[" * depth, b"]" * depth))


def refuse_in_child() -> None:
    """Raises our own refusal inside the sandbox (module-level, so a child can run it)."""
    raise FileRejected(RejectReason.EMPTY)


def parser_that_raises(_data: bytes, _pages: int, _pixels: int) -> tuple[int, bool]:
    """Stands in for ``probe_pdf``: a parser failing the way pypdf does on odd input."""
    raise KeyError("/Kids")
