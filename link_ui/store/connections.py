"""Connection rows (under a company). Rows the API shows carry `shown_status`, the status Codat
reports now, derived in the same statement: a Linked connection reads Unlinked a day after its last
source account came to read disconnected. So GET connection is one read, and a list one read a page."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from link_ui.codat import (
    INTEGRATION_ID,
    PLATFORM_KEY,
    PLATFORM_NAME,
    SOURCE_ID,
    ConnectionStatus,
    SourceAccountStatus,
    SourceType,
)
from link_ui.store import journey
from link_ui.store._base import Family, ParentGone, Row, marks
from link_ui.store.journey import NewStep, StepKind
from link_ui.store.listing import Field, Kind, Selection, Sql, literal, page

_ACCOUNTS = "FROM source_accounts a WHERE a.connection_id = c.id"
# A Linked connection reads Unlinked when each of its accounts is stored disconnected, or was
# disconnected in QBO at or before `unlinked_by` (link_ui.lifecycle.unlinked_by: the moment
# DISCONNECTED_AFTER_DAYS and UNLINKED_AFTER_DAYS before now).
SHOWN_STATUS = (
    f"CASE WHEN c.status = {literal(ConnectionStatus.LINKED)} AND EXISTS (SELECT 1 {_ACCOUNTS})"
    f" AND NOT EXISTS (SELECT 1 {_ACCOUNTS} AND a.status != {literal(SourceAccountStatus.DISCONNECTED)}"
    " AND (a.disconnected_at IS NULL OR a.disconnected_at > ?))"
    f" THEN {literal(ConnectionStatus.UNLINKED)} ELSE c.status END"
)
_SHOWN = f"SELECT c.*, {SHOWN_STATUS} AS shown_status FROM connections c"  # noqa: S608 - constants
# What list connections' `query` and `orderBy` name; values: {"unlinked_by": ...}.
FIELDS = {
    "id": Field("c.id", Kind.KEY),
    "integrationId": Field(literal(INTEGRATION_ID)),
    "integrationKey": Field(literal(PLATFORM_KEY)),
    "sourceId": Field(literal(SOURCE_ID)),
    "sourceType": Field(literal(SourceType.BANK_FEED)),
    "platformName": Field(literal(PLATFORM_NAME)),
    "status": Field(SHOWN_STATUS, needs=("unlinked_by",)),
    "created": Field("c.created", Kind.TIME),
    "lastSync": Field("c.last_sync", Kind.TIME),
}


@dataclass(frozen=True)
class WithAccounts:
    """A connection's row and its source accounts' rows (in the order they were made): what its
    status as Codat reports it, and its accounts, are read from (link_ui.api.views.connection_json)."""

    row: Row
    accounts: list[Row]


class ConnectionStore(Family):
    async def for_tenant(self, tenant_id: str, company_id: str, connection_id: str, unlinked_by: str) -> Row | None:
        """The connection (with `shown_status`) if it is under that company of that tenant."""
        return await self.db.fetch_one(
            f"{_SHOWN} WHERE c.id = ? AND c.company_id = ? AND c.tenant_id = ?",
            (unlinked_by, connection_id, company_id, tenant_id),
        )

    async def listed(
        self, tenant_id: str, company_id: str, selection: Selection, unlinked_by: str
    ) -> tuple[list[Row], int]:
        """A page of the company's connections (with `shown_status`), and how many the query selects."""
        return await page(
            self.db,
            Sql(f"c.*, {SHOWN_STATUS} AS shown_status", (unlinked_by,)),
            "connections c",
            Sql("c.company_id = ? AND c.tenant_id = ?", (company_id, tenant_id)),  # connections_by_company
            FIELDS,
            selection,
            {"unlinked_by": unlinked_by},
        )

    async def shown_of_companies(self, company_ids: Sequence[str], unlinked_by: str) -> list[Row]:
        """The companies' connections (with `shown_status`), oldest first."""
        params: list[Any] = [unlinked_by, *company_ids]
        return await self.db.fetch_all(
            f"{_SHOWN} WHERE c.company_id IN ({marks(company_ids)}) ORDER BY c.created, c.rowid", params
        )

    async def of_companies_with_accounts(self, company_ids: Sequence[str]) -> list[WithAccounts]:
        """The companies' connections, oldest first, each with its accounts (two reads, whatever the count)."""
        rows = await self.db.fetch_all(
            f"SELECT * FROM connections WHERE company_id IN ({marks(company_ids)}) ORDER BY created, rowid",  # noqa: S608
            company_ids,
        )
        return await self._with_accounts(rows)

    async def with_accounts(self, connection_id: str) -> WithAccounts | None:
        row = await self.get(connection_id)
        return None if row is None else (await self._with_accounts([row]))[0]

    async def _with_accounts(self, rows: Sequence[Row]) -> list[WithAccounts]:
        ids = [row["id"] for row in rows]
        accounts: dict[str, list[Row]] = defaultdict(list)
        for account in await self.db.fetch_all(
            f"SELECT * FROM source_accounts WHERE connection_id IN ({marks(ids)}) ORDER BY pk",  # noqa: S608
            ids,
        ):
            accounts[account["connection_id"]].append(account)
        return [WithAccounts(row, accounts[row["id"]]) for row in rows]

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

    async def create(self, tenant_id: str, company_id: str, connection_id: str, now: str, unlinked_by: str) -> Row:
        """A PendingAuth connection (with `shown_status`); ParentGone if the company is not the tenant's now."""
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
            await journey.add(tx, NewStep(connection_id, StepKind.CONNECTION_CREATED, now))
            row = await tx.fetch_one(f"{_SHOWN} WHERE c.id = ?", (unlinked_by, connection_id))
        assert row is not None
        return row

    async def unlink(self, connection_id: str, now: str, unlinked_by: str) -> Row | None:
        """Linked → Unlinked; the row afterwards (with `shown_status`), or None if it is gone."""
        async with self.db.transaction() as tx:
            changed = await tx.execute(
                "UPDATE connections SET status = ?, modified = ? WHERE id = ? AND status = ?",
                (ConnectionStatus.UNLINKED, now, connection_id, ConnectionStatus.LINKED),
            )
            if changed:
                await journey.add(tx, NewStep(connection_id, StepKind.CONNECTION_UNLINKED, now, {"by": "api"}))
            return await tx.fetch_one(f"{_SHOWN} WHERE c.id = ?", (unlinked_by, connection_id))

    async def delete(self, connection_id: str) -> None:
        async with self.db.transaction() as tx:  # accounts, credentials and feed tokens go with it
            await tx.execute("DELETE FROM connections WHERE id = ?", (connection_id,))
