"""Members (admins and owners): roles, removal, invitations shown as a link, and the rule that
a workspace always keeps an owner."""

from __future__ import annotations

import re

from markupsafe import escape
from sqlalchemy.orm import Session

from poise.domain import Role
from poise.services import auth, workspaces
from tests.services.cast import Cast
from tests.web.conftest import Browser, sign_in_as

MEMBERS = "/w/acme/members"
_LINK = re.compile(r'value="(http://poise\.test/invitations/[A-Za-z0-9_-]+)"')


def _role_of(session: Session, cast: Cast, user_id: int) -> Role | None:
    session.rollback()
    try:
        found = workspaces.list_members(session, cast.workspace_id, cast.owner)
        return next((m.role for m in found if m.user_id == user_id), None)
    finally:
        session.rollback()


def test_an_admin_sees_every_member_with_their_role(browser: Browser, cast: Cast) -> None:
    sign_in_as(browser, "admin")
    page = browser.client.get(MEMBERS).text
    for name in ("Olivia Owner", "Edith Editor", "Colin Contributor", "Vera Viewer"):
        assert name in page
    assert "approver@acme.test" in page
    assert '<a href="/w/acme/members" aria-current="page">' in page


def test_an_admin_cannot_change_an_owner_so_the_owner_has_no_role_form(
    browser: Browser, cast: Cast
) -> None:
    sign_in_as(browser, "admin")
    page = browser.client.get(MEMBERS).text
    assert f"{MEMBERS}/{cast.uid(cast.owner)}/role" not in page
    assert f"{MEMBERS}/{cast.uid(cast.editor)}/role" in page
    assert '<option value="owner"' not in page


def test_a_role_is_changed(browser: Browser, session: Session, cast: Cast) -> None:
    sign_in_as(browser, "admin")
    response = browser.post(
        f"{MEMBERS}/{cast.uid(cast.viewer)}/role", {"role": "approver"}, MEMBERS
    )
    assert response.headers["location"] == f"{MEMBERS}?done=role_changed"
    assert "The role was changed." in browser.client.get(response.headers["location"]).text
    assert _role_of(session, cast, cast.uid(cast.viewer)) is Role.APPROVER


def test_an_admin_cannot_make_someone_owner(browser: Browser, session: Session, cast: Cast) -> None:
    sign_in_as(browser, "admin")
    response = browser.post(f"{MEMBERS}/{cast.uid(cast.editor)}/role", {"role": "owner"}, MEMBERS)
    assert response.status_code == 403
    assert _role_of(session, cast, cast.uid(cast.editor)) is Role.EDITOR


def test_the_last_owner_cannot_be_demoted_and_the_page_says_why(
    browser: Browser, session: Session, cast: Cast
) -> None:
    sign_in_as(browser, "owner")
    response = browser.post(f"{MEMBERS}/{cast.uid(cast.owner)}/role", {"role": "admin"}, MEMBERS)
    assert response.status_code == 409
    assert "the last owner cannot be demoted: make another member owner first" in response.text
    assert 'role="alert"' in response.text
    assert _role_of(session, cast, cast.uid(cast.owner)) is Role.OWNER


def test_the_last_owner_cannot_leave(browser: Browser, session: Session, cast: Cast) -> None:
    sign_in_as(browser, "owner")
    response = browser.post(f"{MEMBERS}/{cast.uid(cast.owner)}/remove", {}, MEMBERS)
    assert response.status_code == 409
    assert "the last owner cannot be removed" in response.text
    assert _role_of(session, cast, cast.uid(cast.owner)) is Role.OWNER


def test_with_a_second_owner_the_first_may_step_down(
    browser: Browser, session: Session, cast: Cast
) -> None:
    sign_in_as(browser, "owner")
    browser.post(f"{MEMBERS}/{cast.uid(cast.admin)}/role", {"role": "owner"}, MEMBERS)
    response = browser.post(f"{MEMBERS}/{cast.uid(cast.owner)}/role", {"role": "admin"}, MEMBERS)
    assert response.status_code == 303
    assert _role_of(session, cast, cast.uid(cast.owner)) is Role.ADMIN


