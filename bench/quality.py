"""Quality of the incoming pipeline on documents it has not seen, through the evaluation contract.

Usage: ``.venv/bin/python -m bench.quality [--docs N] [--seed S] [--formats text,image,jpeg]``.
Prints, per format: how many scans needed no clerk (goal ≥ 80%) and how often those
auto-registered items were right — sender, type and case all correct (goal ≥ 99%).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from db.engine import make_engine, session_scope
from tasks.database import upgrade_and_seed
from tasks.imports import import_cases, import_counterparties
from tasks.ingest.evaluate import classify_files
from tasks.ingest.model import IngestConfig
from tests.corpus.render import image_pdf, jpeg_scan, text_pdf
from tests.corpus.texts import Truth, demo_cases, demo_counterparties, generate_documents
from tests.factories import cases_csv, counterparties_csv

RENDERERS: dict[str, tuple[str, Callable[[str, int], bytes]]] = {
    "text": ("pdf", lambda text, _seed: text_pdf(text)),
    "image": ("pdf", lambda text, seed: image_pdf(text, seed=seed)),
    "jpeg": ("jpg", lambda text, seed: jpeg_scan(text, seed=seed)),
}


def expected(truth: Truth) -> tuple[str, str, str | None]:
    case = None if truth.document_type == "Договор уступки прав требования" else truth.case_number
    return truth.sender, truth.document_type, case


def evaluate(engine_url: str, folder: Path, *, docs: int, seed: int, fmt: str) -> dict[str, float]:
    engine = make_engine(engine_url)
    suffix, render = RENDERERS[fmt]
    documents = generate_documents(docs, seed=seed)
    paths = []
    for index, (text, _truth) in enumerate(documents):
        path = folder / f"{fmt}-{index:04d}.{suffix}"
        path.write_bytes(render(text, seed * 1000 + index))
        paths.append(path)
    config = IngestConfig(processing_dir=folder, archive_dir=folder, rejected_dir=folder)
    started = time.perf_counter()
    results = list(classify_files(engine, paths, config=config))
    elapsed = time.perf_counter() - started
    auto = [
        (r, t) for r, (_, t) in zip(results, documents, strict=True) if r["valid"] and not r["needs_review"]
    ]
    right = [r for r, t in auto if (r["sender"], r["document_type"], r["case_number"]) == expected(t)]
    for r, t in auto:
        if (r["sender"], r["document_type"], r["case_number"]) != expected(t):
            got = (r["sender"], r["document_type"], r["case_number"])
            print(f"  WRONG {r['file']}: got {got}; want {expected(t)}")
    reasons = Counter(code for r in results if r["needs_review"] for code in (r["reason"] or "").split())
    print(f"  review reasons: {dict(reasons.most_common())}")
    engine.dispose()
    return {
        "docs": docs,
        "auto_share": len(auto) / docs,
        "precision": len(right) / len(auto) if auto else 1.0,
        "seconds_per_doc": elapsed / docs,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=100)
    parser.add_argument("--seed", type=int, default=4242)
    parser.add_argument("--formats", default="text,image,jpeg")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'quality.db'}"
        engine = make_engine(url)
        upgrade_and_seed(engine, actor="bench")
        with session_scope(engine) as session:
            import_counterparties(session, counterparties_csv(demo_counterparties()), actor="bench")
            import_cases(session, cases_csv(demo_cases(200, seed=args.seed)), actor="bench")
        engine.dispose()
        for fmt in args.formats.split(","):
            figures = evaluate(url, Path(tmp), docs=args.docs, seed=args.seed, fmt=fmt)
            print(
                f"{fmt:<6} docs {figures['docs']:4d}  no clerk {figures['auto_share']:6.1%}  "
                f"right when automatic {figures['precision']:6.1%}  {figures['seconds_per_doc']:.2f} s/doc"
            )


if __name__ == "__main__":
    main()
