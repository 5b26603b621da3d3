"""A real Mastodon API server for tests: mastodon-mock (PyPI ``mastodon-mock``, FastAPI on
SQLite) started as its own process with its command line (``python -m mastodon_mock serve``),
served by uvicorn on 127.0.0.1.

Everything the tests do to it goes through HTTP, the way a real instance is used: accounts are
created by the signup API (an app token from ``client_credentials``, then ``POST
/api/v1/accounts``), statuses are read back from the account's timeline. The only mock-only
routes used are the fault-injection ones (``/api/v1/_mock/faults``), to make the server answer
with an error on purpose.

Quirks of mastodon-mock 0.6.1 worth knowing when reading the tests:

- without ``--domain`` it builds status and profile URLs on ``localhost:<port>`` while it
  listens on 127.0.0.1; ``LocalMastodon`` passes ``--domain 127.0.0.1:<port>`` so the URLs it
  hands out are on the instance the client talks to;
- it enforces the 500-character limit (counted in code points, links not shortened to 23)
  with a 422, and checks the ``Idempotency-Key`` *before* validating;
- it remembers idempotency keys forever (Mastodon: about an hour);
- it renders ``**bold**``/``*italic*``/`` `code` `` markdown into HTML, which real Mastodon
  does not, so those characters do not survive a round trip;
- accounts without an avatar or header get a generated identicon (``/avatars/generated/``)
  instead of Mastodon's ``missing.png``;
- its ``/oauth/authorize`` is an account picker (an HTML form, no login) and codes are
  ``mockcode_<username>``; ``/oauth/token`` does not check the client secret or redirect URI;
- search is a substring search of local statuses and never resolves a URL.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

STARTUP_TIMEOUT = 30.0
# Its database and uploads live in the server's own temp folder, removed by ``stop()``.
_CONFIG = """\
media_storage_path = "{folder}/media"

[database]
path = "{folder}/mastodon.sqlite"

[streaming]
heartbeat_seconds = 0.5
"""


class LocalMastodon:
    """A running mastodon-mock. ``start()`` picks a free port and waits until ``/health``
    answers; ``stop()`` ends the process."""

    def __init__(self) -> None:
        self._dir = Path(tempfile.mkdtemp(prefix="poise-mastodon-"))
        self._process: subprocess.Popen[bytes] | None = None
        self.port = 0

    @property
    def url(self) -> str:
        """The instance address, as a person would type it into Poise."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> LocalMastodon:
        """Start the server; tries a few ports, since a free port can be taken between
        choosing it and the server binding it."""
        config = self._dir / "mastodon_mock.toml"
        config.write_text(_CONFIG.format(folder=self._dir.as_posix()), encoding="utf-8")
        failure = ""
        for _ in range(3):
            self.port = _free_port()
            self._process = self._launch(config)
            if self._wait_until_up():
                return self
            failure = self._log_tail()
            self._end_process()
        self.stop()
        raise RuntimeError(f"mastodon-mock did not start:\n{failure}")

    def stop(self) -> None:
        """End the server process and remove its files (idempotent)."""
        self._end_process()
        shutil.rmtree(self._dir, ignore_errors=True)

    def _end_process(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)

    # --- what tests use ------------------------------------------------------------------

    def create_account(self, username: str | None = None) -> str:
        """Sign a new account up through the API; its access token (scopes read write)."""
        username = username or f"poise_{uuid.uuid4().hex[:10]}"
        with self._http() as http:
            app = _json(
                http.post(
                    "/api/v1/apps", data={"client_name": "poise-tests", "scopes": "read write"}
                )
            )
            app_token = _json(
                http.post(
                    "/oauth/token",
                    data={
                        "grant_type": "client_credentials",
                        "client_id": app["client_id"],
                        "client_secret": app["client_secret"],
                        "scope": "read write",
                    },
                )
            )["access_token"]
            signup = http.post(
                "/api/v1/accounts",
                headers={"Authorization": f"Bearer {app_token}"},
                data={
                    "username": username,
                    "email": f"{username}@example.test",
                    "password": uuid.uuid4().hex,
                    "agreement": "true",
                    "locale": "en",
                },
            )
            token: str = _json(signup)["access_token"]
        return token

    def account(self, token: str) -> dict[str, Any]:
        """The account the token belongs to (``verify_credentials``)."""
        with self._http(token) as http:
            found: dict[str, Any] = _json(http.get("/api/v1/accounts/verify_credentials"))
        return found

    def statuses(self, token: str) -> list[dict[str, Any]]:
        """Every status of the token's account, newest first, read from its timeline."""
        account_id = self.account(token)["id"]
        found: list[dict[str, Any]] = []
        params: dict[str, str] = {"limit": "40"}
        with self._http(token) as http:
            while page := _json(http.get(f"/api/v1/accounts/{account_id}/statuses", params=params)):
                found.extend(page)
                params["max_id"] = page[-1]["id"]
        return found

    def status(self, token: str, status_id: str) -> dict[str, Any]:
        """One status by id."""
        with self._http(token) as http:
            found: dict[str, Any] = _json(http.get(f"/api/v1/statuses/{status_id}"))
        return found

    def revoke(self, token: str) -> None:
        """Revoke an access token, as a person does from the instance's settings."""
        with self._http() as http:
            _json(http.post("/oauth/revoke", data={"token": token}))

    def inject_fault(self, method: str, path: str, effect: dict[str, Any], count: int = 1) -> None:
        """Make the next ``count`` requests ``method path`` fail with ``effect`` (mastodon-mock's
        fault injection: ``{"type": "status", "status": 500}``, ``{"type": "ratelimit"}`` ...)."""
        rule = {"match": {"methods": [method], "path": path}, "effect": effect, "count": count}
        with self._http() as http:
            _json(http.post("/api/v1/_mock/faults", json=rule))

    def clear_faults(self) -> None:
        """Remove every injected fault."""
        with self._http() as http:
            _json(http.delete("/api/v1/_mock/faults"))

    # --- plumbing ------------------------------------------------------------------------

    def _http(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=10.0)

    def _launch(self, config: Path) -> subprocess.Popen[bytes]:
        command = [
            sys.executable,
            "-m",
            "mastodon_mock",
            "serve",
            "--config",
            str(config),
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--domain",
            f"127.0.0.1:{self.port}",
            "--log-level",
            "warning",
        ]
        # cwd: mastodon-mock also reads ./pyproject.toml; the temp folder has none.
        with (self._dir / "server.log").open("ab") as log:  # the child keeps its own handle
            return subprocess.Popen(command, cwd=self._dir, stdout=log, stderr=subprocess.STDOUT)

    def _wait_until_up(self) -> bool:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self._process is None or self._process.poll() is not None:
                return False
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.url}/health", timeout=1.0).status_code == 200:
                    return True
            time.sleep(0.1)
        return False

    def _log_tail(self) -> str:
        log = self._dir / "server.log"
        return log.read_text(encoding="utf-8", errors="replace")[-3000:] if log.exists() else ""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def _json(response: httpx.Response) -> Any:
    if response.is_error:
        raise AssertionError(
            f"mastodon-mock answered {response.status_code} to {response.request.method} "
            f"{response.request.url.path}: {response.text}"
        )
    return response.json()
