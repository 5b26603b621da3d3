"""The ordered list of checks. Built-in checks register here exactly as a plugin's would.

Plugins are found through the ``poise.checks`` entry-point group: each entry point names a
``Check`` subclass, registered when the engine is first built.
"""

from __future__ import annotations

from importlib.metadata import entry_points

from poise.review.base import Check

_CHECKS: dict[str, type[Check]] = {}


def register(check: type[Check]) -> type[Check]:
    """Add ``check`` to the list (usable as a class decorator); an id registered twice is an
    error, so a plugin cannot silently replace a built-in check."""
    if check.id in _CHECKS and _CHECKS[check.id] is not check:
        raise ValueError(f"a check with id {check.id!r} is already registered")
    _CHECKS[check.id] = check
    return check


def checks() -> list[type[Check]]:
    """Every registered check, built-in and plugins, in run order."""
    _load_builtin()
    _load_plugins()
    return sorted(_CHECKS.values(), key=lambda check: (check.order, check.id))


def _load_builtin() -> None:
    import poise.review.checks  # noqa: F401  (importing registers them)


_plugins_loaded = False


def _load_plugins() -> None:
    global _plugins_loaded
    if _plugins_loaded:
        return
    _plugins_loaded = True
    for point in entry_points(group="poise.checks"):
        register(point.load())
