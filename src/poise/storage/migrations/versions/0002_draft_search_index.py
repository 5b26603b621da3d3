"""An index for searching drafts' text: trigrams on PostgreSQL, an FTS5 table on SQLite.

Revision ID: 0002
Revises: 0001
Created: 2026-11-22

Searching finds drafts whose ``search_text`` contains the folded query anywhere, which a
B-tree index cannot help with. On PostgreSQL, ``pg_trgm`` lets a GIN index answer the same
``LIKE '%…%'`` query; when the extension cannot be created (no privilege), the index is left
out and searching scans, as before. On SQLite (3.34 or later), ``drafts_search`` is an FTS5
table with the trigram tokenizer over ``drafts.search_text`` (external content: it keeps only
the index, not a second copy of the text), kept in step by triggers and filled here from the
drafts already saved.

A later migration that rebuilds the ``drafts`` table on SQLite (batch mode copies it) drops
these triggers with it: it must create them again and rebuild ``drafts_search``.

Self-contained on purpose, like every revision: the names are spelled out here.
"""

from __future__ import annotations

import sqlite3

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TRIGRAM_INDEX = "ix_drafts_search_text_trgm"
SEARCH_TABLE = "drafts_search"
# The trigram tokenizer arrived in SQLite 3.34.0.
SQLITE_TRIGRAM = (3, 34, 0)

_SQLITE_SEARCH = [
    f"""CREATE VIRTUAL TABLE {SEARCH_TABLE} USING fts5(
    search_text, content='drafts', content_rowid='id', tokenize='trigram')""",
    f"""CREATE TRIGGER {SEARCH_TABLE}_insert AFTER INSERT ON drafts BEGIN
    INSERT INTO {SEARCH_TABLE} (rowid, search_text) VALUES (new.id, new.search_text);
END""",
    f"""CREATE TRIGGER {SEARCH_TABLE}_delete AFTER DELETE ON drafts BEGIN
    INSERT INTO {SEARCH_TABLE} ({SEARCH_TABLE}, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
END""",
    f"""CREATE TRIGGER {SEARCH_TABLE}_update AFTER UPDATE OF id, search_text ON drafts BEGIN
    INSERT INTO {SEARCH_TABLE} ({SEARCH_TABLE}, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
    INSERT INTO {SEARCH_TABLE} (rowid, search_text) VALUES (new.id, new.search_text);
END""",
    # Index the drafts saved before this revision.
    f"INSERT INTO {SEARCH_TABLE} ({SEARCH_TABLE}) VALUES ('rebuild')",
]
_SQLITE_TRIGGERS = [f"{SEARCH_TABLE}_{verb}" for verb in ("insert", "delete", "update")]


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _index_trigrams()
    elif sqlite3.sqlite_version_info >= SQLITE_TRIGRAM:
        for statement in _SQLITE_SEARCH:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        # pg_trgm stays: other objects may use it, and dropping it may need more privileges.
        op.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")
    else:
        for trigger in _SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute(f"DROP TABLE IF EXISTS {SEARCH_TABLE}")


def _index_trigrams() -> None:
    connection = op.get_bind()
    try:
        # In a savepoint, so a refusal (the role may not create extensions) leaves the
        # migration's transaction usable.
        with connection.begin_nested():
            connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except sa.exc.DBAPIError:
        return  # No index: searching scans the drafts, as it did before this revision.
    # The operator class lives in the extension's schema, which need not be on the path.
    schema = connection.exec_driver_sql(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
        " WHERE e.extname = 'pg_trgm'"
    ).scalar_one()
    quoted = connection.dialect.identifier_preparer.quote_schema(schema)
    op.execute(
        f"CREATE INDEX {TRIGRAM_INDEX} ON drafts USING gin (search_text {quoted}.gin_trgm_ops)"
    )
