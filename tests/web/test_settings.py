"""Workspace settings: read by everyone, changed by admins and owners, audited; the voice
imported from past posts, all or nothing; the social accounts."""

from __future__ import annotations

import pytest
from httpx import Response
from markupsafe import escape
from sqlalchemy.orm import Session

from poise.review.inputs import MAX_TEXT
from poise.services import voice, workspaces
from poise.services.errors import Invalid, speaking
from poise.web.app import LANGUAGE_COOKIE
from poise.web.i18n import translations
from tests.services.cast import Cast
from tests.web.conftest import Browser, sign_in_as

SETTINGS = "/w/acme/settings"
HOSTILE = '<script>alert("pwned")</script>'
VALID = {
    "name": "Acme Coffee",
    "time_zone": "Europe/Paris",
    "audience_countries": ["FR", "JP"],
    "audience_languages": ["fr", "ja"],
    "banned_words": "cheapest\nguaranteed\n",
    "glossary": "Maple Oat Latte",
    "disclosure_required": "true",
}


def _save(browser: Browser, **changes: object) -> Response:
    form = {"csrf_token": browser.csrf(SETTINGS), **VALID, **changes}
    return browser.client.post(SETTINGS, data=form, follow_redirects=False)


def _upload(browser: Browser, data: bytes, name: str = "posts.csv") -> Response:
    return browser.client.post(
        f"{SETTINGS}/voice",
        data={"csrf_token": browser.csrf(SETTINGS)},
        files={"file": (name, data, "text/csv")},
        follow_redirects=False,
    )


def _voice_count(session: Session, cast: Cast) -> int:
    """What the app stored (the test's session then holds no lock, so the app can write)."""
    session.rollback()
    try:
        return voice.count_posts(session, cast.workspace_id, cast.viewer)
    finally:
        session.rollback()


# Settings --------------------------------------------------------------------------------------


def test_an_admin_changes_the_settings_and_the_page_shows_them(
    browser: Browser, session: Session, cast: Cast
) -> None:
    sign_in_as(browser, "admin")
    response = _save(browser)
    assert response.status_code == 303
    assert response.headers["location"] == f"{SETTINGS}?done=saved"
    page = browser.client.get(response.headers["location"]).text
    assert "The settings were saved." in page
    assert 'value="Acme Coffee"' in page
    assert '<option value="Europe/Paris" selected>' in page
    assert 'value="JP" checked' in page and 'value="US" checked' not in page
    assert "cheapest\nguaranteed</textarea>" in page
    session.expire_all()
    saved = workspaces.get_workspace(session, cast.workspace_id, cast.viewer)
    assert saved.audience_countries == ("FR", "JP") and saved.disclosure_required


def test_a_settings_change_appears_in_the_audit_log_with_what_changed(
    browser: Browser, cast: Cast
) -> None:
    sign_in_as(browser, "owner")
    _save(browser)
    audit = browser.client.get("/w/acme/audit").text
    assert "Changed the settings" in audit
    assert "Acme → Acme Coffee" in audit
    assert "UTC → Europe/Paris" in audit
    assert "Olivia Owner" in audit


@pytest.mark.parametrize("locale", ["fr", "ar", "ja"])
def test_a_wrong_time_zone_is_explained_in_the_readers_language(
    browser: Browser, cast: Cast, locale: str
) -> None:
    sign_in_as(browser, "admin")
    browser.client.cookies.set(LANGUAGE_COOKIE, locale)
    response = _save(browser, name="Renamed", time_zone="Mars/Olympus")
    assert response.status_code == 422
    template = (
        "{value!r} is not a time zone; use an IANA name such as Europe/Paris, "
        "America/New_York or Asia/Tokyo"
    )
    said = translations(locale).gettext(template)
    assert said != template  # the catalog has it
    assert str(escape(said.format(value="Mars/Olympus"))) in response.text
    assert "is not a time zone" not in response.text


def test_an_error_is_said_in_the_language_being_spoken_and_in_english_elsewhere() -> None:
    with speaking(translations("fr").gettext):
        french = Invalid("choose a date and a time", "at")
    assert french.message != "choose a date and a time"
    assert Invalid("choose a date and a time", "at").message == "choose a date and a time"


def test_a_wrong_time_zone_is_explained_in_the_form_and_nothing_changes(
    browser: Browser, session: Session, cast: Cast
) -> None:
    sign_in_as(browser, "admin")
    response = _save(browser, name="Renamed", time_zone="Mars/Olympus")
    assert response.status_code == 422
    assert "is not a time zone; use an IANA name" in response.text
    assert (
        'id="time_zone" name="time_zone" aria-describedby="time-zone-help" aria-invalid="true"'
        in (response.text)
    )
    assert 'value="Renamed"' in response.text  # what was typed is kept
    assert workspaces.get_workspace(session, cast.workspace_id, cast.viewer).name == "Acme"


def test_a_viewer_reads_the_settings_without_a_form(browser: Browser, cast: Cast) -> None:
    sign_in_as(browser, "viewer")
    page = browser.client.get(SETTINGS).text
    assert "Only admins and owners change these settings." in page
    assert f'action="{SETTINGS}"' not in page
    assert "United States" in page and "France" in page


def test_country_names_are_in_the_readers_language(browser: Browser, cast: Cast) -> None:
    sign_in_as(browser, "admin")
    browser.post("/language", {"locale": "fr", "next": "/account"}, page="/account")
    page = browser.client.get(SETTINGS).text
    assert "États-Unis" in page and "Japon" in page


