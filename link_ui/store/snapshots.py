"""A tenant's rows for a snapshot, table by table, and the restore that replaces them in one go.

Generic over columns (rows travel as objects), so schema additions need no change here. What a
restore checks and renumbers is the LAYOUT (sandbox.snapshot_rows).
"""

from __future__ import annotations

from typing import Any

from link_ui.codat import ConnectionStatus, PushStatus, SourceAccountStatus
from link_ui.store import tenants
from link_ui.store._base import CountingFamily
from sandbox.clock import ClockState, iso, parse_iso
from sandbox.snapshot_rows import (
    AMOUNT,
    DATE,
    LOCAL_DATETIME,
    MAX_INTEGER,
    TIMESTAMP,
    Layout,
    Schema,
    Tables,
    insert_tables,
    json_text,
    one_of,
    schema_of,
    whole,
)

_CONNECTIONS = "SELECT id FROM connections WHERE tenant_id = ?"
_ACCOUNTS = f"SELECT pk FROM source_accounts WHERE connection_id IN ({_CONNECTIONS})"  # noqa: S608 - constants
# Parents before children: restore inserts in this order.
TABLES: dict[str, str] = {
    "companies": "tenant_id = ?",
    "connections": "tenant_id = ?",
    "otp_failures": f"connection_id IN ({_CONNECTIONS})",
    "credentials": f"connection_id IN ({_CONNECTIONS})",
    "feed_tokens": f"connection_id IN ({_CONNECTIONS})",
    "source_accounts": f"connection_id IN ({_CONNECTIONS})",
    "push_operations": "tenant_id = ?",
    "transactions": f"account_pk IN ({_ACCOUNTS})",
    "webhook_config": "tenant_id = ?",
    "webhook_consumers": "tenant_id = ?",
    "webhook_deliveries": "tenant_id = ?",
    "schedule": "tenant_id = ?",
}
_TIMES = {
    "companies": ("created", "modified"),
    "connections": ("created", "modified", "last_sync"),
    "otp_failures": ("window_start", "day_start"),
    "credentials": ("created", "revoked"),
    "feed_tokens": ("created",),
    "source_accounts": ("created", "modified", "disconnected_at"),
    "push_operations": ("requested", "completed"),
    "transactions": ("written",),
    "webhook_consumers": ("created",),
    "webhook_deliveries": ("created", "updated"),
    "schedule": ("due",),
}
LAYOUT = Layout(
    tables=TABLES,
    # A source account's pk is a row id all tenants share: a restore gives new ones.
    renumbered={"source_accounts": "pk", "schedule": "id"},  # the schedule's ids too
    references={
        ("push_operations", "account_pk"): "source_accounts",
        ("transactions", "account_pk"): "source_accounts",
    },
    kinds={
        **{(table, column): TIMESTAMP for table, columns in _TIMES.items() for column in columns},
        ("companies", "tags"): json_text(dict),
        ("connections", "status"): one_of(ConnectionStatus),
        ("otp_failures", "failures"): whole(0, MAX_INTEGER),
        ("otp_failures", "day_failures"): whole(0, MAX_INTEGER),
        ("source_accounts", "prototype"): one_of(("v1", "v2")),
        ("source_accounts", "body"): json_text(dict),
        ("source_accounts", "status"): one_of(SourceAccountStatus),
        ("source_accounts", "feed_start_date"): DATE,
        ("push_operations", "status"): one_of(PushStatus),
        ("push_operations", "status_code"): whole(100, 599),
        ("push_operations", "timeout_minutes"): whole(0, MAX_INTEGER),
        ("push_operations", "validation"): json_text(dict),
        ("push_operations", "data"): json_text(dict),
        # The feed cursor counts within its account; it starts at 1.
        ("transactions", "seq"): whole(1, MAX_INTEGER),
        ("transactions", "date"): LOCAL_DATETIME,
        ("transactions", "amount"): AMOUNT,
        ("transactions", "balance"): AMOUNT,
        ("webhook_consumers", "event_types"): json_text(list),
        ("webhook_consumers", "company_tags"): json_text(list),
        ("webhook_consumers", "disabled"): whole(0, 1),
        ("webhook_deliveries", "body"): json_text(dict),
        ("webhook_deliveries", "status"): one_of(("pending", "delivered", "failed")),
        ("webhook_deliveries", "attempts"): whole(0, MAX_INTEGER),
    },
)


class SnapshotStore(CountingFamily):
    async def tables(self, tenant_id: str) -> Tables:
        """Every row of the tenant, by table, in TABLES order."""
        tables: Tables = {}
        for table, where in TABLES.items():
            rows = await self.db.fetch_all(f"SELECT * FROM {table} WHERE {where}", (tenant_id,))  # noqa: S608
            tables[table] = [dict(row) for row in rows]
        return tables

    async def schema(self) -> Schema:
        return await schema_of(self.db, LAYOUT)

    async def restore(
        self, tenant_id: str, tables: Tables, schema: Schema, clock: ClockState, settings: dict[str, Any]
    ) -> None:
        """Replaces the tenant's rows, clock and settings, all or nothing (sqlite3.Error: nothing changed)."""
        try:
            async with self.db.transaction() as tx:
                await tenants.empty(tx, tenant_id)
                await insert_tables(tx, _canonical_times(tables), LAYOUT, schema, tenant_id)
                await tenants.replace(tx, tenant_id, clock, settings)
        finally:
            self.counts.changed(tenant_id)


def _canonical_times(tables: Tables) -> Tables:
    """The snapshot's times as the store writes them (UTC, milliseconds, `Z`): the SQL that derives
    statuses compares them as text, so "…+02:00" or a naive time must not be stored as given."""
    out: Tables = {}
    for table, rows in tables.items():
        columns = [c for c in _TIMES.get(table, ()) if any(isinstance(row.get(c), str) for row in rows)]
        out[table] = [
            {**row, **{c: iso(parse_iso(row[c])) for c in columns if isinstance(row.get(c), str)}} for row in rows
        ]
    return out
