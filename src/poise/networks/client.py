"""What a network client does, the same for every network.

Each network folder has a ``client.py`` with ``connect(credentials, options) -> Client``. A
client publishes a post under a *key* Poise derives from the post, so the network can recognise
a second attempt at the same post: Bluesky turns the key into the record key of the post (a
retry writes the same record, never a second one) and Mastodon sends it as the
``Idempotency-Key`` header. ``find`` answers "is this post already there?", which is how a post
whose outcome is unknown is settled before anything else is done with it.

Errors are those of ``poise.networks.errors``; nothing else escapes a client.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

DEFAULT_TIMEOUT = 15.0


@dataclass(frozen=True, slots=True)
class Outgoing:
    """A post to send. ``key`` is stable for this post on this account (the same key always
    means the same post; ASCII letters, digits and ``-``, at most 64 characters). ``created_at``
    is the moment the post is stamped with (its due time, aware UTC). ``reply_to`` is the
    address (URL, or ``at://`` URI on Bluesky) of the post it answers, on the same network.
    ``alt_texts`` are the descriptions of the images the author attached (Poise does not
    upload image files yet; a client that cannot carry them ignores them)."""

    key: str
    text: str
    created_at: datetime
    language: str | None = None
    reply_to: str | None = None
    alt_texts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Published:
    """A post as it lives on the network: its id there, the address a person can open, and
    when the network says it was posted."""

    remote_id: str
    url: str
    published_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Profile:
    """The public face of an account, read to audit it (a brand page without a banner or a
    bio gets noticed) and to prove the credentials still work."""

    handle: str
    display_name: str = ""
    bio: str = ""
    has_avatar: bool = False
    has_banner: bool = False
    link: str | None = None
    url: str | None = None
    posts_count: int | None = None
    last_post_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ClientOptions:
    """How a client should behave: ``timeout`` in seconds for each request; ``extra`` holds
    network-specific settings (the sandbox's simulated latency, for instance)."""

    timeout: float = DEFAULT_TIMEOUT
    extra: Mapping[str, str] = field(default_factory=dict)


class Client(Protocol):
    """A connection to one account on one network."""

    network: str

    def publish(self, post: Outgoing) -> Published:
        """Post it. Sending the same ``post.key`` again must not create a second post where the
        network allows it to be prevented (it returns the existing one, or raises
        ``OutcomeUnknownError`` so the caller asks ``find``)."""
        ...

    def find(self, post: Outgoing) -> Published | None:
        """The post with ``post.key`` when it is on the network, ``None`` when it certainly is
        not. Raises a ``NetworkError`` when the network cannot tell right now."""
        ...

    def profile(self) -> Profile:
        """The account's public profile; raises ``AuthExpiredError`` when the credentials no
        longer work."""
        ...

    def close(self) -> None:
        """Release connections."""
        ...


@dataclass(frozen=True, slots=True)
class CredentialField:
    """One thing a person types to connect an account (the connect form is built from these).
    ``secret`` fields are never shown back; ``default`` fills the form."""

    name: str
    secret: bool = False
    default: str = ""
    required: bool = True
