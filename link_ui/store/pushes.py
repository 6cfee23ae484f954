"""Push operation rows (writes of bank transactions to QBO) and the transactions they wrote.

A push is created Pending; the push worker processes it in one transaction (`processing`), which
writes its transactions and the account's balance, or nothing, and records how it ended.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from link_ui.codat import PUSH_STATUS_CODES, DataType, PushStatus
from link_ui.store import journey
from link_ui.store._base import Family, ParentGone, Row
from link_ui.store.accounts import WriteTarget, account_name, write_target
from link_ui.store.journey import NewStep, StepKind
from link_ui.store.listing import Field, Kind, Selection, Sql, literal, page
from sandbox.db import Writer

# What list push operations' `query` and `orderBy` name.
FIELDS = {
    "pushOperationKey": Field("p.key", Kind.KEY),
    "dataConnectionKey": Field("p.connection_id", Kind.KEY),
    "companyId": Field("p.company_id", Kind.KEY),
    "dataType": Field(literal(DataType.BANK_TRANSACTIONS)),
    "status": Field("p.status"),
    "statusCode": Field("p.status_code", Kind.NUMBER),
    "requestedOnUtc": Field("p.requested", Kind.TIME),
    "completedOnUtc": Field("p.completed", Kind.TIME),
    "timeoutInMinutes": Field("p.timeout_minutes", Kind.NUMBER),
}


@dataclass(frozen=True)
class Outcome:
    """How a push operation ended."""

    status: str
    status_code: int
    completed: str
    error_message: str | None
    validation: dict[str, Any]
    reason: dict[str, Any] = field(default_factory=dict)  # why it failed, for its journey step (api.refusals)


@dataclass(frozen=True)
class NewTransaction:
    id: str
    date: str  # a local date-time, ISO
    description: str
    amount: str
    balance: str
    transaction_type: str


class PushStore(Family):
    async def create(
        self,
        key: str,
        tenant_id: str,
        company_id: str,
        account: Row,
        requested: str,
        timeout_minutes: int | None,
        data: dict[str, Any],
    ) -> Row:
        """A Pending push to `account`; ParentGone if the account (or its company) is gone now. One
        statement: the insert happens only if the account is still there, and returns the row."""
        async with self.db.transaction() as tx:
            row = await tx.fetch_one(
                "INSERT INTO push_operations (key, tenant_id, company_id, connection_id, account_pk, requested,"
                " status, status_code, timeout_minutes, data) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
                " WHERE EXISTS (SELECT 1 FROM source_accounts a JOIN connections c ON c.id = a.connection_id"
                " WHERE a.pk = ? AND c.company_id = ?) RETURNING *",
                (
                    key,
                    tenant_id,
                    company_id,
                    account["connection_id"],
                    account["pk"],
                    requested,
                    PushStatus.PENDING,
                    PUSH_STATUS_CODES[PushStatus.PENDING],
                    timeout_minutes,
                    json.dumps(data),
                    account["pk"],
                    company_id,
                ),
            )
            if row is not None:
                detail = {
                    "key": key,
                    "sourceAccountId": account["id"],
                    "sourceName": account_name(account),
                    "count": len(data.get("transactions", [])),
                }
                await journey.add(tx, NewStep(account["connection_id"], StepKind.PUSH_CREATED, requested, detail))
        if row is None:
            raise ParentGone(account["id"])
        return row

    async def get(self, key: str) -> Row | None:
        return await self.db.fetch_one("SELECT * FROM push_operations WHERE key = ?", (key,))

    async def in_company(self, company_id: str, key: str) -> Row | None:
        return await self.db.fetch_one(
            "SELECT * FROM push_operations WHERE key = ? AND company_id = ?", (key, company_id)
        )

    async def listed(self, company_id: str, selection: Selection) -> tuple[list[Row], int]:
        """A page of the company's pushes, and how many the query selects (through push_operations_by_company)."""
        scope = Sql("p.company_id = ?", (company_id,))
        return await page(self.db, Sql("p.*"), "push_operations p", scope, FIELDS, selection, {})

    async def recent(self, tenant_id: str, limit: int) -> list[Row]:
        return await self.db.fetch_all(
            "SELECT * FROM push_operations WHERE tenant_id = ? ORDER BY requested DESC LIMIT ?", (tenant_id, limit)
        )

    async def pending_keys(self) -> list[str]:
        rows = await self.db.fetch_all("SELECT key FROM push_operations WHERE status = 'Pending' ORDER BY rowid")
        return [row["key"] for row in rows]

    @asynccontextmanager
    async def processing(self, key: str) -> AsyncIterator[PushJob | None]:
        """`async with store.pushes.processing(key) as job:` the push, if still Pending, in one
        transaction: whatever the job writes is stored whole, or not at all."""
        async with self.db.transaction() as tx:
            op = await tx.fetch_one("SELECT * FROM push_operations WHERE key = ? AND status = 'Pending'", (key,))
            yield None if op is None else PushJob(tx, op)

    async def finish(self, key: str, outcome: Outcome) -> None:
        """Ends a push on its own (when processing it failed unexpectedly)."""
        async with self.db.transaction() as tx:
            await _finish(tx, key, outcome)

    async def page(self, account_pk: int, after: int, limit: int) -> list[Row]:
        """Up to `limit` transactions written to the account after cursor `after`, oldest first."""
        return await self.db.fetch_all(
            "SELECT seq, id, date, description, amount, balance, transaction_type FROM transactions"
            " WHERE account_pk = ? AND seq > ? ORDER BY seq LIMIT ?",
            (account_pk, after, limit),
        )


