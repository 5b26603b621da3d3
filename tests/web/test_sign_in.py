from tests.services.cast import Cast
from tests.web.conftest import Browser


def test_signing_in_leads_to_the_workspace_drafts(browser: Browser, cast: Cast) -> None:
    browser.sign_in("editor@acme.test")
    home = browser.client.get("/", follow_redirects=False)
    assert home.status_code == 303 and home.headers["location"] == "/w/acme/drafts"


def test_a_wrong_password_shows_the_form_again(browser: Browser, cast: Cast) -> None:
    response = browser.post(
        "/sign-in", {"email": "editor@acme.test", "password": "nope"}, "/sign-in"
    )
    assert response.status_code == 401
    assert "The email or the password is wrong." in response.text


def test_a_form_without_the_csrf_token_is_refused(browser: Browser, cast: Cast) -> None:
    response = browser.client.post(
        "/sign-in", data={"email": "editor@acme.test", "password": "x"}, follow_redirects=False
    )
    assert response.status_code == 403


def test_pages_need_a_signed_in_person(browser: Browser, cast: Cast) -> None:
    response = browser.client.get("/", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/sign-in")


def test_the_interface_language_can_be_switched_to_arabic_right_to_left(
    browser: Browser, cast: Cast
) -> None:
    browser.sign_in("editor@acme.test")
    browser.post("/language", {"locale": "ar", "next": "/sign-in"}, "/sign-in")
    page = browser.client.get("/sign-in")
    assert '<html lang="ar" dir="rtl">' in page.text


def test_after_sign_in_only_local_addresses_are_followed(browser: Browser, cast: Cast) -> None:
    response = browser.post(
        "/sign-in",
        {
            "email": "editor@acme.test",
            "password": "correct horse battery staple",
            "next": "//evil.example/",
        },
        "/sign-in",
    )
    assert response.headers["location"] == "/"


def test_the_api_reference_lists_every_operation_without_third_party_scripts(
    browser: Browser, cast: Cast
) -> None:
    page = browser.client.get("/docs")
    assert page.status_code == 200
    assert "POST /api/v1/review" in page.text and "GET /api/v1/drafts" in page.text
    assert "<script" not in page.text
    spec = browser.client.get("/api/openapi.json").json()
    assert "/api/v1/drafts" in spec["paths"]
