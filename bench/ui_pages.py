"""Time the clerks' pages with AppTest against a database filled with 100,000 incoming items.

Usage::

    .venv/bin/python -m bench.ui_pages                       # SQLite file under /tmp, 100k items
    .venv/bin/python -m bench.ui_pages --url postgresql+psycopg://postgres@127.0.0.1/bench --items 100000

The database is filled once and reused when it already holds the items: on PostgreSQL by ``COPY``
with the search copies filled and indexed afterwards (1,000,000 items in about ten minutes on two
busy cores), on SQLite by Core bulk inserts. The pages run in a process of their own, which prints
its peak RSS (the app's memory at this size). Each page is run a few times; the median and worst
rerun are printed, plus the raw search queries, so a regression can be pinned to SQL or to the page.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Engine, func, insert, select, text
from sqlalchemy.orm import Session

from db.engine import make_engine, session_scope
from db.models import (
    Attachment,
    Blob,
    Case,
    CaseIdentifier,
    Client,
    Counterparty,
    Debtor,
    DocumentType,
    Incoming,
    Package,
    RegCounter,
)
from db.models.enums import Role
from db.search import IncomingFilter, attach_search_index, refresh_search_index, search_incoming
from tasks.database import upgrade_and_seed
from tasks.users import create_user

SURNAMES = ["Иванов", "Петров", "Сидоров", "Кузнецов", "Смирнов", "Попов", "Волков", "Зайцев", "Соколов"]
NAMES = ["Сергей Иванович", "Анна Петровна", "Олег Викторович", "Мария Сергеевна", "Игорь Павлович"]
PHRASES = [
    "Постановление о возбуждении исполнительного производства",
    "Судебный пристав-исполнитель рассмотрел исполнительный документ",
    "взыскать задолженность по кредитному договору",
    "Определение об отмене судебного приказа",
    "Ответ на обращение взыскателя",
    "в отношении должника возбуждено исполнительное производство",
]
BENCH_PASSWORD = "bench-password-1"
TINY_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _chunks(total: int, size: int = 5_000) -> list[range]:
    return [range(start, min(total, start + size)) for start in range(0, total, size)]


def _default(column: Any) -> Any:
    """The value the ORM would give ``column`` when a row leaves it out (its Python default)."""
    default = column.default
    return default.arg(None) if default.is_callable else default.arg


def _write(session: Session, model: type[Any], rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` into ``model``'s table: ``COPY`` on PostgreSQL, Core bulk insert elsewhere.

    ``COPY`` takes the Python-side defaults the ORM would have filled (timestamps, empty JSON), so
    both paths store the same rows; it is what makes a million items a few minutes' fill."""
    if not rows:
        return
    if session.get_bind().dialect.name != "postgresql":
        session.execute(insert(model), rows)
        return
    table = model.__table__
    given = set(rows[0])
    columns = [c for c in table.columns if c.name in given or (c.default is not None and c.default.is_scalar)]
    columns += [
        c for c in table.columns if c not in columns and c.default is not None and c.default.is_callable
    ]
    json_columns = {c.name for c in columns if isinstance(c.type, JSON)}
    defaults = {c.name: _default(c) for c in columns if c.name not in given}
    names = ", ".join(f'"{c.name}"' for c in columns)
    cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    with cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
        for row in rows:
            values = []
            for column in columns:
                value = row[column.name] if column.name in row else defaults[column.name]
                values.append(json.dumps(value, ensure_ascii=False) if column.name in json_columns else value)
            copy.write_row(values)


