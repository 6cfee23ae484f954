"""Every supported operation through the official SDK, and `errors.ErrorMessage` on errors."""

from __future__ import annotations

import datetime as dt

import pytest
from codat_bankfeeds.models import errors

from tests.api.support import connect_accounts, sandbox_now, wait_for_push
from tests.conformance.journey import coffee

V2 = {
    "account_name": "Business Checking",
    "account_type": "checking",
    "account_number": "12345678",
    "currency": "USD",
    "balance": 100,
}


def _company_and_connection(sdk):
    company = sdk.companies.create(request={"name": "Bank of Dave", "description": "SDK test"})
    connection = sdk.connections.create(request={"company_id": company.id, "request_body": {"platform_key": "hcws"}})
    return company, connection


def test_companies(sdk):
    company = sdk.companies.create(request={"name": "Company (Codat[1])", "tags": {"region": "us"}})
    assert company.name == "Company Codat1" and company.tags == {"region": "us"}
    assert sdk.companies.get(request={"company_id": company.id}).id == company.id
    listed = sdk.companies.list(
        request={"page": 1, "page_size": 10, "query": f"id={company.id}", "order_by": "-created"}
    )
    assert listed.total_results == 1 and listed.results[0].id == company.id
    assert listed.links.current.href
    replaced = sdk.companies.replace(request={"company_id": company.id, "company_request_body": {"name": "Replaced"}})
    assert replaced.name == "Replaced"
    updated = sdk.companies.update(request={"company_id": company.id, "company_update_request": {"name": "Updated"}})
    assert updated.name == "Updated"
    assert sdk.companies.delete(request={"company_id": company.id}) is None
    with pytest.raises(errors.ErrorMessage) as raised:
        sdk.companies.get(request={"company_id": company.id})
    assert raised.value.status_code == 404 and raised.value.data.correlation_id


def test_malformed_query_raises_error_message(sdk):
    with pytest.raises(errors.ErrorMessage) as raised:
        sdk.companies.list(request={"query": "name"})
    assert raised.value.status_code == 400


def test_connections(sdk):
    company, connection = _company_and_connection(sdk)
    assert connection.status.value == "PendingAuth" and "otp=" in connection.link_url
    got = sdk.connections.get(request={"company_id": company.id, "connection_id": connection.id})
    assert got.id == connection.id and got.platform_name == "QuickBooks Online Bank Feeds"
    listed = sdk.connections.list(request={"company_id": company.id, "page": 1, "page_size": 5})
    assert [c.id for c in listed.results] == [connection.id]
    with pytest.raises(errors.ErrorMessage) as raised:
        sdk.connections.unlink(
            request={
                "company_id": company.id,
                "connection_id": connection.id,
                "request_body": {"status": "Unlinked"},
            }
        )
    assert raised.value.status_code == 403 and "Linked" in raised.value.data.error
    with pytest.raises(errors.ErrorMessage) as raised:
        sdk.connections.create(request={"company_id": company.id, "request_body": {"platform_key": "gbol"}})
    assert raised.value.status_code == 404
    assert sdk.connections.delete(request={"company_id": company.id, "connection_id": connection.id}) is None
    with pytest.raises(errors.ErrorMessage):
        sdk.connections.get(request={"company_id": company.id, "connection_id": connection.id})


def test_source_accounts(sdk):
    company, connection = _company_and_connection(sdk)
    ids = {"company_id": company.id, "connection_id": connection.id}
    v2 = sdk.source_accounts.create(request={**ids, "request_body": {"id": "acc-1", **V2}})
    assert v2.id == "acc-1" and v2.status.value == "pending"
    v1 = sdk.source_accounts.create(request={**ids, "request_body": {"id": "legacy"}})
    assert v1.id == "legacy"
    with pytest.raises(errors.ErrorMessage) as raised:
        sdk.source_accounts.create(request={**ids, "request_body": {"id": "acc-1", **V2}})
    assert raised.value.status_code == 400
    batch = sdk.source_accounts.create_batch(
        request={**ids, "request_body": [{"id": "acc-2", **V2}, {"id": "acc-1", **V2}]}
    )
    assert batch[0].result.status_code == 200
    assert (
        batch[1].result.status_code == "409"
        and batch[1].result.error == "A bank account already exists with the same Id"
    )
    listed = sdk.source_accounts.list(request=ids)
    assert sorted(a.id for a in listed) == ["acc-1", "acc-2", "legacy"]
    updated = sdk.source_accounts.update(
        request={**ids, "account_id": "acc-1", "source_account": {"id": "acc-1", "account_name": "Renamed"}}
    )
    assert updated.account_name == "Renamed"
    with pytest.raises(errors.ErrorMessage) as raised:
        sdk.source_accounts.update(
            request={**ids, "account_id": "acc-1", "source_account": {"id": "acc-1", "currency": "CAD"}}
        )
    assert raised.value.status_code == 400
    assert sdk.source_accounts.delete(request={**ids, "account_id": "acc-2"}) is None
    with pytest.raises(errors.ErrorMessage) as raised:
        sdk.source_accounts.delete(request={**ids, "account_id": "acc-2"})
    assert raised.value.status_code == 404


