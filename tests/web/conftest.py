"""A running app over a real database (SQLite, and PostgreSQL when POISE_TEST_DATABASE_URL is
set), with the services' cast (one of each role at Acme, an outsider owning Globex) and a
way to sign each of them in through the sign-in form, as a browser would."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from poise.storage.db import Database
from poise.web.app import create_app
from tests.services.cast import PASSWORD, Cast, assemble, email_of
from tests.services.conftest import cheap_hashing, clock
from tests.storage.fixtures import database, postgresql_database, session, sqlite_template

__all__ = [
    "cheap_hashing",
    "clock",
    "database",
    "postgresql_database",
    "session",
    "sqlite_template",
]

_CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')


@pytest.fixture
def cast(session: Session) -> Cast:
    return assemble(session)


@pytest.fixture
def app_client(database: Database) -> Iterator[TestClient]:
    with TestClient(create_app(database), base_url="http://poise.test") as client:
        yield client


class Browser:
    """A test client that behaves like a browser: it keeps cookies and sends the page's CSRF
    token with every form, the way the pages do."""

    def __init__(self, client: TestClient) -> None:
        self.client = client

    def csrf(self, path: str = "/sign-in") -> str:
        page = self.client.get(path)
        found = _CSRF.search(page.text)
        assert found, f"no CSRF token on {path}"
        return found.group(1)

    def post(self, path: str, data: dict[str, str] | None = None, page: str = "/"):  # type: ignore[no-untyped-def]
        form = {"csrf_token": self.csrf(page), **(data or {})}
        return self.client.post(path, data=form, follow_redirects=False)

    def sign_in(self, email: str, password: str = PASSWORD) -> None:
        response = self.post("/sign-in", {"email": email, "password": password}, "/sign-in")
        assert response.status_code == 303, response.text


@pytest.fixture
def browser(app_client: TestClient) -> Browser:
    return Browser(app_client)


def sign_in_as(browser: Browser, role: str) -> Browser:
    """``browser`` signed in as the cast member with ``role`` (or ``outsider``)."""
    browser.sign_in("oscar@globex.test" if role == "outsider" else email_of(role))
    return browser
