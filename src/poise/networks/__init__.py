"""Social networks, one folder each, all the same shape (see ``base``)."""

from __future__ import annotations

import importlib
from functools import cache
from importlib import resources

from poise.networks.base import NetworkLimits


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
