"""The real app in a real browser: uvicorn serving a temporary SQLite database on a free port
of 127.0.0.1, driven by Debian's Chromium through Playwright.

The cast: Edith, an editor at Acme; Colin, a contributor at Acme; Oscar, the owner of Globex.
Acme has an account on X and one on Bluesky. Every test gets a fresh browser context (no
cookies) and leaves a screenshot in ``artifacts/e2e/<test name>.png``, pass or fail.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn

from poise.domain import Actor, Role
from poise.services import auth, workspaces
from poise.storage import Database, migrate
from poise.web.app import create_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "e2e"
PASSWORD = "correct horse battery staple"
EDITOR = "edith@acme.test"
CONTRIBUTOR = "colin@acme.test"
OTHER_OWNER = "oscar@globex.test"

if not CHROMIUM.exists():
    pytest.skip(
        f"browser tests need Chromium at {CHROMIUM} (Debian package 'chromium'; CI installs it)",
        allow_module_level=True,
    )

from playwright.sync_api import Browser, Page, Playwright, sync_playwright  # noqa: E402


@dataclass(frozen=True, slots=True)
class Site:
    url: str
    database: Database


def _seed(database: Database) -> None:
    with database.transaction() as s:
        olivia = auth.create_user(s, "olivia@acme.test", "Olivia Owner", PASSWORD)
        acme = workspaces.create_workspace(
            s, "Acme", olivia.id, audience_countries=["US"], audience_languages=["en"]
        )
        owner = Actor(acme.id, Role.OWNER, user_id=olivia.id)
        for email, name, role in [
            (EDITOR, "Edith Editor", Role.EDITOR),
            (CONTRIBUTOR, "Colin Contributor", Role.CONTRIBUTOR),
        ]:
            auth.create_user(s, email, name, PASSWORD)
            workspaces.add_member(s, acme.id, owner, email, role)
        workspaces.create_account(s, acme.id, owner, "x", "@acme")
        workspaces.create_account(s, acme.id, owner, "bluesky", "@acme.bsky.social")
        oscar = auth.create_user(s, OTHER_OWNER, "Oscar Outsider", PASSWORD)
        workspaces.create_workspace(s, "Globex", oscar.id)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    url = f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'poise.db'}"
    migrate.upgrade(url)
    database = Database(url)
    _seed(database)
    port = _free_port()
    config = uvicorn.Config(create_app(database), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the app did not start")
        time.sleep(0.05)
    yield Site(f"http://127.0.0.1:{port}", database)
    server.should_exit = True
    thread.join(timeout=10)
    database.dispose()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def chromium(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def page(chromium: Browser, site: Site, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A page in a fresh context; its screenshot is saved when the test ends."""
    javascript = request.node.get_closest_marker("no_javascript") is None
    context = chromium.new_context(
        base_url=site.url, viewport={"width": 1280, "height": 900}, java_script_enabled=javascript
    )
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    opened.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert not errors, f"errors in the page: {errors}"


def sign_in(page: Page, email: str) -> None:
    page.goto("/sign-in")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/w/*/drafts")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "no_javascript: run the page with JavaScript turned off")
