"""Webhook rows: each tenant's endpoints and signing secret, and the log of every delivery."""

from __future__ import annotations

import json
from typing import Any

from link_ui.store._base import Family, Row


class WebhookStore(Family):
    async def config(self, tenant_id: str, fresh_secret: str) -> Row:
        """The tenant's urls and secret; made on first use, with no urls and `fresh_secret`."""
        row = await self.db.fetch_one("SELECT urls, secret FROM webhook_config WHERE tenant_id = ?", (tenant_id,))
        if row is None:
            async with self.db.transaction() as tx:
                await tx.execute(
                    "INSERT OR IGNORE INTO webhook_config (tenant_id, secret) VALUES (?, ?)", (tenant_id, fresh_secret)
                )
                row = await tx.fetch_one("SELECT urls, secret FROM webhook_config WHERE tenant_id = ?", (tenant_id,))
        assert row is not None
        return row

    async def set_urls(self, tenant_id: str, urls: list[str], fresh_secret: str) -> None:
        await self._set(tenant_id, "urls", json.dumps(urls), fresh_secret)

    async def set_secret(self, tenant_id: str, secret: str) -> None:
        await self._set(tenant_id, "secret", secret, secret)

    async def _set(self, tenant_id: str, column: str, value: str, fresh_secret: str) -> None:
        async with self.db.transaction() as tx:
            await tx.execute(
                "INSERT OR IGNORE INTO webhook_config (tenant_id, secret) VALUES (?, ?)", (tenant_id, fresh_secret)
            )
            await tx.execute(f"UPDATE webhook_config SET {column} = ? WHERE tenant_id = ?", (value, tenant_id))  # noqa: S608

    # -- deliveries -------------------------------------------------------------------------
    async def record(self, delivery_id: str, tenant_id: str, event: dict[str, Any], url: str, now: str) -> None:
        """A pending delivery of `event` to `url`."""
        async with self.db.transaction() as tx:
            await tx.execute(
                "INSERT INTO webhook_deliveries"
                " (id, tenant_id, event_id, event_type, url, body, status, created, updated)"
                " VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)",
                (delivery_id, tenant_id, event["id"], event["eventType"], url, json.dumps(event), now, now),
            )

    async def pending_ids(self) -> list[str]:
        rows = await self.db.fetch_all("SELECT id FROM webhook_deliveries WHERE status = 'pending'")
        return [row["id"] for row in rows]

    async def to_attempt(self, delivery_id: str) -> Row | None:
        """The delivery, with its tenant's current signing `secret`."""
        return await self.db.fetch_one(
            "SELECT d.*, c.secret FROM webhook_deliveries d JOIN webhook_config c ON c.tenant_id = d.tenant_id"
            " WHERE d.id = ?",
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