@pytest.mark.parametrize("body", [b"", b'""', b"{}"])  # the SDK reads a str as a file path
def test_credentials(sdk, body):
    company, connection = _company_and_connection(sdk)
    ids = {"company_id": company.id, "connection_id": connection.id}
    first = sdk.source_accounts.generate_credentials(request={**ids, "request_body": body})
    second = sdk.source_accounts.generate_credentials(request={**ids, "request_body": body})
    assert len(first.password) == 16 and first.username != second.username
    assert sdk.source_accounts.delete_credentials(request=ids) is None


UNSUPPORTED = [
    (lambda sdk, ids: sdk.account_mapping.get(request=ids), 404),
    (lambda sdk, ids: sdk.account_mapping.create(request=ids), 400),
    (lambda sdk, ids: sdk.company_information.get(request=ids), 400),
    (lambda sdk, ids: sdk.source_accounts.generate_otp(request=ids), 400),
    (lambda sdk, ids: sdk.bank_accounts.list(request=ids), 400),
    (lambda sdk, ids: sdk.bank_accounts.create(request=ids), 400),
    (lambda sdk, ids: sdk.bank_accounts.get_create_model(request=ids), 404),
    (lambda sdk, ids: sdk.managed_bank_feeds.get_latest_sync(request={**ids, "source_account_id": "a"}), 404),
    (lambda sdk, ids: sdk.managed_bank_feeds.get_sync(request={**ids, "source_account_id": "a", "sync_id": "s"}), 404),
    (lambda sdk, ids: sdk.managed_bank_feeds.run_ad_hoc_sync(request={**ids, "source_account_id": "a"}), 400),
    (lambda sdk, ids: sdk.companies.get_access_token(request={"company_id": ids["company_id"]}), 404),
]


@pytest.mark.parametrize(("call", "status"), UNSUPPORTED)
def test_unsupported_operations_raise_error_message(sdk, call, status):
    company, connection = _company_and_connection(sdk)
    with pytest.raises(errors.ErrorMessage) as raised:
        call(sdk, {"company_id": company.id, "connection_id": connection.id})
    assert raised.value.status_code == status
    assert "QuickBooks Online Bank Feeds" in raised.value.data.error and "not support" in raised.value.data.error


def test_batch_where_all_are_created_is_201(sdk):
    company, connection = _company_and_connection(sdk)
    ids = {"company_id": company.id, "connection_id": connection.id}
    created = sdk.source_accounts.create_batch(
        request={**ids, "request_body": [{"id": "b1", **V2}, {"id": "b2", **V2}]}
    )
    assert [r.source_account_id for r in created] == ["b1", "b2"]
    assert all(r.result.status_code == 200 and r.result.account.status.value == "pending" for r in created)


def test_writing_transactions(sdk, provider_api):
    company, connection = _company_and_connection(sdk)
    ids = {"company_id": company.id, "connection_id": connection.id}
    sdk.source_accounts.create(request={**ids, "request_body": {"id": "acc-1", **V2}})
    creds = sdk.source_accounts.generate_credentials(request={**ids, "request_body": b""})
    now = sandbox_now(provider_api).replace(tzinfo=None)
    connect_accounts(provider_api, ["acc-1"], now.date() - dt.timedelta(days=7), creds.username, creds.password)
    transaction = coffee(provider_api, "t1")
    op = sdk.transactions.create(
        request={
            **ids,
            "account_id": "acc-1",
            "create_bank_transactions": {"account_id": "acc-1", "transactions": [transaction]},
        }
    )
    assert op.status.value == "Pending" and op.data.transactions[0].id == "t1"
    wait_for_push(provider_api, company.id, op.push_operation_key)
    done = sdk.transactions.get_create_operation(
        request={"company_id": company.id, "push_operation_key": op.push_operation_key}
    )
    assert done.status.value == "Success" and done.status_code == 200
    listed = sdk.transactions.list_create_operations(request={"company_id": company.id, "page": 1, "page_size": 10})
    assert [o.push_operation_key for o in listed.results] == [op.push_operation_key] and listed.total_results == 1
    options = sdk.transactions.get_create_model(request={**ids, "account_id": "acc-1"})
    assert options.properties["transactions"].properties["amount"].required is True
    account = sdk.source_accounts.list(request=ids)[0]
    assert account.status.value == "connected" and float(account.balance) == 95.5 and account.feed_start_date
    with pytest.raises(errors.ErrorMessage) as raised:
        sdk.transactions.create(
            request={
                **ids,
                "account_id": "acc-1",
                "create_bank_transactions": {"account_id": "other", "transactions": [transaction]},
            }
        )
    assert raised.value.status_code == 400 and raised.value.data.validation.errors
    unlinked = sdk.connections.unlink(request={**ids, "request_body": {"status": "Unlinked"}})
    assert unlinked.status.value == "Unlinked"
