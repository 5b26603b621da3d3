"""Every error a service raises. The whole tree, in one place:

    ServiceError                  base; ``str(error)`` is a message a person can act on
    ├── NotFound                  no such thing in this workspace (also what an outsider gets,
    │                             so a workspace never reveals what it holds)
    ├── Forbidden                 the actor's role may not do this; ``action`` names it
    ├── Invalid                   bad input; ``problems`` lists every one (e.g. per CSV line)
    ├── Conflict                  clashes with what is stored (duplicate email, last owner,
    │                             a draft changed by someone else since it was opened)
    └── RateLimited               too many attempts; ``retry_after`` seconds to wait

A web handler maps them to 404, 403, 422, 409 and 429; the command line prints the message and
exits with status 2.
"""

from __future__ import annotations

from collections.abc import Sequence


class ServiceError(Exception):
    """A use case that could not be done, with a message saying why and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(ServiceError):
    """No such thing in this workspace (or no such workspace for this user)."""


class Forbidden(ServiceError):
    """The actor's role does not allow it."""

    def __init__(self, message: str, action: str | None = None) -> None:
        super().__init__(message)
        self.action = action


class Invalid(ServiceError):
    """Input that cannot be used. ``field`` names the input at fault when there is one;
    ``problems`` holds every problem found when there are several (one per line of a file)."""

    def __init__(
        self, message: str, field: str | None = None, problems: Sequence[str] = ()
    ) -> None:
        super().__init__(message)
        self.field = field
        self.problems = tuple(problems)


class Conflict(ServiceError):
    """The change clashes with what is stored."""


class RateLimited(ServiceError):
    """Too many attempts; try again in ``retry_after`` seconds."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