def test_a_hostile_workspace_name_is_shown_as_text(browser: Browser, cast: Cast) -> None:
    sign_in_as(browser, "owner")
    assert _save(browser, name=HOSTILE).status_code == 303
    for path in (SETTINGS, "/w/acme/members", "/w/acme/calendar", "/account"):
        page = browser.client.get(path).text
        assert HOSTILE not in page, path
        assert str(escape(HOSTILE)) in page, path


# Voice -----------------------------------------------------------------------------------------


def test_a_csv_export_is_imported_and_a_sample_shown(
    browser: Browser, session: Session, cast: Cast
) -> None:
    sign_in_as(browser, "editor")
    data = b"date,text\n2026-01-02,Our maple latte is back\n2026-01-03,Merci Lyon !\n"
    response = _upload(browser, data)
    assert response.status_code == 303
    page = browser.client.get(response.headers["location"]).text
    assert "2 posts were imported." in page
    assert "2 past posts imported." in page
    assert "Merci Lyon !" in page
    assert _voice_count(session, cast) == 2


def test_a_csv_with_bad_rows_names_each_line_and_imports_nothing(
    browser: Browser, session: Session, cast: Cast
) -> None:
    sign_in_as(browser, "editor")
    too_long = "x" * (MAX_TEXT + 1)
    data = f"text\nFine post\n{too_long}\nAnother fine post\n{too_long}\n".encode()
    response = _upload(browser, data)
    assert response.status_code == 422
    assert "2 problems to fix first" in response.text
    assert '<li dir="auto">line 3: ' in response.text
    assert '<li dir="auto">line 5: ' in response.text
    assert _voice_count(session, cast) == 0


def test_a_file_that_is_not_utf8_is_a_clear_error(
    browser: Browser, session: Session, cast: Cast
) -> None:
    sign_in_as(browser, "editor")
    response = _upload(browser, "text\nCafé crème\n".encode("latin-1"))
    assert response.status_code == 422
    assert "line 2: this is not UTF-8 text" in response.text
    assert "CSV UTF-8" in response.text
    assert _voice_count(session, cast) == 0


def test_posts_can_be_pasted(browser: Browser, session: Session, cast: Cast) -> None:
    sign_in_as(browser, "admin")
    response = browser.post(f"{SETTINGS}/voice", {"pasted": "One post\n\nAnother post"}, SETTINGS)
    assert response.status_code == 303
    assert _voice_count(session, cast) == 2


def test_importing_nothing_says_what_to_do(browser: Browser, cast: Cast) -> None:
    sign_in_as(browser, "admin")
    response = browser.post(f"{SETTINGS}/voice", {"pasted": "  "}, SETTINGS)
    assert response.status_code == 422
    assert "choose a CSV file, or paste posts" in response.text


def test_a_hostile_imported_post_is_shown_as_text(browser: Browser, cast: Cast) -> None:
    sign_in_as(browser, "editor")
    browser.post(f"{SETTINGS}/voice", {"pasted": HOSTILE}, SETTINGS)
    page = browser.client.get(SETTINGS).text
    assert HOSTILE not in page
    assert str(escape(HOSTILE)) in page


def test_the_voice_can_be_cleared(browser: Browser, session: Session, cast: Cast) -> None:
    sign_in_as(browser, "editor")
    browser.post(f"{SETTINGS}/voice", {"pasted": "One\nTwo"}, SETTINGS)
    response = browser.post(f"{SETTINGS}/voice/clear", {}, SETTINGS)
    assert response.headers["location"] == f"{SETTINGS}?done=cleared"
    assert _voice_count(session, cast) == 0


# Accounts --------------------------------------------------------------------------------------


def test_an_admin_adds_and_removes_an_account(
    browser: Browser, session: Session, cast: Cast
) -> None:
    sign_in_as(browser, "admin")
    added = browser.post(
        f"{SETTINGS}/accounts",
        {"network": "mastodon", "handle": "@acme@mastodon.social", "display_name": "Acme"},
        SETTINGS,
    )
    assert added.status_code == 303
    page = browser.client.get(SETTINGS).text
    assert "@acme@mastodon.social" in page and "Mastodon" in page
    (account,) = workspaces.list_accounts(session, cast.workspace_id, cast.viewer)
    session.rollback()  # SQLite: let the app write
    removed = browser.post(f"{SETTINGS}/accounts/{account.id}/remove", {}, SETTINGS)
    assert removed.status_code == 303
    session.expire_all()
    assert workspaces.list_accounts(session, cast.workspace_id, cast.viewer) == []


def test_the_same_account_twice_is_refused_with_the_reason(browser: Browser, cast: Cast) -> None:
    sign_in_as(browser, "admin")
    account = {"network": "x", "handle": "@acme"}
    browser.post(f"{SETTINGS}/accounts", account, SETTINGS)
    response = browser.post(f"{SETTINGS}/accounts", account, SETTINGS)
    assert response.status_code == 409
    assert "@acme on x is already an account of this workspace" in response.text


def test_an_account_of_another_workspace_cannot_be_removed(
    browser: Browser, session: Session, cast: Cast
) -> None:
    theirs = workspaces.create_account(
        session, cast.other_workspace_id, cast.outsider, "sandbox", "@globex"
    )
    session.commit()
    sign_in_as(browser, "admin")
    response = browser.post(f"{SETTINGS}/accounts/{theirs.id}/remove", {}, SETTINGS)
    assert response.status_code == 404
