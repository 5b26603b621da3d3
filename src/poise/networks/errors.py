"""What can go wrong when Poise talks to a network, and whether trying again is safe.

The whole tree, in one place::

    NetworkError                    something went wrong talking to a network
     ├── RetryableError             nothing was posted; sending again later is safe
     │    └── RateLimitedError      the network said 429; wait ``retry_after`` seconds
     ├── PermanentError             the network refused this post; sending it again fails the same way
     │    └── AuthExpiredError      the account's credentials no longer work: reconnect it
     └── OutcomeUnknownError       the request may have been posted (timeout or dropped connection
                                    after sending): ask the network (``Client.find``) before anything else

Every message is written for the person who will read it next to the post: what happened and
what to do about it.
"""

from __future__ import annotations

from typing import ClassVar


class NetworkError(Exception):
    """Something went wrong talking to a network. ``status`` is the HTTP status when there was
    one."""

    retry_safe: ClassVar[bool] = False

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


class RetryableError(NetworkError):
    """Nothing was posted (the request never reached the network, or the network answered with
    an error that means it did not act): sending again later is safe. ``retry_after`` is how
    many seconds the network asked us to wait, when it said."""

    retry_safe = True

    def __init__(
        self, message: str, *, status: int | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(message, status=status)
        self.retry_after = retry_after


class RateLimitedError(RetryableError):
    """The network is rate-limiting this account (HTTP 429)."""


class PermanentError(NetworkError):
    """The network refused this post for a reason that will not go away by itself (too long,
    invalid reply target, ...). A person has to change something."""


class AuthExpiredError(PermanentError):
    """The account's credentials no longer work (expired or revoked token, changed app
    password). The post itself may be fine: reconnect the account and release it."""


class OutcomeUnknownError(NetworkError):
    """The request was sent but no answer came back (timeout, dropped connection): the post may
    or may not exist. Never send it again blindly; ask the network with ``Client.find``."""
