"""Where the search accelerators live and how a connection finds out which one it has.

Both databases keep the accelerators outside the models' schema, so the model/migration
comparison stays exact: PostgreSQL in schema ``korr_search`` (``pg_trgm`` GIN indexes, migrations
``0003_search`` and ``0005_search_fields``), SQLite in a side file attached under the same name
(FTS5 trigram tables, created here). ``SHORT_FIELDS`` says which model text each short table
copies: a plain table ``(id, body)`` with the model row's id and its text lower-cased, indexed by
GIN on PostgreSQL and by an external-content FTS5 table ``<name>_fts`` on SQLite (a plain table
scans three times faster than FTS5's own storage, which matters for one- and two-letter needles).
``attachment_text`` holds the documents' extracted text: on SQLite an FTS5 table of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, Engine, TableClause, column, event, func, table
from sqlalchemy.orm import InstrumentedAttribute, Session

from db.models import Case, CaseIdentifier, Debtor, Incoming

SEARCH_SCHEMA = "korr_search"
SEARCH_TABLE = "attachment_text"
"""The documents' text, one row per attachment (kept for callers of the old module)."""
MARK_TABLE = "refresh_mark"
"""SQLite only: how far each side table has caught up (last id, last ``updated_at``)."""
SEEN_KEY = "korr_search_seen"
"""SQLite only, in a connection's ``info``: the database state its last catch-up saw."""


@dataclass(frozen=True, slots=True, eq=False)
class ShortField:
    """A side table holding the lower-cased ``text`` of each row of ``model``.

    ``tracks_updates``: the model has ``updated_at`` (set on every ORM or Core update), which
    SQLite's catch-up uses to find edited rows; without it only new ids are caught up, which is
    enough for case identifiers (the import replaces them, never edits one in place).
    """

    table: str
    model: Any
    text: ColumnElement[str] | InstrumentedAttribute[str]
    tracks_updates: bool = True


INCOMING_TEXT = ShortField(
    "incoming_text", Incoming, Incoming.reg_number + "\n" + func.coalesce(Incoming.comment, "")
)
CASE_TEXT = ShortField("case_text", Case, Case.case_number)
IDENTIFIER_TEXT = ShortField("case_identifier_text", CaseIdentifier, CaseIdentifier.value, False)
DEBTOR_TEXT = ShortField("debtor_text", Debtor, Debtor.full_name)
SHORT_FIELDS = (INCOMING_TEXT, CASE_TEXT, IDENTIFIER_TEXT, DEBTOR_TEXT)
CONTRACT_TEXT = "contract_text"
"""PostgreSQL only (``0014``): case id and lower-cased contract number; SQLite scans the cases."""


@dataclass(frozen=True, slots=True)
class Accelerator:
    """What this connection can use: ``kind`` is ``"fts5"`` (SQLite) or ``"trgm"`` (PostgreSQL);
    ``short_fields`` is False on a PostgreSQL database migrated only up to ``0003``/``0004``."""

    kind: str
    short_fields: bool
    contracts: bool = False
    """PostgreSQL at ``0014``: contract numbers have their trigram copy (``CONTRACT_TEXT``)."""
    narrow: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """PostgreSQL, for one needle: (side table, the needle's rare words) where the trigram index
    is asked for those words only and the rows it gives are checked for the whole needle
    (``matching._narrowed``, ``parts.probe``)."""


def side_table(name: str) -> TableClause:
    """A side table as a Core construct: ``id``, ``body`` and, for FTS5 tables, ``rowid``."""
    return table(name, column("rowid"), column("id"), column("body"), schema=SEARCH_SCHEMA)


def _create_short_table(cursor: Any, name: str) -> None:
    """SQLite: the plain copy, its FTS5 index, and the side file's triggers that keep the two equal."""
    rows, fts = f"{SEARCH_SCHEMA}.{name}", f"{SEARCH_SCHEMA}.{name}_fts"
    cursor.execute(f"CREATE TABLE IF NOT EXISTS {rows} (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
    cursor.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} "
        f"USING fts5(body, content='{name}', content_rowid='id', tokenize='trigram')"
    )
    removed = f"INSERT INTO {name}_fts ({name}_fts, rowid, body) VALUES ('delete', old.id, old.body);"
    added = f"INSERT INTO {name}_fts (rowid, body) VALUES (new.id, new.body);"
    for event_name, body in (("INSERT", added), ("DELETE", removed), ("UPDATE", removed + " " + added)):
        cursor.execute(
            f"CREATE TRIGGER IF NOT EXISTS {SEARCH_SCHEMA}.{name}_{event_name.lower()} "
            f"AFTER {event_name} ON {name} BEGIN {body} END"
        )


def attach_search_index(engine: Engine, *, path: Path | None = None) -> bool:
    """On a file-backed SQLite engine, attach the FTS5 trigram side file to every connection.

    The side file (``<database>.search`` unless ``path`` is given) is an index only: it can be
    deleted at any time and is rebuilt by ``refresh_search_index``. Call right after creating
    the engine, before it hands out connections. Returns whether the accelerator is installed.
    """
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        return False
    side_file = str(path or Path(database + ".search"))

    @event.listens_for(engine, "connect")
    def _attach(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(f"ATTACH DATABASE ? AS {SEARCH_SCHEMA}", (side_file,))
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {SEARCH_SCHEMA}.{SEARCH_TABLE} "
            "USING fts5(body, tokenize='trigram')"
        )
        for field in SHORT_FIELDS:
            _create_short_table(cursor, field.table)
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {SEARCH_SCHEMA}.{MARK_TABLE} "
            "(name TEXT PRIMARY KEY, last_id INTEGER, last_changed TEXT)"
        )
        cursor.close()

    @event.listens_for(engine, "rollback")
    def _forget(connection: Any) -> None:
        connection.info.pop(SEEN_KEY, None)  # a catch-up rolled back with the rest must run again

    @event.listens_for(engine, "rollback_savepoint")
    def _forget_savepoint(connection: Any, _name: Any, _context: Any) -> None:
        connection.info.pop(SEEN_KEY, None)

    return True


def accelerator(session: Session) -> Accelerator | None:
    """Which accelerator this connection can use, or None (then every search scans)."""
    connection = session.connection()
    cached = connection.info.get("korr_search")
    if cached is None:
        if connection.dialect.name == "sqlite":
            names = [row[1] for row in connection.exec_driver_sql("PRAGMA database_list")]
            cached = Accelerator("fts5", True) if SEARCH_SCHEMA in names else False
        else:
            found = connection.exec_driver_sql(
                f"SELECT to_regclass('{SEARCH_SCHEMA}.{SEARCH_TABLE}'), "
                f"to_regclass('{SEARCH_SCHEMA}.{INCOMING_TEXT.table}'), "
                f"to_regclass('{SEARCH_SCHEMA}.{CONTRACT_TEXT}')"
            ).one()
            cached = (
                Accelerator("trgm", found[1] is not None, found[2] is not None)
                if found[0] is not None
                else False
            )
        connection.info["korr_search"] = cached
    return cached if isinstance(cached, Accelerator) else None
