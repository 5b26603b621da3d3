"""The JSON API: bearer tokens scoped to one workspace, errors that say what is wrong, and the
same use cases as the pages."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from poise.domain import Actor
from poise.services import auth, events
from tests.services import factories
from tests.services.cast import Cast


def _secret(session: Session, actor: Actor, role: str = "editor", name: str = "Zapier") -> str:
    made = auth.create_api_token(session, actor.workspace_id, actor, name, role)
    session.commit()
    return made.secret


def _bearer(secret: str) -> dict[str, str]:
    return {"authorization": f"Bearer {secret}"}


@pytest.fixture
def editor_token(session: Session, cast: Cast) -> str:
    return _secret(session, cast.owner, "editor")


# Authentication --------------------------------------------------------------------------------


def test_a_request_without_a_token_is_refused_with_401_and_what_to_send(
    app_client: TestClient, cast: Cast
) -> None:
    response = app_client.get("/api/v1/drafts")
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert "Authorization: Bearer" in response.json()["message"]


@pytest.mark.parametrize("header", ["Bearer poise_not-a-real-token", "Bearer nope", "Basic abc"])
def test_an_unknown_token_is_refused_with_401(
    app_client: TestClient, cast: Cast, header: str
) -> None:
    response = app_client.get("/api/v1/workspace", headers={"authorization": header})
    assert response.status_code == 401
    assert response.json()["status"] == 401


def test_a_session_cookie_does_not_open_the_api(app_client: TestClient, cast: Cast) -> None:
    from tests.web.conftest import Browser

    browser = Browser(app_client)
    browser.sign_in("owner@acme.test")
    assert app_client.get("/api/v1/workspace").status_code == 401


def test_a_revoked_token_stops_working_at_once(
    app_client: TestClient, session: Session, cast: Cast
) -> None:
    made = auth.create_api_token(session, cast.workspace_id, cast.owner, "CI", "viewer")
    session.commit()
    assert app_client.get("/api/v1/workspace", headers=_bearer(made.secret)).status_code == 200
    auth.revoke_api_token(session, cast.workspace_id, cast.owner, made.token.id)
    session.commit()
    response = app_client.get("/api/v1/workspace", headers=_bearer(made.secret))
    assert response.status_code == 401
    assert "revoked" in response.json()["message"]


def test_a_token_reaches_its_own_workspace_only(
    app_client: TestClient, session: Session, cast: Cast
) -> None:
    acme_draft = factories.draft(session, cast.owner, "Acme's secret launch")
    session.commit()
    globex = _secret(session, cast.outsider, "admin")
    workspace = app_client.get("/api/v1/workspace", headers=_bearer(globex)).json()
    assert workspace["name"] == "Globex"
    listed = app_client.get("/api/v1/drafts", headers=_bearer(globex)).json()
    assert listed["drafts"] == []
    response = app_client.get(f"/api/v1/drafts/{acme_draft.id}", headers=_bearer(globex))
    assert response.status_code == 404
    assert "Acme's secret launch" not in response.text


def test_a_role_that_may_not_write_gets_403_naming_who_may(
    app_client: TestClient, session: Session, cast: Cast
) -> None:
    viewer = _secret(session, cast.owner, "viewer")
    response = app_client.post("/api/v1/drafts", json={"text": "Hi"}, headers=_bearer(viewer))
    assert response.status_code == 403
    assert "a viewer cannot write drafts" in response.json()["message"]


# Drafts ----------------------------------------------------------------------------------------


def test_a_draft_written_through_the_api_is_reviewed_and_can_be_read_back(
    app_client: TestClient, editor_token: str
) -> None:
    created = app_client.post(
        "/api/v1/drafts",
        json={"text": "ALERT!!! Fire alarms going off at our store 🚨", "language": "en"},
        headers=_bearer(editor_token),
    )
    assert created.status_code == 201
    draft = created.json()
    assert created.headers["location"] == f"/api/v1/drafts/{draft['id']}"
    assert draft["verdict"] in ("review", "block")
    assert any(f["check"] == "alarm" for f in draft["findings"])
    read = app_client.get(f"/api/v1/drafts/{draft['id']}", headers=_bearer(editor_token))
    assert read.json()["text"] == draft["text"]


def test_drafts_are_listed_with_filters_and_a_cursor(
    app_client: TestClient, session: Session, cast: Cast, editor_token: str
) -> None:
    for number in range(3):
        factories.draft(session, cast.editor, f"Maple latte number {number}")
    factories.draft(session, cast.editor, "Bonjour à tous, le latte est là.", language="fr")
    session.commit()
    headers = _bearer(editor_token)
    first = app_client.get("/api/v1/drafts?search=maple&limit=2", headers=headers).json()
    assert len(first["drafts"]) == 2 and first["next_cursor"]
    rest = app_client.get(
        f"/api/v1/drafts?search=maple&limit=2&cursor={first['next_cursor']}", headers=headers
    ).json()
    assert len(rest["drafts"]) == 1 and rest["next_cursor"] is None
    french = app_client.get("/api/v1/drafts?language=fr", headers=headers).json()
    assert [d["language"] for d in french["drafts"]] == ["fr"]


def test_a_draft_is_changed_and_a_stale_version_is_refused_with_409(
    app_client: TestClient, editor_token: str
) -> None:
    headers = _bearer(editor_token)
    draft = app_client.post("/api/v1/drafts", json={"text": "First"}, headers=headers).json()
    changed = app_client.put(
        f"/api/v1/drafts/{draft['id']}", json={"text": "Second", "version": 1}, headers=headers
    )
    assert changed.status_code == 200 and changed.json()["version"] == 2
    stale = app_client.put(
        f"/api/v1/drafts/{draft['id']}", json={"text": "Third", "version": 1}, headers=headers
    )
    assert stale.status_code == 409
    assert "reload it" in stale.json()["message"]


def test_a_deleted_draft_is_gone(app_client: TestClient, editor_token: str) -> None:
    headers = _bearer(editor_token)
    draft = app_client.post("/api/v1/drafts", json={"text": "Oops"}, headers=headers).json()
    assert app_client.delete(f"/api/v1/drafts/{draft['id']}", headers=headers).status_code == 204
    assert app_client.get(f"/api/v1/drafts/{draft['id']}", headers=headers).status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "text"),
        ({"text": 3}, "text"),
        ({"text": "Hi", "language": "xx"}, "language"),
        ({"text": "Hi", "account_ids": [999]}, "account_ids"),
        ({"text": "Hi", "colour": "red"}, "colour"),
        ({"text": "   "}, "text"),
    ],
)
def test_invalid_input_is_422_naming_the_field(
    app_client: TestClient, editor_token: str, body: dict[str, object], field: str
) -> None:
    response = app_client.post("/api/v1/drafts", json=body, headers=_bearer(editor_token))
    assert response.status_code == 422
    error = response.json()
    assert error["field"] == field
    assert error["message"]


def test_a_body_that_is_not_json_is_422_saying_so(
    app_client: TestClient, editor_token: str
) -> None:
    response = app_client.post(
        "/api/v1/drafts",
        content=b"{not json",
        headers={**_bearer(editor_token), "content-type": "application/json"},
    )
    assert response.status_code == 422
    assert "not valid JSON" in response.json()["message"]


def test_a_damaged_cursor_is_422(app_client: TestClient, editor_token: str) -> None:
    response = app_client.get("/api/v1/drafts?cursor=@@@", headers=_bearer(editor_token))
    assert response.status_code == 422
    assert response.json()["field"] == "cursor"


# Review ----------------------------------------------------------------------------------------


def test_review_answers_without_saving_with_lengths_per_network(
    app_client: TestClient, editor_token: str
) -> None:
    headers = _bearer(editor_token)
    response = app_client.post(
        "/api/v1/review",
        json={"text": "x" * 301, "networks": ["x", "bluesky"], "variants": {"x": "Short."}},
        headers=headers,
    )
    assert response.status_code == 200
    result = response.json()
    assert {"verdict", "score", "language", "findings"} <= set(result)
    lengths = {item["network"]: item for item in result["lengths"]}
    assert lengths["x"] == {
        "network": "x",
        "length": 6,
        "max_length": 280,
        "unit": lengths["x"]["unit"],
        "fits": True,
    }
    assert lengths["bluesky"]["length"] == 301 and not lengths["bluesky"]["fits"]
    listed = app_client.get("/api/v1/drafts", headers=headers).json()
    assert listed["drafts"] == []


def test_review_findings_carry_a_span_and_a_replacement_in_the_readers_language(
    app_client: TestClient, editor_token: str
) -> None:
    response = app_client.post(
        "/api/v1/review",
        json={"text": "ALERT: fire alarms going off at our store", "language": "en"},
        headers={**_bearer(editor_token), "accept-language": "fr-FR,fr;q=0.9"},
    )
    findings = [f for f in response.json()["findings"] if f["check"] == "alarm"]
    assert findings
    assert findings[0]["span"]["start"] == 0
    assert findings[0]["severity"] in ("warn", "block")
    assert findings[0]["message"] != ""


def test_review_of_an_unknown_network_is_422(app_client: TestClient, editor_token: str) -> None:
    response = app_client.post(
        "/api/v1/review",
        json={"text": "Hello", "networks": ["myspace"]},
        headers=_bearer(editor_token),
    )
    assert response.status_code == 422
    assert response.json()["field"] == "networks"
    assert "myspace" in response.json()["message"]


# World events ----------------------------------------------------------------------------------


def test_an_event_is_declared_listed_and_ended(
    app_client: TestClient, session: Session, cast: Cast
) -> None:
    headers = _bearer(_secret(session, cast.owner, "approver"))
    declared = app_client.post(
        "/api/v1/events",
        json={
            "title": "Flooding in Valencia",
            "category": "disaster",
            "regions": ["ES"],
            "keywords": ["Valencia"],
            "start": "2026-11-21T08:00:00+01:00",
        },
        headers=headers,
    )
    assert declared.status_code == 201
    event = declared.json()
    assert event["active"] and event["regions"] == ["ES"]
    listed = app_client.get("/api/v1/events", headers=headers).json()["events"]
    assert [e["id"] for e in listed] == [event["id"]]
    ended = app_client.post(f"/api/v1/events/{event['id']}/end", headers=headers)
    assert ended.status_code == 200 and not ended.json()["active"]
    assert app_client.get("/api/v1/events", headers=headers).json()["events"] == []
    every = app_client.get("/api/v1/events?active_only=false", headers=headers).json()
    assert [e["id"] for e in every["events"]] == [event["id"]]
    again = app_client.post(f"/api/v1/events/{event['id']}/end", headers=headers)
    assert again.status_code == 409


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "Storm", "category": "weather"}, "category"),
        ({"title": "Storm", "regions": ["France"]}, "event"),
        ({"category": "disaster"}, "title"),
    ],
)
def test_an_invalid_event_is_422(
    app_client: TestClient, editor_token: str, body: dict[str, object], field: str
) -> None:
    response = app_client.post("/api/v1/events", json=body, headers=_bearer(editor_token))
    assert response.status_code == 422
    assert response.json()["field"] == field


def test_api_events_are_the_workspaces_events(
    app_client: TestClient, session: Session, cast: Cast, editor_token: str
) -> None:
    factories.event(session, cast.editor)
    events.declare_event(session, cast.other_workspace_id, cast.outsider, {"title": "Globex news"})
    session.commit()
    listed = app_client.get("/api/v1/events", headers=_bearer(editor_token)).json()["events"]
    assert [e["title"] for e in listed] == ["Attack in Paris"]


# Documentation ---------------------------------------------------------------------------------


def test_the_api_is_described_in_openapi_with_its_errors_and_bearer_tokens(
    app_client: TestClient,
) -> None:
    spec = app_client.get("/api/openapi.json").json()
    paths = spec["paths"]
    assert {
        "/api/v1/workspace",
        "/api/v1/drafts",
        "/api/v1/drafts/{draft_id}",
        "/api/v1/review",
        "/api/v1/events",
        "/api/v1/events/{event_id}/end",
    } <= set(paths)
    assert not any(path.startswith("/w/") for path in paths)
    create = paths["/api/v1/drafts"]["post"]
    assert create["tags"] == ["drafts"]
    assert create["security"] == [{"HTTPBearer": []}]
    assert {"401", "403", "404", "422"} <= set(create["responses"])
    assert "ApiError" in spec["components"]["schemas"]
    assert spec["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