class PushJob:
    """A Pending push being processed, inside its transaction."""

    def __init__(self, tx: Writer, operation: Row) -> None:
        self.tx = tx
        self.operation = operation

    async def target(self) -> tuple[WriteTarget, str] | None:
        """The account written to and its connection's stored status, or None if either is gone."""
        target = await write_target(self.tx, self.operation["account_pk"])
        connection = await self.tx.fetch_one(
            "SELECT status FROM connections WHERE id = ?", (self.operation["connection_id"],)
        )
        if target is None or connection is None:
            return None
        return target, str(connection["status"])

    async def newest_date(self) -> str | None:
        """The date of the last transaction written to the account, if any."""
        row = await self.tx.fetch_one(
            "SELECT date FROM transactions WHERE account_pk = ? ORDER BY seq DESC LIMIT 1",
            (self.operation["account_pk"],),
        )
        return None if row is None else str(row["date"])

    async def write(self, account: Row, transactions: Sequence[NewTransaction], balance: Any, written: str) -> None:
        """Appends the transactions to the account (numbered on from its last seq), and sets its balance."""
        last = await self.tx.fetch_one(
            "SELECT COALESCE(MAX(seq), 0) AS seq FROM transactions WHERE account_pk = ?", (account["pk"],)
        )
        first = int(last["seq"] if last else 0) + 1
        await self.tx.execute_many(
            "INSERT INTO transactions (account_pk, seq, id, date, description, amount, balance, transaction_type,"
            " push_key, written) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    account["pk"],
                    first + n,
                    t.id,
                    t.date,
                    t.description,
                    t.amount,
                    t.balance,
                    t.transaction_type,
                    self.operation["key"],
                    written,
                )
                for n, t in enumerate(transactions)
            ],
        )
        body = json.loads(account["body"])
        body["balance"] = balance
        await self.tx.execute(
            "UPDATE source_accounts SET body = ?, modified = ? WHERE pk = ?", (json.dumps(body), written, account["pk"])
        )

    async def finish(self, outcome: Outcome) -> None:
        await _finish(self.tx, self.operation["key"], outcome)


async def _finish(tx: Writer, key: str, outcome: Outcome) -> None:
    """Records how the push ended, and its journey step."""
    row = await tx.fetch_one(
        "UPDATE push_operations SET status = ?, status_code = ?, completed = ?, error_message = ?,"
        " validation = ? WHERE key = ? RETURNING connection_id, json_extract(data, '$.accountId') AS account_id,"
        " json_array_length(data, '$.transactions') AS count",
        (
            outcome.status,
            outcome.status_code,
            outcome.completed,
            outcome.error_message,
            json.dumps(outcome.validation),
            key,
        ),
    )
    if row is not None:
        detail = {
            "key": key,
            "sourceAccountId": row["account_id"],
            "count": row["count"],
            "status": outcome.status,
            "message": outcome.error_message,
            **outcome.reason,
        }
        failed = outcome.status != PushStatus.SUCCESS
        await journey.add(tx, NewStep(row["connection_id"], StepKind.PUSH_COMPLETED, outcome.completed, detail, failed))
