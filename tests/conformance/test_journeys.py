"""One bank-feeds journey through each of Codat's clients, unmodified: only the server URL changes.

company → hcws connection → source account → credentials → linked (the test plays QBO through the
feed protocol) → bank transactions written → push operation read until Success → unlink → delete.
The Platform SDKs have no bank-feed calls: they register a webhook consumer and run the company,
connection and push-operation steps, and the test does the rest over plain HTTP, then verifies the
consumer's deliveries with svix. Every response is also checked by recording.py.
"""

from __future__ import annotations

import json
import threading
from typing import Any

import httpx
import pytest
from codat_bankfeeds.models import errors
from codat_platform import CodatPlatform
from codat_platform.models import shared as platform_shared
from codat_platform.models.errors import ErrorMessage as PlatformErrorMessage
from codat_platform.utils import RetryConfig as PlatformRetryConfig

from sandbox.tenancy import basic_header
from tests.conformance.journey import (
    CLIENTS,
    NODE_DIR,
    NODE_PLATFORM,
    SDK12_PYTHON,
    bank_feed_over_http,
    coffee,
    installed,
    link_in_qbo,
    run_client,
)
from tests.conformance.webhooks import Consumer, signing_secret

CHECKING = {
    "id": "journey-checking",
    "account_name": "Business Checking",
    "account_type": "checking",
    "account_number": "12345678",
    "currency": "USD",
    "balance": 100,
}


def poll_until_done(read: Any) -> Any:
    """Reads a push operation until it leaves Pending (the sandbox completes it in the background)."""
    pause = threading.Event()
    operation = read()
    for _ in range(500):
        if operation.status.value != "Pending":
            return operation
        pause.wait(0.02)
        operation = read()
    raise AssertionError("push operation still Pending after 500 reads")


def test_codat_bankfeeds_13(sdk: Any, provider_api: httpx.Client) -> None:
    company = sdk.companies.create(request={"name": "Bank of Dave"})
    connection = sdk.connections.create(request={"company_id": company.id, "request_body": {"platform_key": "hcws"}})
    ids = {"company_id": company.id, "connection_id": connection.id}
    account = sdk.source_accounts.create(request={**ids, "request_body": CHECKING})
    credentials = sdk.source_accounts.generate_credentials(request={**ids, "request_body": b""})

    link_in_qbo(provider_api, [account.id], credentials.username, credentials.password)

    assert sdk.connections.get(request=ids).status.value == "Linked"
    operation = sdk.transactions.create(
        request={
            **ids,
            "account_id": account.id,
            "create_bank_transactions": {"account_id": account.id, "transactions": [coffee(provider_api)]},
        }
    )
    key = {"company_id": company.id, "push_operation_key": operation.push_operation_key}
    done = poll_until_done(lambda: sdk.transactions.get_create_operation(request=key))
    assert (operation.status.value, done.status.value) == ("Pending", "Success")
    assert [c.record_ref.id for c in done.changes] == ["journey-t1"]
    assert sdk.source_accounts.list(request=ids)[0].status.value == "connected"
    assert sdk.connections.unlink(request={**ids, "request_body": {"status": "Unlinked"}}).status.value == "Unlinked"
    sdk.connections.delete(request=ids)
    sdk.companies.delete(request={"company_id": company.id})
    with pytest.raises(errors.ErrorMessage) as gone:
        sdk.companies.get(request={"company_id": company.id})
    assert gone.value.status_code == 404


def test_codat_bankfeeds_12(server_url: str, sandbox_api_key: str, provider_api: httpx.Client) -> None:
    installed(SDK12_PYTHON)

    def qbo_connect(pause: dict[str, Any]) -> dict[str, Any]:
        link_in_qbo(provider_api, pause["accounts"], pause["username"], pause["password"])
        return {}

    script = str(CLIENTS / "bankfeeds12_journey.py")
    result = run_client([str(SDK12_PYTHON), script], server_url, sandbox_api_key, qbo_connect)

    assert result["connectionStatuses"] == ["PendingAuth", "Linked", "Unlinked"]
    assert result["account"] == {"created": "pending", "listed": [["journey-checking", "connected"]]}
    assert result["push"] == {"first": "Pending", "last": "Success", "changes": 1}
    assert result["afterDelete"] == 404


