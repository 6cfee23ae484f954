"""Webhooks: Codat-shaped events, signed as Codat signs them, delivered with retries, logged, replayable.

Signing follows the scheme Codat's webhooks use (Svix): headers `webhook-id`, `webhook-timestamp`
(Unix seconds) and `webhook-signature: v1,<base64 HMAC-SHA256>` over `"{id}.{timestamp}.{body}"`,
keyed with the base64-decoded part of the tenant's `whsec_…` secret (one per tenant, for all its
consumers). Each event goes to every consumer that receives it (link_ui.consumers). `emit()` only
enqueues, so delivery never slows the request that caused the event. The first attempt is made at
once; each retry is a `webhook.retry` entry of the provider's scheduler, due the next of
`retry_delays` after the failed attempt in the tenant's sandbox time (Codat's schedule by default),
so advancing the clock an hour makes the retries due in that hour.
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
from link_ui.consumers import control_json, event_company, receives, tag_strings
from link_ui.scheduled import Scheduled
from link_ui.store.companies import CompanyStore
from link_ui.store.webhooks import Consumer, WebhookStore
from sandbox.clock import iso, real_now
from sandbox.scheduler import Entry, Scheduler

log = logging.getLogger("link_ui.webhooks")

RESPONSE_LIMIT = 2048
CONSUMER_GONE = "The webhook consumer was deleted."
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
    def __init__(
        self, rows: WebhookStore, companies: CompanyStore, scheduler: Scheduler, *, retry_delays: Sequence[float]
    ) -> None:
        """`retry_delays`: sandbox seconds between attempts (ProviderSettings.webhook_retry_delays)."""
        self.rows = rows
        self.companies = companies  # for consumers limited by company tags
        self.scheduler = scheduler
        self.retry_delays = tuple(retry_delays)
        scheduler.register(Scheduled.WEBHOOK_RETRY, self._retry)
        self._queue: asyncio.Queue[tuple[str, dict[str, Any]]] = asyncio.Queue()
        self._tasks: set[asyncio.Task[None]] = set()
        self._client: httpx.AsyncClient | None = None
        self._runner: asyncio.Task[None] | None = None

    # -- lifecycle --------------------------------------------------------------------------
    async def start(self) -> None:
        self._client = httpx.AsyncClient(timeout=10.0, follow_redirects=False)
        self._runner = asyncio.create_task(self._run())
        for delivery_id in await self.rows.pending_ids():
            self._spawn(self._attempt(delivery_id))  # first attempts a restart interrupted (retries are scheduled)

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

    # -- configuration: the settings control's view of the consumers ---------------------------
    async def config(self, tenant_id: str) -> dict[str, Any]:
        consumers = await self.rows.consumers(tenant_id)
        return {
            "urls": list(dict.fromkeys(c.url for c in consumers)),
            "secret": await self.rows.secret(tenant_id, new_secret()),
            "eventTypes": list(EVENT_TYPES),
            "consumers": [control_json(c) for c in consumers],
        }

    async def set_urls(self, tenant_id: str, urls: list[str], limit: int) -> dict[str, Any] | None:
        """The tenant's consumers become those of `urls`: a listed URL keeps its consumers as they
        are, a new one gets a consumer of every event type, the others' consumers are deleted.
        None (nothing changed) when that would make more than `limit` consumers."""
        consumers = await self.rows.consumers(tenant_id)
        known = {c.url for c in consumers}
        new = [self.new_consumer(url, EVENT_TYPES) for url in urls if url not in known]
        if sum(c.url in urls for c in consumers) + len(new) > limit:
            return None
        await self.rows.keep_urls(tenant_id, urls, new, new_secret())
        return await self.config(tenant_id)

    async def rotate_secret(self, tenant_id: str) -> dict[str, Any]:
        await self.rows.set_secret(tenant_id, new_secret())
        return await self.config(tenant_id)

    # -- consumers (the Platform API's /webhooks) ------------------------------------------------
    @staticmethod
    def new_consumer(url: str, event_types: Sequence[str], **limits: Any) -> Consumer:
        return Consumer(str(uuid.uuid4()), url, tuple(event_types), created=iso(real_now()), **limits)

    async def consumers(self, tenant_id: str) -> list[Consumer]:
        return await self.rows.consumers(tenant_id)

    async def add_consumer(self, tenant_id: str, consumer: Consumer, limit: int) -> bool:
        """False when the tenant already has `limit` consumers."""
        return await self.rows.add_consumer(tenant_id, consumer, new_secret(), limit)

    async def delete_consumer(self, tenant_id: str, consumer_id: str) -> bool:
        return await self.rows.delete_consumer(tenant_id, consumer_id)

    # -- events -----------------------------------------------------------------------------
    def emit(self, tenant_id: str, event_type: str, payload: dict[str, Any], generated: dt.datetime) -> str:
        """Queues an event for the consumers that receive it; returns its id. Never waits on the network."""
        event = {"id": str(uuid.uuid4()), "eventType": event_type, "generatedDate": iso(generated), "payload": payload}
        self._queue.put_nowait((tenant_id, event))
        return str(event["id"])

    async def _run(self) -> None:
        while True:
            tenant_id, event = await self._queue.get()
            try:
                for consumer in await self._receivers(tenant_id, event):
                    delivery_id = await self._record(tenant_id, event, consumer.id, consumer.url)
                    self._spawn(self._attempt(delivery_id))
            except Exception:  # one bad event must not stop deliveries for everyone
                log.exception("could not queue webhook event %s", event["id"])

    async def _receivers(self, tenant_id: str, event: dict[str, Any]) -> list[Consumer]:
        consumers = await self.rows.consumers(tenant_id)
        company_id = event_company(event)
        tags: set[str] = set()
        if company_id and any(c.company_tags for c in consumers):
            company = await self.companies.get(company_id)
            if company is not None and company["tenant_id"] == tenant_id:
                tags = tag_strings(json.loads(company["tags"]))
        return [c for c in consumers if receives(c, event["eventType"], company_id, tags)]

    async def _record(self, tenant_id: str, event: dict[str, Any], consumer_id: str | None, url: str) -> str:
        delivery_id = str(uuid.uuid4())
        await self.rows.record(delivery_id, tenant_id, event, consumer_id, url, iso(real_now()))
        return delivery_id

    async def _retry(self, entry: Entry) -> None:
        await self._attempt(entry.object, entry.due, entry.tenant_id)

    async def _attempt(self, delivery_id: str, at: dt.datetime | None = None, tenant_id: str | None = None) -> None:
        """One attempt; `at` is the sandbox time it was due (a retry's), else the tenant's now. A
        retry's entry names its tenant: another tenant's delivery is not its to attempt."""
        row = await self.rows.to_attempt(delivery_id)
        if row is None or row["status"] != "pending" or self._client is None:
            return
        if tenant_id is not None and row["tenant_id"] != tenant_id:
            return
        if row["consumer_gone"]:  # a deleted consumer gets no more attempts, retries or replays
            await self.rows.record_attempt(
                delivery_id, "failed", row["attempts"], None, CONSUMER_GONE, None, iso(real_now())
            )
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
            failed_at = at or await self.scheduler.now(row["tenant_id"])
            delay = dt.timedelta(seconds=self.retry_delays[attempts - 1])
            await self.scheduler.at(row["tenant_id"], failed_at + delay, Scheduled.WEBHOOK_RETRY, delivery_id)

    # -- log and replay ---------------------------------------------------------------------
    async def deliveries(self, tenant_id: str, limit: int = 100) -> list[dict[str, Any]]:
        rows = await self.rows.deliveries(tenant_id, limit)
        return [
            {
                "id": r["id"],
                "eventId": r["event_id"],
                "eventType": r["event_type"],
                "consumerId": r["consumer_id"],
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
        new_id = await self._record(tenant_id, json.loads(row["body"]), row["consumer_id"], row["url"])
        self._spawn(self._attempt(new_id))
        return new_id
