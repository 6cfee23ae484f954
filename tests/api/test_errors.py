"""Errors: Codat's body everywhere, unsupported operations, auth, isolation, junk input never a 500."""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.api.support import accounts_path, linked_feed, make_company, make_connection, v2_account

ERROR_KEYS = {
    "statusCode",
    "service",
    "error",
    "correlationId",
    "canBeRetried",
    "detailedErrorCode",
    "validation",
}


def test_errors_are_codat_error_messages(api):
    response = api.get(f"/companies/{uuid.uuid4()}")
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == ERROR_KEYS and body["statusCode"] == 404 and len(body["correlationId"]) == 32


def test_missing_or_malformed_auth_is_401(provider):
    for headers in ({}, {"Authorization": "Bearer x"}, {"Authorization": "Basic !!!"}):
        response = httpx.get(provider.url + "/companies", headers=headers)
        assert response.status_code == 401 and response.json()["statusCode"] == 401


def test_tenants_cannot_see_or_change_each_others_data(api, other_api, provider):
    feed = linked_feed(provider, api)
    base = f"/companies/{feed.company_id}"
    conn = f"{base}/connections/{feed.connection_id}"
    assert other_api.get("/companies").json()["totalResults"] == 0
    for method, path in [
        ("GET", base),
        ("PATCH", base),
        ("DELETE", base),
        ("GET", conn),
        ("PATCH", conn),
        ("DELETE", conn),
        ("GET", f"{base}/connections"),
        ("GET", f"{base}/push"),
        ("GET", accounts_path(feed.company_id, feed.connection_id)),
        ("POST", accounts_path(feed.company_id, feed.connection_id) + "/credentials"),
        ("DELETE", accounts_path(feed.company_id, feed.connection_id) + "/credentials"),
        ("DELETE", accounts_path(feed.company_id, feed.connection_id) + f"/{feed.account_id}"),
        ("POST", feed.push_path),
    ]:
        response = other_api.request(method, path, json={"name": "x", "status": "Unlinked"})
        assert response.status_code == 404, (method, path, response.text)
    assert api.get(conn).json()["status"] == "Linked"
    assert api.get(accounts_path(feed.company_id, feed.connection_id)).json()[0]["id"] == feed.account_id


@pytest.mark.parametrize(
    ("method", "suffix", "status"),
    [
        ("GET", "/bankFeedAccounts/mapping", 404),
        ("POST", "/bankFeedAccounts/mapping", 400),
        ("GET", "/bankFeeds/info", 400),
        ("POST", "/bankFeeds/otp", 400),
        ("GET", "/data/bankAccounts", 400),
        ("GET", "/options/bankAccounts", 404),
        ("POST", "/push/bankAccounts", 400),
        ("GET", "/bankFeedAccounts/a1/managedBankFeeds/syncs/latest", 404),
        ("GET", "/bankFeedAccounts/a1/managedBankFeeds/syncs/s1", 404),
        ("POST", "/bankFeedAccounts/a1/managedBankFeeds/syncs", 400),
    ],
)
def test_unsupported_operations_say_so(api, method, suffix, status):
    company = make_company(api)
    connection = make_connection(api, company["id"])
    response = api.request(method, f"/companies/{company['id']}/connections/{connection['id']}{suffix}", json={})
    assert response.status_code == status
    assert "QuickBooks Online Bank Feeds" in response.json()["error"] and "not support" in response.json()["error"]


def test_company_access_token_is_unsupported(api):
    company = make_company(api)
    response = api.get(f"/companies/{company['id']}/accessToken")
    assert response.status_code == 404 and "not support" in response.json()["error"]
    assert api.get(f"/companies/{uuid.uuid4()}/accessToken").json()["error"].startswith("Company")


def test_unknown_paths_and_wrong_methods(api):
    assert api.get("/nowhere").status_code == 404
    assert api.get("/nowhere").json()["statusCode"] == 404
    response = api.put("/companies")
    assert response.status_code == 405 and response.json()["statusCode"] == 405


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b"{not json", "application/json"),
        (b'{"name": "x"}', "text/plain"),
        (b'{"name": "x"}', ""),
        (b"\xff\xfe", "application/json"),
        (b"", "application/json"),
        (b'{"name": NaN}', "application/json"),
        (b"[" * 100000 + b"]" * 100000, "application/json"),
        ('{"name": "\u0000\ud800"}'.encode("utf-8", "surrogatepass"), "application/json"),
    ],
)
def test_junk_bodies_are_clean_400s(api, content, content_type):
    response = api.post("/companies", content=content, headers={"Content-Type": content_type})
    assert response.status_code == 400, response.text
    assert response.json()["statusCode"] == 400
    assert api.get("/companies").json()["totalResults"] == 0


def test_over_size_bodies_are_refused(api):
    response = api.post(
        "/companies", content=b"x" * (5 * 1024 * 1024 + 1), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400 and "5 MB" in response.json()["error"]


@pytest.mark.parametrize("segment", ["%00", "..%2F..", "%E2%80%AE", "' OR 1=1 --", "ø" * 300, "%F0%9F%92%A9", "a%2Fb"])
def test_odd_ids_never_give_a_500(api, segment):
    company = make_company(api)
    connection = make_connection(api, company["id"])
    base = f"/companies/{company['id']}/connections/{connection['id']}"
    for method, path in [
        ("GET", f"/companies/{segment}"),
        ("GET", f"/companies/{company['id']}/connections/{segment}"),
        ("PATCH", f"{base}/connectionInfo/bankFeedAccounts/{segment}"),
        ("POST", f"{base}/push/bankAccounts/{segment}/bankTransactions"),
        ("GET", f"/companies/{company['id']}/push/{segment}"),
    ]:
        response = api.request(method, path, json={"accountName": "x"})
        assert 400 <= response.status_code < 500, (method, path, response.status_code)
        assert response.json()["correlationId"]


@pytest.mark.parametrize(
    "body",
    [
        None,
        1,
        "x",
        [],
        {},
        {"transactions": "x"},
        {"accountId": 1, "transactions": [1, None, "x"]},
        {"accountId": "a", "transactions": [{}] * 300},
    ],
)
def test_junk_write_bodies_are_400(api, provider, body):
    feed = linked_feed(provider, api)
    response = api.post(feed.push_path, json=body)
    assert response.status_code == 400 and response.json()["statusCode"] == 400
    assert len(response.json()["validation"]["errors"] if response.json()["validation"] else []) <= 100


def test_unicode_names_round_trip_where_allowed(api):
    company = make_company(api)
    connection = make_connection(api, company["id"])
    path = accounts_path(company["id"], connection["id"])
    response = api.post(path, json=v2_account("ünïcødé-✓", accountName="Compte chèques 🏦"))
    assert response.status_code == 200
    assert api.get(path).json()[0]["accountName"] == "Compte chèques 🏦"
    assert api.patch(f"{path}/ünïcødé-✓", json={"accountName": "Épargne"}).json()["accountName"] == "Épargne"
