"""Comments on a post, and the ``@name`` mentions in them.

A mention names a member the way people type it quickly: the part of their email before the
``@`` (``@colin`` for colin@acme.test) or their display name without its spaces (``@ColinC``
for "Colin C"), in any case. Each member mentioned is notified once (``Kind.MENTIONED``);
the writer is never notified of their own comment, and a name that matches nobody is left
as plain text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

import regex
from sqlalchemy.orm import Session

from poise.domain import Action, Actor
from poise.services import audit, clock
from poise.services.access import require
from poise.services.errors import Invalid, NotFound
from poise.services.notifications import Kind, notify
from poise.storage.drafts import Drafts
from poise.storage.posts import Comments
from poise.storage.tables import Comment, User
from poise.storage.workspaces import Members

MAX_BODY = 5000
EXCERPT = 200
# ``@`` after a start or a space, then letters, digits and the signs an email's local part has.
_MENTION = regex.compile(r"(?<![\w@])@([\p{L}\p{N}_.+\-]+)")


@dataclass(frozen=True, slots=True)
class CommentView:
    id: int
    draft_id: int
    author_id: int | None
    author_name: str | None
    body: str
    mentions: tuple[int, ...]
    created_at: datetime


def add_comment(
    session: Session, workspace_id: int, actor: Actor, draft_id: int, body: str
) -> CommentView:
    """Write a comment on a post (every member who can read posts may) and notify the
    members it mentions."""
    require(actor, workspace_id, Action.VIEW_DRAFTS)
    _require_post(session, workspace_id, draft_id)
    text = body.replace("\r\n", "\n").strip()
    if not text:
        raise Invalid("write something before sending the comment", "body")
    if len(text) > MAX_BODY:
        raise Invalid("a comment can have up to {max_body:,} characters", "body", max_body=MAX_BODY)
    people = _people(session, workspace_id)
    mentioned = sorted(set(mentions_in(text, people)) - {actor.user_id})
    row = Comments(session, workspace_id).add(
        Comment(
            workspace_id=workspace_id,
            draft_id=draft_id,
            author_id=actor.user_id,
            body=text,
            mentions=mentioned,
            created_at=clock.now(),
        )
    )
    details = {"comment_id": row.id, "mentions": mentioned}
    audit.record(session, actor, "post.commented", "draft", draft_id, details)
    excerpt = {"comment_id": row.id, "by": actor.user_id, "excerpt": text[:EXCERPT]}
    notify(session, workspace_id, mentioned, Kind.MENTIONED, draft_id, excerpt)
    return _view(row, _names(people))


def list_comments(
    session: Session, workspace_id: int, actor: Actor, draft_id: int
) -> list[CommentView]:
    """The post's comments, oldest first."""
    require(actor, workspace_id, Action.VIEW_DRAFTS)
    _require_post(session, workspace_id, draft_id)
    names = _names(_people(session, workspace_id))
    return [_view(row, names) for row in Comments(session, workspace_id).of_draft(draft_id)]


def mentions_in(text: str, people: Iterable[User]) -> list[int]:
    """The ids of the ``people`` that ``text`` mentions, in the order first mentioned."""
    handles: dict[str, int] = {}
    for person in people:
        for handle in handles_of(person):
            handles.setdefault(handle, person.id)
    found: dict[int, None] = {}
    for match in _MENTION.finditer(text):
        word = match.group(1).rstrip(".-+").casefold()
        if word in handles:
            found.setdefault(handles[word], None)
    return list(found)


def handles_of(person: User) -> tuple[str, ...]:
    """What ``@…`` names a member: their email's local part, their name without spaces."""
    local = person.email.partition("@")[0].casefold()
    joined = "".join(person.display_name.split()).casefold()
    return tuple(handle for handle in (local, joined) if handle)


def _people(session: Session, workspace_id: int) -> list[User]:
    return [user for _, user in Members(session, workspace_id).list() if not user.disabled]


def _names(people: Iterable[User]) -> Mapping[int, str]:
    return {person.id: person.display_name for person in people}


def _require_post(session: Session, workspace_id: int, draft_id: int) -> None:
    if Drafts(session, workspace_id).get(draft_id) is None:
        raise NotFound("no such post in this workspace")


def _view(row: Comment, names: Mapping[int, str]) -> CommentView:
    return CommentView(
        id=row.id,
        draft_id=row.draft_id,
        author_id=row.author_id,
        author_name=names.get(row.author_id) if row.author_id is not None else None,
        body=row.body,
        mentions=tuple(int(user_id) for user_id in row.mentions),
        created_at=row.created_at,
    )
