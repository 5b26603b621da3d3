"""What was "posted" on the built-in sandbox network: the workspace's sandbox accounts' posts,
and one post, which is where a sandbox post's "live" link goes.

A post is shown only to members of the workspace whose delivery made it (the sandbox keeps
handles, not workspaces; two workspaces may both have a ``@brand`` sandbox account).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from poise.networks.sandbox import client as sandbox
from poise.services import workspaces
from poise.services.errors import NotFound
from poise.storage.tables import Account, Delivery, Workspace
from poise.web.deps import client_ip, database, here, signed_in
from poise.web.templating import render

router = APIRouter(include_in_schema=False)

SHOWN = 100


@router.get("/w/{slug}/sandbox")
def sandbox_page(request: Request, slug: str) -> Response:
    place = here(request, slug)
    with database(request).reading() as s:
        handles = _sandbox_handles(s, place.workspace.id)
        found = [
            post for h in handles for post in sandbox.recent_posts(sandbox.store_path(), SHOWN, h)
        ]
        drafts = _drafts_by_key(s, place.workspace.id, [post.key for post in found])
    posts = sorted((p for p in found if p.key in drafts), key=lambda p: p.id, reverse=True)
    context: dict[str, Any] = {
        "here": place,
        "active": "accounts",
        "posts": posts[:SHOWN],
        "drafts": drafts,
        "handles": handles,
        "post": None,
    }
    return render(request, "sandbox.html", context)


@router.get("/sandbox/posts/{post_id}")
def sandbox_post(request: Request, post_id: int) -> Response:
    person = signed_in(request)
    post = sandbox.get_post(sandbox.store_path(), post_id)
    if post is None:
        raise NotFound("no such sandbox post")
    with database(request).reading() as s:
        owner = _owner(s, post.key)
        if owner is None:
            raise NotFound("no such sandbox post")
        workspace_id, slug, draft_id = owner
        # NotFound for anyone who is not a member of the workspace the post belongs to.
        workspaces.actor_for(s, workspace_id, person.user.id, client_ip(request))
    place = here(request, slug)
    context = {"here": place, "active": "accounts", "post": post, "drafts": {post.key: draft_id}}
    return render(request, "sandbox.html", context)


def _sandbox_handles(s: Session, workspace_id: int) -> list[str]:
    query = select(Account.handle).where(
        Account.workspace_id == workspace_id, Account.network == "sandbox"
    )
    return sorted(s.scalars(query))


def _drafts_by_key(s: Session, workspace_id: int, keys: list[str]) -> dict[str, int]:
    if not keys:
        return {}
    query = select(Delivery.key, Delivery.draft_id).where(
        Delivery.workspace_id == workspace_id, Delivery.key.in_(keys)
    )
    return {key: draft_id for key, draft_id in s.execute(query)}


def _owner(s: Session, key: str) -> tuple[int, str, int] | None:
    """(workspace id, its slug, the post's id) of the delivery published under ``key``."""
    query = (
        select(Workspace.id, Workspace.slug, Delivery.draft_id)
        .join(Delivery, Delivery.workspace_id == Workspace.id)
        .where(Delivery.key == key)
    )
    found = s.execute(query).first()
    return None if found is None else (found[0], found[1], found[2])