def _fill_reference(session: Session, rnd: random.Random, cases: int) -> tuple[list[int], list[int]]:
    """Counterparties, a client, debtors and cases with identifiers; returns (senders, cases)."""
    session.execute(
        insert(Counterparty),
        [
            {"name": f"ОСП по району № {i}", "kind": "bailiff", "aliases": [f"ОСП-{i}"], "active": True}
            for i in range(300)
        ],
    )
    session.add(Client(name="ПАО «Банк бенчмарка»"))
    session.flush()
    client_id = session.scalar(select(Client.id).where(Client.name == "ПАО «Банк бенчмарка»"))
    for chunk in _chunks(cases, 50_000):
        _write(
            session,
            Debtor,
            [{"id": i + 1, "full_name": f"{rnd.choice(SURNAMES)} {rnd.choice(NAMES)} {i}"} for i in chunk],
        )
        _write(
            session,
            Case,
            [
                {"id": i + 1, "case_number": f"Б-{i:07d}", "client_id": client_id, "debtor_id": i + 1}
                for i in chunk
            ],
        )
        _write(
            session,
            CaseIdentifier,
            [{"id": i + 1, "case_id": i + 1, "kind": "ip", "value": f"{i}/24/54007-ИП"} for i in chunk],
        )
    senders = list(session.scalars(select(Counterparty.id)))
    return senders, list(range(1, cases + 1))


def fill_database(engine: Engine, *, items: int, seed: int = 5) -> None:
    """Add ``items`` incoming items (one package, one file with ~1 KB of text each) and their world.

    On PostgreSQL the rows go in by ``COPY`` with triggers off, then the search copies
    (``korr_search``) are filled in one statement each and their GIN indexes rebuilt: maintaining
    a trigram index row by row would take most of an hour at a million items."""
    rnd = random.Random(seed)
    postgresql = engine.dialect.name == "postgresql"
    rebuild = _drop_search_indexes(engine) if postgresql else []
    with session_scope(engine) as session:
        if postgresql:
            session.execute(text("SET LOCAL session_replication_role = replica"))
        senders, cases = _fill_reference(session, rnd, cases=max(1, items // 2))
        type_ids = list(session.scalars(select(DocumentType.id)))
        session.add(Blob(sha256=hashlib.sha256(TINY_PDF).hexdigest(), size=len(TINY_PDF), data=TINY_PDF))
        create_user(session, login="bench", password=BENCH_PASSWORD, role=Role.ADMIN, actor="bench")
    blob_sha = hashlib.sha256(TINY_PDF).hexdigest()
    # three minutes apart, the newest on 1 January 2026: a million items span six years, and none
    # may lie in the future (the correction form's receipt date cannot pass today)
    start = datetime(2026, 1, 1, tzinfo=UTC) - timedelta(minutes=3 * items)
    for chunk in _chunks(items, 20_000 if postgresql else 5_000):
        with session_scope(engine) as session:
            if postgresql:
                session.execute(text("SET LOCAL session_replication_role = replica"))
            incoming, packages, attachments = [], [], []
            for i in chunk:
                case_id = rnd.choice(cases)
                needs_review = i % 20 == 0
                incoming.append(
                    {
                        "id": i + 1,
                        "reg_number": f"ВХ-2026-{i + 1:06d}",
                        "received_at": start + timedelta(minutes=3 * i),
                        "sender_id": rnd.choice(senders),
                        "comment": f"почта {i}" if i % 3 else None,
                        "source": "scanner",
                        "status": "needs_review" if needs_review else "registered",
                        "review_reason": "case_not_found" if needs_review else None,
                        "suggestions": {"reasons": ["case_not_found"]} if needs_review else {},
                        "created_by": "bench",
                    }
                )
                packages.append(
                    {
                        "id": i + 1,
                        "incoming_id": i + 1,
                        "position": 1,
                        "document_type_id": rnd.choice(type_ids),
                        "case_id": None if needs_review else case_id,
                    }
                )
                text_ = " ".join(rnd.choice(PHRASES) for _ in range(12)) + f" № {case_id - 1}/24/54007-ИП"
                attachments.append(
                    {
                        "id": i + 1,
                        "package_id": i + 1,
                        "file_name": f"scan_{i}.pdf",
                        "mime": "application/pdf",
                        "size": len(TINY_PDF),
                        "sha256": blob_sha,
                        "incoming_sha256": hashlib.sha256(f"bench-{i}".encode()).hexdigest(),
                        "page_count": 1,
                        "text": text_,
                        "text_method": "layer",
                    }
                )
            _write(session, Incoming, incoming)
            _write(session, Package, packages)
            _write(session, Attachment, attachments)
    with session_scope(engine) as session:
        session.merge(RegCounter(direction="ВХ", year=2026, last_value=items))
    if postgresql:
        _fill_search_copies(engine, rebuild)
        with engine.connect() as connection:
            for table in ("debtor", "debt_case", "case_identifier", "incoming", "package", "attachment"):
                connection.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
                )
            connection.commit()
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")


SEARCH_COPIES = {
    # korr_search table: (model table, its lower-cased text over row r), as 0003/0005/0014 keep them
    "incoming_text": ("incoming", "r.reg_number || E'\\n' || coalesce(r.comment, '')"),
    "case_text": ("debt_case", "r.case_number"),
    "case_identifier_text": ("case_identifier", "r.value"),
    "debtor_text": ("debtor", "r.full_name"),
    "attachment_text": ("attachment", "r.text"),
    "contract_text": ("debt_case", "r.contract_number"),
}


def _drop_search_indexes(engine: Engine) -> list[str]:
    """Drop the trigram indexes of ``korr_search``; returns their definitions to rebuild them."""
    with engine.begin() as connection:
        found = connection.execute(
            text(
                "SELECT indexname, indexdef FROM pg_indexes "
                "WHERE schemaname = 'korr_search' AND indexdef LIKE '%gin%'"
            )
        ).all()
        for name, _definition in found:
            connection.exec_driver_sql(f"DROP INDEX korr_search.{name}")
    return [definition for _name, definition in found]


def _fill_search_copies(engine: Engine, rebuild: list[str]) -> None:
    """What the triggers would have copied, one statement per table, then the indexes rebuilt."""
    with engine.begin() as connection:
        connection.exec_driver_sql("SET LOCAL maintenance_work_mem = '512MB'")
        for name, (source, body) in SEARCH_COPIES.items():
            connection.exec_driver_sql(
                f"INSERT INTO korr_search.{name} (id, body) SELECT r.id, lower({body}) FROM {source} r "
                f"WHERE coalesce({body}, '') <> '' ON CONFLICT (id) DO NOTHING"
            )
        for definition in rebuild:
            connection.exec_driver_sql(definition)


def _timed(action: Callable[[], object], repeats: int) -> tuple[float, float]:
    """Median and worst wall time of ``action`` in milliseconds."""
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        action()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times), max(times)


