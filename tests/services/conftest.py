from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher
from sqlalchemy.orm import Session

from poise.services import clock as clock_module
from poise.services import passwords
from tests.services.cast import Cast, assemble
from tests.services.factories import FrozenClock
from tests.storage.fixtures import (
    database,
    empty_database_url,
    postgresql_database,
    session,
    sqlite_template,
)

__all__ = ["database", "empty_database_url", "postgresql_database", "session", "sqlite_template"]

# The cheapest argon2id parameters: real hashing, without 64 MiB per password in every test.
CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(passwords, "HASHER", CHEAP)


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[FrozenClock]:
    frozen = FrozenClock()
    monkeypatch.setattr(clock_module, "now", frozen.now)
    yield frozen


@pytest.fixture
def cast(session: Session) -> Cast:
    return assemble(session)
