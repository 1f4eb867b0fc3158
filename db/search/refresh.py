"""Keeping the side tables current: ``refresh_search_index`` catches them up with the models.

On PostgreSQL every side table is kept by triggers (migration ``0005``) in the writer's own
transaction, so a corrected case is found at once whoever wrote it; nothing is left to do here.

SQLite cannot do that: its side file is another database, and a trigger in the main file may not
touch it. There the catch-up runs before every search, in the searcher's transaction: rows with a
new id, rows whose ``updated_at`` is at or past the last one seen, and among the newest ids any
whose copy differs (``_reused_ids``). SQLite has one writer at a time (``BEGIN IMMEDIATE`` in
``db.engine``) and ``updated_at`` is taken inside that lock, so nothing commits behind the mark.
Looking costs a scan of ``updated_at`` (about 25 ms with 100,000 items), so it is skipped while
nobody has written since the connection's last catch-up (``_sqlite_state``).
Packages are not copied at all: the search joins them live, so moving a package to another case
needs no catch-up; nor does deleting a row, which the live join drops.

Document text is caught up by new attachment ids; the last ``REFRESH_OVERLAP`` ids are looked at
again because on PostgreSQL (a database still at ``0003``/``0004``) a lower id can commit after a
higher one. Text read after registration (files registered by hand, read later by the
``clerk-requests`` flow) is indexed by its writer at once through ``index_document_text``.
"""

from __future__ import annotations

from sqlalchemy import String, column, delete, func, insert, or_, select, table, type_coerce
from sqlalchemy.orm import Session

from db.engine import rows_affected
from db.search.index import (
    MARK_TABLE,
    SEARCH_SCHEMA,
    SEARCH_TABLE,
    SEEN_KEY,
    SHORT_FIELDS,
    ShortField,
    accelerator,
    side_table,
)

REFRESH_OVERLAP = 1000
CHUNK = 5000
"""Ids per statement when re-indexing edited rows (SQLite allows 32,766 parameters)."""


def refresh_search_index(session: Session) -> int:
    """Catch the side tables up with the models; returns how many rows were (re)indexed.

    Runs in the caller's transaction; a no-op without an accelerator.
    """
    found = accelerator(session)
    if found is None:
        return 0
    session.flush()  # what this session has pending is part of what must be found
    if found.kind != "fts5":  # PostgreSQL: triggers from 0005 on, the catch-up by id before it
        return 0 if found.short_fields else _refresh_document_text(session, found.kind)
    connection = session.connection()
    if connection.info.get(SEEN_KEY) == _sqlite_state(session):
        return 0  # nobody has written since this connection's last catch-up
    added = _refresh_document_text(session, found.kind)
    added += sum(_refresh_short_field(session, field) for field in SHORT_FIELDS)
    connection.info[SEEN_KEY] = _sqlite_state(session)
    return added


def index_document_text(session: Session, attachment_ids: list[int]) -> int:
    """(Re)index the text of these attachments now: text read after registration (files a clerk
    registered by hand get theirs from the ``clerk-requests`` flow) has an id the catch-up above
    may have passed. PostgreSQL's trigger does this by itself; without an accelerator, nothing."""
    found = accelerator(session)
    if found is None or found.kind != "fts5" or not attachment_ids:
        return 0
    session.flush()
    target = side_table(SEARCH_TABLE)
    session.execute(delete(target).where(column("rowid").in_(attachment_ids)))
    ids = ", ".join(str(int(i)) for i in attachment_ids)
    copied = session.connection().exec_driver_sql(
        f"INSERT INTO {SEARCH_SCHEMA}.{SEARCH_TABLE} (rowid, body) SELECT a.id, a.text "
        f"FROM main.attachment a WHERE a.id IN ({ids}) AND a.text IS NOT NULL AND a.text <> ''"
    )
    return copied.rowcount or 0


def _sqlite_state(session: Session) -> tuple[int, int]:
    """What changes when anyone writes: other connections' commits (``data_version``), ours
    (``total_changes``). A rolled-back transaction is forgotten by ``attach_search_index``'s hooks."""
    connection = session.connection()
    version = connection.exec_driver_sql("PRAGMA main.data_version").scalar()
    changes = connection.exec_driver_sql("SELECT total_changes()").scalar()
    return int(version or 0), int(changes or 0)


