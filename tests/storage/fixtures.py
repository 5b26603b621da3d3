"""A fresh, migrated database for every test: SQLite always, PostgreSQL too when
``POISE_TEST_DATABASE_URL`` names one (CI sets it).

Migrations run once per test session. SQLite: each test gets a copy of a migrated template file.
PostgreSQL: the session migrates a schema of its own (``poise_test_<pid>_<random>``, so parallel
runs do not collide), and each test ends by truncating every table.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from poise.storage import Database, make_engine, migrate
from poise.storage.tables import Base

POSTGRESQL_URL = os.environ.get("POISE_TEST_DATABASE_URL", "")
BACKENDS = ["sqlite", "postgresql"] if POSTGRESQL_URL else ["sqlite"]


def in_schema(url: str, schema: str) -> str:
    """``url`` with every connection's search path set to ``schema``."""
    parsed = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    return parsed.render_as_string(hide_password=False)


def create_schema(schema: str) -> str:
    """A new, empty PostgreSQL schema (replacing any left over); its URL.

    ``pg_trgm`` is installed in the default schema first: installed by a migration into a test
    schema, it would be dropped with that schema, taking other test schemas' indexes with it."""
    engine = make_engine(POSTGRESQL_URL)
    with engine.begin() as connection:
        connection.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    return in_schema(POSTGRESQL_URL, schema)


def drop_schema(schema: str) -> None:
    engine = make_engine(POSTGRESQL_URL)
    with engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "poise.db"
    migrate.upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgresql_database() -> Iterator[Database]:
    schema = f"poise_test_{os.getpid()}_{secrets.token_hex(3)}"
    url = create_schema(schema)
    migrate.upgrade(url)
    database = Database(url)
    yield database
    database.dispose()
    drop_schema(schema)


def _truncate(database: Database) -> None:
    names = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
    with database.engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=BACKENDS)
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A migrated, empty database, on each backend in turn."""
    if request.param == "postgresql":
        shared: Database = request.getfixturevalue("postgresql_database")
        try:
            yield shared
        finally:
            _truncate(shared)
        return
    template: Path = request.getfixturevalue("sqlite_template")
    path = tmp_path / "poise.db"
    shutil.copyfile(template, path)
    database = Database(f"sqlite:///{path}")
    yield database
    database.dispose()


@pytest.fixture
def session(database: Database) -> Iterator[Session]:
    """A session on the test's database; what a test does not commit is rolled back."""
    with database.sessions() as opened:
        yield opened


@pytest.fixture(params=BACKENDS)
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a database that was never migrated, on each backend in turn."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    schema = f"poise_empty_{os.getpid()}_{secrets.token_hex(3)}"
    url = create_schema(schema)
    try:
        yield url
    finally:
        drop_schema(schema)
