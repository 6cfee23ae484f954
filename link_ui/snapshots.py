"""Snapshots: a tenant's whole provider state as JSON, and a restore that replaces it.

Generic over columns (rows travel as objects), so schema additions need no change here; the
snapshot records the schema version and a restore refuses one from another version.
"""

from __future__ import annotations

import math
import sqlite3
from typing import Any

from link_ui import settings_rules
from link_ui.scheduled import Scheduled
from link_ui.schema import MIGRATIONS
from link_ui.store import ProviderStore
from link_ui.store.snapshots import LAYOUT
from link_ui.tenants import Tenant, TenantSettings
from sandbox.clock import ClockState, is_sane, iso, parse_iso
from sandbox.snapshot_rows import Schema, checked_tables, refusal
from sandbox.snapshot_rows import SnapshotError as SnapshotError  # link_ui.controls.state catches it here

FORMAT = "qbo-sandbox/provider-snapshot"
# Schema 4 numbers transactions per account and 5 adds link codes; a snapshot of schema 3 or 4 has
# rows of the same shape (and seqs that count up within each account), so it restores as well.
VERSIONS = tuple(range(3, len(MIGRATIONS) + 1))
MAX_OFFSET_SECONDS = 100 * 365 * 86400


async def export(store: ProviderStore, tenant: Tenant) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "schemaVersion": len(MIGRATIONS),
        "clock": {
            "offsetSeconds": tenant.clock.offset_seconds,
            "frozenAt": iso(tenant.clock.frozen_at) if tenant.clock.frozen_at else None,
        },
        "settings": tenant.settings.to_json(),
        "tables": await store.snapshots.tables(tenant.id),
    }


async def restore(store: ProviderStore, tenant: Tenant, snapshot: Any) -> None:
    """Replaces the tenant's state with the snapshot's, all or nothing."""
    schema = await store.snapshots.schema()
    tables, clock, settings = _check(snapshot, schema)
    async with tenant.lock:  # no clock or settings change of the tenant lands in between
        try:
            await store.snapshots.restore(tenant.id, tables, schema, clock, settings.to_json())
        except sqlite3.Error as exc:
            raise refusal(exc) from None
        tenant.clock, tenant.settings = clock, settings  # the cached tenant follows, once it committed


def _check(snapshot: Any, schema: Schema) -> tuple[dict[str, list[dict[str, Any]]], ClockState, TenantSettings]:
    tables = checked_tables(snapshot, "provider", FORMAT, VERSIONS, LAYOUT, schema)
    clock_data = snapshot.get("clock") or {}
    try:
        frozen = clock_data.get("frozenAt")
        clock = ClockState(float(clock_data.get("offsetSeconds", 0)), parse_iso(frozen) if frozen else None)
    except (TypeError, ValueError, AttributeError):
        raise SnapshotError("'clock' must be {offsetSeconds, frozenAt}.") from None
    if not (math.isfinite(clock.offset_seconds) and abs(clock.offset_seconds) < MAX_OFFSET_SECONDS):
        raise SnapshotError("'clock.offsetSeconds' must be a finite number of seconds, within a century.")
    if not is_sane(clock):
        raise SnapshotError("'clock' must put the sandbox's now within the years 1970 to 9000.")
    settings = snapshot.get("settings") or {}
    if not isinstance(settings, dict):
        raise SnapshotError("'settings' must be an object.")
    if errors := settings_rules.checked(settings, settings_rules.SETTINGS_CHECKS):
        raise SnapshotError("'settings' are not valid: " + " ".join(e["message"] for e in errors))
    _check_references(tables)
    return {**tables, "schedule": _own_schedule(tables)}, clock, TenantSettings.from_json(settings)


def _ids(rows: list[dict[str, Any]], column: str) -> set[Any]:
    return {row.get(column) for row in rows}


def _check_references(tables: dict[str, list[dict[str, Any]]]) -> None:
    """Every row must hang off the snapshot's own companies: a restore may never reach into rows
    that belong to another tenant (a transaction on someone else's account, a token for their feed)."""

    def get(name: str) -> list[dict[str, Any]]:
        return tables.get(name, [])

    companies = _ids(get("companies"), "id")
    connections = _ids(get("connections"), "id")
    credentials = _ids(get("credentials"), "id")
    accounts = _ids(get("source_accounts"), "pk")
    rules = [
        ("connections", "company_id", companies, False),
        ("otp_failures", "connection_id", connections, False),
        ("credentials", "connection_id", connections, False),
        ("feed_tokens", "connection_id", connections, False),
        ("feed_tokens", "credential_id", credentials, False),
        ("source_accounts", "connection_id", connections, False),
        ("source_accounts", "credential_id", credentials, True),
        ("push_operations", "company_id", companies, False),
        ("push_operations", "connection_id", connections, False),
        ("push_operations", "account_pk", accounts, True),
        ("transactions", "account_pk", accounts, False),
        ("webhook_consumers", "company_id", companies, True),
    ]
    for table, column, allowed, nullable in rules:
        for row in get(table):
            value = row.get(column)
            if (value is None and not nullable) or (value is not None and value not in allowed):
                raise SnapshotError(f"'tables.{table}' has a row whose '{column}' is not in the snapshot itself.")


def _own_schedule(tables: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """The snapshot's schedule entries that name its own rows: what the clock will run can never reach
    another tenant's. An entry for a row deleted before the export (the schedule keeps no foreign keys)
    is left out, as its run would do nothing; a kind the sandbox never schedules is refused."""
    connections = _ids(tables.get("connections", []), "id")
    accounts_of = {(a.get("connection_id"), a.get("id")) for a in tables.get("source_accounts", [])}
    pushes = _ids(tables.get("push_operations", []), "key")
    deliveries = _ids(tables.get("webhook_deliveries", []), "id")
    owned = {
        Scheduled.ACCOUNT_DISCONNECTED: lambda o: tuple(o.partition("/")[::2]) in accounts_of,
        Scheduled.CONNECTION_UNLINKED: lambda o: o in connections,
        Scheduled.PUSH_TIMEOUT: lambda o: o in pushes,
        Scheduled.WEBHOOK_RETRY: lambda o: o in deliveries,
    }
    kept = []
    for entry in tables.get("schedule", []):
        kind, target = entry.get("kind"), entry.get("object")
        if kind not in owned:
            raise SnapshotError(f"'tables.schedule' has an entry of kind {kind!r}, which the sandbox never schedules.")
        if isinstance(target, str) and owned[Scheduled(kind)](target):
            kept.append(entry)
    return kept
