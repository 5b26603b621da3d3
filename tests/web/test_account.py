"""One's own account, and joining a workspace from an invitation link."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from poise.domain import Role
from poise.services import auth, workspaces
from tests.services.cast import PASSWORD, Cast
from tests.services.factories import FrozenClock
from tests.web.conftest import Browser, sign_in_as

NEW_PASSWORD = "a new and rather long password"


def _invite(session: Session, cast: Cast, email: str, role: str = "editor") -> str:
    made = auth.create_invitation(session, cast.workspace_id, cast.owner, email, role)
    session.commit()
    return f"/invitations/{made.token}"


def _role(session: Session, cast: Cast, email: str) -> Role | None:
    session.rollback()
    try:
        found = workspaces.list_members(session, cast.workspace_id, cast.owner)
        return next((m.role for m in found if m.email == email), None)
    finally:
        session.rollback()


# The account page ------------------------------------------------------------------------------


def test_the_account_page_lists_my_workspaces_with_my_role(browser: Browser, cast: Cast) -> None:
    sign_in_as(browser, "approver")
    page = browser.client.get("/account").text
    assert 'value="Aprille Approver"' in page
    assert '<a href="/w/acme/drafts">Acme</a>' in page
    assert "<td>Approver</td>" in page
    assert "Globex" not in page


def test_the_account_page_needs_a_signed_in_person(browser: Browser, cast: Cast) -> None:
    response = browser.client.get("/account", follow_redirects=False)
    assert response.headers["location"] == "/sign-in?next=/account"


def test_a_person_renames_themselves_and_chooses_the_interface_language(
    browser: Browser, session: Session, cast: Cast
) -> None:
    sign_in_as(browser, "editor")
    response = browser.post(
        "/account/profile", {"display_name": "Edith E.", "ui_language": "ja"}, "/account"
    )
    assert response.headers["location"] == "/account?done=profile"
    page = browser.client.get("/account").text
    assert '<html lang="ja" dir="ltr">' in page
    assert 'value="Edith E."' in page
    session.rollback()
    assert auth.get_user(session, cast.uid(cast.editor)).ui_language == "ja"


def test_a_blank_name_is_explained_in_the_form(browser: Browser, cast: Cast) -> None:
    sign_in_as(browser, "editor")
    response = browser.post(
        "/account/profile", {"display_name": " ", "ui_language": "en"}, "/account"
    )
    assert response.status_code == 422
    assert "give a name, as the team should see it" in response.text
    assert 'aria-invalid="true" aria-describedby="profile-error"' in response.text


def test_a_new_password_typed_differently_twice_is_refused(browser: Browser, cast: Cast) -> None:
    sign_in_as(browser, "editor")
    response = browser.post(
        "/account/password",
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm_password": "other"},
        "/account",
    )
    assert response.status_code == 422
    assert "The new password and its confirmation are different" in response.text


def test_a_wrong_current_password_is_refused(browser: Browser, cast: Cast) -> None:
    sign_in_as(browser, "editor")
    response = browser.post(
        "/account/password",
        {
            "current_password": "wrong",
            "new_password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
        },
        "/account",
    )
    assert response.status_code == 422
    assert "the current password is wrong" in response.text


def test_a_short_new_password_is_refused_with_the_rule(browser: Browser, cast: Cast) -> None:
    sign_in_as(browser, "editor")
    response = browser.post(
        "/account/password",
        {"current_password": PASSWORD, "new_password": "short", "confirm_password": "short"},
        "/account",
    )
    assert response.status_code == 422
    assert "use at least 10" in response.text


def test_a_changed_password_signs_other_browsers_out(browser: Browser, cast: Cast) -> None:
    other = Browser(TestClient(browser.client.app, base_url="http://poise.test"))
    other.sign_in("editor@acme.test")
    sign_in_as(browser, "editor")
    response = browser.post(
        "/account/password",
        {
            "current_password": PASSWORD,
            "new_password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
        },
        "/account",
    )
    assert response.headers["location"] == "/account?done=password"
    assert browser.client.get("/account").status_code == 200  # this browser stays signed in
    assert other.client.get("/account", follow_redirects=False).status_code == 303
    other.sign_in("editor@acme.test", NEW_PASSWORD)


# Invitations -----------------------------------------------------------------------------------


def test_an_invitation_creates_the_account_and_joins(
    browser: Browser, session: Session, cast: Cast
) -> None:
    link = _invite(session, cast, "nina@example.com", "contributor")
    page = browser.client.get(link).text
    assert "nina@example.com is invited to join Acme as Contributor." in page
    response = browser.post(link, {"display_name": "Nina", "password": NEW_PASSWORD}, link)
    assert response.status_code == 303
    assert response.headers["location"] == "/w/acme/drafts"
    assert browser.client.get("/account").status_code == 200  # signed in
    assert _role(session, cast, "nina@example.com") is Role.CONTRIBUTOR


def test_a_weak_password_keeps_the_invitation_form_with_the_name(
    browser: Browser, session: Session, cast: Cast
) -> None:
    link = _invite(session, cast, "nina@example.com")
    response = browser.post(link, {"display_name": "Nina", "password": "short"}, link)
    assert response.status_code == 422
    assert "use at least 10" in response.text
    assert 'value="Nina"' in response.text
    assert _role(session, cast, "nina@example.com") is None


def test_a_signed_in_person_accepts_with_their_account(
    browser: Browser, session: Session, cast: Cast
) -> None:
    link = _invite(session, cast, "oscar@globex.test", "viewer")
    sign_in_as(browser, "outsider")
    assert "Accept and join" in browser.client.get(link).text
    response = browser.post(link, {}, link)
    assert response.headers["location"] == "/w/acme/drafts"
    assert _role(session, cast, "oscar@globex.test") is Role.VIEWER
    assert browser.client.get("/w/acme/settings").status_code == 200


def test_an_invitation_for_someone_else_is_explained_and_refused(
    browser: Browser, session: Session, cast: Cast
) -> None:
    link = _invite(session, cast, "nina@example.com")
    sign_in_as(browser, "outsider")
    page = browser.client.get(link).text
    assert (
        "You are signed in as oscar@globex.test, but this invitation is for nina@example.com"
        in page
    )
    response = browser.post(link, {}, link)
    assert response.status_code == 403
    assert "this invitation is for nina@example.com" in response.text
    assert _role(session, cast, "oscar@globex.test") is None


def test_an_invitation_works_once(browser: Browser, session: Session, cast: Cast) -> None:
    link = _invite(session, cast, "nina@example.com")
    browser.post(link, {"display_name": "Nina", "password": NEW_PASSWORD}, link)
    page = browser.client.get(link)
    assert page.status_code == 404
    assert "this invitation has already been used" in page.text


def test_an_expired_invitation_says_so(
    browser: Browser, session: Session, cast: Cast, clock: FrozenClock
) -> None:
    link = _invite(session, cast, "nina@example.com")
    clock.advance(days=8)
    page = browser.client.get(link)
    assert page.status_code == 404
    assert "this invitation has expired; ask for a new one" in page.text


def test_an_unknown_invitation_is_404(browser: Browser, cast: Cast) -> None:
    page = browser.client.get("/invitations/made-up")
    assert page.status_code == 404
    assert "This invitation cannot be used" in page.text


def test_the_workspace_switch_goes_to_the_chosen_workspace(
    browser: Browser, session: Session, cast: Cast
) -> None:
    workspaces.add_member(
        session, cast.other_workspace_id, cast.outsider, "editor@acme.test", "viewer"
    )
    session.commit()
    sign_in_as(browser, "editor")
    response = browser.post("/w/acme/switch", {"slug": "globex"}, "/account")
    assert response.headers["location"] == "/w/globex/drafts"
    home = browser.client.get("/", follow_redirects=False)
    assert home.headers["location"] == "/w/globex/drafts"  # remembered


def test_the_switch_refuses_a_workspace_one_is_not_in(browser: Browser, cast: Cast) -> None:
    sign_in_as(browser, "editor")
    response = browser.post("/w/acme/switch", {"slug": "globex"}, "/account")
    assert response.status_code == 404
