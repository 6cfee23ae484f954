"""A webhook receiver on loopback for scenarios and tests: one POST endpoint, which can be down."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from sandbox.servers import ThreadedServers, free_port, make_server


@contextmanager
def serving_endpoint(endpoint: Callable[[Request], Awaitable[Response]], path: str = "/hook") -> Iterator[str]:
    """One POST endpoint on a free loopback port (a webhook receiver, say): yields its URL."""
    port = free_port()
    ready = Route("/_sandbox/health", lambda request: JSONResponse({}))  # what ThreadedServers polls
    app = Starlette(routes=[Route(path, endpoint, methods=["POST"]), ready])
    servers = ThreadedServers([make_server(app, "127.0.0.1", port)])
    servers.start()
    try:
        yield f"http://127.0.0.1:{port}{path}"
    finally:
        servers.stop()


@dataclass
class DownReceiver:
    """Answers 503 while `down`; once up, keeps each event it receives."""

    down: bool = True
    refused: int = 0
    received: list[dict[str, Any]] = field(default_factory=list)

    async def endpoint(self, request: Request) -> Response:
        if self.down:
            self.refused += 1
            return Response("down for maintenance", status_code=503)
        self.received.append(await request.json())
        return JSONResponse({"ok": True})
