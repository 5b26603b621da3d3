"""The schedule as people read it: the posts of a workspace planned (or sent) between two
moments, with the accounts and networks each goes to. The calendar, the iCalendar feed and the
accounts page read it; nothing here changes a post (``poise.services.publishing`` does)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from poise.domain import Action, Actor
from poise.domain.posts import DeliveryState, PostState
from poise.services.access import require
from poise.storage.tables import Account, Delivery, Draft, DraftAccount

# What the calendar shows: posts with a time that are planned, on their way, or sent.
SHOWN = (
    PostState.IN_REVIEW,
    PostState.APPROVED,
    PostState.SCHEDULED,
    PostState.HELD,
    PostState.PUBLISHING,
    PostState.UNCONFIRMED,
    PostState.PUBLISHED,
    PostState.FAILED,
)
# Posts that can still be moved to another time from the calendar.
MOVABLE = frozenset({PostState.SCHEDULED, PostState.IN_REVIEW})
MAX_POSTS = 2000
SNIPPET = 80


@dataclass(frozen=True, slots=True)
class PlannedAccount:
    id: int
    network: str
    handle: str


@dataclass(frozen=True, slots=True)
class PlannedPost:
    """A post with its time (aware UTC) and the accounts it goes to, in the post's order."""

    id: int
    text: str
    state: PostState
    scheduled_at: datetime
    version: int
    accounts: tuple[PlannedAccount, ...]
    hold_reason: str | None = None

    @property
    def snippet(self) -> str:
        return snippet(self.text)

    @property
    def networks(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(account.network for account in self.accounts))

    @property
    def movable(self) -> bool:
        return self.state in MOVABLE


def snippet(text: str, length: int = SNIPPET) -> str:
    """The start of ``text`` on one line, cut at a word when it is long."""
    line = " ".join(text.split())
    if len(line) <= length:
        return line
    cut = line[:length].rsplit(" ", 1)[0] or line[:length]
    return cut + "…"


def posts_between(
    session: Session,
    workspace_id: int,
    actor: Actor,
    start: datetime,
    end: datetime,
    states: Iterable[PostState] = SHOWN,
) -> list[PlannedPost]:
    """Posts of the workspace whose time is in ``[start, end)``, earliest first."""
    require(actor, workspace_id, Action.VIEW_DRAFTS)
    return planned_between(session, workspace_id, start, end, states)


def planned_between(
    session: Session,
    workspace_id: int,
    start: datetime,
    end: datetime,
    states: Iterable[PostState] = SHOWN,
) -> list[PlannedPost]:
    """``posts_between`` without a reader, for the feed (whose token is the permission)."""
    query = (
        select(Draft)
        .where(
            Draft.workspace_id == workspace_id,
            Draft.state.in_([state.value for state in states]),
            Draft.scheduled_at >= start,
            Draft.scheduled_at < end,
        )
        .order_by(Draft.scheduled_at, Draft.id)
        .limit(MAX_POSTS)
    )
    return _planned(session, workspace_id, list(session.scalars(query)))


def held_for_account(
    session: Session, workspace_id: int, actor: Actor, account_id: int
) -> list[PlannedPost]:
    """Posts held because they were due to go to ``account_id`` (a broken account): once it
    is reconnected, a person releases them."""
    require(actor, workspace_id, Action.VIEW_DRAFTS)
    query = (
        select(Draft)
        .join(Delivery, Delivery.draft_id == Draft.id)
        .where(
            Draft.workspace_id == workspace_id,
            Delivery.workspace_id == workspace_id,
            Delivery.account_id == account_id,
            Delivery.state == DeliveryState.HELD.value,
            Draft.state == PostState.HELD.value,
        )
        .order_by(Draft.scheduled_at, Draft.id)
        .limit(MAX_POSTS)
    )
    return _planned(session, workspace_id, list(session.scalars(query).unique()))


def _planned(session: Session, workspace_id: int, rows: Sequence[Draft]) -> list[PlannedPost]:
    accounts = _accounts_of(session, workspace_id, [row.id for row in rows])
    return [
        PlannedPost(
            id=row.id,
            text=row.text,
            state=PostState(row.state),
            scheduled_at=row.scheduled_at,
            version=row.version,
            accounts=tuple(accounts.get(row.id, ())),
            hold_reason=row.hold_reason,
        )
        for row in rows
        if row.scheduled_at is not None
    ]


def _accounts_of(
    session: Session, workspace_id: int, draft_ids: Sequence[int]
) -> dict[int, list[PlannedAccount]]:
    if not draft_ids:
        return {}
    query = (
        select(DraftAccount.draft_id, Account.id, Account.network, Account.handle)
        .join(Account, Account.id == DraftAccount.account_id)
        .where(
            DraftAccount.workspace_id == workspace_id,
            DraftAccount.draft_id.in_(draft_ids),
        )
        .order_by(DraftAccount.draft_id, DraftAccount.position)
    )
    found: dict[int, list[PlannedAccount]] = {}
    for draft_id, account_id, network, handle in session.execute(query):
        found.setdefault(draft_id, []).append(PlannedAccount(account_id, network, handle))
    return found
