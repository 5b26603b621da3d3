"""Running the migrations, from code or from ``poise db upgrade``; no alembic.ini needed.

Migrations live in ``poise/storage/migrations/versions/`` and form one line: each revision has
exactly one parent. ``upgrade`` is safe to run again: it does nothing when the schema is current.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from poise.storage.db import make_engine, normalize_url

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def config(url: str | None = None, connection: Connection | None = None) -> Config:
    """An Alembic configuration for Poise's migrations, on ``url`` or an open ``connection``."""
    alembic_config = Config()
    alembic_config.set_main_option("script_location", str(MIGRATIONS))
    # Passed as attributes rather than options: configparser would read "%" in a URL as
    # interpolation.
    alembic_config.attributes["url"] = normalize_url(url) if url else None
    alembic_config.attributes["connection"] = connection
    return alembic_config


def upgrade(url: str, revision: str = "head") -> None:
    """Migrate the database at ``url`` up to ``revision`` (the newest by default)."""
    command.upgrade(config(url), revision)


def downgrade(url: str, revision: str) -> None:
    """Migrate the database at ``url`` down to ``revision`` (``base`` empties it)."""
    command.downgrade(config(url), revision)


def head() -> str:
    """The newest revision."""
    found = ScriptDirectory.from_config(config()).get_current_head()
    assert found is not None, "no migrations found"
    return found


def current(url: str) -> str | None:
    """The revision the database at ``url`` is at (``None`` when it was never migrated)."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def is_current(url: str) -> bool:
    """Whether the database at ``url`` is at the newest revision."""
    return current(url) == head()
