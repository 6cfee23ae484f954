"""Live webhook receivers on loopback: each records what it is sent (raw body and headers, to verify).

`Receiver.verify` checks a signature exactly as the README tells integrators to; tests of webhook
consumers verify with the `svix` package too, as a receiver built on Codat's docs would.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from sandbox.servers import ThreadedServers, free_port, make_server


@dataclass
class Receiver:
    """A webhook endpoint that verifies signatures exactly as the README tells integrators to."""

    url: str = ""
    secret: str = ""
    fail_first: int = 0
    received: list[dict[str, Any]] = field(default_factory=list)
    refused: int = 0

    def verify(self, headers: dict[str, str], body: bytes) -> bool:
        key = base64.b64decode(self.secret.removeprefix("whsec_"))
        signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
        expected = "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
        fresh = abs(time.time() - int(headers["webhook-timestamp"])) < 300
        return fresh and any(hmac.compare_digest(expected, s) for s in headers["webhook-signature"].split())

    async def endpoint(self, request: Request) -> Response:
        body = await request.body()
        if self.refused < self.fail_first:
            self.refused += 1
            return Response("try later", status_code=503)
        headers = dict(request.headers)
        entry = {"body": body, "headers": headers, "json": await request.json()}
        entry["valid"] = bool(self.secret) and self.verify(headers, body)
        self.received.append(entry)
        return JSONResponse({"ok": True})

    def event_types(self) -> list[str]:
        return [r["json"]["eventType"] for r in self.received]


@contextmanager
def running_receiver() -> Iterator[Receiver]:
    recv = Receiver()
    port = free_port()
    ready = Route("/_sandbox/health", lambda request: JSONResponse({}))  # what ThreadedServers polls
    app = Starlette(routes=[Route("/hook", recv.endpoint, methods=["POST"]), ready])
    servers = ThreadedServers([make_server(app, "127.0.0.1", port)])
    servers.start()
    recv.url = f"http://127.0.0.1:{port}/hook"
    try:
        yield recv
    finally:
        servers.stop()
