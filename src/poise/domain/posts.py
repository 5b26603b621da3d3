"""The life of a post, as plain rules: its states, who must approve it, and how a failed send
is retried.

A post (a draft with a publishing plan) moves through::

    draft ──submit──▶ in_review ──approve──▶ approved ──(has a time)──▶ scheduled
      ▲                 │  │                                              │
      └──── reject ─────┘  └── its time passes unapproved ──▶ expired     ▼
                                                                     publishing ──▶ published
    any state before published ──hold──▶ held ──release──▶ scheduled    │
    any state before published ──cancel──▶ cancelled                     ├──▶ failed
                                                                         └──▶ unconfirmed

Sending happens per account: a post for two accounts has two *deliveries*, each with its own
state (``DeliveryState``); the post's state while it is being sent is the roll-up of theirs
(``rollup``). Every change of state is a conditional UPDATE in the storage layer (``WHERE
state IN (...)``), so two people or two workers cannot both move the same post.
"""

from __future__ import annotations

import hashlib
import hmac
import random
from collections.abc import Iterable, Mapping
from datetime import timedelta
from enum import StrEnum
from types import MappingProxyType

from poise.domain.roles import Role, needs_approval


class PostState(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    SCHEDULED = "scheduled"
    PUBLISHING = "publishing"
    PUBLISHED = "published"
    FAILED = "failed"
    UNCONFIRMED = "unconfirmed"
    HELD = "held"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


class DeliveryState(StrEnum):
    """Where sending a post to one account stands."""

    SCHEDULED = "scheduled"
    PUBLISHING = "publishing"
    PUBLISHED = "published"
    FAILED = "failed"
    UNCONFIRMED = "unconfirmed"
    HELD = "held"
    CANCELLED = "cancelled"


class HoldReason(StrEnum):
    """Why a post is held; each has a message in every language of the interface."""

    PERSON = "person"  # someone held it by hand, with a note
    REVIEW = "review"  # review at publish time found something new
    ACCOUNT = "account"  # the account's credentials stopped working
    RESUME = "resume"  # kept on hold when a pause was lifted


class ApprovalPolicy(StrEnum):
    """When posts need an approval before they go out.

    - ``none``: never; a contributor's drafts are scheduled by an editor.
    - ``contributors``: a contributor's posts (the default).
    - ``flagged``: a contributor's posts, and anyone's post that review does not pass.
    - ``always``: every post.
    """

    NONE = "none"
    CONTRIBUTORS = "contributors"
    FLAGGED = "flagged"
    ALWAYS = "always"


# States in which a post may still be changed, held or cancelled: nothing has been sent yet.
NOT_YET_SENT = frozenset(
    {
        PostState.DRAFT,
        PostState.IN_REVIEW,
        PostState.APPROVED,
        PostState.SCHEDULED,
        PostState.HELD,
        PostState.EXPIRED,
    }
)
# States of a post waiting to go out, which a pause holds back and a resume shows.
WAITING = frozenset({PostState.SCHEDULED, PostState.APPROVED})
FINISHED_DELIVERIES = frozenset(
    {DeliveryState.PUBLISHED, DeliveryState.FAILED, DeliveryState.CANCELLED}
)

TRANSITIONS: Mapping[PostState, frozenset[PostState]] = MappingProxyType(
    {
        PostState.DRAFT: frozenset({PostState.IN_REVIEW, PostState.SCHEDULED, PostState.CANCELLED}),
        PostState.IN_REVIEW: frozenset(
            {
                PostState.DRAFT,
                PostState.APPROVED,
                PostState.SCHEDULED,
                PostState.EXPIRED,
                PostState.HELD,
                PostState.CANCELLED,
            }
        ),
        PostState.APPROVED: frozenset(
            {PostState.SCHEDULED, PostState.IN_REVIEW, PostState.HELD, PostState.CANCELLED}
        ),
        PostState.SCHEDULED: frozenset(
            {
                PostState.PUBLISHING,
                PostState.PUBLISHED,
                PostState.FAILED,
                PostState.UNCONFIRMED,
                PostState.HELD,
                PostState.IN_REVIEW,
                PostState.DRAFT,
                PostState.CANCELLED,
            }
        ),
        PostState.PUBLISHING: frozenset(
            {
                PostState.PUBLISHED,
                PostState.FAILED,
                PostState.UNCONFIRMED,
                PostState.HELD,
                PostState.SCHEDULED,
            }
        ),
        PostState.UNCONFIRMED: frozenset(
            {PostState.PUBLISHING, PostState.PUBLISHED, PostState.FAILED, PostState.SCHEDULED}
        ),
        PostState.HELD: frozenset(
            {PostState.SCHEDULED, PostState.DRAFT, PostState.IN_REVIEW, PostState.CANCELLED}
        ),
        PostState.FAILED: frozenset({PostState.DRAFT, PostState.SCHEDULED}),
        PostState.EXPIRED: frozenset({PostState.DRAFT, PostState.IN_REVIEW, PostState.CANCELLED}),
        PostState.PUBLISHED: frozenset(),
        PostState.CANCELLED: frozenset({PostState.DRAFT}),
    }
)


def may_move(current: PostState, target: PostState) -> bool:
    """Whether a post in ``current`` may move to ``target``."""
    return target in TRANSITIONS[current]


def states_leading_to(target: PostState) -> frozenset[PostState]:
    """Every state a post may be in to move to ``target`` (the ``WHERE state IN`` of the
    conditional update)."""
    return frozenset(state for state, targets in TRANSITIONS.items() if target in targets)


def approval_required(policy: ApprovalPolicy, role: Role, verdict: str) -> bool:
    """Whether a post scheduled by someone with ``role``, which review judged ``verdict``
    (pass, review or block), must be approved first under ``policy``."""
    if policy is ApprovalPolicy.NONE:
        return False
    if policy is ApprovalPolicy.ALWAYS:
        return True
    if needs_approval(role):
        return True
    return policy is ApprovalPolicy.FLAGGED and verdict != "pass"


def rollup(states: Iterable[DeliveryState]) -> PostState:
    """The state of a post from those of its deliveries: anything still unsettled wins over
    what is done, so a post is *published* only when every account has it."""
    present = set(states)
    for delivery, post in _ROLLUP_ORDER:
        if delivery in present:
            return post
    return PostState.CANCELLED


_ROLLUP_ORDER = (
    (DeliveryState.PUBLISHING, PostState.PUBLISHING),
    (DeliveryState.UNCONFIRMED, PostState.UNCONFIRMED),
    (DeliveryState.HELD, PostState.HELD),
    (DeliveryState.SCHEDULED, PostState.SCHEDULED),
    (DeliveryState.FAILED, PostState.FAILED),
    (DeliveryState.PUBLISHED, PostState.PUBLISHED),
)

# Retrying -----------------------------------------------------------------------------------

MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(seconds=20)
LONGEST_RETRY = timedelta(hours=1)
# How soon a send whose outcome is unknown is settled with the network.
SETTLE_AFTER = timedelta(seconds=5)


def retry_delay(
    attempts: int, retry_after: float | None = None, rng: random.Random | None = None
) -> timedelta:
    """How long to wait before attempt ``attempts + 1``: what the network asked for when it
    said, otherwise doubling from 20 seconds up to an hour, with up to 20% jitter so a burst of
    failures does not come back as a burst."""
    if retry_after is not None:
        return timedelta(seconds=max(retry_after, 1.0))
    doubled = FIRST_RETRY.total_seconds() * 2.0 ** max(attempts - 1, 0)
    base = min(doubled, LONGEST_RETRY.total_seconds())
    jitter = (rng or random).uniform(0, 0.2)
    return timedelta(seconds=base * (1 + jitter))


def gives_up(attempts: int) -> bool:
    """Whether a post that failed ``attempts`` times with retryable errors should fail for
    good, so that a person looks at it instead of it being retried forever."""
    return attempts >= MAX_ATTEMPTS


def delivery_key(secret: bytes, draft_id: int, account_id: int) -> str:
    """The key a post is published under on one account, the same on every attempt. It is
    keyed with the install's secret so that two Poise installs posting to one account never
    pick the same key."""
    message = f"{draft_id}:{account_id}".encode()
    digest = hmac.new(secret, message, hashlib.sha256).hexdigest()
    return f"poise-{digest[:32]}"
