"""A post's life in the pages: scheduling from the composer, the approvals queue, approving and
sending back, the two-person rule, holding, releasing and unscheduling, the drafts list by
state, the approval and queue settings, and the same use cases through the JSON API."""

from __future__ import annotations

import re
from typing import Any

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from poise.services import auth, notifications, publishing, workspaces
from poise.storage.tables import DraftAccount
from tests.services import factories
from tests.services.cast import Cast
from tests.web.conftest import Browser, sign_in_as

CALM = "Our winter menu is here: maple latte and cinnamon buns, from Monday."


def sandbox(session: Session, cast: Cast) -> int:
    made = factories.account(session, cast.admin, "@acme")
    session.commit()
    return made


def compose(browser: Browser, path: str = "/w/acme/compose", **fields: Any) -> httpx.Response:
    form: dict[str, Any] = {"csrf_token": browser.csrf(), "language": "auto", **fields}
    return browser.client.post(path, data=form, follow_redirects=False)


def post_id(response: httpx.Response) -> int:
    assert response.status_code == 303, response.text
    found = re.fullmatch(r"/w/acme/posts/(\d+)\?done=scheduled", response.headers["location"])
    assert found, response.headers["location"]
    return int(found.group(1))


def act(browser: Browser, post: int, action: str, **fields: str) -> httpx.Response:
    return browser.post(f"/w/acme/posts/{post}/{action}", fields, page=f"/w/acme/posts/{post}")


def page_of(browser: Browser, post: int) -> str:
    response = browser.client.get(f"/w/acme/posts/{post}")
    assert response.status_code == 200, response.text
    return response.text


def submitted_by_contributor(browser: Browser, session: Session, cast: Cast) -> int:
    account = sandbox(session, cast)
    sign_in_as(browser, "contributor")
    return post_id(
        compose(browser, text=CALM, account=str(account), publish="at", at="2026-11-21T15:00")
    )


def account_of(session: Session, post: int) -> int:
    found = session.scalar(select(DraftAccount.account_id).where(DraftAccount.draft_id == post))
    session.commit()
    assert found is not None
    return int(found)


# Scheduling and approving ----------------------------------------------------------------------


def test_a_contributors_scheduled_post_is_approved_from_the_queue_and_then_scheduled(
    browser: Browser, session: Session, cast: Cast
) -> None:
    post = submitted_by_contributor(browser, session, cast)
    page = page_of(browser, post)
    assert "In review" in page
    assert "Someone else must approve this" in page

    sign_in_as(browser, "approver")
    queue = browser.client.get("/w/acme/approvals").text
    assert f'href="/w/acme/posts/{post}"' in queue
    assert "0 of 1" in queue
    assert re.search(r'Approvals <span class="count-badge">1', queue)
    assert act(browser, post, "approve", version="1", comment="Lovely").status_code == 303

    page = page_of(browser, post)
    assert "Scheduled for" in page and "Nov 21, 2026, 3:00:00" in page
    assert "Aprille Approver" in page and "Lovely" in page
    assert "Sent for approval" in page  # the history
    assert f'href="/w/acme/posts/{post}"' not in browser.client.get("/w/acme/approvals").text


def test_nobody_approves_a_post_they_wrote_even_an_admin(
    browser: Browser, session: Session, cast: Cast
) -> None:
    account = sandbox(session, cast)
    publishing.set_policy(session, cast.workspace_id, cast.owner, "always", 1)
    session.commit()
    sign_in_as(browser, "admin")
    post = post_id(compose(browser, text=CALM, account=str(account), publish="now"))
    page = page_of(browser, post)
    assert "Someone else must approve this" in page
    assert f'action="/w/acme/posts/{post}/approve"' not in page
    refused = act(browser, post, "approve", version="1")
    assert refused.status_code == 403
    assert "nobody approves their own post" in refused.text
    assert "In review" in refused.text  # the post's page, with the reason on it

    sign_in_as(browser, "owner")
    assert f'action="/w/acme/posts/{post}/approve"' in page_of(browser, post)
    assert act(browser, post, "approve", version="1").status_code == 303


def test_a_contributor_cannot_approve_and_is_told_who_can(
    browser: Browser, session: Session, cast: Cast
) -> None:
    post = submitted_by_contributor(browser, session, cast)
    refused = act(browser, post, "approve", version="1")
    assert refused.status_code == 403
    assert "a contributor cannot approve posts" in refused.text


def test_a_viewer_gets_no_approval_form_and_a_readable_403(
    browser: Browser, session: Session, cast: Cast
) -> None:
    post = submitted_by_contributor(browser, session, cast)
    sign_in_as(browser, "viewer")
    assert "/approve" not in page_of(browser, post)
    refused = act(browser, post, "approve", version="1")
    assert refused.status_code == 403
    assert "a viewer cannot approve posts" in refused.text
    assert "Approvals" not in browser.client.get("/w/acme/drafts").text.split("<main")[0]


