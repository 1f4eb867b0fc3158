"""Figures for validation and text extraction: sandbox overhead, text-layer check, OCR per page.

Run: ``.venv/bin/python -m bench.extract`` (about a minute on two cores).
"""

from __future__ import annotations

import difflib
import re
import statistics
import time
from collections.abc import Callable
from dataclasses import replace
from functools import partial

from config.limits import ChildLimits
from config.runtime import OcrSettings
from tasks.extract import extract_text_bytes, read_pdf_text, text_quality
from tasks.ocr import PageImage, ocr_pages
from tasks.sandboxed import run_sandboxed
from tasks.validate import probe_pdf, validate_bytes
from tests.corpus.render import image_pdf, jpeg_scan, page_images, scan, text_pdf

DOCUMENT = """ОСП по Центральному району г. Москвы
101000, г. Москва, ул. Мясницкая, д. 1

ПОСТАНОВЛЕНИЕ
о возбуждении исполнительного производства

12 марта 2026 г. № 77047/26/3308282

Судебный пристав-исполнитель Иванова А. В., рассмотрев судебный приказ № 2-1234/2025 от 10.01.2026,
выданный мировым судьёй судебного участка № 5, о взыскании задолженности по кредитному договору
в размере 154 300,00 руб. с должника Петрова Сергея Ивановича, 01.02.1980 г.р., ИНН 500100732259,
СНИЛС 112-233-445 95, в пользу взыскателя ООО «Коллект», УИД 77MS0005-01-2025-001382-35,
ПОСТАНОВИЛ:
1. Возбудить исполнительное производство № 12345/26/77047-ИП.
2. Установить должнику срок для добровольного исполнения — 5 дней.
"""
IDENTIFIERS = [
    "12345/26/77047-ИП",
    "2-1234/2025",
    "500100732259",
    "112-233-445 95",
    "77MS0005-01-2025-001382-35",
]


def median_seconds(func: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def bench_validation() -> None:
    files = {"text PDF": text_pdf(DOCUMENT), "image PDF": image_pdf(DOCUMENT), "JPEG": jpeg_scan(DOCUMENT)}
    validate_bytes("warm.pdf", files["text PDF"])  # starts the fork server once
    bare = median_seconds(lambda: run_sandboxed(len, b"x", limits=ChildLimits()), 30)
    print(f"sandbox round trip (fork server, no work): {bare * 1000:.1f} ms")
    inproc = median_seconds(lambda: probe_pdf(files["text PDF"], 200, 50_000_000), 30)
    print(f"probe_pdf in process (no sandbox), text PDF: {inproc * 1000:.1f} ms")
    for name, data in files.items():
        seconds = median_seconds(partial(validate_bytes, "f", data), 30)
        print(f"validate {name:9} {len(data) // 1024:4} KB: {seconds * 1000:.1f} ms/file")


def bench_text_layer() -> None:
    data = text_pdf(DOCUMENT)
    texts = read_pdf_text(data)
    check = median_seconds(lambda: text_quality(texts[0]), 200)
    print(f"text-layer quality check: {check * 1e6:.0f} µs/page (quality {text_quality(texts[0])})")
    checked = validate_bytes("t.pdf", data)
    whole = median_seconds(lambda: extract_text_bytes(checked, data), 20)
    print(f"extract_text, text PDF, 1 page (sandboxed pypdf + check): {whole * 1000:.1f} ms")


def _score(text: str) -> tuple[float, int]:
    text = re.sub(r"(?<=\d)['’`](?=\d)", "", text)
    similarity = difflib.SequenceMatcher(None, " ".join(DOCUMENT.split()), " ".join(text.split())).ratio()
    return similarity, sum(i in text for i in IDENTIFIERS)


def bench_ocr() -> None:
    clean = page_images(DOCUMENT, dpi=150)[0]
    variants = {
        "light noise": [scan(clean, seed=s) for s in range(4)],
        "heavy noise": [scan(clean, seed=s, noise=0.03) for s in range(4)],
        "tilt up to 3°": [scan(clean, seed=s, max_tilt=3.0) for s in range(4)],
    }
    base = OcrSettings()
    for label, images in variants.items():
        pages = [PageImage(image, 150) for image in images]
        others = (replace(base, preprocess=False), replace(base, deskew=False), replace(base, psm=4))
        for settings in (base, *others, replace(base, psm=6), replace(base, lang="rus")):
            started = time.perf_counter()
            results = ocr_pages(pages, settings)
            seconds = (time.perf_counter() - started) / len(pages)
            scores = [_score(r.text) for r in results]
            similarity = statistics.mean(s for s, _ in scores)
            found = sum(n for _, n in scores)
            print(
                f"OCR {label}, {settings.lang}, psm {settings.psm}, preprocess={settings.preprocess}, "
                f"deskew={settings.deskew}: "
                f"{seconds:.2f} s/page (all cores), similarity {similarity:.3f}, "
                f"identifiers {found}/{len(IDENTIFIERS) * len(pages)}"
            )
    pages = [PageImage(image, 150) for image in variants["light noise"]]
    for workers in (1, 0):
        started = time.perf_counter()
        ocr_pages(pages, replace(base, workers=workers))
        per_page = (time.perf_counter() - started) / len(pages)
        print(f"OCR workers={workers or 'all cores'}: {per_page:.2f} s/page wall")
    data = image_pdf(DOCUMENT + "\f" + DOCUMENT)
    checked = validate_bytes("scan.pdf", data)
    started = time.perf_counter()
    result = extract_text_bytes(checked, data)
    print(f"extract_text, 2-page image PDF: {time.perf_counter() - started:.2f} s, quality {result.quality}")


def main() -> None:
    bench_validation()
    bench_text_layer()
    bench_ocr()


if __name__ == "__main__":
    main()
