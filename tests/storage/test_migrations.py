"""Migrations build the schema the models describe, keep data, and form one line."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from poise.storage import make_engine, migrate
from poise.storage.tables import Base

ROOT = Path(__file__).resolve().parents[2]
INITIAL = "0001"


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_upgrade_creates_every_table_in_an_empty_database(empty_database_url: str) -> None:
    migrate.upgrade(empty_database_url)
    assert _tables(empty_database_url) == set(Base.metadata.tables) | {"alembic_version"}
    assert migrate.is_current(empty_database_url)


def test_the_migrated_schema_matches_the_models(empty_database_url: str) -> None:
    migrate.upgrade(empty_database_url)
    engine = make_engine(empty_database_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert differences == []


def test_upgrade_is_safe_to_run_again(empty_database_url: str) -> None:
    migrate.upgrade(empty_database_url)
    migrate.upgrade(empty_database_url)
    assert migrate.current(empty_database_url) == migrate.head()


def test_data_written_at_the_initial_revision_survives_the_upgrade_to_head(
    empty_database_url: str,
) -> None:
    migrate.upgrade(empty_database_url, INITIAL)
    at = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    engine = make_engine(empty_database_url)
    # Plain SQL, as the schema was at that revision: the models describe the newest one.
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO users (email, display_name, password_hash, ui_language, created_at, disabled)"
                " VALUES ('ana@example.com', 'Ana', 'x', 'fr', :at, false)"
            ),
            {"at": at},
        )
        connection.execute(
            text(
                "INSERT INTO workspaces (name, slug, time_zone, audience_countries, audience_languages,"
                " banned_words, glossary, disclosure_required, created_at)"
                " VALUES ('Acme', 'acme', 'UTC', '[\"FR\"]', '[\"fr\"]', '[]', '[]', false, :at)"
            ),
            {"at": at},
        )
        connection.execute(
            text(
                "INSERT INTO drafts (workspace_id, author_id, text, review_language, variants, media,"
                " verdict, score, findings, search_text, version, created_at, updated_at)"
                " VALUES (1, 1, 'Bonjour', 'fr', '{}', '[]', 'pass', 0, '[]', 'bonjour', 1, :at, :at)"
            ),
            {"at": at},
        )
    engine.dispose()

    migrate.upgrade(empty_database_url)

    engine = make_engine(empty_database_url)
    with engine.connect() as connection:
        email = connection.execute(text("SELECT email FROM users")).scalar_one()
        draft = connection.execute(text("SELECT text, verdict FROM drafts")).one()
        slug = connection.execute(text("SELECT slug FROM workspaces")).scalar_one()
    engine.dispose()
    assert (email, tuple(draft), slug) == ("ana@example.com", ("Bonjour", "pass"), "acme")


def test_downgrade_to_base_empties_the_database_and_upgrade_rebuilds_it(
    empty_database_url: str,
) -> None:
    migrate.upgrade(empty_database_url)
    migrate.downgrade(empty_database_url, "base")
    assert _tables(empty_database_url) <= {"alembic_version"}
    migrate.upgrade(empty_database_url)
    assert migrate.is_current(empty_database_url)


def test_migrations_form_a_single_line() -> None:
    scripts = ScriptDirectory.from_config(migrate.config())
    revisions = list(scripts.walk_revisions())
    assert len(scripts.get_heads()) == 1
    assert all(not isinstance(r.down_revision, tuple) for r in revisions)
    assert revisions[-1].revision == INITIAL and revisions[-1].down_revision is None


def test_the_migrations_ship_with_the_package() -> None:
    assert (migrate.MIGRATIONS / "env.py").is_file()
    assert (migrate.MIGRATIONS / "script.py.mako").is_file()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert (
        "storage/migrations/script.py.mako"
        in project["tool"]["setuptools"]["package-data"]["poise"]
    )
