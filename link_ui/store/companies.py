"""Company rows: each belongs to one tenant; deleting one takes its connections, accounts, pushes."""

from __future__ import annotations

import json

from link_ui.store._base import CountingFamily, Row
from link_ui.store.listing import Field, Kind, Selection, Sql, page

ID_MARK = "{id}"  # where the company id goes in the `redirect` value passed to `page`
# What list companies' `query` and `orderBy` name; values: {"redirect": its URL with ID_MARK}.
FIELDS = {
    "id": Field("co.id", Kind.KEY),
    "name": Field("co.name"),
    "description": Field("co.description"),
    "created": Field("co.created", Kind.TIME),
    "redirect": Field(f"replace(?, '{ID_MARK}', co.id)", needs=("redirect",)),
}


class CompanyStore(CountingFamily):
    async def exists(self, tenant_id: str, company_id: str) -> bool:
        row = await self.db.fetch_one("SELECT 1 FROM companies WHERE id = ? AND tenant_id = ?", (company_id, tenant_id))
        return row is not None

    async def get(self, company_id: str) -> Row | None:
        return await self.db.fetch_one("SELECT * FROM companies WHERE id = ?", (company_id,))

    async def listed(self, tenant_id: str, selection: Selection, redirect: str) -> tuple[list[Row], int]:
        """A page of the tenant's companies, and how many the query selects (through companies_by_tenant;
        without a query, the tenant's remembered count)."""

        async def count() -> int:
            row = await self.db.fetch_one("SELECT COUNT(*) FROM companies WHERE tenant_id = ?", (tenant_id,))
            return int(row[0]) if row else 0

        return await page(
            self.db,
            Sql("co.*"),
            "companies co",
            Sql("co.tenant_id = ?", (tenant_id,)),
            FIELDS,
            selection,
            {"redirect": redirect},
            count_all=lambda: self.counts.get(tenant_id, count),
        )

    async def recent(self, tenant_id: str, limit: int) -> list[Row]:
        return await self.db.fetch_all(
            "SELECT * FROM companies WHERE tenant_id = ? ORDER BY created DESC LIMIT ?", (tenant_id, limit)
        )

    async def create(
        self, tenant_id: str, company_id: str, name: str, description: str | None, tags: dict[str, str], now: str
    ) -> Row:
        try:
            async with self.db.transaction() as tx:
                row = await tx.fetch_one(
                    "INSERT INTO companies (id, tenant_id, name, description, tags, created, modified)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *",
                    (company_id, tenant_id, name, description, json.dumps(tags), now, now),
                )
        finally:
            self.counts.changed(tenant_id)
        assert row is not None
        return row

    async def update(self, company_id: str, name: str, description: str | None, tags: dict[str, str], now: str) -> bool:
        """False when the company is gone (a delete got there first)."""
        async with self.db.transaction() as tx:
            changed = await tx.execute(
                "UPDATE companies SET name = ?, description = ?, tags = ?, modified = ? WHERE id = ?",
                (name, description, json.dumps(tags), now, company_id),
            )
        return changed == 1

    async def delete(self, tenant_id: str, company_id: str) -> None:
        try:
            async with self.db.transaction() as tx:  # connections, accounts, pushes go with it (ON DELETE CASCADE)
                await tx.execute("DELETE FROM companies WHERE id = ? AND tenant_id = ?", (company_id, tenant_id))
        finally:
            self.counts.changed(tenant_id)