def bench_queries(engine: Engine, repeats: int) -> None:
    cases = {
        "register, page 1": (IncomingFilter(), 1),
        "register, page 1000": (IncomingFilter(), 1000),
        "status needs_review": (IncomingFilter(status="needs_review"), 1),
        "search 'ВХ-2026-0500'": (IncomingFilter(text="ВХ-2026-0500"), 1),
        "search debtor 'петров'": (IncomingFilter(text="петров"), 1),
        "search ИП '1234/24/54007'": (IncomingFilter(text="1234/24/54007"), 1),
        "search text 'правопреемств' (none)": (IncomingFilter(text="правопреемств"), 1),
        "search text 'отмене судебного'": (IncomingFilter(text="отмене судебного"), 1),
        "search case 'б-0012345'": (IncomingFilter(text="б-0012345"), 1),
        "search number prefix 'вх-2026'": (IncomingFilter(text="вх-2026"), 1),
        "search two letters '12'": (IncomingFilter(text="12"), 1),
        "search text 'отмене судебного', page 30": (IncomingFilter(text="отмене судебного"), 30),
        "register by sender, page 1": (IncomingFilter(order="sender"), 1),
        "register oldest first, page 1": (IncomingFilter(order="oldest"), 1),
        "search 'петров' by number": (IncomingFilter(text="петров", order="number"), 1),
    }
    for label, (filters, page) in cases.items():
        with Session(engine) as session:
            found = search_incoming(session, filters, page=page)

            def run(filters: IncomingFilter = filters, page: int = page, session: Session = session) -> None:
                search_incoming(session, filters, page=page)

            median, worst = _timed(run, repeats)
        print(f"  query  {label:<40} {median:8.1f} ms median {worst:8.1f} ms worst  ({found.total} found)")


