"""Only statuses the spec lists: oversized bodies, batch results, page sizes, spec fields."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from link_ui import api as api_routes
from link_ui.codat import LISTS_400
from tests.api.support import Provider, accounts_path, make_company, make_connection, running_provider, v2_account
from tests.codat_statuses import LISTED, PLATFORM

LIMIT = 2048
BIG = {"name": "x" * (LIMIT + 100)}


@pytest.fixture(scope="module")
def small_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    with running_provider(tmp_path_factory.mktemp("small"), max_body_bytes=LIMIT) as provider:
        yield provider


def test_the_operations_that_list_a_400_are_the_specs() -> None:
    assert {op for op, codes in {**LISTED, **PLATFORM}.items() if 400 in codes} == LISTS_400
    named = {getattr(route, "name", None) for route in api_routes.routes}
    # The Platform spec's names for two Bank Feeds operations (same paths, same statuses).
    aliases = {"get-company-push-history": "list-create-operations", "get-push-operation": "get-create-operation"}
    assert set(LISTED) | set(PLATFORM) - set(aliases) <= named
    assert all(PLATFORM[alias] == LISTED[name] for alias, name in aliases.items())


@pytest.mark.parametrize(
    ("operation", "method", "path", "expected"),
    [
        ("create-company", "POST", "/companies", 400),
        ("replace-company", "PUT", "/companies/{c}", 403),
        ("update-company", "PATCH", "/companies/{c}", 403),
        ("create-connection", "POST", "/companies/{c}/connections", 403),
        ("unlink-connection", "PATCH", "/companies/{c}/connections/{k}", 403),
        ("create-source-account", "POST", "/companies/{c}/connections/{k}/connectionInfo/bankFeedAccounts", 400),
    ],
)
def test_a_body_over_the_limit_gets_a_status_the_operation_lists(
    small_provider: Provider, operation: str, method: str, path: str, expected: int
) -> None:
    with small_provider.client() as api:
        company = make_company(api)["id"]
        connection = make_connection(api, company)["id"]

        answer = api.request(method, path.format(c=company, k=connection), json=BIG)

        assert answer.status_code == expected and expected in LISTED[operation]
        assert answer.json()["statusCode"] == expected and "larger than" in answer.json()["error"]
        assert api.get(f"/companies/{company}").json()["name"] == "Bank of Dave"


def test_a_batch_item_without_an_id_leaves_source_account_id_out(api: httpx.Client) -> None:
    company = make_company(api)["id"]
    connection = make_connection(api, company)["id"]

    answer = api.post(accounts_path(company, connection) + "/batch", json=[v2_account("ok-1"), {"accountName": "x"}])

    assert answer.status_code == 207
    good, bad = answer.json()
    assert good["sourceAccountId"] == "ok-1"
    assert "sourceAccountId" not in bad and bad["result"]["statusCode"] == "400"


@pytest.mark.parametrize(("asked", "shown"), [("2000", 2000), ("2001", 2000), ("5000", 2000), ("7", 7)])
def test_a_page_holds_at_most_2000_and_says_so(api: httpx.Client, asked: str, shown: int) -> None:
    make_company(api)

    page = api.get("/companies", params={"pageSize": asked})

    assert page.status_code == 200 and page.json()["pageSize"] == shown
    assert f"pageSize={shown}" in page.json()["_links"]["current"]["href"]


def test_account_info_description_is_taken_and_kept(api: httpx.Client) -> None:
    company = make_company(api)["id"]
    connection = make_connection(api, company)["id"]
    info = {"description": "Operating account", "nickname": "Ops", "accountOpenDate": "2020-01-02"}

    created = api.post(accounts_path(company, connection), json=v2_account("acc-info", accountInfo=info))
    listed = api.get(accounts_path(company, connection)).json()

    assert created.status_code == 200, created.text
    assert created.json()["accountInfo"] == info
    assert listed[0]["accountInfo"] == info
