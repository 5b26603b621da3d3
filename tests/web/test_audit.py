"""The audit log page: newest first, who, what, when in the reader's language, from where."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from markupsafe import escape
from sqlalchemy.orm import Session

from poise.services import audit, auth, workspaces
from tests.services import factories
from tests.services.cast import Cast
from tests.web.conftest import Browser, sign_in_as

AUDIT = "/w/acme/audit"


def _rows(page: str) -> list[str]:
    body = page[page.index("<tbody>") : page.index("</tbody>")]
    return re.findall(r'<th scope="row">([^<]+)</th>', body)


def test_changes_are_listed_newest_first_with_who_and_from_where(
    browser: Browser, cast: Cast
) -> None:
    sign_in_as(browser, "admin")
    browser.post("/w/acme/settings/accounts", {"network": "x", "handle": "@acme"}, "/account")
    browser.post("/w/acme/events", {"title": "Storm", "category": "disaster"}, "/account")
    page = browser.client.get(AUDIT).text
    assert _rows(page)[:2] == ["Declared a world event", "Added a social account"]
    assert "Adam Admin" in page
    assert "testclient" in page  # the address the request came from
    assert "Created the workspace" in page


def test_dates_are_in_the_readers_language_and_the_workspace_time_zone(
    browser: Browser, session: Session, cast: Cast
) -> None:
    workspaces.update_settings(session, cast.workspace_id, cast.owner, time_zone="Asia/Tokyo")
    session.commit()
    sign_in_as(browser, "owner")
    browser.post("/language", {"locale": "fr", "next": "/account"}, "/account")
    page = browser.client.get(AUDIT).text
    assert "21 nov. 2026, 18:00:00" in page  # 09:00 UTC


def test_the_log_is_paged_back_with_before_id(
    browser: Browser, session: Session, cast: Cast
) -> None:
    for number in range(60):
        audit.record(session, cast.owner, "voice.cleared", "voice", None, {"removed": number})
    session.commit()
    total = len(audit.list_audit(session, cast.workspace_id, cast.owner, limit=500))
    session.rollback()
    sign_in_as(browser, "owner")
    first = browser.client.get(AUDIT).text
    assert len(_rows(first)) == 50
    older = re.search(r'href="/w/acme/audit\?before_id=(\d+)"', first)
    assert older, "a link to older entries"
    second = browser.client.get(f"{AUDIT}?before_id={older.group(1)}").text
    assert "Newest entries" in second
    assert len(_rows(second)) == total - 50
    assert "before_id=" not in second  # nothing older


def test_an_action_through_the_api_names_the_token(
    app_client: TestClient, browser: Browser, session: Session, cast: Cast
) -> None:
    made = auth.create_api_token(session, cast.workspace_id, cast.owner, "Zapier", "editor")
    session.commit()
    app_client.post(
        "/api/v1/events",
        json={"title": "Strike", "category": "unrest"},
        headers={"authorization": f"Bearer {made.secret}"},
    )
    sign_in_as(browser, "owner")
    assert "API token “Zapier”" in browser.client.get(AUDIT).text


def test_hostile_details_are_shown_as_text(browser: Browser, session: Session, cast: Cast) -> None:
    hostile = "<svg onload=alert(1)>"
    factories.event(session, cast.editor, title=hostile)
    session.commit()
    sign_in_as(browser, "admin")
    page = browser.client.get(AUDIT).text
    assert hostile not in page
    assert str(escape(hostile)) in page
