"""Every JSON body the provider sends during a test, checked against Codat's SDK models (see oracle.py).

`Recorder.wrap(app)` sits outside the provider app and keeps each response it sends. The autouse
fixture `responses_conform` then fails the test that caused a response an SDK would reject, naming
the operation and the field, whichever client made the call (Python SDKs, Node, plain httpx).
A conftest imports the three fixtures (`provider`, `response_recorder`, `responses_conform`).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tests.api.support import Provider, start_provider
from tests.conformance.oracle import response_problems


@dataclass(frozen=True)
class Exchange:
    method: str
    path: str
    status: int
    content_type: str
    body: bytes

    def problems(self) -> list[str]:
        if not self.content_type.startswith("application/json"):
            return []
        try:
            body = json.loads(self.body)
        except ValueError:
            return [f"{self.method} {self.path} ({self.status}) says application/json but its body is not JSON"]
        return [f"{self.method} {self.path} ({self.status}): {p}" for p in response_problems(*self.key, body)]

    @property
    def key(self) -> tuple[str, str, int]:
        return self.method, self.path, self.status


class Recorder:
    """Keeps every HTTP response of the app it wraps, in order, across the whole test session."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.exchanges: list[Exchange] = []

    def since(self, mark: int) -> list[Exchange]:
        with self._lock:
            return self.exchanges[mark:]

    def wrap(self, app: ASGIApp) -> ASGIApp:
        async def recorded(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            start: dict[str, Any] = {}
            chunks: list[bytes] = []

            async def capture(message: Message) -> None:
                if message["type"] == "http.response.start":
                    start.update(message)
                elif message["type"] == "http.response.body":
                    chunks.append(message.get("body", b""))
                    if not message.get("more_body"):
                        self._keep(scope, start, b"".join(chunks))  # before the client can see the end
                await send(message)

            await app(scope, receive, capture)

        return recorded

    def _keep(self, scope: Scope, start: dict[str, Any], body: bytes) -> None:
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in start.get("headers", [])}
        exchange = Exchange(scope["method"], scope["path"], start["status"], headers.get("content-type", ""), body)
        with self._lock:
            self.exchanges.append(exchange)


@pytest.fixture(scope="session")
def response_recorder() -> Recorder:
    return Recorder()


@pytest.fixture(scope="session")
def provider(tmp_path_factory: pytest.TempPathFactory, response_recorder: Recorder) -> Iterator[Provider]:
    """A provider for the session (its own data directory), every response it sends recorded."""
    server = start_provider(tmp_path_factory.mktemp("provider"), recorder=response_recorder)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(autouse=True)
def responses_conform(response_recorder: Recorder) -> Iterator[None]:
    """Fails the test if any response it caused would be rejected by one of Codat's SDKs."""
    mark = len(response_recorder.since(0))
    yield
    found = [p for exchange in response_recorder.since(mark) for p in exchange.problems()]
    if found:
        pytest.fail("responses Codat's SDKs would reject:\n  " + "\n  ".join(found), pytrace=False)
