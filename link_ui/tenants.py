"""Tenants of the provider: created on first use, each with its own clock and Link UI settings."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from link_ui.errors import validation_item
from link_ui.store.tenants import TenantStore
from sandbox.clock import ClockState, iso, parse_iso, real_now

DEFAULT_ORGANIZATION = "Sandbox Bank Feeds"
LIMITS = {"organizationName": 100, "logoUrl": 2000, "title": 50, "body": 150}


@dataclass
class TenantSettings:
    """What the Link UI and QBO's institution list show for this tenant (PATCH /_sandbox/settings)."""

    organization_name: str = DEFAULT_ORGANIZATION
    logo_url: str | None = None
    callout: dict[str, dict[str, str]] = field(default_factory=dict)  # {"en": {"title", "body"}, "fr": …}

    def to_json(self) -> dict[str, Any]:
        return {"organizationName": self.organization_name, "logoUrl": self.logo_url, "callout": self.callout}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TenantSettings:
        return cls(
            organization_name=data.get("organizationName") or DEFAULT_ORGANIZATION,
            logo_url=data.get("logoUrl"),
            callout=data.get("callout") or {},
        )


def settings_errors(body: dict[str, Any]) -> list[dict[str, Any]]:
    """What is wrong with a settings object (a PATCH's, or a snapshot's), as Codat validation items."""
    errors = []
    unknown = set(body) - {"organizationName", "logoUrl", "callout"}
    for key in sorted(unknown):
        errors.append(validation_item(f"'{key}' is not a setting.", key))
    name = body.get("organizationName")
    if "organizationName" in body and (not isinstance(name, str) or not name.strip() or len(name) > 100):
        errors.append(validation_item("'organizationName' must be 1 to 100 characters.", "organizationName"))
    logo = body.get("logoUrl")
    if logo is not None and (
        not isinstance(logo, str) or len(logo) > LIMITS["logoUrl"] or not logo.startswith(("https://", "http://", "/"))
    ):
        errors.append(validation_item("'logoUrl' must be an http(s) URL or null.", "logoUrl"))
    callout = body.get("callout")
    if callout is not None:
        if not isinstance(callout, dict) or set(callout) - {"en", "fr"}:
            errors.append(validation_item("'callout' must be an object with 'en' and/or 'fr'.", "callout"))
        else:
            for lang, text in callout.items():
                if not isinstance(text, dict) or set(text) - {"title", "body"}:
                    errors.append(validation_item(f"'callout.{lang}' must have 'title' and 'body'.", f"callout.{lang}"))
                    continue
                for part in ("title", "body"):
                    value = text.get(part, "")
                    if not isinstance(value, str) or len(value) > LIMITS[part]:
                        errors.append(
                            validation_item(
                                f"'callout.{lang}.{part}' must be text of at most {LIMITS[part]} characters.",
                                f"callout.{lang}.{part}",
                            )
                        )
    return errors


@dataclass
class Tenant:
    id: str
    clock: ClockState
    settings: TenantSettings

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
        self._cache[tenant_id] = tenant
        return tenant

    async def find(self, tenant_id: str) -> Tenant | None:
        """Like get, but does not create a tenant that has never been used."""
        if tenant_id in self._cache:
            return self._cache[tenant_id]
        return await self.get(tenant_id) if await self.rows.exists(tenant_id) else None

    async def set_clock(self, tenant: Tenant, clock: ClockState) -> None:
        await self.rows.set_clock(tenant.id, clock)
        tenant.clock = clock

    async def set_settings(self, tenant: Tenant, settings: TenantSettings) -> None:
        await self.rows.set_settings(tenant.id, settings.to_json())
        tenant.settings = settings

    async def reset(self, tenant: Tenant) -> None:
        """Empties the tenant: its companies (and everything under them), clock and settings."""
        await self.rows.reset(tenant.id)
        tenant.clock = ClockState()
        tenant.settings = TenantSettings()
