"""Connecting: the embedded default, SQLite's settings, PostgreSQL, transactions and time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlalchemy import text
from sqlalchemy.exc import StatementError
from sqlalchemy.orm import Session

from poise.settings import Settings
from poise.storage import Database, SchemaOutOfDateError, database_url, migrate
from poise.storage.db import normalize_url
from poise.storage.tables import User
from tests.storage.fixtures import POSTGRESQL_URL, create_schema, drop_schema


def _user(email: str, at: datetime) -> User:
    return User(
        email=email,
        display_name="Ana",
        password_hash="x",
        ui_language="en",
        created_at=at,
        disabled=False,
    )


def test_the_default_database_is_sqlite_in_the_data_folder(tmp_path: Path) -> None:
    folder = tmp_path / "data" / "poise"
    url = database_url(Settings(data_dir=folder))
    assert url == f"sqlite:///{folder.resolve() / 'poise.db'}"
    assert folder.is_dir()


def test_a_configured_url_wins_over_the_data_folder(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, database_url=SecretStr("postgresql://poise@db/poise"))
    assert database_url(settings) == "postgresql://poise@db/poise"


def test_postgresql_urls_are_read_through_psycopg() -> None:
    assert normalize_url("postgresql://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert normalize_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"


def test_a_database_url_that_is_not_postgresql_or_sqlite_is_refused() -> None:
    with pytest.raises(ValueError, match="use a PostgreSQL or SQLite URL"):
        Settings(database_url=SecretStr("mysql://root@localhost/poise"))


def test_opening_the_embedded_database_migrates_it(tmp_path: Path) -> None:
    database = Database.open(Settings(data_dir=tmp_path))
    try:
        assert migrate.is_current(database.url)
    finally:
        database.dispose()


@pytest.mark.skipif(not POSTGRESQL_URL, reason="POISE_TEST_DATABASE_URL is not set")
def test_opening_a_postgresql_database_that_was_not_migrated_says_how_to_fix_it() -> None:
    url = create_schema("poise_unmigrated")
    try:
        with pytest.raises(SchemaOutOfDateError, match="run `poise db upgrade`"):
            Database.open(Settings(database_url=SecretStr(url)))
    finally:
        drop_schema("poise_unmigrated")


def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'x.db'}")
    with database.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
    database.dispose()


def test_a_transaction_commits_when_the_block_ends(database: Database) -> None:
    at = datetime(2026, 1, 1, tzinfo=UTC)
    with database.transaction() as session:
        session.add(_user("ana@example.com", at))
    with database.sessions() as session:
        assert session.scalar(text("SELECT count(*) FROM users")) == 1


def test_a_transaction_rolls_back_when_the_block_raises(database: Database) -> None:
    at = datetime(2026, 1, 1, tzinfo=UTC)
    with pytest.raises(RuntimeError), database.transaction() as session:
        session.add(_user("ana@example.com", at))
        session.flush()
        raise RuntimeError("something went wrong")
    with database.sessions() as session:
        assert session.scalar(text("SELECT count(*) FROM users")) == 0


def test_moments_come_back_as_the_same_instant_in_utc(database: Database) -> None:
    paris = timezone(timedelta(hours=1))
    with database.transaction() as session:
        session.add(_user("ana@example.com", datetime(2026, 11, 13, 21, 30, tzinfo=paris)))
    with database.sessions() as session:
        user = session.query(User).one()
        assert user.created_at == datetime(2026, 11, 13, 20, 30, tzinfo=UTC)
        assert user.created_at.tzinfo == UTC


def test_a_moment_without_a_time_zone_is_refused(session: Session) -> None:
    session.add(_user("ana@example.com", datetime(2026, 1, 1)))
    with pytest.raises(StatementError, match="no time zone"):
        session.flush()


def test_readers_do_not_wait_for_each_other_or_for_a_writer_on_sqlite(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    migrate.upgrade(url)
    database = Database(url)
    at = datetime(2026, 1, 1, tzinfo=UTC)
    with (
        database.transaction() as writer,
        database.reading() as first,
        database.reading() as second,
    ):
        writer.add(_user("ana@example.com", at))
        writer.flush()
        assert first.scalar(text("SELECT count(*) FROM users")) == 0
        assert second.scalar(text("SELECT count(*) FROM users")) == 0
    with database.reading() as reader:
        assert reader.scalar(text("SELECT count(*) FROM users")) == 1
    database.dispose()
