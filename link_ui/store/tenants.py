"""Tenant rows: created on first use, each holding its sandbox clock and its Link UI settings."""

from __future__ import annotations

import json
from typing import Any

from link_ui.store._base import CountingFamily, Row
from sandbox.clock import ClockState, iso
from sandbox.db import Writer


class TenantStore(CountingFamily):
    async def get_or_create(self, tenant_id: str, created: str) -> Row:
        row = await self.db.fetch_one("SELECT * FROM tenants WHERE id = ?", (tenant_id,))
        if row is None:
            async with self.db.transaction() as tx:
                await tx.execute("INSERT OR IGNORE INTO tenants (id, created) VALUES (?, ?)", (tenant_id, created))
                row = await tx.fetch_one("SELECT * FROM tenants WHERE id = ?", (tenant_id,))
        assert row is not None
        return row

    async def exists(self, tenant_id: str) -> bool:
        return await self.db.fetch_one("SELECT 1 FROM tenants WHERE id = ?", (tenant_id,)) is not None

    async def set_clock(self, tenant_id: str, clock: ClockState) -> None:
        frozen = iso(clock.frozen_at) if clock.frozen_at else None
        async with self.db.transaction() as tx:
            await tx.execute(
                "UPDATE tenants SET clock_offset = ?, clock_frozen_at = ? WHERE id = ?",
                (clock.offset_seconds, frozen, tenant_id),
            )

    async def set_settings(self, tenant_id: str, settings: dict[str, Any]) -> None:
        async with self.db.transaction() as tx:
            await tx.execute("UPDATE tenants SET settings = ? WHERE id = ?", (json.dumps(settings), tenant_id))

    async def reset(self, tenant_id: str) -> None:
        """Empties the tenant: its companies (and everything under them), clock and settings."""
        try:
            async with self.db.transaction() as tx:
                await empty(tx, tenant_id)
        finally:
            self.counts.changed(tenant_id)


async def empty(tx: Writer, tenant_id: str) -> None:
    """The statements of a reset, inside a caller's transaction (a reset, or a restore)."""
    for table in (
        "schedule",
        "journey_steps",
        "webhook_deliveries",
        "webhook_consumers",
        "webhook_config",
        "push_operations",
        "companies",
    ):
        await tx.execute(f"DELETE FROM {table} WHERE tenant_id = ?", (tenant_id,))  # noqa: S608 - constants
    await tx.execute(
        "UPDATE tenants SET clock_offset = 0, clock_frozen_at = NULL, settings = '{}' WHERE id = ?", (tenant_id,)
    )


async def replace(tx: Writer, tenant_id: str, clock: ClockState, settings: dict[str, Any]) -> None:
    """Sets clock and settings inside a caller's transaction (a restore)."""
    frozen = iso(clock.frozen_at) if clock.frozen_at else None
    await tx.execute(
        "UPDATE tenants SET clock_offset = ?, clock_frozen_at = ?, settings = ? WHERE id = ?",
        (clock.offset_seconds, frozen, json.dumps(settings), tenant_id),
    )
