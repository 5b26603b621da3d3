"""Roles in a workspace and what each may do.

The permission table is the single place that answers "may this role do that"; services ask it
through ``can`` and never compare roles themselves.

Decisions worth knowing:

- A **contributor** writes drafts but cannot publish: its posts go through an approver.
- An **approver** (legal, comms) approves and reads, but does not write drafts.
- **World events**: anyone who writes or approves may *declare* one, because a declared event
  only makes review more careful and the person who sees the news first should not need to
  ask. *Ending* or editing an event relaxes review, so it is kept to editors, approvers,
  admins and owners (``manage_events``).
- A post review **blocks** goes out only after an admin or owner overrides it with a reason
  (``override_review``); **pausing** and resuming publishing is theirs too.
- Only an owner may grant or take away the owner role; an admin manages everyone else.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType


class Role(StrEnum):
    """A member's role in one workspace."""

    OWNER = "owner"
    ADMIN = "admin"
    EDITOR = "editor"
    CONTRIBUTOR = "contributor"
    APPROVER = "approver"
    VIEWER = "viewer"


class Action(StrEnum):
    """Something a member may be allowed to do in a workspace."""

    VIEW_DRAFTS = "view_drafts"
    WRITE_DRAFTS = "write_drafts"
    EDIT_OTHERS_DRAFTS = "edit_others_drafts"
    PUBLISH = "publish"
    APPROVE = "approve"
    DECLARE_EVENTS = "declare_events"
    MANAGE_EVENTS = "manage_events"
    MANAGE_VOICE = "manage_voice"
    MANAGE_ACCOUNTS = "manage_accounts"
    MANAGE_WORKSPACE_SETTINGS = "manage_workspace_settings"
    VIEW_MEMBERS = "view_members"
    MANAGE_MEMBERS = "manage_members"
    MANAGE_TOKENS = "manage_tokens"
    VIEW_AUDIT = "view_audit"
    OVERRIDE_REVIEW = "override_review"
    PAUSE_PUBLISHING = "pause_publishing"


_O, _A, _E, _C, _P, _V = (
    Role.OWNER,
    Role.ADMIN,
    Role.EDITOR,
    Role.CONTRIBUTOR,
    Role.APPROVER,
    Role.VIEWER,
)
_EVERYONE = frozenset(Role)
_MANAGERS = frozenset({_O, _A})

PERMISSIONS: Mapping[Action, frozenset[Role]] = MappingProxyType(
    {
        Action.VIEW_DRAFTS: _EVERYONE,
        Action.WRITE_DRAFTS: frozenset({_O, _A, _E, _C}),
        Action.EDIT_OTHERS_DRAFTS: frozenset({_O, _A, _E}),
        Action.PUBLISH: frozenset({_O, _A, _E}),
        Action.APPROVE: frozenset({_O, _A, _P}),
        Action.DECLARE_EVENTS: frozenset({_O, _A, _E, _C, _P}),
        Action.MANAGE_EVENTS: frozenset({_O, _A, _E, _P}),
        Action.MANAGE_VOICE: frozenset({_O, _A, _E}),
        Action.MANAGE_ACCOUNTS: _MANAGERS,
        Action.MANAGE_WORKSPACE_SETTINGS: _MANAGERS,
        Action.VIEW_MEMBERS: _EVERYONE,
        Action.MANAGE_MEMBERS: _MANAGERS,
        Action.MANAGE_TOKENS: _MANAGERS,
        Action.VIEW_AUDIT: _MANAGERS,
        Action.OVERRIDE_REVIEW: _MANAGERS,
        Action.PAUSE_PUBLISHING: _MANAGERS,
    }
)


def can(role: Role, action: Action) -> bool:
    """Whether ``role`` may do ``action``."""
    return role in PERMISSIONS[action]


def roles_that_can(action: Action) -> tuple[Role, ...]:
    """The roles allowed to do ``action``, in the order ``Role`` lists them."""
    return tuple(role for role in Role if can(role, action))


def needs_approval(role: Role) -> bool:
    """Whether what ``role`` writes must be approved before it is published."""
    return can(role, Action.WRITE_DRAFTS) and not can(role, Action.PUBLISH)


def can_assign(assigner: Role, role: Role) -> bool:
    """Whether ``assigner`` may give someone ``role``, or change the role of someone who has it."""
    if not can(assigner, Action.MANAGE_MEMBERS):
        return False
    return assigner is Role.OWNER or role is not Role.OWNER


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is acting in a workspace, with which role, and from where.

    A person has ``user_id``; an API token has ``token_id`` (and acts with the token's role);
    the command line, run by whoever operates the server, has neither and acts as an owner.
    """

    workspace_id: int
    role: Role
    user_id: int | None = None
    token_id: int | None = None
    ip: str | None = None

    @classmethod
    def system(cls, workspace_id: int) -> Actor:
        """The server's operator, acting from the command line."""
        return cls(workspace_id, Role.OWNER)

    @property
    def is_system(self) -> bool:
        return self.user_id is None and self.token_id is None

    def can(self, action: Action) -> bool:
        """Whether this actor's role may do ``action``."""
        return can(self.role, action)
