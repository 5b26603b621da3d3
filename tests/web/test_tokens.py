"""API tokens (admins and owners): made with a role, the secret shown once, revoked at once."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from markupsafe import escape
from sqlalchemy.orm import Session

from poise.services import auth
from tests.services.cast import Cast
from tests.web.conftest import Browser, sign_in_as

TOKENS = "/w/acme/tokens"
_SECRET = re.compile(r'id="token-secret" type="text" readonly value="(poise_[A-Za-z0-9_-]+)"')


def test_a_new_token_shows_its_secret_once_and_the_secret_works(
    browser: Browser, app_client: TestClient, cast: Cast
) -> None:
    sign_in_as(browser, "admin")
    response = browser.post(TOKENS, {"name": "Zapier", "role": "contributor"}, TOKENS)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    assert "it is shown only this once" in response.text
    found = _SECRET.search(response.text)
    assert found, "the secret is on the page"
    secret = found.group(1)
    listed = browser.client.get(TOKENS).text
    assert "Zapier" in listed and "Contributor" in listed and "Never" in listed
    assert secret not in listed
    api = app_client.get("/api/v1/workspace", headers={"authorization": f"Bearer {secret}"})
    assert api.status_code == 200


def test_a_revoked_token_is_refused_by_the_api(
    browser: Browser, app_client: TestClient, session: Session, cast: Cast
) -> None:
    made = auth.create_api_token(session, cast.workspace_id, cast.owner, "CI", "viewer")
    session.commit()
    sign_in_as(browser, "owner")
    response = browser.post(f"{TOKENS}/{made.token.id}/revoke", {}, TOKENS)
    assert response.headers["location"] == f"{TOKENS}?done=revoked"
    page = browser.client.get(response.headers["location"]).text
    assert "The token was revoked" in page and "Revoked on" in page
    api = app_client.get("/api/v1/workspace", headers={"authorization": f"Bearer {made.secret}"})
    assert api.status_code == 401


def test_a_token_cannot_be_an_owner_nor_nameless(browser: Browser, cast: Cast) -> None:
    sign_in_as(browser, "owner")
    page = browser.client.get(TOKENS).text
    assert '<option value="owner"' not in page
    response = browser.post(TOKENS, {"name": "Root", "role": "owner"}, TOKENS)
    assert response.status_code == 422
    assert "a token cannot be an owner" in response.text
    response = browser.post(TOKENS, {"name": " ", "role": "viewer"}, TOKENS)
    assert response.status_code == 422
    assert "name the token after what uses it" in response.text


def test_a_token_of_another_workspace_cannot_be_revoked(
    browser: Browser, session: Session, cast: Cast
) -> None:
    theirs = auth.create_api_token(session, cast.other_workspace_id, cast.outsider, "X", "viewer")
    session.commit()
    sign_in_as(browser, "owner")
    assert browser.post(f"{TOKENS}/{theirs.token.id}/revoke", {}, TOKENS).status_code == 404


def test_a_hostile_token_name_is_shown_as_text(browser: Browser, cast: Cast) -> None:
    hostile = '"><script>alert(1)</script>'
    sign_in_as(browser, "admin")
    browser.post(TOKENS, {"name": hostile, "role": "viewer"}, TOKENS)
    page = browser.client.get(TOKENS).text
    assert "<script>alert(1)</script>" not in page
    assert str(escape(hostile)) in page
