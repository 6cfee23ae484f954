"""Source accounts: v2 and v1 create, batch (201/207/409), list, update rules, delete."""

from __future__ import annotations

import httpx
import pytest

from tests.api.support import accounts_path, linked_feed, make_company, make_connection, v2_account


@pytest.fixture
def path(api):
    company = make_company(api)
    connection = make_connection(api, company["id"])
    return accounts_path(company["id"], connection["id"])


def test_create_v2_account_is_200_and_pending(api, path):
    body = v2_account("acc-1", routingInfo={"bankCode": "021000021", "type": "aba"}, sortCode=None)
    response = api.post(path, json=body)
    assert response.status_code == 200
    account = response.json()
    assert account["status"] == "pending" and "feedStartDate" not in account  # absent until QBO links it
    assert account["routingInfo"] == {"bankCode": "021000021", "type": "aba"}
    assert {k: account[k] for k in body} == body


def test_create_v1_account_needs_only_an_id(api, path):
    response = api.post(path, json={"id": "legacy-1", "accountType": "Credit", "balance": None})
    assert response.status_code == 200
    assert response.json()["id"] == "legacy-1" and response.json()["status"] == "pending"
    assert response.json()["accountType"] == "Credit"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"accountName": "no id"},
        {"id": ""},
        {"id": 5},
        {"id": "a/b"},
        {"id": "x", "colour": "red"},
        {"id": "x", "currency": "dollars"},
        {"id": "x", "balance": "lots"},
        {"id": "x", "balance": 1e300},  # no page could show it to the cent
        {"id": "x", "balance": 10**16},
        v2_account(balance=-(10**13)),  # the bound itself
        v2_account(routingInfo={"type": "nope"}),
        [],
        "text",
    ],
)
def test_invalid_accounts_are_400_with_validation_errors(api, path, body):
    response = api.post(path, json=body)
    assert response.status_code == 400
    assert api.get(path).json() == []


def test_duplicate_id_is_400(api, path):
    api.post(path, json=v2_account("dup"))
    response = api.post(path, json=v2_account("dup", accountName="Again"))
    assert response.status_code == 400
    assert "already exists" in response.json()["error"]
    assert [a["accountName"] for a in api.get(path).json()] == ["Business Checking"]


def test_batch_all_created_is_201(api, path):
    response = api.post(path + "/batch", json=[v2_account("a"), v2_account("b")])
    assert response.status_code == 201
    results = response.json()
    assert [r["sourceAccountId"] for r in results] == ["a", "b"]
    assert all(r["result"]["statusCode"] == 200 and r["result"]["account"]["status"] == "pending" for r in results)


def test_batch_mixed_is_207_with_a_result_per_account(api, path):
    api.post(path, json=v2_account("exists"))
    response = api.post(path + "/batch", json=[v2_account("new"), v2_account("exists"), {"id": 3}])
    assert response.status_code == 207
    new, dup, bad = response.json()
    assert new["result"]["statusCode"] == 200
    assert dup == {
        "sourceAccountId": "exists",
        "result": {"statusCode": "409", "error": "A bank account already exists with the same Id"},
    }
    assert bad["result"]["statusCode"] == "400" and "sourceAccountId" not in bad  # it had no usable id
    assert sorted(a["id"] for a in api.get(path).json()) == ["exists", "new"]


def test_batch_where_every_account_exists_is_409(api, path):
    api.post(path, json=v2_account("x"))
    response = api.post(path + "/batch", json=[v2_account("x")])
    assert response.status_code == 409
    assert response.json()[0]["result"]["statusCode"] == "409"


def test_batch_needs_an_array(api, path):
    assert api.post(path + "/batch", json=v2_account()).status_code == 400
    assert api.post(path + "/batch", json=[]).status_code == 400


def test_update_name_balance_and_status(api, path):
    api.post(path, json=v2_account("u"))
    renamed = api.patch(path + "/u", json={"id": "u", "accountName": "Renamed", "balance": 5})
    assert renamed.status_code == 200
    assert renamed.json()["accountName"] == "Renamed" and renamed.json()["balance"] == 5
    unchanged = api.patch(path + "/u", json={"accountType": "checking", "currency": "USD"})
    assert unchanged.status_code == 200
    disconnected = api.patch(path + "/u", json={"status": "disconnected"})
    assert disconnected.json()["status"] == "disconnected"


@pytest.mark.parametrize(
    "change",
    [
        {"status": "connected"},
        {"accountType": "savings"},
        {"currency": "CAD"},
        {"id": "other"},
        {"colour": "x"},
    ],
)
def test_update_refuses_other_changes(api, path, change):
    api.post(path, json=v2_account("u"))
    response = api.patch(path + "/u", json=change)
    assert response.status_code == 400
    assert api.get(path).json()[0]["status"] == "pending"


def test_balance_of_a_connected_account_cannot_be_set(api, provider):
    feed = linked_feed(api)
    path = accounts_path(feed.company_id, feed.connection_id) + f"/{feed.account_id}"
    response = api.patch(path, json={"balance": 1})
    assert response.status_code == 400 and "connected" in response.json()["error"]
    connected = api.get(accounts_path(feed.company_id, feed.connection_id)).json()[0]
    assert connected["status"] == "connected" and len(connected["feedStartDate"]) == 10


def test_delete_is_204(api, path):
    api.post(path, json=v2_account("d"))
    assert api.delete(path + "/d").status_code == 204
    assert api.get(path).json() == []
    assert api.delete(path + "/d").status_code == 404
    assert api.patch(path + "/d", json={"accountName": "x"}).status_code == 404


def test_concurrent_creates_are_each_readable_at_once(provider):
    """Thirty-two clients at once: every 200 create is followed by a read that sees it."""
    from concurrent.futures import ThreadPoolExecutor

    with provider.client() as api:
        company = make_company(api)
        connection = make_connection(api, company["id"])
    path = accounts_path(company["id"], connection["id"])
    key = api.headers["Authorization"]

    def create(n: int) -> tuple[int, int]:
        with httpx.Client(base_url=provider.url, headers={"Authorization": key}, timeout=30) as client:
            created = client.post(path, json=v2_account(f"c-{n}")).status_code
            listed = [a["id"] for a in client.get(path).json()]
            return created, int(f"c-{n}" in listed)

    with ThreadPoolExecutor(max_workers=32) as pool:
        results = list(pool.map(create, range(96)))
    assert results == [(200, 1)] * 96
