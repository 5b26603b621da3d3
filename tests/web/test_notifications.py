"""Comments, mentions and notifications: a mention notifies the member it names, the bell
counts what is unread, and the notifications page links each one to its post."""

from __future__ import annotations

import re

from sqlalchemy.orm import Session

from poise.services import notifications
from tests.services.cast import Cast
from tests.web.conftest import Browser, sign_in_as
from tests.web.test_posts import page_of, submitted_by_contributor


def comment(browser: Browser, post: int, body: str) -> None:
    response = browser.post(
        f"/w/acme/posts/{post}/comments", {"body": body}, page=f"/w/acme/posts/{post}"
    )
    assert response.status_code == 303, response.text


def kinds(session: Session, user_id: int) -> list[str]:
    found = [n.kind for n in notifications.recent(session, user_id)]
    session.commit()
    return found


def test_a_mention_in_a_comment_notifies_the_member_it_names(
    browser: Browser, session: Session, cast: Cast
) -> None:
    post = submitted_by_contributor(browser, session, cast)
    sign_in_as(browser, "editor")
    comment(browser, post, "@ColinContributor which Monday? Ask @approver too, and @nobody.")
    assert "@ColinContributor which Monday?" in page_of(browser, post)
    assert kinds(session, cast.uid(cast.contributor)) == ["mentioned"]
    assert kinds(session, cast.uid(cast.approver)) == ["mentioned", "to_approve"]
    assert kinds(session, cast.uid(cast.editor)) == []
    assert kinds(session, cast.uid(cast.viewer)) == []


def test_the_bell_counts_unread_notifications_and_the_page_marks_them_read(
    browser: Browser, session: Session, cast: Cast
) -> None:
    post = submitted_by_contributor(browser, session, cast)
    sign_in_as(browser, "editor")
    comment(browser, post, "Looks good, @contributor.")
    sign_in_as(browser, "contributor")
    header = browser.client.get("/w/acme/drafts").text
    assert re.search(r'Notifications <span class="count-badge">1<', header)
    page = browser.client.get("/w/acme/notifications").text
    assert "Edith Editor mentioned you" in page
    assert f'<a href="/w/acme/posts/{post}" dir="auto">Our winter menu is here' in page
    assert "Looks good, @contributor." in page
    found = re.search(r'action="/w/acme/notifications/(\d+)/read"', page)
    assert found
    done = browser.post(f"/w/acme/notifications/{found.group(1)}/read", page="/w/acme/drafts")
    assert done.status_code == 303
    header = browser.client.get("/w/acme/drafts").text
    assert 'class="count-badge"' not in header


def test_mark_all_read_clears_the_bell(browser: Browser, session: Session, cast: Cast) -> None:
    post = submitted_by_contributor(browser, session, cast)
    sign_in_as(browser, "approver")  # one notification: a post to approve
    assert "A post waits for your approval" in browser.client.get("/w/acme/notifications").text
    comment(browser, post, "Noted, @AprilleApprover.")  # mentioning oneself notifies nobody
    assert kinds(session, cast.uid(cast.approver)) == ["to_approve"]
    done = browser.post("/w/acme/notifications/read", page="/w/acme/drafts")
    assert done.status_code == 303
    assert "Mark all as read" not in browser.client.get("/w/acme/notifications").text
    assert notifications.unread_count(session, cast.uid(cast.approver)) == 0


def test_an_empty_comment_is_refused_on_the_post_page(
    browser: Browser, session: Session, cast: Cast
) -> None:
    post = submitted_by_contributor(browser, session, cast)
    refused = browser.post(
        f"/w/acme/posts/{post}/comments", {"body": "   "}, page=f"/w/acme/posts/{post}"
    )
    assert refused.status_code == 422
    assert "write something before sending the comment" in refused.text
