"""Migrations build the schema the models describe, keep data, and form one line."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.orm import Session

from poise.storage import make_engine, migrate
from poise.storage.drafts import SEARCH_TABLE, DraftQuery, Drafts
from poise.storage.tables import Base
from poise.text.normalize import fold_plain

ROOT = Path(__file__).resolve().parents[2]
INITIAL = "0001"
SEARCH_INDEX = "0002"
# The search index is not in the models: the SQLite FTS5 table (and the tables FTS5 keeps it
# in) and the PostgreSQL trigram index exist on one database each.
TRIGRAM_INDEX = "ix_drafts_search_text_trgm"


def _is_search_index(name: str | None) -> bool:
    return name is not None and (name == TRIGRAM_INDEX or name.startswith(SEARCH_TABLE))


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return {name for name in inspect(engine).get_table_names() if not _is_search_index(name)}
    finally:
        engine.dispose()


def _modelled(
    _object: Any, name: str | None, _type: str, reflected: bool, _compare_to: Any
) -> bool:
    return not (reflected and _is_search_index(name))


def test_upgrade_creates_every_table_in_an_empty_database(empty_database_url: str) -> None:
    migrate.upgrade(empty_database_url)
    assert _tables(empty_database_url) == set(Base.metadata.tables) | {"alembic_version"}
    assert migrate.is_current(empty_database_url)


def test_the_migrated_schema_matches_the_models(empty_database_url: str) -> None:
    migrate.upgrade(empty_database_url)
    engine = make_engine(empty_database_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": _modelled}
        )
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
    assert scripts.get_revision(SEARCH_INDEX).down_revision == INITIAL


def test_the_migrations_ship_with_the_package() -> None:
    assert (migrate.MIGRATIONS / "env.py").is_file()
    assert (migrate.MIGRATIONS / "script.py.mako").is_file()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert (
        "storage/migrations/script.py.mako"
        in project["tool"]["setuptools"]["package-data"]["poise"]
    )


SAVED_AT_0001 = [
    "Café crème à l'érable",
    "Nos CAFÉS rouvrent lundi",
    "東京タワーの夜景",
    "قهوة عربية أصيلة",
    "Save 100% of the fun_times",
    "Plain tea",
]


def test_drafts_saved_at_the_initial_revision_are_searchable_after_the_upgrade(
    empty_database_url: str,
) -> None:
    command.upgrade(migrate.config(empty_database_url), INITIAL)
    at = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    engine = make_engine(empty_database_url)
    # Plain SQL, as the schema was at that revision: the models describe the newest one.
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO workspaces (name, slug, time_zone, audience_countries, audience_languages,"
                " banned_words, glossary, disclosure_required, created_at)"
                " VALUES ('Acme', 'acme', 'UTC', '[]', '[]', '[]', '[]', false, :at)"
            ),
            {"at": at},
        )
        for body in SAVED_AT_0001:
            connection.execute(
                text(
                    "INSERT INTO drafts (workspace_id, text, review_language, variants, media,"
                    " verdict, score, findings, search_text, version, created_at, updated_at)"
                    " VALUES (1, :text, 'fr', '{}', '[]', 'pass', 0, '[]', :folded, 1, :at, :at)"
                ),
                {"text": body, "folded": fold_plain(body), "at": at},
            )
    engine.dispose()

    command.upgrade(migrate.config(empty_database_url), "head")

    engine = make_engine(empty_database_url)
    with Session(engine) as session:
        stored = session.execute(text("SELECT text, search_text FROM drafts ORDER BY id")).all()
        assert [tuple(row) for row in stored] == [(b, fold_plain(b)) for b in SAVED_AT_0001]
        drafts = Drafts(session, 1)

        def found(query: str) -> list[str]:
            page = drafts.page(DraftQuery(search=fold_plain(query)), limit=100)
            return sorted(draft.text for draft in page)

        assert found("CAFE") == sorted(SAVED_AT_0001[:2])
        assert found("タワー") == [SAVED_AT_0001[2]]
        assert found("عربية") == [SAVED_AT_0001[3]]
        assert found("0% of") == found("n_t") == [SAVED_AT_0001[4]]
        assert found("tea") == [SAVED_AT_0001[5]]
        assert found("zzq") == []
        if engine.dialect.name == "sqlite":
            # FTS5 checks its index against the drafts table it indexes.
            session.execute(
                text(
                    f"INSERT INTO {SEARCH_TABLE} ({SEARCH_TABLE}, rank)"
                    " VALUES ('integrity-check', 1)"
                )
            )
        else:
            indexes = session.execute(
                text("SELECT indexname FROM pg_indexes WHERE tablename = 'drafts'")
            ).scalars()
            assert TRIGRAM_INDEX in set(indexes)
    engine.dispose()
