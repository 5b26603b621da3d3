"""What the pages about posts read: one post with its deliveries, approvals and history, the
approvals queue, and the counts the navigation shows. Reading only; every change goes through
``poise.services.publishing``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from poise.domain import Action, Actor
from poise.domain.posts import PostState
from poise.services import drafts
from poise.services.access import require
from poise.services.drafts import DraftView
from poise.services.errors import NotFound
from poise.storage.drafts import Drafts
from poise.storage.posts import Approvals, Deliveries
from poise.storage.tables import AuditEvent, Draft
from poise.storage.users import Users
from poise.storage.workspaces import Accounts, Members, Workspaces

HISTORY_LIMIT = 500
QUEUE_LIMIT = 200


@dataclass(frozen=True, slots=True)
class DeliveryView:
    """Sending the post to one account."""

    id: int
    account_id: int
    network: str
    handle: str
    state: str
    attempts: int
    error: str | None
    due_at: datetime
    published_at: datetime | None
    remote_url: str | None


@dataclass(frozen=True, slots=True)
class DecisionView:
    """One approver's decision on one version of the post."""

    user_id: int | None
    name: str | None
    decision: str
    comment: str
    version: int
    at: datetime


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """An audit event of the post or of one of its deliveries."""

    action: str
    subject_type: str
    actor_user_id: int | None
    actor_name: str | None
    details: Mapping[str, Any]
    at: datetime


@dataclass(frozen=True, slots=True)
class PostDetail:
    draft: DraftView
    author_name: str | None
    submitted_by: int | None
    deliveries: tuple[DeliveryView, ...]
    decisions: tuple[DecisionView, ...]
    approvals_needed: int
    approvals_given: int
    approval_policy: str

    @property
    def people_behind(self) -> frozenset[int]:
        """The author and whoever submitted it: neither may approve it."""
        return frozenset(u for u in (self.draft.author_id, self.submitted_by) if u is not None)


@dataclass(frozen=True, slots=True)
class Waiting:
    """A post in the approvals queue."""

    draft: DraftView
    author_name: str | None
    approvals_given: int
    approvals_needed: int
    mine: bool  # the viewer wrote or submitted it, so someone else must approve it


def post_detail(session: Session, workspace_id: int, actor: Actor, draft_id: int) -> PostDetail:
    """One post as its page shows it."""
    require(actor, workspace_id, Action.VIEW_DRAFTS)
    row = _row(session, workspace_id, draft_id)
    names = member_names(session, workspace_id)
    workspace = Workspaces(session).get(workspace_id)
    assert workspace is not None  # the actor's workspace exists
    approvals = Approvals(session, workspace_id)
    return PostDetail(
        draft=drafts.draft_view(row),
        author_name=names.get(row.author_id) if row.author_id is not None else None,
        submitted_by=row.submitted_by,
        deliveries=tuple(_deliveries(session, workspace_id, draft_id)),
        decisions=tuple(
            DecisionView(
                a.user_id, _name(names, a.user_id), a.decision, a.comment, a.draft_version, a.at
            )
            for a in approvals.of_draft(draft_id)
        ),
        approvals_needed=workspace.approvals_required,
        approvals_given=len(approvals.approvers_of_version(row.id, row.version)),
        approval_policy=workspace.approval_policy,
    )


def history(session: Session, workspace_id: int, actor: Actor, draft_id: int) -> list[HistoryEntry]:
    """The post's audit events, oldest first: those about the post itself and those about
    its deliveries (which name the post in ``details.draft_id``)."""
    require(actor, workspace_id, Action.VIEW_DRAFTS)
    _row(session, workspace_id, draft_id)
    about_post = and_(AuditEvent.subject_type == "draft", AuditEvent.subject_id == str(draft_id))
    about_delivery = and_(
        AuditEvent.subject_type == "delivery",
        AuditEvent.details["draft_id"].as_integer() == draft_id,
    )
    query = (
        select(AuditEvent)
        .where(AuditEvent.workspace_id == workspace_id, or_(about_post, about_delivery))
        .order_by(AuditEvent.id)
        .limit(HISTORY_LIMIT)
    )
    names = member_names(session, workspace_id)
    return [
        HistoryEntry(
            e.action,
            e.subject_type,
            e.actor_user_id,
            _name(names, e.actor_user_id),
            dict(e.details),
            e.at,
        )
        for e in session.scalars(query)
    ]


