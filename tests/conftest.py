"""Fixtures shared by every test folder: the real network servers Poise talks to in tests
(a local Bluesky PDS, a Mastodon API server), started once per test session when a test asks
for them."""

import pytest

from poise.services import delivery, secrets

pytest_plugins = [
    "tests.servers.bluesky_fixtures",
    "tests.servers.mastodon_fixtures",
    "tests.services.sandbox_fixtures",
]


@pytest.fixture(autouse=True)
def secret_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test encrypts with the same fixed key, and never writes one to a data folder."""
    secrets.forget()
    delivery.forget_contexts()  # ids repeat from one test's database to the next
    monkeypatch.setattr(secrets, "master_key", lambda: b"a test key that is long enough to use")
