"""A post's page (its text, plan, deliveries, review, approvals, comments and history, with
the actions the reader may take) and the approvals queue.

Each action is a small form posted to its own address. When the service refuses it, the post's
page comes back with the service's message and what the reader typed, with the status of the
refusal (403, 404, 409 or 422); when it succeeds, the browser is sent back to the page.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from poise.domain import Action
from poise.domain.posts import PostState, may_move
from poise.networks import limits as network_limits
from poise.networks import names as network_names
from poise.services import comments, drafts, posts, publishing, workspaces
from poise.services.errors import Conflict, Forbidden, Invalid, NotFound, ServiceError
from poise.services.posts import PostDetail
from poise.web.deps import Here, database, here
from poise.web.routes.composer import content_of, excerpt, shown_findings
from poise.web.security import check_csrf
from poise.web.templating import render
from poise.web.times import local_value, parse_local

router = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)

NOTICES = frozenset(
    {
        "scheduled",
        "approved",
        "rejected",
        "held",
        "released",
        "cancelled",
        "rescheduled",
        "commented",
    }
)
# States from which a post can be taken off the schedule (``publishing.cancel``).
UNSCHEDULABLE = frozenset(
    {
        PostState.IN_REVIEW,
        PostState.APPROVED,
        PostState.SCHEDULED,
        PostState.HELD,
        PostState.EXPIRED,
        PostState.FAILED,
    }
)
RESCHEDULABLE = frozenset({PostState.SCHEDULED, PostState.IN_REVIEW})
_STATUS: dict[type[ServiceError], int] = {
    NotFound: 404,
    Forbidden: 403,
    Conflict: 409,
    Invalid: 422,
}


# Pages -----------------------------------------------------------------------------------------


@router.get("/w/{slug}/posts/{draft_id}")
def post_page(request: Request, slug: str, draft_id: int, done: str = "") -> Response:
    where = here(request, slug)
    return _page(request, where, draft_id, notice=done if done in NOTICES else None)


@router.get("/w/{slug}/approvals")
def approvals_page(request: Request, slug: str) -> Response:
    """Posts waiting for an approval, the soonest due first."""
    where = here(request, slug)
    with database(request).reading() as s:
        waiting = posts.waiting_for_approval(s, where.workspace.id, where.actor)
    context = {
        "here": where,
        "active": "approvals",
        "waiting": waiting,
        "may_approve": where.actor.can(Action.APPROVE),
    }
    return render(request, "approvals.html", context)


# Actions ---------------------------------------------------------------------------------------


@router.post("/w/{slug}/posts/{draft_id}/approve")
def approve(
    request: Request,
    slug: str,
    draft_id: int,
    version: Annotated[int, Form()],
    comment: Annotated[str, Form()] = "",
    override_reason: Annotated[str, Form()] = "",
) -> Response:
    where = here(request, slug)
    sent = {"comment": comment, "override_reason": override_reason}
    try:
        with database(request).transaction() as s:
            publishing.approve(
                s,
                where.workspace.id,
                where.actor,
                draft_id,
                expected_version=version,
                comment=comment,
                override_reason=override_reason.strip() or None,
            )
    except ServiceError as error:
        return _refused(request, where, draft_id, error, "decide", sent)
    return _back(where, draft_id, "approved")


@router.post("/w/{slug}/posts/{draft_id}/reject")
def reject(
    request: Request,
    slug: str,
    draft_id: int,
    version: Annotated[int, Form()],
    comment: Annotated[str, Form()] = "",
) -> Response:
    where = here(request, slug)
    try:
        with database(request).transaction() as s:
            publishing.reject(
                s,
                where.workspace.id,
                where.actor,
                draft_id,
                expected_version=version,
                comment=comment,
            )
    except ServiceError as error:
        return _refused(request, where, draft_id, error, "decide", {"comment": comment})
    return _back(where, draft_id, "rejected")


@router.post("/w/{slug}/posts/{draft_id}/hold")
def hold(request: Request, slug: str, draft_id: int, note: Annotated[str, Form()] = "") -> Response:
    where = here(request, slug)
    try:
        with database(request).transaction() as s:
            publishing.hold(s, where.workspace.id, where.actor, draft_id, note)
    except ServiceError as error:
        return _refused(request, where, draft_id, error, "hold", {"note": note})
    return _back(where, draft_id, "held")


@router.post("/w/{slug}/posts/{draft_id}/release")
def release(
    request: Request, slug: str, draft_id: int, at: Annotated[str, Form()] = ""
) -> Response:
    where = here(request, slug)
    try:
        when = parse_local(at, where.workspace.time_zone, "at") if at.strip() else None
        with database(request).transaction() as s:
            publishing.release(s, where.workspace.id, where.actor, draft_id, when)
    except ServiceError as error:
        return _refused(request, where, draft_id, error, "release", {"at": at})
    return _back(where, draft_id, "released")


@router.post("/w/{slug}/posts/{draft_id}/cancel")
def cancel(request: Request, slug: str, draft_id: int) -> Response:
    where = here(request, slug)
    try:
        with database(request).transaction() as s:
            publishing.cancel(s, where.workspace.id, where.actor, draft_id)
    except ServiceError as error:
        return _refused(request, where, draft_id, error, "cancel", {})
    return _back(where, draft_id, "cancelled")


@router.post("/w/{slug}/posts/{draft_id}/reschedule")
def reschedule(
    request: Request,
    slug: str,
    draft_id: int,
    at: Annotated[str, Form()] = "",
    version: Annotated[int | None, Form()] = None,
) -> Response:
    where = here(request, slug)
    try:
        when = parse_local(at, where.workspace.time_zone, "at")
        with database(request).transaction() as s:
            publishing.reschedule(s, where.workspace.id, where.actor, draft_id, when, version)
    except ServiceError as error:
        return _refused(request, where, draft_id, error, "reschedule", {"at": at})
    return _back(where, draft_id, "rescheduled")


@router.post("/w/{slug}/posts/{draft_id}/comments")
def comment(
    request: Request, slug: str, draft_id: int, body: Annotated[str, Form()] = ""
) -> Response:
    where = here(request, slug)
    try:
        with database(request).transaction() as s:
            comments.add_comment(s, where.workspace.id, where.actor, draft_id, body)
    except ServiceError as error:
        return _refused(request, where, draft_id, error, "comment", {"body": body})
    return RedirectResponse(
        f"/w/{where.workspace.slug}/posts/{draft_id}?done=commented#comments", status_code=303
    )


# Rendering -------------------------------------------------------------------------------------


def _refused(
    request: Request,
    where: Here,
    draft_id: int,
    error: ServiceError,
    form: str,
    sent: dict[str, str],
) -> Response:
    if isinstance(error, NotFound):
        raise error  # the post is gone, or never was here: the 404 page says so
    status = next((code for kind, code in _STATUS.items() if isinstance(error, kind)), 422)
    return _page(request, where, draft_id, error=error, error_in=form, sent=sent, status=status)


def _page(
    request: Request,
    where: Here,
    draft_id: int,
    *,
    notice: str | None = None,
    error: ServiceError | None = None,
    error_in: str | None = None,
    sent: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    workspace_id, actor = where.workspace.id, where.actor
    with database(request).reading() as s:
        detail = posts.post_detail(s, workspace_id, actor, draft_id)
        events = posts.history(s, workspace_id, actor, draft_id)
        said = comments.list_comments(s, workspace_id, actor, draft_id)
        accounts = {a.id: a for a in workspaces.list_accounts(s, workspace_id, actor)}
    content = content_of(detail.draft)
    context: dict[str, Any] = {
        "here": where,
        "active": "drafts",
        "post": detail,
        "draft": detail.draft,
        "accounts": accounts,
        "findings": [
            {**finding, "excerpt": excerpt(content, finding)}
            for finding in shown_findings(detail.draft.findings)
        ],
        "network_names": {name: network_limits(name).name for name in network_names()},
        "history": events,
        "comments": said,
        "may": permissions(where, detail),
        "behind": where.actor.user_id in detail.people_behind,
        "zone": where.workspace.time_zone,
        "scheduled_value": local_value(detail.draft.scheduled_at, where.workspace.time_zone),
        "notice": notice,
        "error": error,
        "error_in": error_in,
        "sent": sent or {},
    }
    return render(request, "post.html", context, status_code=status)


def permissions(where: Here, detail: PostDetail) -> dict[str, bool]:
    """Which of the page's actions the reader is shown (the services decide in the end)."""
    actor, view = where.actor, detail.draft
    state = PostState(view.state)
    editable = drafts.may_edit(actor, view) and view.state not in drafts.SENT_STATES
    in_review = state is PostState.IN_REVIEW
    decide = in_review and actor.can(Action.APPROVE) and actor.user_id not in detail.people_behind
    blocked = view.verdict.value == "block" and view.override_version != view.version
    return {
        "decide": decide,
        "approver": actor.can(Action.APPROVE),
        "override": decide and blocked and actor.can(Action.OVERRIDE_REVIEW),
        "edit": editable,
        "hold": actor.can(Action.PUBLISH) and may_move(state, PostState.HELD),
        "release": actor.can(Action.PUBLISH) and state is PostState.HELD,
        "cancel": editable and state in UNSCHEDULABLE,
        "reschedule": editable and state in RESCHEDULABLE,
        "comment": actor.can(Action.VIEW_DRAFTS),
    }


def _back(where: Here, draft_id: int, notice: str) -> Response:
    return RedirectResponse(
        f"/w/{where.workspace.slug}/posts/{draft_id}?done={notice}", status_code=303
    )