def test_a_member_is_removed(browser: Browser, session: Session, cast: Cast) -> None:
    sign_in_as(browser, "admin")
    response = browser.post(f"{MEMBERS}/{cast.uid(cast.contributor)}/remove", {}, MEMBERS)
    assert response.headers["location"] == f"{MEMBERS}?done=removed"
    assert _role_of(session, cast, cast.uid(cast.contributor)) is None


def test_leaving_a_workspace_leads_home(browser: Browser, session: Session, cast: Cast) -> None:
    sign_in_as(browser, "admin")
    response = browser.post(f"{MEMBERS}/{cast.uid(cast.admin)}/remove", {}, MEMBERS)
    assert response.headers["location"] == "/"
    assert browser.client.get(MEMBERS).status_code == 404


def test_an_invitation_link_is_shown_once_and_says_email_is_not_sent(
    browser: Browser, cast: Cast
) -> None:
    sign_in_as(browser, "admin")
    response = browser.post(
        "/w/acme/invitations", {"email": "Nina@Example.com", "role": "editor"}, MEMBERS
    )
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    assert "Poise does not send email yet" in response.text
    link = _LINK.search(response.text)
    assert link, "the invitation link is on the page"
    assert browser.client.get(link.group(1).removeprefix("http://poise.test")).status_code == 200
    again = browser.client.get(MEMBERS).text
    assert "nina@example.com" in again  # pending
    assert link.group(1) not in again  # never shown again


def test_an_invalid_email_is_explained_and_kept_in_the_form(browser: Browser, cast: Cast) -> None:
    sign_in_as(browser, "admin")
    response = browser.post(
        "/w/acme/invitations", {"email": "nina at example", "role": "editor"}, MEMBERS
    )
    assert response.status_code == 422
    assert "is not an email address" in response.text
    assert 'value="nina at example"' in response.text


def test_inviting_a_member_again_is_refused(browser: Browser, cast: Cast) -> None:
    sign_in_as(browser, "admin")
    response = browser.post(
        "/w/acme/invitations", {"email": "editor@acme.test", "role": "viewer"}, MEMBERS
    )
    assert response.status_code == 409
    assert "already a member of this workspace" in response.text


def test_a_revoked_invitation_no_longer_opens(
    browser: Browser, session: Session, cast: Cast
) -> None:
    made = auth.create_invitation(
        session, cast.workspace_id, cast.owner, "nina@example.com", "editor"
    )
    session.commit()
    sign_in_as(browser, "admin")
    response = browser.post(f"/w/acme/invitations/{made.invitation.id}/revoke", {}, MEMBERS)
    assert response.headers["location"] == f"{MEMBERS}?done=revoked"
    page = browser.client.get(f"/invitations/{made.token}")
    assert page.status_code == 404
    assert "this invitation link is not valid" in page.text


def test_an_invitation_of_another_workspace_cannot_be_revoked(
    browser: Browser, session: Session, cast: Cast
) -> None:
    theirs = auth.create_invitation(
        session, cast.other_workspace_id, cast.outsider, "nina@example.com", "editor"
    )
    session.commit()
    sign_in_as(browser, "owner")
    response = browser.post(f"/w/acme/invitations/{theirs.invitation.id}/revoke", {}, MEMBERS)
    assert response.status_code == 404


def test_a_hostile_member_name_is_shown_as_text(
    browser: Browser, session: Session, cast: Cast
) -> None:
    hostile = "<img src=x onerror=alert(1)>"
    user = auth.create_user(session, "mallory@acme.test", hostile, "correct horse battery staple")
    workspaces.add_member(session, cast.workspace_id, cast.owner, user.email, Role.VIEWER)
    session.commit()
    sign_in_as(browser, "admin")
    page = browser.client.get(MEMBERS).text
    assert hostile not in page
    assert str(escape(hostile)) in page
