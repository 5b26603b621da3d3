"""A real Bluesky PDS on this machine, for tests: ``LocalPds`` runs ``bluesky/start.mjs`` (the
``@atproto/pds`` server and an in-memory PLC directory) and talks to it over XRPC.

The first start on a fresh machine runs ``npm ci`` in ``bluesky/`` (about three minutes: the
PDS's SQLite driver compiles); after that the servers are ready in about three seconds.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

import httpx

HERE = Path(__file__).parent / "bluesky"
START_TIMEOUT = 60.0
INSTALL_TIMEOUT = 900.0
POST = "app.bsky.feed.post"


class LocalPdsError(RuntimeError):
    """The local PDS could not be installed or started; the message holds its output."""


def install(folder: Path = HERE) -> None:
    """``npm ci`` in ``folder`` when its ``node_modules`` is missing."""
    if (folder / "node_modules").is_dir():
        return
    npm = shutil.which("npm")
    if npm is None:
        raise LocalPdsError("npm is not installed: the local Bluesky PDS needs Node.js 20+")
    result = subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=INSTALL_TIMEOUT,
        check=False,
    )
    if result.returncode != 0:
        shutil.rmtree(folder / "node_modules", ignore_errors=True)
        raise LocalPdsError(f"npm ci failed in {folder}:\n{result.stdout}\n{result.stderr}")


class LocalPds:
    """A PDS with its PLC directory, started by ``start()`` and stopped by ``stop()``.

    ``url`` is the address clients use (``http://127.0.0.1:PORT``); ``public_url`` is the one
    the PDS gives itself (``http://localhost:PORT``, in every account's DID document). Handles
    end in ``handle_domain`` (``.test``)."""

    def __init__(self, folder: Path = HERE) -> None:
        self.folder = folder
        self.url = ""
        self.public_url = ""
        self.plc_url = ""
        self.handle_domain = ".test"
        self.admin_password = ""
        self.jwt_secret = ""
        self.startup_seconds = 0.0
        self._process: subprocess.Popen[str] | None = None
        self._log: list[str] = []
        self._http = httpx.Client(timeout=30.0)

    def start(self) -> LocalPds:
        """Install when needed, start the servers and wait for their ready line."""
        install(self.folder)
        began = time.monotonic()
        # stdin is a pipe the PDS watches: when this process dies, the pipe closes and the PDS
        # stops too.
        self._process = subprocess.Popen(
            ["node", "start.mjs"],
            cwd=self.folder,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "LOG_ENABLED": "false", "NODE_ENV": "development"},
        )
        assert self._process.stderr is not None
        threading.Thread(target=self._drain, args=(self._process.stderr,), daemon=True).start()
        ready = self._ready_line()
        self.startup_seconds = time.monotonic() - began
        self.public_url = ready["pds"]
        self.url = self.public_url.replace("//localhost:", "//127.0.0.1:")
        self.plc_url = ready["plc"]
        self.handle_domain = ready["handleDomain"]
        self.admin_password = ready["adminPassword"]
        self.jwt_secret = ready["jwtSecret"]
        return self

    @property
    def port(self) -> int:
        port = urlsplit(self.url).port
        assert port is not None
        return port

    def stop(self) -> None:
        """Stop the servers (SIGTERM, then kill after ten seconds)."""
        process, self._process = self._process, None
        self._http.close()
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def create_account(self, name: str | None = None) -> tuple[str, str]:
        """A new account: (handle, app password). ``name`` defaults to a random one; the
        handle is ``name`` + ``handle_domain``."""
        handle = f"{name or 'u' + secrets.token_hex(5)}{self.handle_domain}"
        password = secrets.token_urlsafe(12)
        session = self.xrpc(
            "POST",
            "com.atproto.server.createAccount",
            json={"handle": handle, "email": f"{handle}@example.com", "password": password},
        )
        app = self.xrpc(
            "POST",
            "com.atproto.server.createAppPassword",
            json={"name": "poise"},
            token=session["accessJwt"],
        )
        return session["handle"], app["password"]

    def records(self, did_or_handle: str, collection: str = POST) -> list[dict[str, Any]]:
        """Every record of ``collection`` in the repository (``uri``, ``cid``, ``value``),
        newest first, read page by page with listRecords."""
        found: list[dict[str, Any]] = []
        cursor: str | None = None
        while True:
            params: dict[str, Any] = {"repo": did_or_handle, "collection": collection}
            params |= {"limit": 100} | ({"cursor": cursor} if cursor else {})
            page = self.xrpc("GET", "com.atproto.repo.listRecords", params=params)
            found.extend(page["records"])
            cursor = page.get("cursor")
            if not cursor or not page["records"]:
                return found

    def xrpc(
        self,
        method: str,
        nsid: str,
        *,
        params: dict[str, Any] | None = None,
        json: dict[str, Any] | None = None,
        token: str | None = None,
    ) -> dict[str, Any]:
        """One XRPC call to the PDS; raises ``httpx.HTTPStatusError`` when it says no."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = self._http.request(
            method, f"{self.url}/xrpc/{nsid}", params=params, json=json, headers=headers
        )
        response.raise_for_status()
        data: dict[str, Any] = response.json() if response.content else {}
        return data

    def _ready_line(self) -> dict[str, Any]:
        """The JSON line start.mjs prints when both servers listen."""
        process = self._process
        assert process is not None and process.stdout is not None
        stdout = process.stdout
        result: list[str] = []
        # readline() has no timeout: read in a thread and give up waiting after START_TIMEOUT.
        reader = threading.Thread(target=lambda: result.append(stdout.readline()), daemon=True)
        reader.start()
        reader.join(START_TIMEOUT)
        line = result[0] if result else ""
        if not line.startswith("{"):
            self.stop()
            raise LocalPdsError(
                f"the local PDS did not start within {START_TIMEOUT:.0f} s:\n"
                + "".join(self._log[-40:])
            )
        ready: dict[str, Any] = json.loads(line)
        return ready

    def _drain(self, stream: IO[str]) -> None:
        for line in stream:
            self._log.append(line)
