"""Codat's JSON for stored rows (Company, Connection, SourceAccount, PushOperation), and the
statuses that are derived at read time from the sandbox clock rather than stored.

Each serialiser ends with its `link_ui.shapes` shape, which leaves out empty optional fields that
Codat's spec does not let be null.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

import aiosqlite

from link_ui import lifecycle
from link_ui.codat import (
    INTEGRATION_ID,
    PLATFORM_KEY,
    PLATFORM_NAME,
    SOURCE_ID,
    DataType,
    PushStatus,
    SourceType,
)
from link_ui.links import current_otp, link_url
from link_ui.shapes import BATCH_ITEM, BATCH_RESULT, COMPANY, CONNECTION, PUSH_OPERATION, SOURCE_ACCOUNT
from link_ui.store.connections import WithAccounts

Row = aiosqlite.Row


# -- derived statuses (the rules live in link_ui.lifecycle) ---------------------------------------
def account_status(stored: str, disconnected_at: str | None, now: dt.datetime) -> str:
    return lifecycle.account_status(stored, disconnected_at, now)


def connection_status(stored: str, accounts: Iterable[tuple[str, str | None]], now: dt.datetime) -> str:
    """A Linked connection reads Unlinked a day after its last source account reads disconnected."""
    return lifecycle.connection_status(stored, accounts, now)


# -- serialisers ------------------------------------------------------------------------------------
def company_redirect(public_url: str, company_id: str) -> str:
    return f"{public_url}/companies/{company_id}/link"


def company_json(row: Row, public_url: str, connections: list[dict[str, Any]]) -> dict[str, Any]:
    return COMPANY.compact(
        {
            "id": row["id"],
            "name": row["name"],
            "description": row["description"],
            "redirect": company_redirect(public_url, row["id"]),
            "created": row["created"],
            "tags": json.loads(row["tags"]),
            "dataConnections": connections,
        }
    )


def connection_json(found: WithAccounts, *, secret: bytes, public_url: str, now: dt.datetime) -> dict[str, Any]:
    """Codat's Connection, its status derived from its accounts' rows (the store's `with_accounts`)."""
    status = connection_status(found.row["status"], [(a["status"], a["disconnected_at"]) for a in found.accounts], now)
    return connection_json_as(found.row, status, secret=secret, public_url=public_url, now=now)


def connection_json_as(row: Row, status: str, *, secret: bytes, public_url: str, now: dt.datetime) -> dict[str, Any]:
    """Codat's Connection with a status already derived (the store's `shown_status`)."""
    otp = current_otp(secret, row["id"], now)
    return CONNECTION.compact(
        {
            "id": row["id"],
            "integrationId": INTEGRATION_ID,
            "integrationKey": PLATFORM_KEY,
            "sourceId": SOURCE_ID,
            "platformName": PLATFORM_NAME,
            "linkUrl": link_url(public_url, row["company_id"], row["id"], otp),
            "status": status,
            "lastSync": row["last_sync"],
            "created": row["created"],
            "sourceType": SourceType.BANK_FEED.value,
            "dataConnectionErrors": [],
            "connectionInfo": None,
        }
    )


def source_account_json(row: Row, now: dt.datetime) -> dict[str, Any]:
    """The stored prototype's fields, then `status` and `feedStartDate` (v2: a date; v1: a date-time)."""
    body: dict[str, Any] = json.loads(row["body"])
    body["modifiedDate"] = row["modified"]
    body["status"] = account_status(row["status"], row["disconnected_at"], now)
    start = row["feed_start_date"]
    if start and row["prototype"] == "v1":
        start = f"{start[:10]}T00:00:00"
    body["feedStartDate"] = start[:10] if start and row["prototype"] == "v2" else start
    return SOURCE_ACCOUNT.compact(body)


def batch_item_json(item: dict[str, Any]) -> dict[str, Any]:
    """One `{sourceAccountId, result}` of a batch create (an item without a usable id has none)."""
    return BATCH_ITEM.compact({**item, "result": BATCH_RESULT.compact(item["result"])})


def push_operation_json(row: Row, *, with_data: bool = False) -> dict[str, Any]:
    validation = json.loads(row["validation"]) if row["validation"] else {"errors": [], "warnings": []}
    data = json.loads(row["data"])
    changes = None
    if row["status"] == PushStatus.SUCCESS:
        changes = [
            {"type": "Created", "recordRef": {"id": t["id"], "dataType": DataType.BANK_TRANSACTIONS.value}}
            for t in data.get("transactions", [])
        ]
    body: dict[str, Any] = {
        "changes": changes,
        "dataType": DataType.BANK_TRANSACTIONS.value,
        "companyId": row["company_id"],
        "pushOperationKey": row["key"],
        "dataConnectionKey": row["connection_id"],
        "requestedOnUtc": row["requested"],
        "timeoutInMinutes": row["timeout_minutes"],
        "status": row["status"],
        "errorMessage": row["error_message"],
        "validation": validation,
        "statusCode": row["status_code"],
        "completedOnUtc": row["completed"] or None,
        "data": data if with_data else None,
    }
    return PUSH_OPERATION.compact(body)