def _refresh_document_text(session: Session, kind: str) -> int:
    target = f"{SEARCH_SCHEMA}.{SEARCH_TABLE}"
    if kind == "fts5":
        statement = (
            f"INSERT INTO {target} (rowid, body) SELECT a.id, a.text FROM main.attachment a "
            f"WHERE a.id > (SELECT coalesce(max(rowid), 0) FROM {target}) - {REFRESH_OVERLAP} "
            "AND a.text IS NOT NULL AND a.text <> '' "
            f"AND a.id NOT IN (SELECT rowid FROM {target} WHERE rowid > "
            f"(SELECT coalesce(max(rowid), 0) FROM {target}) - {REFRESH_OVERLAP})"
        )
    else:
        statement = (
            f"INSERT INTO {target} (id, body) SELECT a.id, lower(a.text) FROM attachment a "
            f"WHERE a.id > (SELECT coalesce(max(id), 0) FROM {target}) - {REFRESH_OVERLAP} "
            "AND a.text IS NOT NULL AND a.text <> '' ON CONFLICT (id) DO NOTHING"
        )
    return session.connection().exec_driver_sql(statement).rowcount or 0


_marks = table(MARK_TABLE, column("name"), column("last_id"), column("last_changed"), schema=SEARCH_SCHEMA)


def _refresh_short_field(session: Session, field: ShortField) -> int:
    """SQLite: copy new and edited rows of ``field.model`` into its side table (see module doc)."""
    model, index = field.model, side_table(field.table)
    changed_at = type_coerce(model.updated_at, String) if field.tracks_updates else None
    mark = session.execute(
        select(_marks.c.last_id, _marks.c.last_changed).where(_marks.c.name == field.table)
    ).first()
    if mark is None:  # first run on this side file: copy everything
        session.execute(delete(index))
        copied = rows_affected(
            session.execute(
                insert(index).from_select(["id", "body"], select(model.id, func.lower(field.text)))
            )
        )
        last_id = session.scalar(select(func.max(model.id)))
        last_changed = session.scalar(select(func.max(changed_at))) if changed_at is not None else None
        _save_mark(session, field, last_id, last_changed)
        return copied or 0
    last_id, last_changed = mark
    is_changed = model.id > (last_id or 0)
    if changed_at is not None and last_changed is not None:
        is_changed = is_changed | (changed_at >= last_changed)
    columns = [model.id] + ([changed_at] if changed_at is not None else [])
    rows = session.execute(select(*columns).where(is_changed)).all()
    ids = sorted({row[0] for row in rows} | _reused_ids(session, field, last_id or 0))
    if not ids:
        return 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        session.execute(delete(index).where(index.c.id.in_(chunk)))
        session.execute(
            insert(index).from_select(
                ["id", "body"], select(model.id, func.lower(field.text)).where(model.id.in_(chunk))
            )
        )
    seen = [row[1] for row in rows if changed_at is not None and row[1] is not None]
    newest = max([*seen, *([last_changed] if last_changed is not None else [])], default=None)
    _save_mark(session, field, max(*ids, last_id or 0), newest)
    return len(ids)


def _reused_ids(session: Session, field: ShortField, last_id: int) -> set[int]:
    """Ids near the top whose copy differs from the row: SQLite hands the highest id out again
    once its row is deleted (no ``AUTOINCREMENT``), so a replaced identifier can come back under
    an id the mark has passed. Only the last ``REFRESH_OVERLAP`` ids are compared, by primary key."""
    copy = side_table(field.table)
    differs = or_(copy.c.id.is_(None), copy.c.body != func.lower(field.text))
    return set(
        session.scalars(
            select(field.model.id)
            .outerjoin(copy, copy.c.id == field.model.id)
            .where(field.model.id > last_id - REFRESH_OVERLAP, differs)
        )
    )


def _save_mark(session: Session, field: ShortField, last_id: int | None, last_changed: str | None) -> None:
    session.execute(delete(_marks).where(_marks.c.name == field.table))
    session.execute(insert(_marks).values(name=field.table, last_id=last_id, last_changed=last_changed))