JOURNEY_EVENTS = [
    "bankFeeds.sourceAccount.connected",
    "bankTransactions.write.successful",
    "connection.connected",
    "connection.created",
    "connection.deleted",
    "connection.disconnected",
]


def test_codat_platform_python(
    server_url: str, sandbox_api_key: str, provider_api: httpx.Client, webhook_consumer: Consumer
) -> None:
    platform = CodatPlatform(
        server_url=server_url,
        security=platform_shared.Security(auth_header=basic_header(sandbox_api_key)),
        retry_config=PlatformRetryConfig("none"),
    )
    consumer = platform.webhooks.create_consumer(request={"url": webhook_consumer.url, "event_types": JOURNEY_EVENTS})
    webhook_consumer.secret = signing_secret(provider_api)
    assert [c.id for c in platform.webhooks.list_consumers().results] == [consumer.id] and not consumer.disabled
    company = platform.companies.create(request={"name": "Bank of Dave"})
    connection = platform.connections.create(
        request={"company_id": company.id, "request_body": {"platform_key": "hcws"}}
    )
    ids = {"company_id": company.id, "connection_id": connection.id}
    assert platform.connections.get(request=ids).status.value == "PendingAuth"
    assert [c.id for c in platform.connections.list(request={"company_id": company.id}).results] == [connection.id]
    listed = platform.companies.list(request={"query": f"id={company.id}"})
    assert [c.id for c in listed.results] == [company.id]

    key = bank_feed_over_http(provider_api, company.id, connection.id)

    assert platform.connections.get(request=ids).status.value == "Linked"
    read = {"company_id": company.id, "push_operation_key": key}
    done = poll_until_done(lambda: platform.push_data.get_operation(request=read))
    assert done.status.value == "Success" and len(done.changes) == 1
    history = platform.push_data.list_operations(request={"company_id": company.id, "page": 1, "page_size": 10})
    assert [o.push_operation_key for o in history.results] == [key]
    unlinked = platform.connections.unlink(request={**ids, "update_connection_status": {"status": "Unlinked"}})
    assert unlinked.status.value == "Unlinked"
    platform.connections.delete(request=ids)
    platform.companies.delete(request={"company_id": company.id})
    with pytest.raises(PlatformErrorMessage) as gone:
        platform.companies.get(request={"company_id": company.id})
    assert gone.value.status_code == 404
    assert sorted(webhook_consumer.verified_events(len(JOURNEY_EVENTS))) == JOURNEY_EVENTS  # signed, per svix
    platform.webhooks.delete_consumer(request={"webhook_id": consumer.id})
    assert platform.webhooks.list_consumers().results == []


def test_codat_platform_typescript(
    server_url: str, sandbox_api_key: str, provider_api: httpx.Client, webhook_consumer: Consumer
) -> None:
    installed(NODE_PLATFORM)

    def bank_feed(pause: dict[str, Any]) -> dict[str, Any]:
        return {"pushOperationKey": bank_feed_over_http(provider_api, pause["companyId"], pause["connectionId"])}

    consumer = {"WEBHOOK_URL": webhook_consumer.url, "WEBHOOK_EVENT_TYPES": json.dumps(JOURNEY_EVENTS)}
    result = run_client(["node", str(NODE_DIR / "journey.mjs")], server_url, sandbox_api_key, bank_feed, consumer)

    assert result["company"]["listed"] == [result["company"]["id"]]
    assert result["connectionStatuses"] == ["PendingAuth", "PendingAuth", "Linked", "Unlinked"]
    assert len(result["listedConnections"]) == 1
    assert result["dataConnectionStatuses"] == [["PendingAuth"], ["Unlinked"]]
    assert result["push"] == {"status": "Success", "changes": 1, "history": 1}
    assert result["afterDelete"] == 404
    assert result["consumer"]["listed"] == [result["consumer"]["id"]] and result["consumer"]["disabled"] is False
    webhook_consumer.secret = signing_secret(provider_api)
    assert sorted(webhook_consumer.verified_events(len(JOURNEY_EVENTS))) == JOURNEY_EVENTS  # signed, per svix
