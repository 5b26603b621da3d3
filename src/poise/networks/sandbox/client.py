"""The sandbox network: posts go to a SQLite file on this machine instead of the internet.

It behaves like a network that keeps its own records, apart from Poise's database: a post is
written in its own transaction, under its key (like a Bluesky record key, a second attempt
returns the first post instead of making another), after a simulated delay
(``POISE_SANDBOX_LATENCY_MS``). The web app lists what was "posted" there, so the demo shows
what would have gone out.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from poise import settings as settings_module
from poise.networks.client import ClientOptions, CredentialField, Outgoing, Profile, Published
from poise.networks.errors import PermanentError, RetryableError

FIELDS = (CredentialField("handle"),)
STORE_FILE = "sandbox.db"
MAX_LENGTH = 500
_SCHEMA = """
CREATE TABLE IF NOT EXISTS posts (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    handle TEXT NOT NULL,
    text TEXT NOT NULL,
    language TEXT,
    reply_to TEXT,
    created_at TEXT NOT NULL,
    posted_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS posts_handle ON posts (handle, id);
"""


@dataclass(frozen=True, slots=True)
class SandboxPost:
    """A post as the sandbox keeps it."""

    id: int
    key: str
    handle: str
    text: str
    language: str | None
    reply_to: str | None
    created_at: datetime
    posted_at: datetime

    @property
    def url(self) -> str:
        return post_url(self.id)


def post_url(post_id: int) -> str:
    """Where the web app shows a sandbox post (relative to the app's address)."""
    return f"/sandbox/posts/{post_id}"


def store_path(options: ClientOptions | None = None) -> Path:
    """The sandbox's file: ``store`` in the options, or ``sandbox.db`` in the data folder."""
    if options is not None and options.extra.get("store"):
        return Path(options.extra["store"])
    return Path(settings_module.current().data_dir).expanduser() / STORE_FILE


def connect(credentials: Mapping[str, str], options: ClientOptions) -> SandboxClient:
    handle = credentials.get("handle", "").strip()
    if not handle:
        raise PermanentError("a sandbox account needs a handle")
    latency = options.extra.get("latency_ms")
    delay = int(latency) if latency else settings_module.current().sandbox_latency_ms
    return SandboxClient(handle, store_path(options), delay / 1000)


class SandboxClient:
    """One sandbox account. Thread-safe: each thread opens its own connection."""

    network = "sandbox"

    def __init__(self, handle: str, store: Path, latency: float) -> None:
        self.handle = handle
        self.store = store
        self.latency = latency
        self._local = threading.local()

    def publish(self, post: Outgoing) -> Published:
        if len(post.text) > MAX_LENGTH:
            raise PermanentError(
                f"the sandbox refused the post: it is {len(post.text)} characters long, "
                f"over its limit of {MAX_LENGTH}; shorten it"
            )
        self._wait()
        now = datetime.now(UTC).isoformat()
        with self._connection() as db:
            db.execute(
                "INSERT OR IGNORE INTO posts (key, handle, text, language, reply_to, created_at,"
                " posted_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    post.key,
                    self.handle,
                    post.text,
                    post.language,
                    post.reply_to,
                    post.created_at.isoformat(),
                    now,
                ),
            )
        found = self.find(post)
        if found is None:  # pragma: no cover - the row was just written
            raise RetryableError("the sandbox lost the post it was given; it will be sent again")
        return found

    def find(self, post: Outgoing) -> Published | None:
        with self._connection() as db:
            row = db.execute(
                "SELECT id, posted_at FROM posts WHERE key = ?", (post.key,)
            ).fetchone()
        if row is None:
            return None
        return Published(str(row[0]), post_url(row[0]), datetime.fromisoformat(row[1]))

    def profile(self) -> Profile:
        self._wait()
        with self._connection() as db:
            count, last = db.execute(
                "SELECT count(*), max(posted_at) FROM posts WHERE handle = ?", (self.handle,)
            ).fetchone()
        return Profile(
            handle=self.handle,
            display_name=self.handle,
            posts_count=count,
            last_post_at=datetime.fromisoformat(last) if last else None,
        )

    def close(self) -> None:
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None

    def _wait(self) -> None:
        if self.latency:
            time.sleep(self.latency)

    def _connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = open_store(self.store)
            self._local.connection = connection
        return connection


def open_store(path: Path) -> sqlite3.Connection:
    """A connection to the sandbox's file, created with its table when missing. Used as a
    context manager it commits each write on its own, like a network's own database."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        connection = sqlite3.connect(path, timeout=30, check_same_thread=False)
        connection.execute("PRAGMA journal_mode=WAL")
        # A rehearsal network: no need to wait for the disk on every post.
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.executescript(_SCHEMA)
    except sqlite3.Error as error:
        raise RetryableError(f"the sandbox's file {path} cannot be opened: {error}") from error
    return connection


def recent_posts(path: Path, limit: int = 50, handle: str | None = None) -> list[SandboxPost]:
    """The newest posts in the sandbox (of ``handle`` when given), newest first."""
    if not path.is_file():
        return []
    connection = open_store(path)
    try:
        query = "SELECT id, key, handle, text, language, reply_to, created_at, posted_at FROM posts"
        arguments: tuple[object, ...] = ()
        if handle is not None:
            query += " WHERE handle = ?"
            arguments = (handle,)
        rows = connection.execute(query + " ORDER BY id DESC LIMIT ?", (*arguments, limit))
        return [_post(row) for row in rows]
    finally:
        connection.close()


def get_post(path: Path, post_id: int) -> SandboxPost | None:
    """One sandbox post by its id."""
    if not path.is_file():
        return None
    connection = open_store(path)
    try:
        row = connection.execute(
            "SELECT id, key, handle, text, language, reply_to, created_at, posted_at FROM posts"
            " WHERE id = ?",
            (post_id,),
        ).fetchone()
        return None if row is None else _post(row)
    finally:
        connection.close()


def _post(row: tuple[object, ...]) -> SandboxPost:
    post_id, key, handle, text, language, reply_to, created, posted = row
    return SandboxPost(
        id=int(str(post_id)),
        key=str(key),
        handle=str(handle),
        text=str(text),
        language=None if language is None else str(language),
        reply_to=None if reply_to is None else str(reply_to),
        created_at=datetime.fromisoformat(str(created)),
        posted_at=datetime.fromisoformat(str(posted)),
    )
