from tests.storage.fixtures import (
    database,
    empty_database_url,
    postgresql_database,
    session,
    sqlite_template,
)

__all__ = ["database", "empty_database_url", "postgresql_database", "session", "sqlite_template"]
