"""Planned posts on the calendar (month and week), moving them from there, and the schedule
as an iCalendar feed."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from icalendar import Calendar
from sqlalchemy.orm import Session

from poise.services import feeds, publishing, workspaces
from poise.storage.tables import Draft
from tests.services.cast import Cast
from tests.services.factories import account, draft
from tests.web.conftest import Browser, sign_in_as

CALENDAR = "/w/acme/calendar"
CALM = "Our winter menu is here: maple latte and cinnamon buns, from Monday."
# The clock says Saturday 21 November 2026, 09:00 UTC; Acme's time zone is UTC.
MONDAY = datetime(2026, 11, 23, 14, 30, tzinfo=UTC)


def _scheduled(session: Session, cast: Cast, at: datetime = MONDAY, text: str = CALM) -> int:
    sandbox = account(session, cast.admin, "@acme")
    post = draft(session, cast.editor, text, account_ids=[sandbox])
    publishing.schedule(session, cast.workspace_id, cast.editor, post.id, at)
    session.commit()
    return post.id


def _cell(page: str, day: str) -> str:
    start = page.index(f'data-date="{day}"')
    end = page.index("</td>", start)
    return page[start:end]


def _moved_to(session: Session, post_id: int) -> datetime | None:
    session.expire_all()
    row = session.get(Draft, post_id)
    assert row is not None
    moment = row.scheduled_at
    session.commit()
    return moment


def test_the_month_shows_a_scheduled_post_on_its_day(
    browser: Browser, session: Session, cast: Cast
) -> None:
    post_id = _scheduled(session, cast)
    sign_in_as(browser, "viewer")
    page = browser.client.get(CALENDAR).text
    cell = _cell(page, "2026-11-23")
    assert f'href="/w/acme/posts/{post_id}"' in cell
    assert "2:30\u202fPM" in cell or "2:30 PM" in cell
    assert "Our winter menu is here" in cell
    assert "Sandbox" in cell and "Scheduled" in cell
    assert f"/w/acme/posts/{post_id}" not in _cell(page, "2026-11-24")
    assert "reschedule-form" not in page  # a viewer cannot move it


def test_the_week_view_shows_the_post_in_its_days_column(
    browser: Browser, session: Session, cast: Cast
) -> None:
    post_id = _scheduled(session, cast)
    sign_in_as(browser, "editor")
    page = browser.client.get(f"{CALENDAR}?week=2026-W48").text
    assert 'class="week"' in page
    assert f'href="/w/acme/posts/{post_id}"' in _cell(page, "2026-11-23")
    assert "reschedule-form" in page
    assert f'href="{CALENDAR}?week=2026-W49" rel="next"' in page
    other = browser.client.get(f"{CALENDAR}?week=2026-W49").text
    assert f"/w/acme/posts/{post_id}" not in other


def test_a_week_that_is_not_one_is_explained(browser: Browser, cast: Cast) -> None:
    sign_in_as(browser, "viewer")
    response = browser.client.get(f"{CALENDAR}?week=2026-W60")
    assert response.status_code == 422
    assert "write it like 2026-W48" in response.text


def test_an_editor_moves_a_post_from_the_calendar(
    browser: Browser, session: Session, cast: Cast
) -> None:
    post_id = _scheduled(session, cast)
    sign_in_as(browser, "editor")
    response = browser.post(
        f"{CALENDAR}/posts/{post_id}/reschedule",
        {"at": "2026-11-25T14:30", "back": "month=2026-11"},
        CALENDAR,
    )
    assert response.status_code == 303, response.text
    assert _moved_to(session, post_id) == datetime(2026, 11, 25, 14, 30, tzinfo=UTC)
    page = browser.client.get(response.headers["location"]).text
    assert "The post was moved." in page
    assert f"/w/acme/posts/{post_id}" in _cell(page, "2026-11-25")


def test_moving_a_post_to_a_past_time_is_refused_with_the_reason(
    browser: Browser, session: Session, cast: Cast
) -> None:
    post_id = _scheduled(session, cast)
    sign_in_as(browser, "editor")
    response = browser.post(
        f"{CALENDAR}/posts/{post_id}/reschedule",
        {"at": "2026-11-20T10:00", "back": "week=2026-W48"},
        CALENDAR,
    )
    assert response.status_code == 422
    assert "that time has passed" in response.text
    assert 'class="week"' in response.text
    assert _moved_to(session, post_id) == MONDAY


def test_moving_a_post_to_a_time_that_is_not_one_is_explained(
    browser: Browser, session: Session, cast: Cast
) -> None:
    post_id = _scheduled(session, cast)
    sign_in_as(browser, "editor")
    response = browser.post(
        f"{CALENDAR}/posts/{post_id}/reschedule", {"at": "next tuesday"}, CALENDAR
    )
    assert response.status_code == 422
    assert "Give a date and a time" in response.text
    assert _moved_to(session, post_id) == MONDAY


def test_a_post_on_a_solemn_day_carries_the_days_warning(
    browser: Browser, session: Session, cast: Cast
) -> None:
    workspaces.update_settings(session, cast.workspace_id, cast.owner, audience_countries=["US"])
    session.commit()
    pearl_harbor = datetime(2026, 12, 7, 15, 0, tzinfo=UTC)
    _scheduled(session, cast, pearl_harbor)
    sign_in_as(browser, "viewer")
    cell = _cell(browser.client.get(f"{CALENDAR}?month=2026-12").text, "2026-12-07")
    assert "Lands on a solemn day:" in cell and "Pearl Harbor" in cell


def test_the_ical_feed_lists_the_scheduled_post(
    browser: Browser, session: Session, cast: Cast
) -> None:
    post_id = _scheduled(session, cast)
    token = feeds.renew_token(session, cast.workspace_id, cast.admin)
    session.commit()
    response = browser.client.get(f"/w/acme/schedule.ics?token={token}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["uid"]) == f"post-{post_id}@poise"
    assert event.decoded("dtstart") == MONDAY
    assert "Our winter menu" in str(event["summary"])
    assert "@acme (sandbox)" in str(event["description"])
    assert str(event["url"]).endswith(f"/w/acme/posts/{post_id}")


def test_the_ical_feed_refuses_a_wrong_or_missing_token(
    browser: Browser, session: Session, cast: Cast
) -> None:
    _scheduled(session, cast)
    feeds.renew_token(session, cast.workspace_id, cast.admin)
    session.commit()
    assert browser.client.get("/w/acme/schedule.ics?token=guess").status_code == 404
    assert browser.client.get("/w/acme/schedule.ics").status_code == 404


def test_an_editor_makes_the_feed_address_and_a_new_one_turns_the_old_off(
    browser: Browser, session: Session, cast: Cast
) -> None:
    sign_in_as(browser, "editor")
    browser.post("/w/acme/accounts/feed", {}, "/w/acme/accounts")
    page = browser.client.get("/w/acme/accounts").text
    found = re.search(r'value="http://poise\.test(/w/acme/schedule\.ics\?token=[^"]+)"', page)
    assert found
    first = found.group(1)
    assert browser.client.get(first).status_code == 200
    browser.post("/w/acme/accounts/feed", {}, "/w/acme/accounts")
    assert browser.client.get(first).status_code == 404