def waiting_for_approval(session: Session, workspace_id: int, actor: Actor) -> list[Waiting]:
    """Posts waiting for an approval, the one due soonest first (those without a time last)."""
    require(actor, workspace_id, Action.VIEW_DRAFTS)
    query = (
        select(Draft)
        .where(Draft.workspace_id == workspace_id, Draft.state == PostState.IN_REVIEW.value)
        .order_by(Draft.scheduled_at.is_(None), Draft.scheduled_at, Draft.id)
        .limit(QUEUE_LIMIT)
    )
    names = member_names(session, workspace_id)
    workspace = Workspaces(session).get(workspace_id)
    needed = workspace.approvals_required if workspace else 1
    approvals = Approvals(session, workspace_id)
    return [
        Waiting(
            draft=drafts.draft_view(row),
            author_name=_name(names, row.author_id),
            approvals_given=len(approvals.approvers_of_version(row.id, row.version)),
            approvals_needed=needed,
            mine=actor.user_id is not None and actor.user_id in (row.author_id, row.submitted_by),
        )
        for row in session.scalars(query)
    ]


def count_to_approve(session: Session, workspace_id: int, user_id: int | None) -> int:
    """How many posts wait for an approval that ``user_id`` may give (not their own)."""
    query = select(func.count()).where(
        Draft.workspace_id == workspace_id, Draft.state == PostState.IN_REVIEW.value
    )
    if user_id is not None:
        query = query.where(
            or_(Draft.author_id.is_(None), Draft.author_id != user_id),
            or_(Draft.submitted_by.is_(None), Draft.submitted_by != user_id),
        )
    return int(session.scalar(query) or 0)


def first_lines(
    session: Session, workspace_ids: Iterable[int], draft_ids: Iterable[int]
) -> dict[int, str]:
    """The first line of each of ``draft_ids`` that belongs to one of ``workspace_ids`` (the
    reader's workspaces: nothing of another workspace is shown)."""
    wanted, allowed = set(draft_ids), set(workspace_ids)
    if not wanted or not allowed:
        return {}
    query = select(Draft.id, Draft.text).where(
        Draft.id.in_(sorted(wanted)), Draft.workspace_id.in_(sorted(allowed))
    )
    return {draft_id: _first_line(text) for draft_id, text in session.execute(query)}


def approval_settings(session: Session, workspace_id: int, actor: Actor) -> tuple[str, int]:
    """The workspace's approval policy and how many approvals a post needs."""
    require(actor, workspace_id, Action.VIEW_DRAFTS)
    workspace = Workspaces(session).get(workspace_id)
    if workspace is None:
        raise NotFound("no such workspace")
    return workspace.approval_policy, workspace.approvals_required


def member_names(session: Session, workspace_id: int) -> dict[int, str]:
    """Display names of the workspace's members, by user id."""
    return {user.id: user.display_name for _, user in Members(session, workspace_id).list()}


def person_name(session: Session, user_id: int | None) -> str | None:
    """The display name of a person (a former member too); ``None`` for nobody."""
    person = Users(session).get(user_id) if user_id is not None else None
    return person.display_name if person is not None else None


def _deliveries(session: Session, workspace_id: int, draft_id: int) -> list[DeliveryView]:
    rows = Deliveries(session, workspace_id).of_draft(draft_id)
    accounts = Accounts(session, workspace_id).existing([row.account_id for row in rows])
    return [
        DeliveryView(
            id=row.id,
            account_id=row.account_id,
            network=row.network,
            handle=accounts[row.account_id].handle if row.account_id in accounts else "",
            state=row.state,
            attempts=row.attempts,
            error=row.error,
            due_at=row.due_at,
            published_at=row.published_at,
            remote_url=row.remote_url,
        )
        for row in rows
    ]


def _row(session: Session, workspace_id: int, draft_id: int) -> Draft:
    row = Drafts(session, workspace_id).get(draft_id)
    if row is None:
        raise NotFound("no such post in this workspace")
    return row


def _name(names: Mapping[int, str], user_id: int | None) -> str | None:
    return None if user_id is None else names.get(user_id)


def _first_line(text: str) -> str:
    line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return line if len(line) <= 80 else line[:80].rstrip() + "…"
