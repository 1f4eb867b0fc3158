"""Alembic environment: uses the engine handed over in ``config.attributes``.

On SQLite, batch mode rebuilds a table to alter it (copy, drop, rename). With foreign keys on,
dropping a table other rows point at fails, so they are off while migrations run (as Alembic's
batch documentation advises) and checked afterwards: a migration that broke a reference fails.
"""

from __future__ import annotations

from alembic import context

from db.models import Base

config = context.config
engine = config.attributes["engine"]

with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    raw = connection.connection.driver_connection if sqlite else None
    if raw is not None:
        raw.execute("PRAGMA foreign_keys=OFF")  # outside any transaction, or SQLite ignores it
    try:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            compare_type=True,
            render_as_batch=sqlite,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()
    finally:
        if raw is not None:
            raw.execute("PRAGMA foreign_keys=ON")
    if raw is not None:
        broken = raw.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"migration left rows pointing at nothing: {broken[:5]}")
