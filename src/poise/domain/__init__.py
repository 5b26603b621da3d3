"""Domain rules in plain types, with no I/O: who may do what in a workspace.

    from poise.domain import Action, Actor, Role, can
    can(Role.CONTRIBUTOR, Action.PUBLISH)  # False: a contributor's posts need an approval

The permission table and the decisions behind it are in ``poise.domain.roles``.
"""

from __future__ import annotations

from poise.domain.roles import (
    PERMISSIONS,
    Action,
    Actor,
    Role,
    can,
    can_assign,
    needs_approval,
    roles_that_can,
)

__all__ = [
    "PERMISSIONS",
    "Action",
    "Actor",
    "Role",
    "can",
    "can_assign",
    "needs_approval",
    "roles_that_can",
]
