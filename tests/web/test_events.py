"""World events on the page: declared in the workspace's time zone, listed going-on first,
ended by those who may relax review."""

from __future__ import annotations

from datetime import UTC, datetime

from markupsafe import escape
from sqlalchemy.orm import Session

from poise.services import events, workspaces
from tests.services import factories
from tests.services.cast import Cast
from tests.services.factories import FrozenClock
from tests.web.conftest import Browser, sign_in_as

EVENTS = "/w/acme/events"
HOSTILE = "<script>document.location='//evil.example'</script>"


def _events(session: Session, cast: Cast) -> list[events.EventInfo]:
    session.rollback()
    try:
        return events.list_events(session, cast.workspace_id, cast.viewer, active_only=False)
    finally:
        session.rollback()


def test_an_event_is_declared_in_the_workspace_time_zone(
    browser: Browser, session: Session, cast: Cast
) -> None:
    workspaces.update_settings(session, cast.workspace_id, cast.owner, time_zone="Asia/Tokyo")
    session.commit()
    sign_in_as(browser, "contributor")
    response = browser.post(
        EVENTS,
        {
            "title": "Earthquake off Noto",
            "category": "disaster",
            "regions": "jp, US",
            "keywords": "Noto, #地震 , earthquake",
            "involves_brand": "true",
            "start": "2026-11-21T08:30",
        },
        EVENTS,
    )
    assert response.headers["location"] == f"{EVENTS}?done=declared"
    (event,) = _events(session, cast)
    assert event.starts_at == datetime(2026, 11, 20, 23, 30, tzinfo=UTC)
    assert event.regions == ("JP", "US")
    assert event.keywords == ("Noto", "#地震", "earthquake")
    assert event.involves_brand
    page = browser.client.get(response.headers["location"]).text
    assert "Earthquake off Noto" in page and "Involves the brand" in page
    assert "Japan, United States" in page


def test_without_a_start_an_event_starts_now(
    browser: Browser, session: Session, cast: Cast, clock: FrozenClock
) -> None:
    sign_in_as(browser, "editor")
    browser.post(EVENTS, {"title": "Strike", "category": "unrest"}, EVENTS)
    (event,) = _events(session, cast)
    assert event.starts_at == clock.now() and event.regions == ()


def test_events_going_on_come_first(browser: Browser, session: Session, cast: Cast) -> None:
    over = factories.event(session, cast.editor, title="Old storm", start="2026-01-01T00:00:00Z")
    ended = factories.event(session, cast.editor, title="Ended strike")
    events.end_event(session, cast.workspace_id, cast.editor, ended.id)
    factories.event(session, cast.editor, title="Ongoing floods", start="2026-11-20T00:00:00Z")
    session.commit()
    sign_in_as(browser, "viewer")
    page = browser.client.get(EVENTS).text
    assert page.index("Ongoing floods") < page.index("Ended strike")
    assert page.index("Ongoing floods") < page.index(over.title)
    assert "Going on" in page and "Ended" in page and "Over" in page


def test_a_hostile_event_title_is_shown_as_text(browser: Browser, cast: Cast) -> None:
    sign_in_as(browser, "editor")
    browser.post(EVENTS, {"title": HOSTILE, "category": "other"}, EVENTS)
    for path in (EVENTS, "/w/acme/calendar"):
        page = browser.client.get(path).text
        assert HOSTILE not in page, path
        assert str(escape(HOSTILE)) in page, path


def test_an_invalid_event_is_explained_and_the_form_kept(browser: Browser, cast: Cast) -> None:
    sign_in_as(browser, "editor")
    response = browser.post(
        EVENTS, {"title": "Storm", "category": "disaster", "regions": "France"}, EVENTS
    )
    assert response.status_code == 422
    assert "&#39;FRANCE&#39; is not a two-letter ISO country code" in response.text
    assert 'value="Storm"' in response.text and 'value="France"' in response.text


def test_a_start_that_is_not_a_date_is_explained(browser: Browser, cast: Cast) -> None:
    sign_in_as(browser, "editor")
    response = browser.post(
        EVENTS, {"title": "Storm", "category": "disaster", "start": "soon"}, EVENTS
    )
    assert response.status_code == 422
    assert "is not a date and time" in response.text


def test_who_may_declare_and_who_may_end_see_their_buttons(
    browser: Browser, session: Session, cast: Cast
) -> None:
    event = factories.event(session, cast.editor)
    session.commit()
    end = f'action="{EVENTS}/{event.id}/end"'
    sign_in_as(browser, "contributor")
    page = browser.client.get(EVENTS).text
    assert "Declare an event" in page and end not in page
    sign_in_as(browser, "viewer")
    page = browser.client.get(EVENTS).text
    assert "Declare an event" not in page and end not in page
    sign_in_as(browser, "approver")
    assert end in browser.client.get(EVENTS).text


def test_an_event_is_ended_once(browser: Browser, session: Session, cast: Cast) -> None:
    event = factories.event(session, cast.editor)
    session.commit()
    sign_in_as(browser, "approver")
    response = browser.post(f"{EVENTS}/{event.id}/end", {}, EVENTS)
    assert response.headers["location"] == f"{EVENTS}?done=ended"
    assert not _events(session, cast)[0].active
    again = browser.post(f"{EVENTS}/{event.id}/end", {}, EVENTS)
    assert again.status_code == 409
    assert "this event has already been ended" in again.text


def test_an_event_of_another_workspace_cannot_be_ended(
    browser: Browser, session: Session, cast: Cast
) -> None:
    theirs = factories.event(session, cast.outsider)
    session.commit()
    sign_in_as(browser, "owner")
    assert browser.post(f"{EVENTS}/{theirs.id}/end", {}, EVENTS).status_code == 404
