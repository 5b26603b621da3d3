"""A proxy that stands between Poise and a network and misbehaves on purpose.

It forwards HTTP requests to a real server (the local PDS, the Mastodon server) and, for a
share of the requests, does what real networks do on a bad day:

- answers 500 or 429 (with Retry-After) *without* forwarding: nothing was posted;
- forwards the request, then answers 500: the post exists, the client was told it failed;
- forwards the request, then waits longer than the client's timeout: the post exists, the
  client hears nothing;
- forwards the request, starts the answer, then drops the connection: the post exists, the
  client gets half an answer.

The last three are the cases where a careless client posts twice. ``faults`` counts what
was injected, so a test can check the faults really happened.
"""

from __future__ import annotations

import asyncio
import random
import socket
import threading
import time
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}


@dataclass
class FaultPlan:
    """The share of requests (0 to 1) that meet each fault; only requests whose method is in
    ``methods`` are touched."""

    refuse_500: float = 0.05
    refuse_429: float = 0.05
    after_500: float = 0.05
    after_hang: float = 0.05
    after_drop: float = 0.05
    hang_seconds: float = 6.0
    methods: frozenset[str] = frozenset({"POST"})
    seed: int = 7
    faults: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)
        self._lock = threading.Lock()

    def pick(self, method: str) -> str | None:
        if method not in self.methods:
            return None
        with self._lock:
            roll = self._random.random()
        for name in ("refuse_500", "refuse_429", "after_500", "after_hang", "after_drop"):
            share: float = getattr(self, name)
            if roll < share:
                with self._lock:
                    self.faults[name] += 1
                return name
            roll -= share
        return None


class FaultyProxy:
    """The proxy, served on 127.0.0.1 in a thread; ``url`` is where to point the client."""

    def __init__(self, upstream: str, plan: FaultPlan) -> None:
        self.upstream = upstream.rstrip("/")
        self.plan = plan
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        app = Starlette(routes=[Route("/{path:path}", self._handle, methods=_ALL_METHODS)])
        # Quiet: the connections it drops on purpose would otherwise print tracebacks.
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="critical")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> FaultyProxy:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the fault proxy did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(5)

    async def _handle(self, request: Request) -> Response:
        fault = self.plan.pick(request.method)
        if fault == "refuse_500":
            return Response("injected failure", status_code=500)
        if fault == "refuse_429":
            return Response("slow down", status_code=429, headers={"Retry-After": "1"})
        upstream = await self._forward(request)
        if fault == "after_500":
            return Response("injected failure after the request was handled", status_code=500)
        if fault == "after_hang":
            await asyncio.sleep(self.plan.hang_seconds)
        if fault == "after_drop":
            return StreamingResponse(_cut(upstream.content), status_code=upstream.status_code)
        headers = {k: v for k, v in upstream.headers.items() if k.lower() not in _HOP_BY_HOP}
        return Response(upstream.content, status_code=upstream.status_code, headers=headers)

    async def _forward(self, request: Request) -> httpx.Response:
        headers = {k: v for k, v in request.headers.items() if k.lower() not in _HOP_BY_HOP}
        url = f"{self.upstream}{request.url.path}"
        if request.url.query:
            url += f"?{request.url.query}"
        async with httpx.AsyncClient(timeout=30) as client:
            return await client.request(
                request.method, url, headers=headers, content=await request.body()
            )


async def _cut(body: bytes) -> AsyncIterator[bytes]:
    yield body[: max(len(body) // 3, 1)]
    raise ConnectionResetError("injected: connection dropped mid-answer")


_ALL_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port
