"""Webhook rows: each tenant's signing secret, its consumers (endpoints), and the log of every delivery."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from link_ui.store._base import Family, Row, marks
from sandbox.db import Writer


@dataclass(frozen=True)
class Consumer:
    """A webhook consumer as stored: where to send which of the tenant's events."""

    id: str
    url: str
    event_types: tuple[str, ...]
    disabled: bool = False
    company_id: str | None = None  # only this company's events
    company_tags: tuple[str, ...] | None = None  # only events of companies with one of these "key:value" tags
    created: str = ""

    @classmethod
    def from_row(cls, row: Row) -> Consumer:
        tags = row["company_tags"]
        return cls(
            id=row["id"],
            url=row["url"],
            event_types=tuple(json.loads(row["event_types"])),
            disabled=bool(row["disabled"]),
            company_id=row["company_id"],
            company_tags=tuple(json.loads(tags)) if tags is not None else None,
            created=row["created"],
        )


class WebhookStore(Family):
    async def secret(self, tenant_id: str, fresh_secret: str) -> str:
        """The tenant's signing secret; made on first use as `fresh_secret`."""
        row = await self.db.fetch_one("SELECT secret FROM webhook_config WHERE tenant_id = ?", (tenant_id,))
        if row is None:
            async with self.db.transaction() as tx:
                await _ensure_secret(tx, tenant_id, fresh_secret)
                row = await tx.fetch_one("SELECT secret FROM webhook_config WHERE tenant_id = ?", (tenant_id,))
        assert row is not None
        return str(row["secret"])

    async def set_secret(self, tenant_id: str, secret: str) -> None:
        async with self.db.transaction() as tx:
            await _ensure_secret(tx, tenant_id, secret)
            await tx.execute("UPDATE webhook_config SET secret = ? WHERE tenant_id = ?", (secret, tenant_id))

    # -- consumers --------------------------------------------------------------------------
    async def consumers(self, tenant_id: str) -> list[Consumer]:
        """The tenant's consumers, oldest first."""
        rows = await self.db.fetch_all(
            "SELECT * FROM webhook_consumers WHERE tenant_id = ? ORDER BY created, rowid", (tenant_id,)
        )
        return [Consumer.from_row(row) for row in rows]

    async def add_consumer(self, tenant_id: str, consumer: Consumer, fresh_secret: str, limit: int) -> bool:
        """Stores `consumer` unless the tenant already has `limit` of them (then False, nothing written)."""
        async with self.db.transaction() as tx:
            count = await tx.fetch_one("SELECT COUNT(*) AS n FROM webhook_consumers WHERE tenant_id = ?", (tenant_id,))
            if count is not None and count["n"] >= limit:
                return False
            await _ensure_secret(tx, tenant_id, fresh_secret)
            await _insert_consumer(tx, tenant_id, consumer)
        return True

    async def delete_consumer(self, tenant_id: str, consumer_id: str) -> bool:
        async with self.db.transaction() as tx:
            deleted = await tx.execute(
                "DELETE FROM webhook_consumers WHERE id = ? AND tenant_id = ?", (consumer_id, tenant_id)
            )
        return deleted > 0

    async def keep_urls(self, tenant_id: str, urls: list[str], new: list[Consumer], fresh_secret: str) -> None:
        """The settings control's PUT, in one transaction: consumers of URLs not in `urls` go, `new` come."""
        async with self.db.transaction() as tx:
            await _ensure_secret(tx, tenant_id, fresh_secret)
            kept = f" AND url NOT IN ({marks(urls)})" if urls else ""  # NOT IN (NULL) would keep them all
            await tx.execute(f"DELETE FROM webhook_consumers WHERE tenant_id = ?{kept}", (tenant_id, *urls))  # noqa: S608
            for consumer in new:
                await _insert_consumer(tx, tenant_id, consumer)

    # -- deliveries -------------------------------------------------------------------------
    async def record(
        self, delivery_id: str, tenant_id: str, event: dict[str, Any], consumer_id: str | None, url: str, now: str
    ) -> None:
        """A pending delivery of `event` to a consumer's `url`."""
        async with self.db.transaction() as tx:
            await tx.execute(
                "INSERT INTO webhook_deliveries"
                " (id, tenant_id, event_id, event_type, consumer_id, url, body, status, created, updated)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)",
                (
                    delivery_id,
                    tenant_id,
                    event["id"],
                    event["eventType"],
                    consumer_id,
                    url,
                    json.dumps(event),
                    now,
                    now,
                ),
            )

    async def pending_ids(self) -> list[str]:
        rows = await self.db.fetch_all("SELECT id FROM webhook_deliveries WHERE status = 'pending' AND attempts = 0")
        return [row["id"] for row in rows]

    async def to_attempt(self, delivery_id: str) -> Row | None:
        """The delivery, with its tenant's current signing `secret`, and `consumer_gone` when its
        consumer has been deleted since (a delivery from before consumers has none to lose)."""
        return await self.db.fetch_one(
            "SELECT d.*, c.secret, (d.consumer_id IS NOT NULL AND NOT EXISTS"
            " (SELECT 1 FROM webhook_consumers w WHERE w.id = d.consumer_id)) AS consumer_gone"
            " FROM webhook_deliveries d JOIN webhook_config c ON c.tenant_id = d.tenant_id WHERE d.id = ?",
            (delivery_id,),
        )

    async def record_attempt(
        self,
        delivery_id: str,
        status: str,
        attempts: int,
        code: int | None,
        error: str | None,
        response: str | None,
        now: str,
    ) -> None:
        async with self.db.transaction() as tx:
            await tx.execute(
                "UPDATE webhook_deliveries SET status = ?, attempts = ?, last_code = ?, last_error = ?,"
                " last_response = ?, updated = ? WHERE id = ?",
                (status, attempts, code, error, response, now, delivery_id),
            )

    async def deliveries(self, tenant_id: str, limit: int) -> list[Row]:
        """The tenant's deliveries, newest first."""
        return await self.db.fetch_all(
            "SELECT * FROM webhook_deliveries WHERE tenant_id = ? ORDER BY created DESC, rowid DESC LIMIT ?",
            (tenant_id, limit),
        )

    async def delivery(self, tenant_id: str, delivery_id: str) -> Row | None:
        return await self.db.fetch_one(
            "SELECT * FROM webhook_deliveries WHERE id = ? AND tenant_id = ?", (delivery_id, tenant_id)
        )


async def _ensure_secret(tx: Writer, tenant_id: str, fresh_secret: str) -> None:
    await tx.execute(
        "INSERT OR IGNORE INTO webhook_config (tenant_id, secret) VALUES (?, ?)", (tenant_id, fresh_secret)
    )


async def _insert_consumer(tx: Writer, tenant_id: str, consumer: Consumer) -> None:
    tags = json.dumps(list(consumer.company_tags)) if consumer.company_tags is not None else None
    await tx.execute(
        "INSERT INTO webhook_consumers (id, tenant_id, url, event_types, disabled, company_id, company_tags, created)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            consumer.id,
            tenant_id,
            consumer.url,
            json.dumps(list(consumer.event_types)),
            int(consumer.disabled),
            consumer.company_id,
            tags,
            consumer.created,
        ),
    )
