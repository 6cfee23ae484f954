"""Tenants of the provider: created on first use, each with its own clock and Link UI settings."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from sandbox.clock import ClockState, iso, parse_iso, real_now
from sandbox.db import Database, Writer

DEFAULT_ORGANIZATION = "Sandbox Bank Feeds"


@dataclass
class TenantSettings:
    """What the Link UI and QBO's institution list show for this tenant, with the rest of its Codat
    profile: one record behind PATCH /_sandbox/settings and the Platform API's GET and PUT /profile."""

    organization_name: str = DEFAULT_ORGANIZATION  # the profile's `name`
    logo_url: str | None = None
    callout: dict[str, dict[str, str]] = field(default_factory=dict)  # {"en": {"title", "body"}, "fr": …}
    icon_url: str | None = None  # kept and returned by /profile; nothing shows it
    redirect_url: str = ""  # kept and returned by /profile; QBO's flow ends in QBO, so nothing redirects
    white_list_urls: list[str] = field(default_factory=list)  # kept and returned by /profile

    def to_json(self) -> dict[str, Any]:
        return {
            "organizationName": self.organization_name,
            "logoUrl": self.logo_url,
            "callout": self.callout,
            "iconUrl": self.icon_url,
            "redirectUrl": self.redirect_url,
            "whiteListUrls": self.white_list_urls,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TenantSettings:
        return cls(
            organization_name=data.get("organizationName") or DEFAULT_ORGANIZATION,
            logo_url=data.get("logoUrl"),
            callout=data.get("callout") or {},
            icon_url=data.get("iconUrl"),
            redirect_url=data.get("redirectUrl") or "",
            white_list_urls=list(data.get("whiteListUrls") or []),
        )


@dataclass
class Tenant:
    id: str
    clock: ClockState
    settings: TenantSettings

    def now(self) -> dt.datetime:
        return self.clock.now()


class Tenants:
    """Reads go through an in-process cache: every API request needs its tenant, and its clock."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._cache: dict[str, Tenant] = {}

    async def get(self, tenant_id: str) -> Tenant:
        tenant = self._cache.get(tenant_id)
        if tenant is not None:
            return tenant
        row = await self.db.fetch_one("SELECT * FROM tenants WHERE id = ?", (tenant_id,))
        if row is None:
            async with self.db.transaction() as tx:
                await tx.execute(
                    "INSERT OR IGNORE INTO tenants (id, created) VALUES (?, ?)", (tenant_id, iso(real_now()))
                )
                row = await tx.fetch_one("SELECT * FROM tenants WHERE id = ?", (tenant_id,))
        assert row is not None
        tenant = Tenant(
            id=tenant_id,
            clock=ClockState(
                row["clock_offset"], parse_iso(row["clock_frozen_at"]) if row["clock_frozen_at"] else None
            ),
            settings=TenantSettings.from_json(json.loads(row["settings"])),
        )
        self._cache[tenant_id] = tenant
        return tenant

    async def find(self, tenant_id: str) -> Tenant | None:
        """Like get, but does not create a tenant that has never been used."""
        if tenant_id in self._cache:
            return self._cache[tenant_id]
        row = await self.db.fetch_one("SELECT 1 FROM tenants WHERE id = ?", (tenant_id,))
        return await self.get(tenant_id) if row else None

    async def set_clock(self, tenant: Tenant, clock: ClockState) -> None:
        frozen = iso(clock.frozen_at) if clock.frozen_at else None
        async with self.db.transaction() as tx:
            await tx.execute(
                "UPDATE tenants SET clock_offset = ?, clock_frozen_at = ? WHERE id = ?",
                (clock.offset_seconds, frozen, tenant.id),
            )
        tenant.clock = clock

    async def set_settings(self, tenant: Tenant, settings: TenantSettings) -> None:
        async with self.db.transaction() as tx:
            await tx.execute(
                "UPDATE tenants SET settings = ? WHERE id = ?", (json.dumps(settings.to_json()), tenant.id)
            )
        tenant.settings = settings

    async def reset(self, tenant: Tenant) -> None:
        """Empties the tenant: its companies (and everything under them), clock and settings."""
        async with self.db.transaction() as tx:
            await self.empty(tx, tenant.id)
        tenant.clock = ClockState()
        tenant.settings = TenantSettings()

    @staticmethod
    async def empty(tx: Writer, tenant_id: str) -> None:
        """The statements of a reset, for use inside a caller's transaction (a restore)."""
        await tx.execute("DELETE FROM webhook_deliveries WHERE tenant_id = ?", (tenant_id,))
        await tx.execute("DELETE FROM webhook_config WHERE tenant_id = ?", (tenant_id,))
        await tx.execute("DELETE FROM push_operations WHERE tenant_id = ?", (tenant_id,))
        await tx.execute("DELETE FROM companies WHERE tenant_id = ?", (tenant_id,))
        await tx.execute(
            "UPDATE tenants SET clock_offset = 0, clock_frozen_at = NULL, settings = '{}' WHERE id = ?", (tenant_id,)
        )

    async def replace(self, tenant: Tenant, clock: ClockState, settings: TenantSettings, tx: Writer) -> None:
        """Sets clock and settings inside a caller's transaction; the cache follows once it commits."""
        frozen = iso(clock.frozen_at) if clock.frozen_at else None
        await tx.execute(
            "UPDATE tenants SET clock_offset = ?, clock_frozen_at = ?, settings = ? WHERE id = ?",
            (clock.offset_seconds, frozen, json.dumps(settings.to_json()), tenant.id),
        )
