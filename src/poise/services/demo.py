"""The demo workspace: a coffee chain in four countries, ready to explore (``poise demo-data``).

Its content is in ``data/demo.toml``. Every draft is saved through ``drafts.save_draft``, so it
carries the verdict Poise really gives it. Running it again changes nothing, except the admin's
password when one is given.
"""

from __future__ import annotations

import secrets
import tomllib
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from importlib import resources
from typing import Any

from sqlalchemy.orm import Session

from poise.domain import Actor, Role
from poise.review import Media
from poise.services import (
    audit,
    auth,
    clock,
    drafts,
    events,
    passwords,
    publishing,
    queue,
    voice,
    workspaces,
)
from poise.storage.tables import Membership
from poise.storage.users import Users
from poise.storage.workspaces import Members, Workspaces


@dataclass(frozen=True, slots=True)
class DemoResult:
    """What was set up. ``password`` is the admin's password when it was set by this run
    (``None`` when the admin existed and no new password was given)."""

    email: str
    password: str | None
    workspace_id: int
    workspace_slug: str
    created: bool


@cache
def content() -> dict[str, Any]:
    """The demo's content, from ``data/demo.toml``."""
    text = (resources.files("poise.services") / "data" / "demo.toml").read_text("utf-8")
    return tomllib.loads(text)


def seed_demo(session: Session, password: str | None = None) -> DemoResult:
    """Create the demo admin and workspace unless they exist; with ``password``, (re)set the
    admin's password to it. Without one, a new admin gets a random password, returned once."""
    data = content()
    admin_id, new_password = _admin(session, data["admin"], password)
    slug = workspaces.slugify(data["workspace"]["name"])
    existing = Workspaces(session).by_slug(slug)
    if existing is not None:
        _ensure_owner(session, existing.id, admin_id)
        return DemoResult(data["admin"]["email"], new_password, existing.id, slug, created=False)
    workspace_id = _workspace(session, data, admin_id)
    return DemoResult(data["admin"]["email"], new_password, workspace_id, slug, created=True)


def _admin(session: Session, admin: dict[str, Any], password: str | None) -> tuple[int, str | None]:
    user = Users(session).by_email(admin["email"])
    if user is None:
        chosen = password or secrets.token_urlsafe(12)
        created = auth.create_user(session, admin["email"], admin["name"], chosen)
        return created.id, chosen
    if password is not None:
        user.password_hash = passwords.hash_password(passwords.check_new(password, user.email))
        audit.record(session, None, "user.password_reset", "user", user.id, {"via": "demo-data"})
    return user.id, password


def _ensure_owner(session: Session, workspace_id: int, user_id: int) -> None:
    members = Members(session, workspace_id)
    if members.get(user_id) is None:
        members.add(
            Membership(
                user_id=user_id,
                workspace_id=workspace_id,
                role=Role.OWNER.value,
                created_at=clock.now(),
            )
        )


def _workspace(session: Session, data: dict[str, Any], admin_id: int) -> int:
    spec = data["workspace"]
    workspace = workspaces.create_workspace(
        session, spec["name"], admin_id, time_zone=spec["time_zone"]
    )
    actor = Actor(workspace.id, Role.OWNER, user_id=admin_id)
    workspaces.update_settings(
        session,
        workspace.id,
        actor,
        audience_countries=spec["audience_countries"],
        audience_languages=spec["audience_languages"],
        banned_words=spec["banned_words"],
        glossary=spec["glossary"],
        disclosure_required=spec["disclosure_required"],
    )
    accounts = {
        item["key"]: workspaces.create_account(
            session, workspace.id, actor, item["network"], item["handle"], item["name"]
        ).id
        for item in data["accounts"]
    }
    for key, posts in data["voice"].items():
        voice.import_text(session, workspace.id, actor, "\n".join(posts), accounts[key])
    _event(session, actor, data["event"])
    saved = [
        drafts.save_draft(session, workspace.id, actor, _draft(item, accounts))
        for item in data["drafts"]
    ]
    _plan(session, actor, data["queue"], saved)
    return workspace.id


def _plan(
    session: Session, actor: Actor, spec: dict[str, Any], saved: list[drafts.DraftView]
) -> None:
    """Give the queue its time slots and put the first drafts review passes on it, so the
    calendar has posts on it and the worker has something to send to the sandbox."""
    queue.set_slots(session, actor.workspace_id, actor, queue.parse_slots(spec["slots"]))
    passing = [view for view in saved if view.verdict.value == "pass"][: int(spec["posts"])]
    for view in passing:
        when = publishing.next_slot(session, actor.workspace_id)
        publishing.schedule(session, actor.workspace_id, actor, view.id, when)


def _event(session: Session, actor: Actor, spec: dict[str, Any]) -> None:
    start = clock.now() - timedelta(hours=int(spec["hours_ago"]))
    fields = {key: value for key, value in spec.items() if key != "hours_ago"}
    events.declare_event(session, actor.workspace_id, actor, {**fields, "start": start.isoformat()})


def _draft(item: dict[str, Any], accounts: dict[str, int]) -> drafts.DraftInput:
    return drafts.DraftInput(
        text=item["text"],
        account_ids=(accounts[item["account"]],),
        media=tuple(
            Media(kind=m.get("kind", "image"), alt=m.get("alt")) for m in item.get("media", [])
        ),
        reply_to=item.get("reply_to"),
    )
