"""Alembic's entry point for Poise's migrations (configured by ``poise.storage.migrate``)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from poise.storage.db import make_engine
from poise.storage.tables import Base


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        # SQLite cannot ALTER most things in place; batch mode copies the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _migrate() -> None:
    attributes = context.config.attributes
    connection: Connection | None = attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = attributes.get("url")
    if not url:
        raise RuntimeError("run migrations through poise.storage.migrate, which gives the URL")
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            _run(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise RuntimeError("offline (SQL script) migrations are not supported; run `poise db upgrade`")
_migrate()
