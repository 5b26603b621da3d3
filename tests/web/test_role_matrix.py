"""Who gets what: every page, form and API route of the workspace pages, for every role.

A member whose role does not allow something gets 403; an outsider gets 404 for everything
of Acme, so a workspace never reveals what it holds; every form refuses a request without its
CSRF token.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from poise.domain import Actor, Role
from poise.services import auth, workspaces
from tests.services import factories
from tests.services.cast import PASSWORD, Cast
from tests.web.conftest import Browser, sign_in_as

ROLES = ["owner", "admin", "editor", "contributor", "approver", "viewer", "outsider"]
MEMBERS = frozenset(ROLES) - {"outsider"}
MANAGERS = frozenset({"owner", "admin"})
VOICE_KEEPERS = frozenset({"owner", "admin", "editor"})
DECLARERS = frozenset({"owner", "admin", "editor", "contributor", "approver"})
EVENT_KEEPERS = frozenset({"owner", "admin", "editor", "approver"})
WRITERS = frozenset({"owner", "admin", "editor", "contributor"})
OTHERS_EDITORS = frozenset({"owner", "admin", "editor"})


@dataclass(frozen=True, slots=True)
class World:
    """Things of Acme the routes act on."""

    account: int
    event: int
    invitation: int
    token: int
    extra_member: int
    draft: int

    def fill(self, path: str) -> str:
        return path.format(
            account=self.account,
            event=self.event,
            invitation=self.invitation,
            token=self.token,
            member=self.extra_member,
            draft=self.draft,
        )


@pytest.fixture
def world(session: Session, cast: Cast) -> World:
    wid, owner = cast.workspace_id, cast.owner
    extra = auth.create_user(session, "extra@acme.test", "Xavier Extra", PASSWORD)
    workspaces.add_member(session, wid, owner, extra.email, Role.VIEWER)
    made = World(
        account=factories.account(session, cast.admin),
        event=factories.event(session, cast.editor).id,
        invitation=auth.create_invitation(
            session, wid, owner, "new@acme.test", "editor"
        ).invitation.id,
        token=auth.create_api_token(session, wid, owner, "Old", "viewer").token.id,
        extra_member=extra.id,
        draft=factories.draft(session, owner).id,
    )
    session.commit()
    return made


# Pages -----------------------------------------------------------------------------------------

PAGES = [
    ("/w/acme/drafts", MEMBERS),
    ("/w/acme/drafts?verdict=review&q=latte", MEMBERS),
    ("/w/acme/compose", MEMBERS),
    ("/w/acme/drafts/{draft}", MEMBERS),
    ("/w/acme/drafts/{draft}/delete", OTHERS_EDITORS),
    ("/w/acme/settings", MEMBERS),
    ("/w/acme/calendar", MEMBERS),
    ("/w/acme/calendar?month=2026-12", MEMBERS),
    ("/w/acme/events", MEMBERS),
    ("/w/acme/members", MANAGERS),
    ("/w/acme/audit", MANAGERS),
    ("/w/acme/tokens", MANAGERS),
]

FORMS = [
    ("/w/acme/compose", {"text": "Our maple latte is back."}, WRITERS, 303),
    ("/w/acme/drafts/{draft}", {"text": "Our maple latte is back, again."}, OTHERS_EDITORS, 303),
    ("/w/acme/drafts/{draft}/delete", {}, OTHERS_EDITORS, 303),
    ("/w/acme/switch", {"slug": "acme"}, MEMBERS, 303),
    (
        "/w/acme/settings",
        {"name": "Acme", "time_zone": "Europe/Paris", "audience_countries": "FR"},
        MANAGERS,
        303,
    ),
    ("/w/acme/settings/voice", {"pasted": "Our first post"}, VOICE_KEEPERS, 303),
    ("/w/acme/settings/voice/clear", {}, VOICE_KEEPERS, 303),
    ("/w/acme/settings/accounts", {"network": "sandbox", "handle": "@acme_news"}, MANAGERS, 303),
    ("/w/acme/settings/accounts/{account}/remove", {}, MANAGERS, 303),
    ("/w/acme/members/{member}/role", {"role": "editor"}, MANAGERS, 303),
    ("/w/acme/members/{member}/remove", {}, MANAGERS, 303),
    ("/w/acme/invitations", {"email": "someone@acme.test", "role": "editor"}, MANAGERS, 200),
    ("/w/acme/invitations/{invitation}/revoke", {}, MANAGERS, 303),
    ("/w/acme/events", {"title": "Storm on the coast", "category": "disaster"}, DECLARERS, 303),
    ("/w/acme/events/{event}/end", {}, EVENT_KEEPERS, 303),
    ("/w/acme/tokens", {"name": "Zapier", "role": "editor"}, MANAGERS, 200),
    ("/w/acme/tokens/{token}/revoke", {}, MANAGERS, 303),
]


def _expected(role: str, allowed: frozenset[str], success: int) -> int:
    if role == "outsider":
        return 404
    return success if role in allowed else 403


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("path", "allowed"), PAGES)
def test_each_role_sees_exactly_the_pages_it_may(
    browser: Browser, world: World, role: str, path: str, allowed: frozenset[str]
) -> None:
    sign_in_as(browser, role)
    response = browser.client.get(world.fill(path), follow_redirects=False)
    assert response.status_code == _expected(role, allowed, 200), response.text[:500]


@pytest.mark.parametrize("role", ROLES)
def test_everyone_signed_in_has_an_account_page(browser: Browser, cast: Cast, role: str) -> None:
    sign_in_as(browser, role)
    assert browser.client.get("/account").status_code == 200


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("path", "data", "allowed", "success"), FORMS)
def test_each_role_may_send_exactly_the_forms_it_may(
    browser: Browser,
    world: World,
    role: str,
    path: str,
    data: dict[str, str],
    allowed: frozenset[str],
    success: int,
) -> None:
    sign_in_as(browser, role)
    response = browser.post(world.fill(path), data, page="/account")
    assert response.status_code == _expected(role, allowed, success), response.text[:500]


UNSAFE = [path for path, *_ in FORMS] + [
    "/account/profile",
    "/account/password",
    "/invitations/some-token",
]


@pytest.mark.parametrize("path", UNSAFE)
def test_every_form_refuses_a_request_without_its_csrf_token(
    browser: Browser, world: World, path: str
) -> None:
    sign_in_as(browser, "owner")
    response = browser.client.post(
        world.fill(path), data={"name": "x", "slug": "acme"}, follow_redirects=False
    )
    assert response.status_code == 403
    assert "The form has expired" in response.text


@pytest.mark.parametrize("path", [path for path, *_ in FORMS[:6]])
def test_a_form_with_a_wrong_csrf_token_is_refused_too(
    browser: Browser, world: World, path: str
) -> None:
    sign_in_as(browser, "owner")
    response = browser.client.post(
        world.fill(path), data={"csrf_token": "forged"}, follow_redirects=False
    )
    assert response.status_code == 403


# The JSON API ----------------------------------------------------------------------------------

TOKEN_ROLES = ["admin", "editor", "contributor", "approver", "viewer"]
EVERYONE = frozenset(TOKEN_ROLES)


def _tokens_need(roles: frozenset[str]) -> frozenset[str]:
    """The roles a token can have (never owner) among ``roles``."""
    return roles & EVERYONE


API = [
    ("GET", "/api/v1/workspace", None, EVERYONE, 200),
    ("GET", "/api/v1/drafts", None, EVERYONE, 200),
    ("GET", "/api/v1/drafts?verdict=pass&language=en&search=menu", None, EVERYONE, 200),
    ("POST", "/api/v1/drafts", {"text": "Our maple latte is back."}, WRITERS, 201),
    ("GET", "/api/v1/drafts/{draft}", None, EVERYONE, 200),
    ("PUT", "/api/v1/drafts/{draft}", {"text": "Maple latte, again."}, OTHERS_EDITORS, 200),
    ("DELETE", "/api/v1/drafts/{draft}", None, OTHERS_EDITORS, 204),
    ("POST", "/api/v1/review", {"text": "Hello!", "networks": ["x"]}, WRITERS, 200),
    ("GET", "/api/v1/events", None, EVERYONE, 200),
    ("POST", "/api/v1/events", {"title": "Storm", "category": "disaster"}, DECLARERS, 201),
    ("POST", "/api/v1/events/{event}/end", None, EVENT_KEEPERS, 200),
]


def _token(session: Session, owner: Actor, role: str) -> str:
    made = auth.create_api_token(session, owner.workspace_id, owner, f"{role} token", role)
    session.commit()
    return made.secret


def _call(client: TestClient, method: str, path: str, body: object, secret: str) -> int:
    headers = {"authorization": f"Bearer {secret}"}
    response = client.request(method, path, json=body, headers=headers)
    if response.status_code != 204:
        assert response.headers["content-type"] == "application/json", response.text
    return response.status_code


@pytest.mark.parametrize("role", TOKEN_ROLES)
@pytest.mark.parametrize(("method", "path", "body", "allowed", "success"), API)
def test_each_token_role_gets_exactly_the_api_routes_it_may(
    app_client: TestClient,
    session: Session,
    cast: Cast,
    world: World,
    role: str,
    method: str,
    path: str,
    body: object,
    allowed: frozenset[str],
    success: int,
) -> None:
    secret = _token(session, cast.owner, role)
    status = _call(app_client, method, world.fill(path), body, secret)
    assert status == (success if role in _tokens_need(allowed) else 403)


@pytest.mark.parametrize(
    ("method", "path", "body", "allowed", "success"), [r for r in API if "{" in r[1]]
)
def test_an_outsiders_token_gets_404_for_everything_of_acme(
    app_client: TestClient,
    session: Session,
    cast: Cast,
    world: World,
    method: str,
    path: str,
    body: object,
    allowed: frozenset[str],
    success: int,
) -> None:
    secret = _token(session, cast.outsider, "admin")
    assert _call(app_client, method, world.fill(path), body, secret) == 404
