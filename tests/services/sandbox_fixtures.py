"""The built-in sandbox network for tests that publish: a store of its own per test, network
clients that post there, and a worker's steps run until nothing is due."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from poise.networks.client import ClientOptions
from poise.networks.sandbox.client import recent_posts
from poise.services import delivery
from poise.storage.db import Database


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """The sandbox's file for this test."""
    return tmp_path / "sandbox.db"


@pytest.fixture
def clients(store: Path) -> delivery.Clients:
    """Network clients whose sandbox posts go to ``store``."""
    return delivery.Clients(ClientOptions(extra={"store": str(store)}))


def run_due(session: Session, database: Database, clients: delivery.Clients) -> int:
    """Send every due post, one worker step at a time; how many were taken."""
    session.commit()  # the test's own reads must not hold SQLite's write lock meanwhile
    taken = 0
    while delivery.publish_one(database, "test-worker", clients):
        taken += 1
    return taken


def sent(store: Path) -> list[str]:
    """The texts that reached the sandbox, newest first."""
    return [post.text for post in recent_posts(store)] if store.exists() else []
