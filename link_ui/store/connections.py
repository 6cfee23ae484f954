"""Connection rows (under a company). Rows the API shows carry `live`: whether an account is surely
not disconnected, so that deriving the Codat status mostly needs no account rows."""

from __future__ import annotations

from collections.abc import Sequence

from link_ui.codat import ConnectionStatus
from link_ui.store._base import Family, ParentGone, Row, marks

LIVE = (
    "EXISTS (SELECT 1 FROM source_accounts a WHERE a.connection_id = c.id"
    " AND a.status != 'disconnected' AND a.disconnected_at IS NULL) AS live"
)
_SHOWN = f"SELECT c.*, {LIVE} FROM connections c"  # noqa: S608 - constants


class ConnectionStore(Family):
    async def for_tenant(self, tenant_id: str, company_id: str, connection_id: str) -> Row | None:
        """The connection (with `live`) if it is under that company of that tenant."""
        return await self.db.fetch_one(
            f"{_SHOWN} WHERE c.id = ? AND c.company_id = ? AND c.tenant_id = ?",
            (connection_id, company_id, tenant_id),
        )

    async def of_tenant(self, tenant_id: str, company_id: str | None = None) -> list[Row]:
        """The tenant's connections (with `live`), or one company's, oldest first."""
        # Through companies_by_tenant and connections_by_company: both lookups use an index.
        if company_id is None:
            where, params = "c.company_id IN (SELECT id FROM companies WHERE tenant_id = ?)", [tenant_id]
        else:
            where, params = "c.company_id = ? AND c.tenant_id = ?", [company_id, tenant_id]
        return await self.db.fetch_all(f"{_SHOWN} WHERE {where} ORDER BY created", params)

    async def of_companies(self, company_ids: Sequence[str]) -> list[Row]:
        return await self.db.fetch_all(
            f"SELECT * FROM connections WHERE company_id IN ({marks(company_ids)}) ORDER BY created",  # noqa: S608
            company_ids,
        )

    async def get(self, connection_id: str) -> Row | None:
        return await self.db.fetch_one("SELECT * FROM connections WHERE id = ?", (connection_id,))

    async def in_company(self, company_id: str, connection_id: str) -> Row | None:
        return await self.db.fetch_one(
            "SELECT * FROM connections WHERE id = ? AND company_id = ?", (connection_id, company_id)
        )

    async def with_company_name(self, connection_id: str) -> Row | None:
        return await self.db.fetch_one(
            "SELECT c.id, c.tenant_id, co.name AS company_name FROM connections c"
            " JOIN companies co ON co.id = c.company_id WHERE c.id = ?",
            (connection_id,),
        )

    async def create(self, tenant_id: str, company_id: str, connection_id: str, now: str) -> Row:
        """A PendingAuth connection (with `live`); ParentGone if the company is not the tenant's now."""
        async with self.db.transaction() as tx:
            company = await tx.fetch_one(
                "SELECT 1 FROM companies WHERE id = ? AND tenant_id = ?", (company_id, tenant_id)
            )
            if company is None:
                raise ParentGone(company_id)
            await tx.execute(
                "INSERT INTO connections (id, tenant_id, company_id, status, created, modified)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (connection_id, tenant_id, company_id, ConnectionStatus.PENDING_AUTH, now, now),
            )
            row = await tx.fetch_one(f"{_SHOWN} WHERE id = ?", (connection_id,))
        assert row is not None
        return row

    async def unlink(self, connection_id: str, now: str) -> Row | None:
        """Linked → Unlinked; the row afterwards (with `live`), or None if it is gone."""
        async with self.db.transaction() as tx:
            await tx.execute(
                "UPDATE connections SET status = ?, modified = ? WHERE id = ? AND status = ?",
                (ConnectionStatus.UNLINKED, now, connection_id, ConnectionStatus.LINKED),
            )
            return await tx.fetch_one(f"{_SHOWN} WHERE id = ?", (connection_id,))

    async def delete(self, connection_id: str) -> None:
        async with self.db.transaction() as tx:  # accounts, credentials and feed tokens go with it
            await tx.execute("DELETE FROM connections WHERE id = ?", (connection_id,))
