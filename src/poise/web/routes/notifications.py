"""The reader's notifications: what needs them, from every workspace they belong to, worded in
their language, each with a link to its post; marking one or all of them read."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from poise.services import notifications, posts
from poise.web.deps import Here, database, here
from poise.web.security import check_csrf
from poise.web.templating import render

router = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)


@router.get("/w/{slug}/notifications")
def notifications_page(request: Request, slug: str) -> Response:
    where = here(request, slug)
    user_id = where.session.user.id
    slugs = {mine.workspace.id: mine.workspace.slug for mine in where.workspaces}
    with database(request).reading() as s:
        found = notifications.recent(s, user_id)
        lines = posts.first_lines(s, slugs, [n.draft_id for n in found if n.draft_id])
        people = {n.details.get("by") for n in found if isinstance(n.details.get("by"), int)}
        names = {user_id: posts.person_name(s, user_id) for user_id in people}
    context = {
        "here": where,
        "active": "notifications",
        "notifications": found,
        "slugs": slugs,
        "lines": lines,
        "names": names,
    }
    return render(request, "notifications.html", context)


@router.post("/w/{slug}/notifications/{notification_id}/read")
def mark_one_read(request: Request, slug: str, notification_id: int) -> Response:
    where = here(request, slug)
    with database(request).transaction() as s:
        notifications.mark_read(s, where.session.user.id, notification_id)
    return _back(where)


@router.post("/w/{slug}/notifications/read")
def mark_all_read(request: Request, slug: str) -> Response:
    where = here(request, slug)
    with database(request).transaction() as s:
        notifications.mark_read(s, where.session.user.id)
    return _back(where)


def _back(where: Here) -> Response:
    return RedirectResponse(f"/w/{where.workspace.slug}/notifications", status_code=303)
