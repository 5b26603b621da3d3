"""Connecting to the database: the engine, sessions and transactions.

    db = Database.open()            # from the settings; migrates the embedded SQLite database
    with db.transaction() as session:
        ...                         # committed when the block ends, rolled back if it raises

SQLite runs in WAL mode (readers never wait for the writer) with foreign keys enforced and a
busy timeout; every transaction starts with ``BEGIN IMMEDIATE`` so two writers queue up instead
of failing halfway, except in ``Database.reading()`` sessions, which only read and take no lock.
PostgreSQL is reached through psycopg 3.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from poise.settings import Settings

BUSY_TIMEOUT_MS = 10_000
READ_ONLY = "poise_read_only"
_POSTGRES_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")


class SchemaOutOfDateError(RuntimeError):
    """The database's schema is older than this version of Poise; the message says how to
    migrate it."""


def database_url(settings: Settings) -> str:
    """The URL of the database to use: ``POISE_DATABASE_URL``, or SQLite in the data folder
    (created when missing)."""
    if settings.database_url is not None:
        return settings.database_url.get_secret_value()
    folder = settings.data_dir.expanduser().resolve()
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'poise.db'}"


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def normalize_url(url: str) -> str:
    """``postgresql://`` and ``postgres://`` mean PostgreSQL through psycopg 3."""
    parsed = make_url(url)
    if parsed.drivername in _POSTGRES_SCHEMES:
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def make_engine(url: str, **options: Any) -> Engine:
    """An engine for ``url``, set up for Poise on SQLite or PostgreSQL."""
    url = normalize_url(url)
    if not is_sqlite(url):
        options.setdefault("pool_pre_ping", True)
        return create_engine(url, **options)
    engine = create_engine(url, connect_args={"check_same_thread": False}, **options)
    event.listen(engine, "connect", _configure_sqlite)
    event.listen(engine, "begin", _begin_immediate)
    return engine


def _configure_sqlite(connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin (see
    # _begin_immediate): the module's own handling breaks savepoints and transactional DDL.
    connection.isolation_level = None
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _begin_immediate(connection: Connection) -> None:
    # A deferred transaction that reads, then writes, fails at once with "database is locked"
    # when another writer went first; taking the write lock up front makes it wait instead.
    # Sessions opened by Database.reading() only read, so they need no lock.
    read_only = connection.get_execution_options().get(READ_ONLY, False)
    connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


class Database:
    """An engine and the sessions made from it."""

    def __init__(self, url: str, **options: Any) -> None:
        self.url = normalize_url(url)
        self.engine = make_engine(self.url, **options)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @classmethod
    def open(cls, settings: Settings | None = None, **options: Any) -> Database:
        """The database the settings name, ready to use.

        The embedded SQLite database is migrated at once, so a single-machine install needs
        no extra step; a PostgreSQL database shared by several processes is migrated by
        ``poise db upgrade``, and opening it before then raises ``SchemaOutOfDateError``."""
        from poise import settings as settings_module
        from poise.storage import migrate

        url = database_url(settings or settings_module.current())
        if is_sqlite(url):
            migrate.upgrade(url)
        elif not migrate.is_current(url):
            raise SchemaOutOfDateError(
                "the database schema is out of date: run `poise db upgrade` to migrate it"
            )
        # Pool options are PostgreSQL's: the embedded SQLite database keeps its own setup.
        return cls(url) if is_sqlite(url) else cls(url, **options)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session in a transaction: committed when the block ends, rolled back when it
        raises."""
        with self.sessions() as session, session.begin():
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reading only, rolled back at the end. On SQLite it does not take the
        write lock, so page views run side by side and alongside a writer."""
        with self.sessions() as session:
            session.connection(execution_options={READ_ONLY: True})
            try:
                yield session
            finally:
                session.rollback()

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
