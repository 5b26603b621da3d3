"""Workspaces: creating, belonging, members, settings and accounts."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from poise.domain import Role
from poise.services import audit, auth, workspaces
from poise.services.errors import Conflict, Forbidden, Invalid, NotFound
from tests.services.cast import PASSWORD, Cast


def test_the_creator_of_a_workspace_becomes_its_owner(session: Session) -> None:
    ana = auth.create_user(session, "ana@example.com", "Ana", PASSWORD)
    created = workspaces.create_workspace(session, "Café Ana", ana.id, time_zone="Europe/Paris")
    assert created.slug == "cafe-ana"
    assert workspaces.actor_for(session, created.id, ana.id).role is Role.OWNER


def test_two_workspaces_with_the_same_name_get_different_slugs(session: Session) -> None:
    first = workspaces.create_workspace(session, "Acme", None)
    second = workspaces.create_workspace(session, "ACME", None)
    third = workspaces.create_workspace(session, "日本のブランド", None)
    assert (first.slug, second.slug, third.slug) == ("acme", "acme-2", "workspace")


def test_a_user_sees_their_workspaces_with_their_roles(session: Session, cast: Cast) -> None:
    globex_editor = workspaces.add_member(
        session, cast.other_workspace_id, cast.outsider, "editor@acme.test", Role.VIEWER
    )
    mine = workspaces.my_workspaces(session, globex_editor.user_id)
    assert [(m.workspace.name, m.role) for m in mine] == [
        ("Acme", Role.EDITOR),
        ("Globex", Role.VIEWER),
    ]


def test_members_are_listed_with_their_roles(session: Session, cast: Cast) -> None:
    members = workspaces.list_members(session, cast.workspace_id, cast.viewer)
    assert {m.role for m in members} == set(Role)
    assert "oscar@globex.test" not in {m.email for m in members}


def test_the_last_owner_cannot_be_demoted(session: Session, cast: Cast) -> None:
    with pytest.raises(Conflict, match="make another member owner first"):
        workspaces.change_role(
            session, cast.workspace_id, cast.owner, cast.uid(cast.owner), Role.ADMIN
        )


def test_the_last_owner_cannot_be_removed_or_leave(session: Session, cast: Cast) -> None:
    with pytest.raises(Conflict, match="last owner cannot be removed"):
        workspaces.remove_member(session, cast.workspace_id, cast.owner, cast.uid(cast.owner))


def test_an_owner_can_leave_once_another_owner_remains(session: Session, cast: Cast) -> None:
    workspaces.change_role(session, cast.workspace_id, cast.owner, cast.uid(cast.admin), "owner")
    workspaces.remove_member(session, cast.workspace_id, cast.owner, cast.uid(cast.owner))
    with pytest.raises(NotFound):
        workspaces.actor_for(session, cast.workspace_id, cast.uid(cast.owner))


def test_an_admin_cannot_demote_or_remove_an_owner(session: Session, cast: Cast) -> None:
    with pytest.raises(Forbidden):
        workspaces.change_role(
            session, cast.workspace_id, cast.admin, cast.uid(cast.owner), Role.VIEWER
        )
    with pytest.raises(Forbidden):
        workspaces.remove_member(session, cast.workspace_id, cast.admin, cast.uid(cast.owner))


def test_any_member_may_leave(session: Session, cast: Cast) -> None:
    workspaces.remove_member(session, cast.workspace_id, cast.viewer, cast.uid(cast.viewer))
    assert len(workspaces.list_members(session, cast.workspace_id, cast.owner)) == 5


def test_adding_someone_without_an_account_says_to_invite_them(
    session: Session, cast: Cast
) -> None:
    with pytest.raises(NotFound, match="invite them instead"):
        workspaces.add_member(session, cast.workspace_id, cast.admin, "new@example.com", "editor")


def test_settings_are_checked_and_saved(session: Session, cast: Cast) -> None:
    changed = workspaces.update_settings(
        session,
        cast.workspace_id,
        cast.admin,
        time_zone="Asia/Tokyo",
        audience_countries=["jp", "US", "JP"],
        audience_languages=["ja", "en"],
        banned_words=["cheapest", " Cheapest ", "", "miracle"],
        glossary=["Acme Rocket"],
        disclosure_required=True,
    )
    assert changed.time_zone == "Asia/Tokyo"
    assert changed.audience_countries == ("JP", "US")
    assert changed.banned_words == ("cheapest", "miracle")
    assert changed.disclosure_required


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"time_zone": "Mars/Olympus"}, "use an IANA name such as Europe/Paris"),
        ({"audience_countries": ["DE"]}, "Poise has no calendar for DE; use some of AE"),
        ({"audience_languages": ["de"]}, "Poise does not read de; use some of en, fr, ar, ja"),
        ({"banned_words": ["x" * 101]}, "longer than 100 characters"),
        ({"name": "   "}, "give the workspace a name"),
    ],
)
def test_a_bad_setting_says_what_to_use(
    session: Session, cast: Cast, change: dict[str, object], message: str
) -> None:
    with pytest.raises(Invalid, match=message):
        workspaces.update_settings(session, cast.workspace_id, cast.admin, **change)  # type: ignore[arg-type]


def test_a_settings_change_is_audited_with_before_and_after(session: Session, cast: Cast) -> None:
    workspaces.update_settings(session, cast.workspace_id, cast.admin, glossary=["Acme Rocket"])
    latest = audit.list_audit(session, cast.workspace_id, cast.admin, limit=1)[0]
    assert latest.action == "workspace.settings_changed"
    assert latest.actor_user_id == cast.uid(cast.admin)
    assert latest.details == {"glossary": {"from": [], "to": ["Acme Rocket"]}}


def test_an_account_is_created_for_a_known_network(session: Session, cast: Cast) -> None:
    made = workspaces.create_account(session, cast.workspace_id, cast.admin, "Bluesky", "@acme")
    assert made.network == "bluesky"
    with pytest.raises(Conflict):
        workspaces.create_account(session, cast.workspace_id, cast.admin, "bluesky", "@acme")
    with pytest.raises(Invalid, match="use one of sandbox, bluesky"):
        workspaces.create_account(session, cast.workspace_id, cast.admin, "myspace", "@acme")
    listed = workspaces.list_accounts(session, cast.workspace_id, cast.viewer)
    assert [a.handle for a in listed] == ["@acme"]
    assert workspaces.list_accounts(session, cast.other_workspace_id, cast.outsider) == []
