"""The time, in one place, so tests can freeze it (``monkeypatch.setattr(clock, "now", ...)``).

Services read the time only through ``clock.now()``."""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> datetime:
    """The current moment, in UTC."""
    return datetime.now(UTC)
