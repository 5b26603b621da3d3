"""Social networks, one folder each, all the same shape (see ``base``)."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from datetime import timedelta
from functools import cache
from importlib import resources
from types import ModuleType

from poise.networks.base import NetworkLimits
from poise.networks.client import Client, ClientOptions, CredentialField


class UnknownNetworkError(ValueError):
    """A network Poise has no folder for."""


@cache
def names() -> tuple[str, ...]:
    """Every network with a folder."""
    root = resources.files("poise.networks")
    return tuple(
        sorted(f.name for f in root.iterdir() if f.is_dir() and (f / "limits.py").is_file())
    )


def limits(network: str) -> NetworkLimits:
    """The limits of ``network``; raises ``UnknownNetworkError`` naming the known ones."""
    if network not in names():
        raise UnknownNetworkError(f"unknown network {network!r}: use one of {', '.join(names())}")
    module = importlib.import_module(f"poise.networks.{network}.limits")
    found: NetworkLimits = module.LIMITS
    return found


def publishes(network: str) -> bool:
    """Whether Poise can post to ``network`` (it has a ``client.py``), not only count for it."""
    root = resources.files("poise.networks")
    return network in names() and (root / network / "client.py").is_file()


def credential_fields(network: str) -> tuple[CredentialField, ...]:
    """What a person types to connect an account on ``network``."""
    fields: tuple[CredentialField, ...] = _client_module(network).FIELDS
    return fields


def connect(
    network: str, credentials: Mapping[str, str], options: ClientOptions | None = None
) -> Client:
    """A client for one account on ``network``, from its stored credentials."""
    client: Client = _client_module(network).connect(credentials, options or ClientOptions())
    return client


def _client_module(network: str) -> ModuleType:
    if not publishes(network):
        raise UnknownNetworkError(f"Poise cannot publish to {network!r} yet")
    return importlib.import_module(f"poise.networks.{network}.client")


def send_gap(network: str) -> timedelta:
    """How long to leave between two sends to one account of ``network`` (its client's
    ``SEND_GAP`` seconds; none for a network that does not say), so a burst of posts is
    spread out before the network has to rate-limit it."""
    if not publishes(network):
        return timedelta(0)
    return timedelta(seconds=float(getattr(_client_module(network), "SEND_GAP", 0.0)))
