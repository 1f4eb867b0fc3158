"""The fuzz corpus at scale: outcome table, time per file and peak memory.

Run: ``.venv/bin/python -m bench.fuzz [SEED] [COUNT]`` (default seed 1, 1 000 mutated files plus
the crafted hostile ones; a few minutes on two cores). Every file must end accepted or refused
with a reason; anything else is printed with its traceback summary and the exit code is 1.
"""

from __future__ import annotations

import logging
import resource
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from tasks.sandboxed import peak_child_rss
from tests.corpus.fuzz import FuzzFile, fuzz_corpus, outcome


def _judge(file: FuzzFile) -> tuple[str, str, float]:
    started = time.perf_counter()
    try:
        result, crash = outcome(file), ""
    except Exception as exc:  # noqa: BLE001 - a bench that counts crashes must see every one
        result, crash = "CRASH", f"{file.name}: {type(exc).__name__}: {exc}"[:300]
    return result, crash, time.perf_counter() - started


def _peak_mb(who: int) -> float:
    """Peak resident memory in MB of ``who`` (``RUSAGE_SELF``)."""
    return resource.getrusage(who).ru_maxrss / 1024  # kB on Linux


def main() -> int:
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    logging.disable(logging.WARNING)  # pypdf's warnings about broken files are the point, not news
    started = time.perf_counter()
    files = fuzz_corpus(seed, count)
    built = time.perf_counter() - started
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=2) as pool:
        judged = list(pool.map(_judge, files))
    wall = time.perf_counter() - started
    table = Counter(result for result, _, _ in judged)
    slowest = max(judged, key=lambda j: j[2])
    size = sum(len(f.data) for f in files) // 1024
    print(f"fuzz corpus: seed {seed}, {len(files)} files, {size} KB, built in {built:.1f} s")
    print(f"{'outcome':<22}{'files':>7}")
    for result, number in table.most_common():
        print(f"{result:<22}{number:>7}")
    print(
        f"wall {wall:.1f} s on 2 threads, {wall / len(files) * 1000:.0f} ms/file, slowest {slowest[2]:.1f} s"
    )
    print(
        f"peak RSS: this process {_peak_mb(resource.RUSAGE_SELF):.0f} MB, "
        f"largest sandbox child {peak_child_rss() / 2**20:.0f} MB"
    )
    crashes = [crash for _, crash, _ in judged if crash]
    for crash in crashes:
        print("CRASH", crash)
    return 1 if crashes else 0


if __name__ == "__main__":
    raise SystemExit(main())
