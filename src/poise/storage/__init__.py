"""Storage: SQLAlchemy 2 tables, Alembic migrations and workspace-scoped repositories.

SQLite (WAL) is the embedded default and PostgreSQL the team and scale setting; the same code
runs on both. Every repository of workspace data is built with a workspace id and filters every
query by it, so one workspace can never read another's rows by mistake.
"""

from __future__ import annotations

from poise.storage.db import Database, SchemaOutOfDateError, database_url, make_engine

__all__ = ["Database", "SchemaOutOfDateError", "database_url", "make_engine"]
