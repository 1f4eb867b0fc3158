"""Ingest throughput: files per second through the Prefect flow beside the same steps called directly.

Run: ``.venv/bin/python -m bench.ingest [--text 60] [--images 6]`` (a couple of minutes on two
cores, most of it OCR). For each kind of file (text PDFs, image scans) the same number of
*different* documents goes (a) straight through ``process_batch`` and (b) through one run of the
``ingest-inbox`` flow against a temporary Prefect API server (the test harness: a real server
process on SQLite). Both paths claim and record first, as the watcher does. Peak memory is the
largest resident set seen while a phase ran, for this process and its children (sandboxed
parsers, tesseract) together but without the Prefect server, sampled every 50 ms from /proc.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from db.engine import make_engine, session_scope
from tasks.database import upgrade_and_seed
from tasks.imports import import_cases, import_counterparties
from tasks.ingest.intake import claim, record_claims, with_ids
from tests.corpus.render import image_pdf, text_pdf
from tests.corpus.texts import demo_cases, demo_counterparties, generate_documents
from tests.factories import cases_csv, counterparties_csv

PAGE = os.sysconf("SC_PAGE_SIZE")


def _rss(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return 0


def _is_prefect_server(pid: int) -> bool:
    try:
        return (
            b"prefect" in Path(f"/proc/{pid}/cmdline").read_bytes()
            and b"server" in Path(f"/proc/{pid}/cmdline").read_bytes()
        )
    except FileNotFoundError:
        return False


def _tree_rss(pid: int) -> int:
    """Resident memory of a process and its descendants, leaving out the Prefect API server."""
    total = _rss(pid)
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            kids = [int(k) for k in children.read_text().split()]
        except FileNotFoundError:
            continue
        total += sum(_tree_rss(k) for k in kids if not _is_prefect_server(k))
    return total


@dataclass
class Phase:
    name: str
    files: int
    seconds: float = 0.0
    peak_bytes: int = 0

    def line(self, baseline: Phase | None) -> str:
        rate = self.files / self.seconds if self.seconds else 0.0
        extra = ""
        if baseline is not None and baseline.seconds:
            overhead = self.seconds - baseline.seconds
            extra = f"  orchestration {overhead:+6.2f} s ({overhead / baseline.seconds:+.0%})"
        return (
            f"{self.name:<24} {self.files:4d} files {self.seconds:7.2f} s {rate:7.2f} files/s "
            f"peak RSS {self.peak_bytes / 2**20:6.0f} MB{extra}"
        )


@contextmanager
def measured(phase: Phase) -> Iterator[None]:
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            phase.peak_bytes = max(phase.peak_bytes, _tree_rss(os.getpid()))
            stop.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    try:
        yield
    finally:
        phase.seconds = time.perf_counter() - started
        stop.set()
        sampler.join()


def drop_and_claim(data_dir: Path, engine: object, files: dict[str, bytes]) -> list[int]:
    """Files into the inbox, claimed and recorded as the watcher would; their ledger ids."""
    inbox, processing = data_dir / "inbox", data_dir / "inbox" / ".processing"
    for name, data in files.items():
        (inbox / name).write_bytes(data)
    envelopes = claim(inbox, processing)
    with session_scope(engine) as session:  # type: ignore[arg-type]
        record_claims(session, envelopes, processing)
        return [i for e in with_ids(session, envelopes) for i in e.intake_ids]


def corpus(count: int, *, seed: int, render: Callable[[str, int], bytes], prefix: str) -> dict[str, bytes]:
    documents = generate_documents(count, seed=seed)
    return {f"{prefix}{i:03d}.pdf": render(text, i) for i, (text, _) in enumerate(documents)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--text", type=int, default=60, help="text PDFs per path")
    parser.add_argument("--images", type=int, default=6, help="image scans per path (OCR)")
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    os.environ.update(
        KORR_DATA_DIR=str(data_dir),
        KORR_DATABASE_URL=f"sqlite:///{data_dir / 'bench.db'}",
        PREFECT_HOME=str(data_dir / "prefect"),
        DO_NOT_TRACK="1",
        PREFECT_LOGGING_LEVEL="WARNING",
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
    )
    from config.runtime import ingest_config
    from config.settings import Settings
    from flows.ingest import ACTOR, ingest_inbox, ingest_locally  # after the environment is set

    settings = Settings()
    settings.ensure_dirs()
    engine = make_engine(settings.resolved_database_url)
    upgrade_and_seed(engine, actor=ACTOR)
    with session_scope(engine) as session:
        import_counterparties(session, counterparties_csv(demo_counterparties()), actor=ACTOR)
        import_cases(session, cases_csv(demo_cases(200, seed=3)), actor=ACTOR)
    config = ingest_config(settings)

    print(f"Rendering {2 * args.text} text PDFs and {2 * args.images} image scans ...")
    kinds = {
        "text PDF": (args.text, lambda text, _i: text_pdf(text)),
        "image scan (OCR)": (args.images, lambda text, i: image_pdf(text, seed=i)),
    }
    sets = {
        (kind, path): corpus(n, seed=seed, render=render, prefix=f"{path[0]}{kind[0]}")
        for seed, (kind, (n, render)) in enumerate(kinds.items(), start=40)
        for path, seed in (("direct", seed), ("flow", seed + 100))
    }
    ingest_locally(
        engine,
        drop_and_claim(data_dir, engine, corpus(1, seed=1, render=kinds["text PDF"][1], prefix="warm")),
        config=config,
    )

    from prefect.testing.utilities import prefect_test_harness

    started = time.perf_counter()
    with prefect_test_harness(server_startup_timeout=120):
        print(f"Prefect API server (test harness) up in {time.perf_counter() - started:.1f} s\n")
        for kind in kinds:
            direct = Phase(f"{kind}: direct", len(sets[(kind, "direct")]))
            claims = drop_and_claim(data_dir, engine, sets[(kind, "direct")])
            with measured(direct):
                ingest_locally(engine, claims, config=config)
            flow = Phase(f"{kind}: flow", len(sets[(kind, "flow")]))
            claims = drop_and_claim(data_dir, engine, sets[(kind, "flow")])
            with measured(flow):
                report = ingest_inbox(claims)
            assert report.failed == 0, report.summary
            print(direct.line(None))
            print(flow.line(direct))
    engine.dispose()


if __name__ == "__main__":
    main()