def bench_pages(url: str, repeats: int) -> None:
    from streamlit.testing.v1 import AppTest

    os.environ["KORR_DATABASE_URL"] = url
    app = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "ui" / "app.py"), default_timeout=120)
    app.run()
    app.text_input(key="login_name").input("bench")
    app.text_input(key="login_password").input(BENCH_PASSWORD)
    app.button(key="login_submit").click().run()
    from ui.nav import PAGE_PATHS

    for title, path in PAGE_PATHS.items():
        app.switch_page(path).run()
        if app.exception:
            print(f"  page   {title:<40} FAILED: {app.exception[0].message}")
            continue
        median, worst = _timed(app.run, repeats)
        print(f"  page   {title:<40} {median:8.1f} ms median {worst:8.1f} ms worst")
    app.switch_page(PAGE_PATHS["Входящие"]).run()
    for needle in ("петров", "1234/24/54007", "правопреемств", "отмене судебного", "12"):
        app.text_input(key="in_text").input(needle).run()
        median, worst = _timed(app.run, repeats)
        print(
            f"  page   {'Входящие, поиск ' + repr(needle):<40} {median:8.1f} ms median {worst:8.1f} ms worst"
        )
    app.text_input(key="in_text").input("").run()
    app.selectbox(key="in_order").select("sender").run()
    median, worst = _timed(app.run, repeats)
    print(f"  page   {'Входящие по отправителю':<40} {median:8.1f} ms median {worst:8.1f} ms worst")
    app.selectbox(key="in_order").select("newest").run()
    app.selectbox(key="in_open").select_index(0).run()
    median, worst = _timed(app.run, repeats)
    print(f"  page   {'Входящие, открыт документ':<40} {median:8.1f} ms median {worst:8.1f} ms worst")


def peak_rss_mb() -> float:
    """This process's peak resident set (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pages_in_own_process(url: str, repeats: int) -> None:
    """The pages in a fresh process, which prints its own peak RSS: the app's memory at this size,
    without the filler's or the queries' share."""
    subprocess.run(
        [sys.executable, "-m", "bench.ui_pages", "--url", url, "--repeats", str(repeats), "--pages-only"],
        check=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default="sqlite:////tmp/korr_bench_ui.db")
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--queries-only", action="store_true")
    parser.add_argument("--pages-only", action="store_true", help="the app's pages only (no fill)")
    args = parser.parse_args()
    if args.pages_only:
        bench_pages(args.url, args.repeats)
        print(f"  app    peak RSS rendering every page: {peak_rss_mb():.0f} MB")
        return
    engine = make_engine(args.url)
    attach_search_index(engine)
    upgrade_and_seed(engine, actor="bench")
    with Session(engine) as session:
        present = session.scalar(select(func.count(Incoming.id))) or 0
    if present == 0:
        began = time.perf_counter()
        fill_database(engine, items=args.items)
        print(f"filled {args.items} items in {time.perf_counter() - began:.0f} s")
    began = time.perf_counter()
    with session_scope(engine) as session:
        added = refresh_search_index(session)
    print(f"search index refresh: {added} rows in {time.perf_counter() - began:.1f} s")
    print(f"{engine.dialect.name}, {args.items} incoming items")
    bench_queries(engine, args.repeats)
    engine.dispose()
    if not args.queries_only:
        sys.stdout.flush()
        pages_in_own_process(args.url, args.repeats)


if __name__ == "__main__":
    main()
