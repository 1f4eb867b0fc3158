"""Hostile and broken files, each with the refusal a user should see. Deterministic and small.

``hostile_files()`` lists them for parametrised tests; the builders are public for other uses.
"""

from __future__ import annotations

import io
import random
import zipfile
from dataclasses import dataclass

from PIL import Image
from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen import canvas

from tasks.rejections import RejectReason
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
    ]
