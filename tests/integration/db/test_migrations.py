"""The migrations build the schema the models describe, and walk down and up on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from db import migrate
from db.engine import make_engine
from db.models import Base


def test_migrations_upgrade_creates_every_model_table(empty_database_url: str) -> None:
    engine = make_engine(empty_database_url)
    migrate.upgrade(engine)
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    assert migrate.is_up_to_date(engine)
    engine.dispose()


def test_migrations_match_models_exactly(empty_database_url: str) -> None:
    """GIVEN a database at head WHEN alembic compares it with the models THEN nothing differs."""
    engine = make_engine(empty_database_url)
    migrate.upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert differences == []


def test_migrations_downgrade_to_base_and_upgrade_again(empty_database_url: str) -> None:
    engine = make_engine(empty_database_url)
    migrate.upgrade(engine)
    migrate.downgrade(engine, "base")
    assert migrate.current_revision(engine) is None
    assert not set(Base.metadata.tables) & set(inspect(engine).get_table_names())
    migrate.upgrade(engine)
    assert migrate.is_up_to_date(engine)
    engine.dispose()
