"""Checking an actor against the permission table."""

from __future__ import annotations

from poise.domain import Action, Actor, roles_that_can
from poise.services.errors import Forbidden, NotFound

# What each action is, in words, for the message of a refusal.
_DOING = {
    Action.VIEW_DRAFTS: "see drafts",
    Action.WRITE_DRAFTS: "write drafts",
    Action.EDIT_OTHERS_DRAFTS: "change other people's drafts",
    Action.PUBLISH: "publish",
    Action.APPROVE: "approve posts",
    Action.DECLARE_EVENTS: "declare world events",
    Action.MANAGE_EVENTS: "change or end world events",
    Action.MANAGE_VOICE: "manage the voice posts",
    Action.MANAGE_ACCOUNTS: "manage the social accounts",
    Action.MANAGE_WORKSPACE_SETTINGS: "change the workspace's settings",
    Action.VIEW_MEMBERS: "see the members",
    Action.MANAGE_MEMBERS: "manage members",
    Action.MANAGE_TOKENS: "manage API tokens",
    Action.VIEW_AUDIT: "read the audit trail",
    Action.OVERRIDE_REVIEW: "override a review that blocks a post",
    Action.PAUSE_PUBLISHING: "pause or resume publishing",
}


def require(actor: Actor, workspace_id: int, action: Action) -> None:
    """Raise ``Forbidden`` unless ``actor`` acts in ``workspace_id`` with a role that may do
    ``action``; ``NotFound`` when the actor belongs to another workspace, which learns nothing
    about this one."""
    if actor.workspace_id != workspace_id:
        raise NotFound("no such workspace")
    if not actor.can(action):
        allowed = ", ".join(roles_that_can(action))
        raise Forbidden(
            "a {role} cannot {doing}; ask someone who is {allowed}",
            action,
            role=actor.role,
            doing=_DOING[action],
            allowed=allowed,
        )