def test_sending_back_with_a_comment_returns_it_to_drafts_and_tells_the_author(
    browser: Browser, session: Session, cast: Cast
) -> None:
    post = submitted_by_contributor(browser, session, cast)
    sign_in_as(browser, "approver")
    empty = act(browser, post, "reject", version="1", comment="   ")
    assert empty.status_code == 422
    assert "say what should change" in empty.text
    assert act(browser, post, "reject", version="1", comment="Say which Monday.").status_code == 303

    sign_in_as(browser, "contributor")
    page = page_of(browser, post)
    assert '<span class="state state-draft">Draft</span>' in page
    assert "Say which Monday." in page
    mine = notifications.recent(session, cast.uid(cast.contributor))
    assert [(n.kind, n.draft_id) for n in mine] == [("rejected", post)]
    assert mine[0].details["comment"] == "Say which Monday."


def test_an_edit_after_approval_needs_a_new_approval(
    browser: Browser, session: Session, cast: Cast
) -> None:
    post = submitted_by_contributor(browser, session, cast)
    sign_in_as(browser, "approver")
    act(browser, post, "approve", version="1")
    assert "Scheduled for" in page_of(browser, post)

    sign_in_as(browser, "contributor")
    changed = compose(
        browser,
        f"/w/acme/drafts/{post}",
        text=CALM + " Come early!",
        version="1",
        account=str(account_of(session, post)),
    )
    assert changed.status_code == 303, changed.text
    page = page_of(browser, post)
    assert "In review" in page
    assert "0 of 1 for this version" in page

    sign_in_as(browser, "approver")
    stale = act(browser, post, "approve", version="1")
    assert stale.status_code == 409
    assert "changed since you opened it" in stale.text
    assert act(browser, post, "approve", version="2").status_code == 303
    assert "Scheduled for" in page_of(browser, post)


def test_an_admin_overrides_a_blocking_review_with_a_reason_from_the_composer(
    browser: Browser, session: Session, cast: Cast
) -> None:
    account = sandbox(session, cast)
    sign_in_as(browser, "admin")
    workspaces.update_settings(session, cast.workspace_id, cast.owner, banned_words=["buns"])
    session.commit()
    blocked = compose(browser, text=CALM, account=str(account), publish="now")
    assert blocked.status_code == 422
    assert "Review blocks this post" in blocked.text
    assert 'name="override_reason"' in blocked.text
    draft = re.search(r'action="/w/acme/drafts/(\d+)"', blocked.text)
    assert draft
    again = compose(
        browser,
        f"/w/acme/drafts/{draft.group(1)}",
        text=CALM,
        account=str(account),
        version="1",
        publish="now",
        override_reason="Buns is the product name, approved by legal.",
    )
    post = post_id(again)
    page = page_of(browser, post)
    assert "Scheduled" in page and "approved by legal" in page


# Holding, releasing, unscheduling --------------------------------------------------------------


def test_an_editor_holds_releases_reschedules_and_unschedules_a_post(
    browser: Browser, session: Session, cast: Cast
) -> None:
    account = sandbox(session, cast)
    sign_in_as(browser, "editor")
    post = post_id(
        compose(browser, text=CALM, account=str(account), publish="at", at="2026-11-22T10:00")
    )
    assert act(browser, post, "hold", note="Waiting for the photo").status_code == 303
    page = page_of(browser, post)
    assert '<span class="state state-held">Held</span>' in page
    assert "Waiting for the photo" in page

    assert act(browser, post, "release").status_code == 303
    assert "Scheduled for" in page_of(browser, post)

    past = act(browser, post, "reschedule", at="2026-11-20T10:00", version="1")
    assert past.status_code == 422
    assert "that time has passed" in past.text
    assert 'value="2026-11-20T10:00"' in past.text  # what was typed is kept
    assert act(browser, post, "reschedule", at="2026-11-23T08:30", version="1").status_code == 303
    assert "Nov 23, 2026, 8:30:00" in page_of(browser, post)

    assert act(browser, post, "cancel").status_code == 303
    page = page_of(browser, post)
    assert '<span class="state state-draft">Draft</span>' in page
    again = act(browser, post, "cancel")
    assert again.status_code == 409
    assert "cannot be done while the post is draft" in again.text


def test_composer_adds_a_post_to_the_queues_next_free_slot(
    browser: Browser, session: Session, cast: Cast
) -> None:
    account = sandbox(session, cast)
    sign_in_as(browser, "admin")
    saved = browser.post("/w/acme/settings/queue", {"slots": "mon-fri 09:00 17:30"})
    assert saved.status_code == 303
    sign_in_as(browser, "editor")
    form = browser.client.get("/w/acme/compose").text
    assert "Next free slot: Nov 23, 2026, 9:00:00" in form  # Saturday now: Monday's slot
    post = post_id(compose(browser, text=CALM, account=str(account), publish="queue"))
    assert "Nov 23, 2026, 9:00:00" in page_of(browser, post)
    form = browser.client.get(f"/w/acme/drafts/{post}").text
    assert "This post is planned:" in form and f'href="/w/acme/posts/{post}"' in form


