"""Posts: scheduling a draft, approving or rejecting it, holding and releasing it, and reading
where it stands (its state, its deliveries to each account and its approvals).

Every action answers with the post as it stands afterwards (``PostOut``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from poise.domain import Actor
from poise.services import posts, publishing
from poise.services.posts import PostDetail
from poise.web.api.deps import Caller
from poise.web.api.errors import api_router
from poise.web.api.models import VerdictName
from poise.web.deps import database

router = api_router("posts")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


StateName = Literal[
    "draft",
    "in_review",
    "approved",
    "scheduled",
    "publishing",
    "published",
    "failed",
    "unconfirmed",
    "held",
    "cancelled",
    "expired",
]


# What is sent ----------------------------------------------------------------------------------


class ScheduleIn(_Strict):
    """When the post should go out. It goes to the approvers first when the workspace's
    policy says so."""

    at: datetime | None = Field(
        default=None,
        description="When, with its time zone; null (and no queue) for as soon as it may.",
        examples=["2026-12-07T09:00:00+01:00"],
    )
    queue: bool = Field(default=False, description="Take the queue's next free slot instead.")
    version: int | None = Field(
        default=None, description="Refuse (409) if the draft changed after this version."
    )
    override_reason: str | None = Field(
        default=None, description="Admins: why it should go out although review blocks it."
    )


class DecisionIn(_Strict):
    version: int = Field(description="The version of the post the approver read.", examples=[2])
    comment: str = Field(default="", description="What the approver says to the author.")


class ApproveIn(DecisionIn):
    override_reason: str | None = Field(
        default=None, description="Admins: why it should go out although review blocks it."
    )


class HoldIn(_Strict):
    note: str = Field(default="", description="Why it is held, for the team.")


class ReleaseIn(_Strict):
    at: datetime | None = Field(
        default=None, description="A new time; null for its own time, or now if that passed."
    )


# What comes back -------------------------------------------------------------------------------


class DeliveryOut(BaseModel):
    """Sending the post to one account."""

    account_id: int
    network: str
    handle: str
    state: str = Field(description="scheduled, publishing, published, failed, unconfirmed…")
    attempts: int
    error: str | None
    due_at: datetime
    published_at: datetime | None
    remote_url: str | None = Field(description="The post on the network, once published.")


class ApprovalOut(BaseModel):
    user_id: int | None
    decision: Literal["approved", "rejected"]
    comment: str
    version: int = Field(description="The version of the post decided on.")
    at: datetime


class PostOut(BaseModel):
    """Where a post stands."""

    id: int
    state: StateName
    version: int
    verdict: VerdictName
    scheduled_at: datetime | None
    hold_reason: str | None = Field(description="person, review, account or resume.")
    hold_note: str | None
    approvals_needed: int
    approvals_given: int = Field(description="Approvals of the current version.")
    deliveries: list[DeliveryOut]
    approvals: list[ApprovalOut]

    @classmethod
    def of(cls, detail: PostDetail) -> PostOut:
        view = detail.draft
        return cls(
            id=view.id,
            state=view.state,  # type: ignore[arg-type]
            version=view.version,
            verdict=view.verdict.value,
            scheduled_at=view.scheduled_at,
            hold_reason=view.hold_reason,
            hold_note=view.hold_note,
            approvals_needed=detail.approvals_needed,
            approvals_given=detail.approvals_given,
            deliveries=[
                DeliveryOut(
                    account_id=d.account_id,
                    network=d.network,
                    handle=d.handle,
                    state=d.state,
                    attempts=d.attempts,
                    error=d.error,
                    due_at=d.due_at,
                    published_at=d.published_at,
                    remote_url=d.remote_url,
                )
                for d in detail.deliveries
            ],
            approvals=[
                ApprovalOut(
                    user_id=a.user_id,
                    decision=a.decision,  # type: ignore[arg-type]
                    comment=a.comment,
                    version=a.version,
                    at=a.at,
                )
                for a in detail.decisions
            ],
        )


# Routes ----------------------------------------------------------------------------------------


@router.get("/posts/{draft_id}", summary="Read where a post stands")
def get_post(request: Request, caller: Caller, draft_id: int) -> PostOut:
    with database(request).reading() as s:
        return _post(s, caller, draft_id)


@router.post("/drafts/{draft_id}/schedule", summary="Schedule a draft")
def schedule(request: Request, caller: Caller, draft_id: int, body: ScheduleIn) -> PostOut:
    """Plan the draft to go out at ``at``, in the queue's next slot, or as soon as it may.
    Review runs again for that time; a post it blocks is refused (422) unless an admin gives
    ``override_reason``."""
    with database(request).transaction() as s:
        at = publishing.next_slot(s, caller.workspace_id) if body.queue else body.at
        publishing.schedule(
            s,
            caller.workspace_id,
            caller,
            draft_id,
            at,
            expected_version=body.version,
            override_reason=body.override_reason,
        )
        return _post(s, caller, draft_id)


@router.post("/drafts/{draft_id}/approve", summary="Approve a post")
def approve(request: Request, caller: Caller, draft_id: int, body: ApproveIn) -> PostOut:
    """Approve the version read. Refused (403) to the post's author and to whoever
    submitted it; refused (409) when the post changed since that version."""
    with database(request).transaction() as s:
        publishing.approve(
            s,
            caller.workspace_id,
            caller,
            draft_id,
            expected_version=body.version,
            comment=body.comment,
            override_reason=body.override_reason,
        )
        return _post(s, caller, draft_id)


@router.post("/drafts/{draft_id}/reject", summary="Send a post back to its author")
def reject(request: Request, caller: Caller, draft_id: int, body: DecisionIn) -> PostOut:
    """Send the post back to drafts with ``comment`` (required) saying what should change."""
    with database(request).transaction() as s:
        publishing.reject(
            s,
            caller.workspace_id,
            caller,
            draft_id,
            expected_version=body.version,
            comment=body.comment,
        )
        return _post(s, caller, draft_id)


@router.post("/drafts/{draft_id}/hold", summary="Hold a planned post")
def hold(request: Request, caller: Caller, draft_id: int, body: HoldIn) -> PostOut:
    with database(request).transaction() as s:
        publishing.hold(s, caller.workspace_id, caller, draft_id, body.note)
        return _post(s, caller, draft_id)


@router.post("/drafts/{draft_id}/release", summary="Release a held post")
def release(request: Request, caller: Caller, draft_id: int, body: ReleaseIn) -> PostOut:
    with database(request).transaction() as s:
        publishing.release(s, caller.workspace_id, caller, draft_id, body.at)
        return _post(s, caller, draft_id)


@router.post("/drafts/{draft_id}/cancel", summary="Take a post off the schedule")
def cancel(request: Request, caller: Caller, draft_id: int) -> PostOut:
    with database(request).transaction() as s:
        publishing.cancel(s, caller.workspace_id, caller, draft_id)
        return _post(s, caller, draft_id)


def _post(s: Session, caller: Actor, draft_id: int) -> PostOut:
    return PostOut.of(posts.post_detail(s, caller.workspace_id, caller, draft_id))
