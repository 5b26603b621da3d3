"""A worker: threads that send due posts, and a housekeeping loop.

Any number of workers, on any number of machines, share one database: each send is leased
(``poise.services.delivery``), so they never step on each other. Every step is a function
that runs once and says whether it did work; the loops only decide how long to sleep between
steps, so a test can drive the same steps one by one.
"""

from __future__ import annotations

import logging
import os
import random
import socket
import threading
from dataclasses import dataclass, field

from poise.services import delivery
from poise.storage.db import Database

log = logging.getLogger(__name__)

IDLE_SLEEP = 1.0  # seconds between looks at an empty queue
HOUSEKEEPING_EVERY = 10.0
# Posts one thread claims at once: fewer statements per post under load (claiming, reading and
# recording cost the same for one post as for eight), and still a short wait for the last of
# them (each send is one network round trip).
BATCH = 8
# One short text per language Poise reads, so each language's data is loaded once.
WARM_UP = ("Good morning!", "Bonjour à tous !", "صباح الخير", "おはようございます")


def worker_name() -> str:
    """A name unique to this process on this machine, shown in leases and the audit trail."""
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass
class Worker:
    """Sends due posts with ``threads`` threads until ``stop`` is set."""

    database: Database
    threads: int = 4
    name: str = field(default_factory=worker_name)
    stop: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self.clients = delivery.Clients()
        self._threads: list[threading.Thread] = []

    def step(self, thread: int = 0) -> bool:
        """Send a few due posts (one short transaction claims them), if there are any."""
        owner = f"{self.name}/{thread}"
        return delivery.publish_some(self.database, owner, self.clients, BATCH) > 0

    def housekeeping(self) -> bool:
        """Take back posts of dead workers and expire unapproved posts whose time passed."""
        swept = delivery.sweep(self.database)
        expired = delivery.expire_approvals(self.database)
        delivery.note_last_posts(self.database)
        return bool(swept or expired)

    def warm_up(self) -> None:
        """Load what review reads (lexicons, dictionaries, the language detector) before the
        first post is due, rather than while it waits."""
        from poise.review import Draft, ReviewContext, default_engine

        engine = default_engine()
        for sample in WARM_UP:
            engine.review(Draft(sample), ReviewContext())

    def start(self) -> None:
        """Start the loops in background threads."""
        self.warm_up()
        for number in range(self.threads):
            self._spawn(f"poise-send-{number}", self._send_loop, number)
        self._spawn("poise-housekeeping", self._housekeeping_loop)

    def run(self) -> None:
        """Start the loops and wait until ``stop`` is set."""
        self.start()
        self.stop.wait()
        self.join()

    def join(self, timeout: float | None = None) -> None:
        for thread in self._threads:
            thread.join(timeout)
        self.clients.close()

    def _spawn(self, name: str, target: object, *args: object) -> None:
        thread = threading.Thread(target=target, args=args, name=name, daemon=True)  # type: ignore[arg-type]
        thread.start()
        self._threads.append(thread)

    def _send_loop(self, number: int) -> None:
        while not self.stop.is_set():
            if not self._safely(lambda: self.step(number)):
                # Spread the threads' wake-ups so they do not all ask at the same instant.
                self.stop.wait(IDLE_SLEEP * random.uniform(0.5, 1.5))

    def _housekeeping_loop(self) -> None:
        while not self.stop.is_set():
            self._safely(self.housekeeping)
            self.stop.wait(HOUSEKEEPING_EVERY)

    def _safely(self, step: object) -> bool:
        try:
            return bool(step())  # type: ignore[operator]
        except Exception:  # the database went away for a moment: log, wait, go on
            log.exception("a worker step failed; trying again shortly")
            self.stop.wait(IDLE_SLEEP)
            return False
