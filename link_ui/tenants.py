"""Tenants of the provider: created on first use, each with its own clock and Link UI settings."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from link_ui.store.tenants import TenantStore
from sandbox.clock import ClockState, iso, parse_iso, real_now

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
    # Held while a change of the clock or settings (or a reset, a restore) reads and stores them: two
    # at once take turns, so neither is lost. One per cached tenant, as the cache holds one Tenant each.
    lock: asyncio.Lock = field(default_factory=asyncio.Lock, repr=False, compare=False)

    def now(self) -> dt.datetime:
        return self.clock.now()


class Tenants:
    """Reads go through an in-process cache: every API request needs its tenant, and its clock."""

    def __init__(self, rows: TenantStore) -> None:
        self.rows = rows
        self._cache: dict[str, Tenant] = {}

    async def get(self, tenant_id: str) -> Tenant:
        tenant = self._cache.get(tenant_id)
        if tenant is not None:
            return tenant
        row = await self.rows.get_or_create(tenant_id, iso(real_now()))
        tenant = Tenant(
            id=tenant_id,
            clock=ClockState(
                row["clock_offset"], parse_iso(row["clock_frozen_at"]) if row["clock_frozen_at"] else None
            ),
            settings=TenantSettings.from_json(json.loads(row["settings"])),
        )
        # Two first requests may both have built one: the first cached wins, so they share its lock.
        return self._cache.setdefault(tenant_id, tenant)

    async def find(self, tenant_id: str) -> Tenant | None:
        """Like get, but does not create a tenant that has never been used."""
        if tenant_id in self._cache:
            return self._cache[tenant_id]
        return await self.get(tenant_id) if await self.rows.exists(tenant_id) else None

    async def change_clock(self, tenant: Tenant, change: Callable[[ClockState], ClockState]) -> ClockState:
        """Stores `change(the clock as it is now)` and answers it; `change` may raise to refuse (then
        nothing is stored). Twenty advances at once move the clock twenty times."""
        async with tenant.lock:
            clock = change(tenant.clock)
            await self.rows.set_clock(tenant.id, clock)
            tenant.clock = clock
            return clock

    async def change_settings(
        self, tenant: Tenant, change: Callable[[TenantSettings], TenantSettings]
    ) -> TenantSettings:
        """Stores `change(the settings as they are now)` and answers them, as change_clock does."""
        async with tenant.lock:
            settings = change(tenant.settings)
            await self.rows.set_settings(tenant.id, settings.to_json())
            tenant.settings = settings
            return settings

    async def reset(self, tenant: Tenant) -> None:
        """Empties the tenant: its companies (and everything under them), clock and settings."""
        async with tenant.lock:
            await self.rows.reset(tenant.id)
            tenant.clock = ClockState()
            tenant.settings = TenantSettings()
