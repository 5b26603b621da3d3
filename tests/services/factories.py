"""Small builders for services tests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from poise.domain import Actor
from poise.review import Media
from poise.services import drafts, events, workspaces

# Every services test reads the world as it was on this morning unless it moves the clock.
NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)


class FrozenClock:
    """A clock that only moves when a test moves it."""

    def __init__(self, at: datetime = NOW) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> datetime:
        self.at += timedelta(**delta)
        return self.at


def draft(
    session: Session,
    actor: Actor,
    text: str = "New on the menu: a maple latte.",
    *,
    language: str | None = None,
    account_ids: Sequence[int] = (),
    variants: dict[str, str] | None = None,
    media: Sequence[Media] = (),
) -> drafts.DraftView:
    content = drafts.DraftInput(
        text=text,
        language=language,
        account_ids=account_ids,
        variants=variants or {},
        media=media,
    )
    return drafts.save_draft(session, actor.workspace_id, actor, content)


def account(session: Session, actor: Actor, handle: str = "@acme", network: str = "sandbox") -> int:
    return workspaces.create_account(session, actor.workspace_id, actor, network, handle).id


def event(session: Session, actor: Actor, **fields: object) -> events.EventInfo:
    raw: dict[str, object] = {
        "title": "Attack in Paris",
        "category": "terror",
        "regions": ["FR"],
        "keywords": ["Paris", "attentat"],
    }
    raw.update(fields)
    return events.declare_event(session, actor.workspace_id, actor, raw)
