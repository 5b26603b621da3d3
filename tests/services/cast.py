"""The people in every services test: one of each role at Acme, and an outsider who owns
Globex. Built through the services, as a real team would be."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from poise.domain import Actor, Role
from poise.services import auth, workspaces

PASSWORD = "correct horse battery staple"


@dataclass(frozen=True, slots=True)
class Cast:
    workspace_id: int
    other_workspace_id: int
    owner: Actor
    admin: Actor
    editor: Actor
    contributor: Actor
    approver: Actor
    viewer: Actor
    outsider: Actor

    def by_role(self, role: Role) -> Actor:
        return {
            Role.OWNER: self.owner,
            Role.ADMIN: self.admin,
            Role.EDITOR: self.editor,
            Role.CONTRIBUTOR: self.contributor,
            Role.APPROVER: self.approver,
            Role.VIEWER: self.viewer,
        }[role]

    def uid(self, actor: Actor) -> int:
        assert actor.user_id is not None
        return actor.user_id


def email_of(role: str) -> str:
    return f"{role}@acme.test"


def assemble(session: Session) -> Cast:
    owner = auth.create_user(session, email_of("owner"), "Olivia Owner", PASSWORD)
    acme = workspaces.create_workspace(
        session,
        "Acme",
        owner.id,
        audience_countries=["US", "FR"],
        audience_languages=["en", "fr"],
    )
    owner_actor = Actor(acme.id, Role.OWNER, user_id=owner.id)
    actors = {Role.OWNER: owner_actor}
    for role, name in [
        (Role.ADMIN, "Adam Admin"),
        (Role.EDITOR, "Edith Editor"),
        (Role.CONTRIBUTOR, "Colin Contributor"),
        (Role.APPROVER, "Aprille Approver"),
        (Role.VIEWER, "Vera Viewer"),
    ]:
        user = auth.create_user(session, email_of(role.value), name, PASSWORD)
        workspaces.add_member(session, acme.id, owner_actor, user.email, role)
        actors[role] = Actor(acme.id, role, user_id=user.id)
    outsider = auth.create_user(session, "oscar@globex.test", "Oscar Outsider", PASSWORD)
    globex = workspaces.create_workspace(session, "Globex", outsider.id)
    session.commit()
    return Cast(
        workspace_id=acme.id,
        other_workspace_id=globex.id,
        owner=actors[Role.OWNER],
        admin=actors[Role.ADMIN],
        editor=actors[Role.EDITOR],
        contributor=actors[Role.CONTRIBUTOR],
        approver=actors[Role.APPROVER],
        viewer=actors[Role.VIEWER],
        outsider=Actor(globex.id, Role.OWNER, user_id=outsider.id),
    )
