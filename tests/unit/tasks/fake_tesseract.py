"""A stand-in tesseract that reads each page as a text chosen by the page image's width, or hangs.

Why by width: with ``OcrSettings(preprocess=False)`` a page reaches tesseract as it was scanned, so
pages of different widths tell a test which page tesseract was given, whatever order the parallel
workers take them in. Fast (no real recognition), so a test can hang one page past a 1 s timeout.
"""

from __future__ import annotations

import io
import json
import stat
import sys
from pathlib import Path

from PIL import Image

from config.runtime import OcrSettings
from tests.corpus.render import page_images

_SCRIPT = """#!{python}
import io, json, sys, time
from PIL import Image

if sys.argv[1:2] == ["--list-langs"]:
    print("List of languages (fake)\\nrus\\neng")
    sys.exit(0)
texts = json.loads(open({texts!r}, encoding="utf-8").read())
text = texts.get(str(Image.open(io.BytesIO(sys.stdin.buffer.read())).width), "")
if text is None:
    time.sleep(30)  # past any timeout a test sets
    sys.exit(1)
out = ["\\t".join("level page block par line word left top width height conf text".split())]
for line_number, line in enumerate(text.splitlines(), start=1):
    for word_number, word in enumerate(line.split(), start=1):
        out.append(f"5\\t1\\t1\\t1\\t{{line_number}}\\t{{word_number}}\\t0\\t0\\t10\\t10\\t95\\t{{word}}")
sys.stdout.buffer.write("\\n".join(out).encode("utf-8"))
"""


def width_reading_ocr(folder: Path, texts: dict[int, str | None], *, timeout: float = 1.0) -> OcrSettings:
    """OCR settings whose tesseract reads a page ``texts[its width]`` at confidence 0.95, or hangs
    on it when that is None; pages sent unpreprocessed, so their widths are the scanned ones."""
    (folder / "texts.json").write_text(json.dumps({str(w): t for w, t in texts.items()}), encoding="utf-8")
    script = folder / "tesseract"
    script.write_text(
        _SCRIPT.format(python=sys.executable, texts=str(folder / "texts.json")), encoding="utf-8"
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return OcrSettings(command=str(script), timeout_seconds=timeout, preprocess=False)


def widened(image: Image.Image, width: int) -> Image.Image:
    """The page on a white sheet ``width`` pixels wide (cropped or padded on the right)."""
    sheet = Image.new(image.mode, (width, image.height), 255)
    sheet.paste(image.crop((0, 0, min(width, image.width), image.height)), (0, 0))
    return sheet


def scanned_pdf(texts: list[str], *, dpi: int = 100, first_width: int = 800) -> bytes:
    """An image-only PDF, one page per text (its first page rendered), page n ``first_width + n``
    pixels wide: what ``width_reading_ocr`` tells the pages apart by."""
    pages = [widened(page_images(text, dpi=dpi)[0], first_width + n) for n, text in enumerate(texts)]
    out = io.BytesIO()
    pages[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return out.getvalue()
