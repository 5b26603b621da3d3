"""The content calendar: a month of the audience's sensitive dates, in the reader's language
and week, with the world events of the month."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy.orm import Session

from poise.services import workspaces
from poise.web.routes.calendar import first_weekday, weeks
from tests.services import factories
from tests.services.cast import Cast
from tests.web.conftest import Browser, sign_in_as

CALENDAR = "/w/acme/calendar"


def _first_column(page: str) -> str:
    found = re.search(r'<th scope="col"><abbr title="([^"]+)">', page)
    assert found
    return found.group(1)


def test_the_month_shows_the_audiences_dates_with_their_kind_in_words(
    browser: Browser, cast: Cast
) -> None:
    sign_in_as(browser, "viewer")
    page = browser.client.get(CALENDAR).text  # the clock says 21 November 2026
    assert "Calendar: November 2026" in page
    assert "Veterans Day" in page and "Thanksgiving Day" in page and "Armistice Day" in page
    assert '<span class="kind kind-solemn">Solemn</span>' in page
    assert '<span class="kind kind-festive">Festive</span>' in page
    assert "Sensitive dates of the audience in United States, France." in page


def test_the_list_below_the_grid_gives_each_date_in_full(browser: Browser, cast: Cast) -> None:
    sign_in_as(browser, "viewer")
    page = browser.client.get(CALENDAR).text
    listing = page[page.index("Sensitive dates this month") :]
    assert "Wed, Nov 11</strong>:" in listing
    assert "Armistice Day" in listing and "— France" in listing


def test_today_is_marked_for_assistive_technology(browser: Browser, cast: Cast) -> None:
    sign_in_as(browser, "viewer")
    page = browser.client.get(CALENDAR).text
    assert re.search(r'aria-current="date">\s*<span class="day-number">21</span>', page)


def test_names_and_weeks_follow_the_readers_language(browser: Browser, cast: Cast) -> None:
    sign_in_as(browser, "viewer")
    assert _first_column(browser.client.get(CALENDAR).text) == "Sunday"
    browser.post("/language", {"locale": "fr", "next": "/account"}, "/account")
    page = browser.client.get(CALENDAR).text
    assert _first_column(page) == "lundi"
    assert "novembre 2026" in page
    assert "Armistice du 11 novembre 1918" in page
    browser.post("/language", {"locale": "ar", "next": "/account"}, "/account")
    assert _first_column(browser.client.get(CALENDAR).text) == "السبت"


def test_previous_and_next_months_are_linked(browser: Browser, cast: Cast) -> None:
    sign_in_as(browser, "viewer")
    page = browser.client.get(f"{CALENDAR}?month=2027-01").text
    assert "January 2027" in page
    assert f'href="{CALENDAR}?month=2026-12" rel="prev"' in page
    assert f'href="{CALENDAR}?month=2027-02" rel="next"' in page


def test_a_month_that_is_not_one_is_explained(browser: Browser, cast: Cast) -> None:
    sign_in_as(browser, "viewer")
    response = browser.client.get(f"{CALENDAR}?month=2026-13")
    assert response.status_code == 422
    assert "is not a month; write it like 2026-11" in response.text


def test_world_events_of_the_month_are_listed_and_others_not(
    browser: Browser, session: Session, cast: Cast
) -> None:
    factories.event(session, cast.editor, title="November floods", start="2026-11-03T10:00:00Z")
    factories.event(
        session,
        cast.editor,
        title="Summer fires",
        start="2026-07-01T00:00:00Z",
        end="2026-07-20T00:00:00Z",
    )
    session.commit()
    sign_in_as(browser, "viewer")
    page = browser.client.get(CALENDAR).text
    assert "November floods" in page and "Summer fires" not in page
    assert "Summer fires" in browser.client.get(f"{CALENDAR}?month=2026-07").text


def test_without_audience_countries_the_calendar_says_where_to_choose_them(
    browser: Browser, session: Session, cast: Cast
) -> None:
    workspaces.update_settings(session, cast.workspace_id, cast.owner, audience_countries=[])
    session.commit()
    sign_in_as(browser, "viewer")
    page = browser.client.get(CALENDAR).text
    assert "This workspace has no audience country yet" in page
    assert "No sensitive date this month" in page


def test_a_month_is_cut_into_weeks_starting_on_the_locales_first_day() -> None:
    first, last = date(2026, 11, 1), date(2026, 11, 30)  # a Sunday, a Monday
    sunday_first = weeks(first, last, first_weekday("en"))
    assert sunday_first[0][0] == first and len(sunday_first) == 5
    monday_first = weeks(first, last, first_weekday("fr"))
    assert monday_first[0][:6] == [None] * 6 and monday_first[0][6] == first
    assert all(len(week) == 7 for week in monday_first)
    assert first_weekday("ar") == 5 and first_weekday("ja") == 6
