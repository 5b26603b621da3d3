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

A message is written as a template with named values (``Invalid("{network} is not a network
Poise knows", network=name)``), never as an f-string, so that it can be said in the reader's
language: while the web app serves a page it sets, with ``speaking``, the function that
translates a template, and the message is made from the translated one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

# How to translate a message template for whoever is being served now (unset: English).
_speaking: ContextVar[Callable[[str], str] | None] = ContextVar("speaking", default=None)


@contextmanager
def speaking(translate: Callable[[str], str]) -> Iterator[None]:
    """Say the messages of the errors raised in the block with ``translate`` (a gettext)."""
    token = _speaking.set(translate)
    try:
        yield
    finally:
        _speaking.reset(token)


def _say(template: str, params: dict[str, object]) -> str:
    translate = _speaking.get()
    wordings = (translate(template), template) if translate else (template,)
    for wording in wordings:
        try:
            return wording.format(**params) if params else wording
        except (KeyError, IndexError, ValueError):  # a translation that lost a value
            continue
    return template


class ServiceError(Exception):
    """A use case that could not be done, with a message saying why and what to do.
    ``template`` and ``params`` are the message before its values were filled in."""

    def __init__(self, message: str, **params: object) -> None:
        text = _say(message, params)
        super().__init__(text)
        self.message = text
        self.template = message
        self.params = params


class NotFound(ServiceError):
    """No such thing in this workspace (or no such workspace for this user)."""


class Forbidden(ServiceError):
    """The actor's role does not allow it."""

    def __init__(self, message: str, action: str | None = None, **params: object) -> None:
        super().__init__(message, **params)
        self.action = action


class Invalid(ServiceError):
    """Input that cannot be used. ``field`` names the input at fault when there is one;
    ``problems`` holds every problem found when there are several (one per line of a file)."""

    def __init__(
        self,
        message: str,
        field: str | None = None,
        problems: Sequence[str] = (),
        **params: object,
    ) -> None:
        super().__init__(message, **params)
        self.field = field
        self.problems = tuple(problems)


class Conflict(ServiceError):
    """The change clashes with what is stored."""


class RateLimited(ServiceError):
    """Too many attempts; try again in ``retry_after`` seconds."""

    def __init__(self, message: str, retry_after: int, **params: object) -> None:
        super().__init__(message, **params)
        self.retry_after = retry_after
