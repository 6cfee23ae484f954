"""Codat-shaped webhook payloads, built from what the API already serialises.

Each builder returns the `payload` of one event type; `Webhooks.emit` wraps it with id, type and date.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from link_ui.api import views
from link_ui.codat import (
    PLATFORM_KEY,
    PLATFORM_NAME,
    ConnectionStatus,
    PushStatus,
    SourceAccountStatus,
    SourceType,
    WebhookEvent,
)

if TYPE_CHECKING:
    from link_ui.context import AppState
    from link_ui.store import Row


def reference_company(company: dict[str, Any], public_url: str) -> dict[str, Any]:
    return {
        "id": company["id"],
        "name": company["name"],
        "description": company.get("description"),
        "links": {"portal": f"{public_url}/companies/{company['id']}"},
    }


def connection_payload(company: dict[str, Any], connection: dict[str, Any], public_url: str) -> dict[str, Any]:
    """connection.created / connected / disconnected / deleted."""
    return {"referenceCompany": reference_company(company, public_url), "connection": connection}


def source_account_payload(
    company: dict[str, Any], connection_id: str, account: dict[str, Any], public_url: str
) -> dict[str, Any]:
    """bankFeeds.sourceAccount.connected / disconnected."""
    return {
        "referenceCompany": reference_company(company, public_url),
        "connectionId": connection_id,
        "sourceAccount": account,
    }


def write_payload(company: dict[str, Any], operation: dict[str, Any], public_url: str) -> dict[str, Any]:
    """bankTransactions.write.successful / unsuccessful, from a push operation as the API returns it."""
    return {
        "id": operation["pushOperationKey"],
        "type": "bankTransactions",
        "referenceCompany": reference_company(company, public_url),
        "connectionId": operation["dataConnectionKey"],
        "requestedOnDate": operation["requestedOnUtc"],
        "completedOnDate": operation.get("completedOnUtc"),
        "status": operation["status"],
        "record": operation.get("data"),
    }


async def announce_connection(
    app: AppState, tenant_id: str, event_type: str, connection: dict[str, Any], company_id: str, now: dt.datetime
) -> None:
    """connection.* for a connection as the API shows it (emit only queues: this never waits)."""
    company = await app.store.companies.get(company_id)
    if company is not None:
        payload = connection_payload(dict(company), connection, app.settings.public_url)
        app.webhooks.emit(tenant_id, event_type, payload, now)


async def announce_write(app: AppState, tenant_id: str, operation: dict[str, Any], now: dt.datetime) -> None:
    """bankTransactions.write.successful or .unsuccessful, once a push operation has finished."""
    company = await app.store.companies.get(operation["companyId"])
    if company is None or operation["status"] == PushStatus.PENDING:
        return
    succeeded = operation["status"] == PushStatus.SUCCESS
    event = WebhookEvent.WRITE_SUCCESSFUL if succeeded else WebhookEvent.WRITE_UNSUCCESSFUL
    app.webhooks.emit(tenant_id, event, write_payload(dict(company), operation, app.settings.public_url), now)


SAMPLE_COMPANY = {"id": "00000000-0000-4000-8000-000000000001", "name": "Sample Company", "description": None}
SAMPLE_CONNECTION = {
    "id": "00000000-0000-4000-8000-000000000002",
    "integrationKey": PLATFORM_KEY,
    "platformName": PLATFORM_NAME,
    "sourceType": SourceType.BANK_FEED.value,
    "status": ConnectionStatus.LINKED.value,
}
SAMPLE_ACCOUNT = {
    "id": "sample-checking",
    "accountName": "Sample Checking",
    "accountType": "checking",
    "accountNumber": "12345678",
    "currency": "USD",
    "balance": 1000.0,
    "status": SourceAccountStatus.CONNECTED.value,
}


def sample_payload(event_type: str, public_url: str) -> dict[str, Any]:
    """A realistic payload for `POST /_sandbox/webhooks/trigger`, to try a receiver on demand."""
    if event_type.startswith("connection."):
        return connection_payload(SAMPLE_COMPANY, SAMPLE_CONNECTION, public_url)
    if event_type.startswith("bankFeeds.sourceAccount."):
        return source_account_payload(SAMPLE_COMPANY, SAMPLE_CONNECTION["id"], SAMPLE_ACCOUNT, public_url)
    success = event_type == WebhookEvent.WRITE_SUCCESSFUL
    operation = {
        "pushOperationKey": "00000000-0000-4000-8000-000000000003",
        "dataConnectionKey": SAMPLE_CONNECTION["id"],
        "requestedOnUtc": "2026-01-01T09:00:00.000Z",
        "completedOnUtc": "2026-01-01T09:00:01.000Z",
        "status": (PushStatus.SUCCESS if success else PushStatus.FAILED).value,
        "data": {"accountId": SAMPLE_ACCOUNT["id"], "transactions": []},
    }
    return write_payload(SAMPLE_COMPANY, operation, public_url)


async def connection_and_company(
    app: AppState, connection_id: str, now: dt.datetime
) -> tuple[dict[str, Any], dict[str, Any], list[Row]]:
    """The connection as the API shows it, its company row, and its accounts' rows."""
    found = await app.store.connections.with_accounts(connection_id)
    assert found is not None
    company = await app.store.companies.get(found.row["company_id"])
    assert company is not None
    connection = views.connection_json(found, secret=app.secret, public_url=app.settings.public_url, now=now)
    return connection, dict(company), found.accounts
