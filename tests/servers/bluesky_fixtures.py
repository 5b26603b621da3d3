"""Pytest fixtures for the local Bluesky PDS (registered by ``tests/conftest.py``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.servers.bluesky import LocalPds


@pytest.fixture(scope="session")
def pds() -> Iterator[LocalPds]:
    """One PDS (and its PLC directory) for the whole session, started the first time a test
    asks for it: about three seconds, plus ``npm ci`` once on a fresh machine."""
    server = LocalPds().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def bluesky_account(pds: LocalPds) -> dict[str, str]:
    """A fresh account on the local PDS, as credentials for
    ``poise.networks.bluesky.client.connect``: ``service``, ``handle`` and ``app_password``."""
    handle, app_password = pds.create_account()
    return {"service": pds.url, "handle": handle, "app_password": app_password}