def test_drafts_list_shows_each_posts_state_and_filters_by_it(
    browser: Browser, session: Session, cast: Cast
) -> None:
    post = submitted_by_contributor(browser, session, cast)
    factories.draft(session, cast.editor, "Just an idea about soup")
    session.commit()
    listed = browser.client.get("/w/acme/drafts").text
    assert f'href="/w/acme/posts/{post}"><span class="state state-in_review">In review' in listed
    in_review = browser.client.get("/w/acme/drafts?state=in_review").text
    assert "maple latte" in in_review and "Just an idea" not in in_review
    assert browser.client.get("/w/acme/drafts?state=nonsense").status_code == 422


# Settings --------------------------------------------------------------------------------------


def test_an_admin_sets_the_approval_policy_and_an_editors_post_then_needs_approval(
    browser: Browser, session: Session, cast: Cast
) -> None:
    account = sandbox(session, cast)
    sign_in_as(browser, "admin")
    saved = browser.post(
        "/w/acme/settings/approvals", {"policy": "always", "approvals_required": "2"}
    )
    assert saved.status_code == 303
    assert 'value="always" checked' in browser.client.get("/w/acme/settings").text
    sign_in_as(browser, "editor")
    assert "Submit for approval for this time" in browser.client.get("/w/acme/compose").text
    post = post_id(compose(browser, text=CALM, account=str(account), publish="now"))
    assert "0 of 2 for this version" in page_of(browser, post)


def test_queue_slots_with_a_mistake_are_refused_naming_the_line(
    browser: Browser, cast: Cast
) -> None:
    sign_in_as(browser, "admin")
    refused = browser.post("/w/acme/settings/queue", {"slots": "mon 09:00\ntue 25:00"})
    assert refused.status_code == 422
    assert "line 2" in refused.text
    assert "tue 25:00" in refused.text  # the text is kept to fix
    sign_in_as(browser, "editor")
    assert browser.post("/w/acme/settings/queue", {"slots": "mon 09:00"}).status_code == 403


# JSON API --------------------------------------------------------------------------------------


def _bearer(session: Session, cast: Cast, role: str) -> dict[str, str]:
    made = auth.create_api_token(session, cast.workspace_id, cast.owner, "CI", role)
    session.commit()
    return {"authorization": f"Bearer {made.secret}"}


def test_the_api_schedules_a_draft_and_reads_where_it_stands(
    app_client: TestClient, session: Session, cast: Cast
) -> None:
    account = sandbox(session, cast)
    draft = factories.draft(session, cast.editor, CALM, account_ids=[account])
    session.commit()
    headers = _bearer(session, cast, "editor")
    late = app_client.post(
        f"/api/v1/drafts/{draft.id}/schedule",
        json={"at": "2026-11-20T09:00:00+00:00"},
        headers=headers,
    )
    assert late.status_code == 422
    assert "that time has passed" in late.json()["message"]
    response = app_client.post(
        f"/api/v1/drafts/{draft.id}/schedule",
        json={"at": "2026-11-22T09:00:00+01:00", "version": 1},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["state"] == "scheduled"
    assert body["scheduled_at"].startswith("2026-11-22T08:00:00")
    assert [d["state"] for d in body["deliveries"]] == ["scheduled"]
    read = app_client.get(f"/api/v1/posts/{draft.id}", headers=headers).json()
    assert read == body
    held = app_client.post(f"/api/v1/drafts/{draft.id}/hold", json={"note": "x"}, headers=headers)
    assert held.json()["state"] == "held"
    viewer = _bearer(session, cast, "viewer")
    refused = app_client.post(
        f"/api/v1/drafts/{draft.id}/approve", json={"version": 1}, headers=viewer
    )
    assert refused.status_code == 403
    assert "/api/v1/drafts/{draft_id}/schedule" in app_client.get("/api/openapi.json").text


def test_the_post_page_reads_right_to_left_in_arabic_with_times_in_the_workspace_zone(
    browser: Browser, session: Session, cast: Cast
) -> None:
    workspaces.update_settings(session, cast.workspace_id, cast.owner, time_zone="America/New_York")
    session.commit()
    post = submitted_by_contributor(browser, session, cast)  # 15:00 in New York
    browser.client.cookies.set("poise_lang", "ar")
    page = page_of(browser, post)
    assert '<html lang="ar" dir="rtl">' in page
    assert 'datetime="2026-11-21T20:00:00+00:00"' in page
    assert "(America/New_York)" in page
