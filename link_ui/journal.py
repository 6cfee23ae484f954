"""The request journal: every API request (Bank Feeds and Platform), per tenant, for tests to assert on.

A bounded ring per tenant (JOURNAL_SIZE entries, bodies cut at BODY_LIMIT bytes), kept in memory:
it never grows without limit, and reading it never touches the database. Sandbox controls, the
feed protocol and static files are not journaled: the journal is what *your application* sent.
Bodies are kept as sent and parsed (and their secrets redacted) only when an entry is read, so
journaling costs a request little.
"""

from __future__ import annotations

import itertools
import time
import uuid
from collections import deque
from dataclasses import dataclass
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from link_ui.authentication import caller_of
from sandbox import correlation
from sandbox.clock import iso, real_now
from sandbox.db import count_statements
from sandbox.json_body import BadJson, parse_json

JOURNAL_SIZE = 1000
BODY_LIMIT = 16 * 1024
NOT_JOURNALED = ("/_sandbox", "/feed/", "/static")


SECRET_FIELDS = frozenset({"password"})  # generated credentials are shown once, never kept
REDACTED = "[redacted]"


def _redact(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: REDACTED if k in SECRET_FIELDS else _redact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact(v) for v in value]
    return value


def _body(raw: bytes, truncated: bool) -> Any:
    if not raw:
        return None
    text = raw.decode("utf-8", errors="replace")
    if not truncated:
        try:  # what the API's reader takes is kept as JSON; anything else (too deep, say) as text
            return _redact(parse_json(raw))
        except BadJson:
            pass
    if '"password"' in text:  # a cut or malformed body that may hold a secret: keep none of it
        return REDACTED
    return text + ("…" if truncated else "")


@dataclass(frozen=True, slots=True)
class RawBody:
    """A body as it went over the wire (its first BODY_LIMIT bytes), until an entry is shown."""

    data: bytes
    truncated: bool


class Journal:
    def __init__(self, size: int = JOURNAL_SIZE) -> None:
        self.size = size
        self._entries: dict[str, deque[dict[str, Any]]] = {}
        self._ids = itertools.count(1)

    def record(self, tenant_id: str, entry: dict[str, Any]) -> None:
        entry["id"] = next(self._ids)
        self._entries.setdefault(tenant_id, deque(maxlen=self.size)).append(entry)

    def entries(self, tenant_id: str) -> list[dict[str, Any]]:
        return list(self._entries.get(tenant_id, ()))

    def clear(self, tenant_id: str) -> None:
        self._entries.pop(tenant_id, None)

    @staticmethod
    def shown(entry: dict[str, Any]) -> dict[str, Any]:
        """The entry as the controls show it: bodies parsed as JSON where they are, secrets redacted."""
        return {k: _body(v.data, v.truncated) if isinstance(v, RawBody) else v for k, v in entry.items()}


class JournalMiddleware:
    """Records API requests of authenticated tenants; adds X-Correlation-Id to every API answer. It
    begins every request's correlation id (sandbox.correlation), journaled or not."""

    def __init__(self, app: ASGIApp, *, journal: Journal) -> None:
        self.app, self.journal = app, journal

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if scope["type"] == "http":
            correlation.begin()  # the id error bodies and log lines of this request carry
        if scope["type"] != "http" or path.startswith(NOT_JOURNALED):
            await self.app(scope, receive, send)
            return
        tenant_id = caller_of(scope).tenant_id
        if tenant_id is None or path.endswith("/start"):  # Link UI pages are browsed, not called
            await self.app(scope, receive, send)
            return

        started = time.perf_counter()
        request_body = bytearray()
        response_body = bytearray()
        status = 0
        correlation_id = ""

        async def recording_receive() -> Message:
            message = await receive()
            if message["type"] == "http.request" and len(request_body) <= BODY_LIMIT:
                request_body.extend(message.get("body", b"")[: BODY_LIMIT + 1 - len(request_body)])
            return message

        async def recording_send(message: Message) -> None:
            nonlocal status, correlation_id
            if message["type"] == "http.response.start":
                status = message["status"]
                existing = [v for k, v in message.get("headers", []) if k == b"x-correlation-id"]
                correlation_id = existing[0].decode() if existing else correlation.current() or uuid.uuid4().hex
                if not existing:
                    message["headers"] = [*message.get("headers", []), (b"x-correlation-id", correlation_id.encode())]
            elif message["type"] == "http.response.body" and len(response_body) <= BODY_LIMIT:
                response_body.extend(message.get("body", b"")[: BODY_LIMIT + 1 - len(response_body)])
            await send(message)

        statements = [0]
        try:
            with count_statements() as statements:  # this request's own, not the push worker's
                await self.app(scope, recording_receive, recording_send)
        finally:
            query = scope.get("query_string", b"").decode("latin-1")
            self.journal.record(
                tenant_id,
                {
                    "at": iso(real_now()),
                    "method": scope["method"],
                    "path": path,
                    "query": query,
                    "status": status,
                    "durationMs": round((time.perf_counter() - started) * 1000, 2),
                    "statements": statements[0],
                    "correlationId": correlation_id,
                    "requestBody": RawBody(bytes(request_body[:BODY_LIMIT]), len(request_body) > BODY_LIMIT),
                    "responseBody": RawBody(bytes(response_body[:BODY_LIMIT]), len(response_body) > BODY_LIMIT),
                },
            )
