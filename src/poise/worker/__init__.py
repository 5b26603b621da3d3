"""The background loops: sending due posts, and the housekeeping that keeps the queue honest."""

from poise.worker.loop import Worker

__all__ = ["Worker"]
