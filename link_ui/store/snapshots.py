"""A tenant's rows for a snapshot, table by table, and the restore that replaces them in one go.

Generic over columns (rows travel as objects), so schema additions need no change here.
"""

from __future__ import annotations

from typing import Any

from link_ui.store import tenants
from link_ui.store._base import CountingFamily
from sandbox.clock import ClockState
from sandbox.snapshot_rows import Tables, insert_row

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
}


class SnapshotStore(CountingFamily):
    async def tables(self, tenant_id: str) -> Tables:
        """Every row of the tenant, by table, in TABLES order."""
        tables: Tables = {}
        for table, where in TABLES.items():
            rows = await self.db.fetch_all(f"SELECT * FROM {table} WHERE {where}", (tenant_id,))  # noqa: S608
            tables[table] = [dict(row) for row in rows]
        return tables

    async def restore(self, tenant_id: str, tables: Tables, clock: ClockState, settings: dict[str, Any]) -> None:
        """Replaces the tenant's rows, clock and settings, all or nothing (sqlite3.Error: nothing changed)."""
        try:
            async with self.db.transaction() as tx:
                await tenants.empty(tx, tenant_id)
                for table in TABLES:
                    for row in tables.get(table, []):
                        await insert_row(tx, table, {**row, "tenant_id": tenant_id} if "tenant_id" in row else row)
                await tenants.replace(tx, tenant_id, clock, settings)
        finally:
            self.counts.changed(tenant_id)
