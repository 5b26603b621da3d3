"""Pytest fixtures for the local Mastodon server (registered by ``tests/conftest.py``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.servers.mastodon import LocalMastodon


@pytest.fixture(scope="session")
def mastodon_server() -> Iterator[LocalMastodon]:
    """One mastodon-mock for the whole session, started the first time a test asks for it.
    Faults a test injected are cleared after it (``mastodon_account`` does it too)."""
    server = LocalMastodon().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def mastodon_account(mastodon_server: LocalMastodon) -> Iterator[dict[str, str]]:
    """A fresh account on the local server, as credentials for
    ``poise.networks.mastodon.client.connect``: ``instance`` and ``access_token``."""
    token = mastodon_server.create_account()
    yield {"instance": mastodon_server.url, "access_token": token}
    mastodon_server.clear_faults()
