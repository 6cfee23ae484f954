"""Webhooks: Codat-shaped events, signed as Codat signs them, delivered with retries, logged, replayable.

Signing follows the scheme Codat's webhooks use (Svix): headers `webhook-id`, `webhook-timestamp`
(Unix seconds) and `webhook-signature: v1,<base64 HMAC-SHA256>` over `"{id}.{timestamp}.{body}"`,
keyed with the base64-decoded part of the tenant's `whsec_…` secret. `emit()` only enqueues, so
delivery never slows the request that caused the event.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import hashlib
import hmac
import json
import logging
import secrets
import time
import uuid
from collections.abc import Sequence
from typing import Any

import httpx

from link_ui.codat import WebhookEvent
from link_ui.store.webhooks import WebhookStore
from sandbox.clock import iso, real_now

log = logging.getLogger("link_ui.webhooks")

RESPONSE_LIMIT = 2048
EVENT_TYPES = tuple(event.value for event in WebhookEvent)


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """The `webhook-signature` header value for one delivery."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    mac = hmac.new(key, f"{message_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode()


def verify(secret: str, headers: dict[str, str], body: bytes, *, tolerance: int = 300) -> bool:
    """What a receiver does (documented in the README): recompute, compare, check the timestamp."""
    try:
        timestamp = int(headers["webhook-timestamp"])
        expected = sign(secret, headers["webhook-id"], timestamp, body)
    except (KeyError, ValueError):
        return False
    if abs(time.time() - timestamp) > tolerance:
        return False
    return any(hmac.compare_digest(expected, given) for given in headers.get("webhook-signature", "").split())


class Webhooks:
    def __init__(self, rows: WebhookStore, *, retry_delays: Sequence[float]) -> None:
        """`retry_delays`: seconds between attempts (ProviderSettings.webhook_retry_delays)."""
        self.rows = rows
        self.retry_delays = tuple(retry_delays)
        self._queue: asyncio.Queue[tuple[str, dict[str, Any]]] = asyncio.Queue()
        self._tasks: set[asyncio.Task[None]] = set()
        self._client: httpx.AsyncClient | None = None
        self._runner: asyncio.Task[None] | None = None

    # -- lifecycle --------------------------------------------------------------------------
    async def start(self) -> None:
        self._client = httpx.AsyncClient(timeout=10.0, follow_redirects=False)
        self._runner = asyncio.create_task(self._run())
        for delivery_id in await self.rows.pending_ids():
            self._spawn(self._attempt(delivery_id))  # deliveries a restart interrupted

    async def stop(self) -> None:
        for task in [*self._tasks, *([self._runner] if self._runner else [])]:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._client is not None:
            await self._client.aclose()

    def _spawn(self, work: Any) -> None:
        task = asyncio.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # -- configuration ----------------------------------------------------------------------
    async def config(self, tenant_id: str) -> dict[str, Any]:
        row = await self.rows.config(tenant_id, new_secret())
        return {"urls": json.loads(row["urls"]), "secret": row["secret"], "eventTypes": list(EVENT_TYPES)}

    async def set_urls(self, tenant_id: str, urls: list[str]) -> dict[str, Any]:
        await self.rows.set_urls(tenant_id, urls, new_secret())
        return await self.config(tenant_id)

    async def rotate_secret(self, tenant_id: str) -> dict[str, Any]:
        await self.rows.set_secret(tenant_id, new_secret())
        return await self.config(tenant_id)

    # -- events -----------------------------------------------------------------------------
    def emit(self, tenant_id: str, event_type: str, payload: dict[str, Any], generated: dt.datetime) -> str:
        """Queues an event for every registered URL; returns its id. Never waits on the network."""
        event = {"id": str(uuid.uuid4()), "eventType": event_type, "generatedDate": iso(generated), "payload": payload}
        self._queue.put_nowait((tenant_id, event))
        return str(event["id"])

    async def _run(self) -> None:
        while True:
            tenant_id, event = await self._queue.get()
            try:
                urls = (await self.config(tenant_id))["urls"]
                for url in urls:
                    delivery_id = await self._record(tenant_id, event, url)
                    self._spawn(self._attempt(delivery_id))
            except Exception:  # one bad event must not stop deliveries for everyone
                log.exception("could not queue webhook event %s", event["id"])

    async def _record(self, tenant_id: str, event: dict[str, Any], url: str) -> str:
        delivery_id = str(uuid.uuid4())
        await self.rows.record(delivery_id, tenant_id, event, url, iso(real_now()))
        return delivery_id

    async def _attempt(self, delivery_id: str) -> None:
        row = await self.rows.to_attempt(delivery_id)
        if row is None or row["status"] != "pending" or self._client is None:
            return
        body = row["body"].encode()
        timestamp = int(time.time())
        headers = {
            "content-type": "application/json",
            "webhook-id": row["event_id"],
            "webhook-timestamp": str(timestamp),
            "webhook-signature": sign(row["secret"], row["event_id"], timestamp, body),
            "user-agent": "qbo-sandbox-webhooks/1",
        }
        code: int | None = None
        error: str | None = None
        response_text: str | None = None
        try:
            response = await self._client.post(row["url"], content=body, headers=headers)
            code, response_text = response.status_code, response.text[:RESPONSE_LIMIT]
        except Exception as exc:  # any failure is this attempt's outcome, logged; never a stuck delivery
            error = f"{type(exc).__name__}: {exc}"[:RESPONSE_LIMIT]
        attempts = row["attempts"] + 1
        delivered = code is not None and 200 <= code < 300
        gave_up = not delivered and attempts > len(self.retry_delays)
        status = "delivered" if delivered else "failed" if gave_up else "pending"
        await self.rows.record_attempt(delivery_id, status, attempts, code, error, response_text, iso(real_now()))
        if status == "pending":
            self._spawn(self._retry_later(delivery_id, self.retry_delays[attempts - 1]))

    async def _retry_later(self, delivery_id: str, delay: float) -> None:
        await asyncio.sleep(delay)  # the backoff itself, in the server, not in a test
        await self._attempt(delivery_id)

    # -- log and replay ---------------------------------------------------------------------
    async def deliveries(self, tenant_id: str, limit: int = 100) -> list[dict[str, Any]]:
        rows = await self.rows.deliveries(tenant_id, limit)
        return [
            {
                "id": r["id"],
                "eventId": r["event_id"],
                "eventType": r["event_type"],
                "url": r["url"],
                "status": r["status"],
                "attempts": r["attempts"],
                "lastStatusCode": r["last_code"],
                "lastError": r["last_error"],
                "lastResponse": r["last_response"],
                "created": r["created"],
                "updated": r["updated"],
                "event": json.loads(r["body"]),
            }
            for r in rows
        ]

    async def replay(self, tenant_id: str, delivery_id: str) -> str | None:
        """Sends a delivery's event again, as a new delivery with the same event id."""
        row = await self.rows.delivery(tenant_id, delivery_id)
        if row is None:
            return None
        new_id = await self._record(tenant_id, json.loads(row["body"]), row["url"])
        self._spawn(self._attempt(new_id))
        return new_id
