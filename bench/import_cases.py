"""Benchmark: importing 10,000 cases (first run creates, second run finds nothing to change).

Usage: ``.venv/bin/python -m bench.import_cases [--rows N] [--postgres URL]``. Prints seconds
and rows per second for SQLite and, when a URL is given (or KORR_TEST_POSTGRES_URL is set),
PostgreSQL, each in a fresh database.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

from config.settings import normalize_database_url
from db.engine import make_engine, session_scope
from tasks.database import upgrade_and_seed
from tasks.imports import import_cases
from tests.factories import case_row, cases_csv


def _postgres_database(admin_url: str) -> tuple[str, str]:
    name = f"korr_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(normalize_database_url(admin_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return name, make_url(normalize_database_url(admin_url)).set(database=name).render_as_string(False)


def _drop_postgres(admin_url: str, name: str) -> None:
    admin = create_engine(normalize_database_url(admin_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def run(url: str, data: bytes, label: str, rows: int) -> None:
    engine = make_engine(url)
    upgrade_and_seed(engine, actor="bench")
    for attempt in ("first import", "re-import"):
        started = time.perf_counter()
        with session_scope(engine) as session:
            report = import_cases(session, data, actor="bench")
        elapsed = time.perf_counter() - started
        peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{label:<11} {attempt:<13} {rows} rows: {elapsed:6.2f} s  {rows / elapsed:8.0f} rows/s  "
            f"peak RSS {peak_rss:6.1f} MiB  ({report.summary()})"
        )
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--postgres", default=os.environ.get("KORR_TEST_POSTGRES_URL", ""))
    args = parser.parse_args()
    rnd = random.Random(42)
    data = cases_csv([case_row(rnd, n) for n in range(1, args.rows + 1)])
    with tempfile.TemporaryDirectory() as tmp:
        run(f"sqlite:///{Path(tmp) / 'bench.db'}", data, "SQLite", args.rows)
    if args.postgres:
        name, url = _postgres_database(args.postgres)
        try:
            run(url, data, "PostgreSQL", args.rows)
        finally:
            _drop_postgres(args.postgres, name)


if __name__ == "__main__":
    main()
